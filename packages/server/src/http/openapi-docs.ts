/**
 * What the OpenAPI document says about each route beyond what Fastify knows: a summary, the query parameters
 * and the request body, for the endpoints clients use most (docs/conductor-api.md has the full contract).
 * Path parameters come from the route URLs. Every /api route gets a tag from its first path segment.
 */
import {
  RerunWorkflowRequestSchema,
  SkipTaskRequestSchema,
  StartWorkflowRequestSchema,
  TaskDefSchema,
  TaskResultSchema,
} from '@baton/protocol';

type JsonSchema = Record<string, unknown>;

export interface RouteDoc {
  summary?: string;
  description?: string;
  tags: string[];
  querystring?: JsonSchema;
  body?: JsonSchema;
}

const str = (description: string): JsonSchema => ({ type: 'string', description });
const int = (description: string): JsonSchema => ({ type: 'integer', description });
const bool = (description: string): JsonSchema => ({ type: 'boolean', description });
const query = (properties: Record<string, JsonSchema>): JsonSchema => ({ type: 'object', properties });
/** TypeBox schemas carry symbols and `Type.Null()` variants; a JSON round trip keeps the plain schema. */
const plain = (schema: unknown): JsonSchema => JSON.parse(JSON.stringify(schema)) as JsonSchema;

const workflowDefBody: JsonSchema = {
  type: 'object',
  description: 'A WorkflowDef: name, version, tasks (WorkflowTask list), timeouts, input/output parameters.',
  required: ['name', 'tasks'],
};
const jsonObject = (description: string): JsonSchema => ({ type: 'object', description });
const searchQuery = query({
  start: int('Offset of the first hit (default 0).'),
  size: int('Hits per page (default 100).'),
  sort: str('field:ASC|DESC, several separated by , or |.'),
  freeText: str('Free text: ids, correlation ids, words of the input and output (default *).'),
  query: str('Query syntax, e.g. status IN (FAILED,TIMED_OUT) AND workflowType = "orders".'),
});

const docs: Record<string, Omit<RouteDoc, 'tags'>> = {
  'POST /api/workflow': {
    summary: 'Start a workflow; answers its id as text',
    body: plain(StartWorkflowRequestSchema),
  },
  'POST /api/workflow/:name': {
    summary: 'Start the named workflow with the body as its input; answers its id as text',
    querystring: query({
      version: int('Definition version (default: the latest).'),
      correlationId: str('Correlation id of the run.'),
      priority: int('0 (default) to 99.'),
    }),
    body: jsonObject('The workflow input.'),
  },
  'GET /api/workflow/:workflowId': {
    summary: 'One execution',
    querystring: query({ includeTasks: bool('Include the tasks (default true).') }),
  },
  'GET /api/workflow/:workflowId/status': {
    summary: 'Status of an execution, optionally with its output and variables',
    querystring: query({
      includeOutput: bool('Include the output.'),
      includeVariables: bool('Include the variables.'),
    }),
  },
  'PUT /api/workflow/:workflowId/pause': { summary: 'Pause a running workflow' },
  'PUT /api/workflow/:workflowId/resume': { summary: 'Resume a paused workflow' },
  'DELETE /api/workflow/:workflowId': {
    summary: 'Terminate a workflow',
    querystring: query({
      reason: str('Why; stored as the reason for incompletion.'),
      triggerFailureWorkflow: bool('Start the failure workflow.'),
    }),
  },
  'POST /api/workflow/:workflowId/retry': {
    summary: 'Retry the last failed task of a failed or timed-out workflow',
    querystring: query({ resumeSubworkflowTasks: bool('Retry the failed sub-workflow in place.') }),
  },
  'POST /api/workflow/:workflowId/restart': {
    summary: 'Restart an ended workflow from its first task',
    querystring: query({ useLatestDefinitions: bool('Use the latest definitions.') }),
  },
  'POST /api/workflow/:workflowId/rerun': {
    summary: 'Rerun a workflow from a task',
    body: plain(RerunWorkflowRequestSchema),
  },
  'PUT /api/workflow/:workflowId/skiptask/:taskReferenceName': {
    summary: 'Skip a scheduled task',
    body: plain(SkipTaskRequestSchema),
  },
  'DELETE /api/workflow/:workflowId/remove': {
    summary: 'Remove an execution',
    querystring: query({ archiveWorkflow: bool('Accepted for compatibility.') }),
  },
  'GET /api/workflow/running/:name': {
    summary: 'Ids of the running executions of a workflow',
    querystring: query({
      version: int('Definition version (default 1).'),
      startTime: int('From this start time (epoch ms).'),
      endTime: int('Until this start time (epoch ms).'),
    }),
  },
  'POST /api/workflow/execute/:name/:version': {
    summary: 'Start a workflow and wait until it ends or waits (version 0: the latest)',
    querystring: query({
      requestId: str('Id of this request.'),
      waitUntilTaskRef: str('Answer once these tasks (comma-separated) have ended.'),
      waitForSeconds: int('Longest wait (default 10).'),
      returnStrategy: str('TARGET_WORKFLOW, BLOCKING_WORKFLOW, BLOCKING_TASK or BLOCKING_TASK_INPUT.'),
    }),
    body: plain(StartWorkflowRequestSchema),
  },
  'POST /api/workflow/test': {
    summary: 'Run a workflow with mocked task outputs on a virtual clock',
    body: jsonObject('A StartWorkflowRequest plus taskRefToMockOutput and subWorkflowTestRequest.'),
  },
  'GET /api/workflow/search': { summary: 'Search executions', querystring: searchQuery },
  'GET /api/tasks/search': { summary: 'Search tasks', querystring: searchQuery },
  'GET /api/tasks/poll/:tasktype': {
    summary: 'Poll for one task of a type (long-poll)',
    querystring: query({
      workerid: str('Id of the polling worker.'),
      domain: str('Task domain.'),
      timeout: int('Long-poll timeout in ms.'),
    }),
  },
  'GET /api/tasks/poll/batch/:tasktype': {
    summary: 'Poll for up to `count` tasks of a type (long-poll)',
    querystring: query({
      workerid: str('Id of the polling worker.'),
      domain: str('Task domain.'),
      count: int('Most tasks to take (default 1).'),
      timeout: int('Long-poll timeout in ms (default 100).'),
    }),
  },
  'POST /api/tasks': {
    summary: "Report a task's result; answers the task id as text",
    body: plain(TaskResultSchema),
  },
  'POST /api/tasks/update-v2': {
    summary: "Report a task's result and poll the next task of its type",
    body: plain(TaskResultSchema),
  },
  'POST /api/tasks/:workflowId/:taskRefName/:status': {
    summary: 'Complete or fail a task by reference name; the body is its output',
    querystring: query({ workerid: str('Id of the worker.') }),
    body: jsonObject('The task output.'),
  },
  'POST /api/tasks/:workflowId/:status/signal': {
    summary: 'Signal the pending YIELD, WAIT or HUMAN task of a workflow; the body is its output',
    body: jsonObject('The task output.'),
  },
  'GET /api/tasks/:taskId': { summary: 'One task' },
  'GET /api/tasks/queue/sizes': {
    summary: 'Queue size of each task type',
    querystring: query({
      taskType: { type: 'array', items: { type: 'string' }, description: 'Task types.' },
    }),
  },
  'GET /api/metadata/workflow': { summary: 'Every workflow definition' },
  'POST /api/metadata/workflow': {
    summary: 'Register a workflow definition',
    querystring: query({ overwrite: bool('Replace an existing name and version (default true).') }),
    body: workflowDefBody,
  },
  'PUT /api/metadata/workflow': {
    summary: 'Register or replace workflow definitions',
    body: { type: 'array', items: workflowDefBody },
  },
  'GET /api/metadata/workflow/:name': {
    summary: 'A workflow definition',
    querystring: query({ version: int('Version (default: the latest).') }),
  },
  'GET /api/metadata/taskdefs': { summary: 'Every task definition' },
  'POST /api/metadata/taskdefs': {
    summary: 'Register task definitions',
    body: { type: 'array', items: plain(TaskDefSchema) },
  },
  'PUT /api/metadata/taskdefs': { summary: 'Update a task definition', body: plain(TaskDefSchema) },
  'GET /api/metadata/taskdefs/:tasktype': { summary: 'A task definition' },
  'POST /api/event': {
    summary: 'Register an event handler (or a list of them)',
    body: jsonObject('An EventHandler: name, event, condition, actions, active.'),
  },
  'GET /api/event': { summary: 'Every event handler' },
};

/** The documentation of a route, or undefined for routes outside the API. */
export function routeDoc(method: string, url: string): RouteDoc | undefined {
  if (!url.startsWith('/api/')) return undefined;
  const tags = [url.split('/')[2] ?? 'api'];
  return { tags, ...docs[`${method} ${url}`] };
}

/** `METHOD url` of every route documented beyond its tag (a test checks each names a real route). */
export const documentedRoutes: readonly string[] = Object.keys(docs);
