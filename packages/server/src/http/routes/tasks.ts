/** /api/tasks: polling, updates, task reads, logs, queue sizes and poll data (§1.3). */
import { validateTaskResult, type TaskResult } from '@baton/protocol';
import type { FastifyInstance } from 'fastify';
import { BadRequestError, NotFoundError, ValidationFailedError } from '../../errors.js';
import type { RouteDeps } from '../deps.js';
import { sendEmpty, sendNoContent, sendText } from '../reply.js';
import { intParam, listParam, objectBody, stringParam, taskResultStatusParam } from '../params.js';
import { requeuePendingTasks } from '../../runtime/requeue.js';
import { logLine } from '../../runtime/task-logs.js';

type Params = Record<string, string>;
type Query = Record<string, string | string[] | undefined>;

/** Conductor refuses batch long-polls longer than this. */
const MAX_POLL_TIMEOUT_MS = 5000;
const MAX_POLL_COUNT = 1000;

function taskResultBody(body: unknown): TaskResult {
  const errors = validateTaskResult(body);
  if (errors.length > 0) throw new ValidationFailedError(errors);
  return body as TaskResult;
}

export function taskRoutes(app: FastifyInstance, { runtime, store }: RouteDeps): void {
  app.get<{ Params: Params; Querystring: Query }>('/api/tasks/poll/:tasktype', async (req, reply) => {
    const [task] = await runtime.poll({
      taskType: req.params.tasktype!,
      workerId: stringParam(req.query, 'workerid'),
      domain: stringParam(req.query, 'domain'),
      count: 1,
      timeoutMs: 100,
    });
    return task ?? sendNoContent(reply);
  });

  app.get<{ Params: Params; Querystring: Query }>('/api/tasks/poll/batch/:tasktype', async (req) =>
    runtime.poll({
      taskType: req.params.tasktype!,
      workerId: stringParam(req.query, 'workerid'),
      domain: stringParam(req.query, 'domain'),
      count: intParam(req.query, 'count', 1, { min: 1, max: MAX_POLL_COUNT }),
      timeoutMs: intParam(req.query, 'timeout', 100, { min: 0, max: MAX_POLL_TIMEOUT_MS }),
    }),
  );

  // A worker may send an output up to the task output hard limit inline (and somewhat past it, to be failed with
  // Conductor's reason rather than a 413); the SDKs upload larger ones to external storage first.
  const updateLimit = {
    bodyLimit: Math.max(
      app.initialConfig.bodyLimit ?? 0,
      2 * runtime.payloads.limits.TASK_OUTPUT.maxKB * 1024,
    ),
  };
  app.post('/api/tasks', updateLimit, async (req, reply) => {
    const task = await runtime.updateTask(taskResultBody(req.body));
    return sendText(reply, task.taskId);
  });

  app.post('/api/tasks/update-v2', updateLimit, async (req, reply) => {
    const next = await runtime.updateTaskAndPoll(taskResultBody(req.body));
    return next ?? sendNoContent(reply);
  });

  app.post<{ Params: Params; Querystring: Query }>(
    '/api/tasks/:workflowId/:taskRefName/:status',
    async (req, reply) => {
      const taskId = await runtime.updateTaskByRef(
        req.params.workflowId!,
        req.params.taskRefName!,
        taskResultStatusParam(req.params.status!),
        objectBody(req.body, 'output'),
        stringParam(req.query, 'workerid'),
      );
      return sendText(reply, taskId ?? '');
    },
  );

  // v3.32: the same update by reference name, answered with the workflow as it stands after it.
  app.post<{ Params: Params; Querystring: Query }>(
    '/api/tasks/:workflowId/:taskRefName/:status/sync',
    async (req) => {
      const { workflowId, taskRefName } = req.params;
      const taskId = await runtime.updateTaskByRef(
        workflowId!,
        taskRefName!,
        taskResultStatusParam(req.params.status!),
        objectBody(req.body, 'output'),
        stringParam(req.query, 'workerid'),
      );
      if (taskId === undefined) {
        throw new NotFoundError(
          `No pending task found with reference name ${taskRefName} in workflow ${workflowId}`,
        );
      }
      const workflow = await store.getWorkflow(workflowId!, true);
      if (!workflow) throw new NotFoundError(`No such workflow found by id: ${workflowId}`);
      return workflow;
    },
  );

  app.get<{ Querystring: Query }>('/api/tasks/queue/sizes', async (req) => {
    const out: Record<string, number> = {};
    for (const type of listParam(req.query, 'taskType')) out[type] = await store.queueSize(type);
    return out;
  });

  app.get<{ Querystring: Query }>('/api/tasks/queue/size', async (req) => {
    const type = stringParam(req.query, 'taskType');
    if (!type)
      throw new BadRequestError('taskType is required', [{ path: 'taskType', message: 'must not be empty' }]);
    const domain = stringParam(req.query, 'domain');
    return store.queueSize(domain ? `${domain}:${type}` : type);
  });

  app.get('/api/tasks/queue/all', async () => store.queueSizes());

  app.get('/api/tasks/queue/all/verbose', async () => {
    const sizes = await store.queueSizes();
    return Object.fromEntries(Object.entries(sizes).map(([q, size]) => [q, { a: { size, uacked: 0 } }]));
  });

  app.get<{ Querystring: Query }>('/api/tasks/queue/polldata', async (req) => {
    const type = stringParam(req.query, 'taskType');
    if (!type)
      throw new BadRequestError('taskType is required', [{ path: 'taskType', message: 'must not be empty' }]);
    return store.getPollData(type);
  });

  app.get('/api/tasks/queue/polldata/all', async () => store.getPollData());

  app.get<{ Params: Params }>('/api/tasks/:taskId', async (req) => {
    const task = await store.getTask(req.params.taskId!);
    if (!task) throw new NotFoundError(`No such task found by id: ${req.params.taskId}`);
    return task;
  });

  // Conductor binds the log to a String: the body as sent, whatever its content type says.
  void app.register((scope, _options, done) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, body));
    scope.post<{ Params: Params }>('/api/tasks/:taskId/log', async (req, reply) => {
      const log = logLine(taskLogText(req.body));
      await store.transact((tx) =>
        tx.addTaskLogs([{ log, taskId: req.params.taskId!, createdTime: Date.now() }]),
      );
      return sendEmpty(reply);
    });
    done();
  });

  app.get<{ Params: Params }>('/api/tasks/:taskId/log', (req) => store.getTaskLogs(req.params.taskId!));

  app.post<{ Params: Params }>('/api/tasks/queue/requeue/:taskType', async (req, reply) => {
    const count = await requeuePendingTasks(store, req.params.taskType!, Date.now());
    return sendText(reply, String(count));
  });
}

/**
 * The Java client sends the log as it is; the JavaScript and Python clients send it JSON-encoded (a quoted
 * string), which is unwrapped.
 */
function taskLogText(body: unknown): string {
  const text = typeof body === 'string' ? body : '';
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'string' ? parsed : text;
  } catch {
    return text;
  }
}
