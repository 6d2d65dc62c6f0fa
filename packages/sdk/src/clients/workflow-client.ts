/**
 * Workflow executions: start, execute synchronously, read, manage (pause, resume, terminate, retry, restart,
 * rerun, skip), variables, search and test runs (`/api/workflow`, §1.2).
 */
import type { HttpClient } from '../http/http-client.js';
import { isMissingEndpoint } from '../http/missing-endpoint.js';
import { seg } from '../http/query-string.js';
import type { JsonObject } from '../model/definitions.js';
import type { ReturnStrategy, TaskReturnStrategy, WorkflowReturnStrategy } from '../model/enums.js';
import type { Workflow, WorkflowStatusSummary } from '../model/execution.js';
import type {
  RerunWorkflowRequest,
  SkipTaskRequest,
  StartWorkflowRequest,
  WorkflowTestRequest,
} from '../model/requests.js';
import type { SearchResult, TaskRun, WorkflowRun, WorkflowSummary } from '../model/responses.js';
import { executeByPolling } from './execute-by-polling.js';
import { ExternalPayloadClient } from './external-payloads.js';
import { searchQuery, type SearchOptions } from './search-options.js';

export interface ExecuteWorkflowOptions<S extends ReturnStrategy = WorkflowReturnStrategy> {
  /** Return as soon as any of these task references is terminal. */
  waitUntilTaskRef?: string | string[];
  /** Longest wait before returning the workflow as it stands (`signalTimeout: true`). Default 30. */
  waitForSeconds?: number;
  /** Echoed back in the response. Default: a random UUID. */
  requestId?: string;
  /**
   * What to answer with: the started workflow (TARGET_WORKFLOW, default), the workflow holding the task it
   * waits on (BLOCKING_WORKFLOW), or that task (BLOCKING_TASK, BLOCKING_TASK_INPUT; when none waits any more, the
   * ended workflow under that `responseType`, or undefined from a server that answers nothing).
   */
  returnStrategy?: S;
  /**
   * `server` uses POST /api/workflow/execute (Conductor 3.22+, Orkes); `polling` starts the workflow and polls
   * it from the client; `auto` (default) tries the server and falls back to polling where the endpoint is missing.
   */
  via?: 'auto' | 'server' | 'polling';
}

export interface CorrelationQuery {
  /** Include COMPLETED/FAILED/... executions, not just running ones. Default false. */
  includeClosed?: boolean;
  includeTasks?: boolean;
}

/**
 * Manages workflow executions.
 *
 * @example
 * const workflows = new OrkesClients(new Configuration()).getWorkflowClient();
 * const id = await workflows.startWorkflow({ name: 'greetings', version: 1, input: { name: 'Orkes' } });
 * const run = await workflows.getWorkflow(id, true);
 * console.log(run.status);
 */
export class WorkflowClient {
  /** Large inputs and outputs the server stored by path, read back by `getWorkflow`. */
  private readonly payloads: ExternalPayloadClient;

  constructor(private readonly http: HttpClient) {
    this.payloads = new ExternalPayloadClient(http);
  }

  /** Starts a workflow and returns its id (asynchronous: it runs on the server). */
  async startWorkflow<I = JsonObject>(request: StartWorkflowRequest<I>): Promise<string> {
    return this.http.text('POST', '/workflow', { body: { input: {}, ...request } });
  }

  /** Starts a registered workflow by name with `input` and returns its id. */
  async startWorkflowByName<I = JsonObject>(
    name: string,
    input: I,
    options: { version?: number; correlationId?: string; priority?: number } = {},
  ): Promise<string> {
    return this.http.text('POST', `/workflow/${seg(name)}`, {
      body: input ?? {},
      query: { version: options.version, correlationId: options.correlationId, priority: options.priority },
    });
  }

  /**
   * Starts a workflow and waits for it: until it is terminal, a task in it (or in a running sub-workflow) waits
   * for a signal (a WAIT without a timer, a HUMAN task), one of `waitUntilTaskRef` is done, or `waitForSeconds`
   * pass. Answers per `returnStrategy`: a WorkflowRun, or with a task strategy the blocking task (TaskRun).
   *
   * @example
   * const run = await workflows.executeWorkflow({ name: 'greetings', version: 1, input: { name: 'Orkes' } }, {
   *   waitForSeconds: 10,
   * });
   * console.log(run.status, run.output);
   * const task = await workflows.executeWorkflow({ name: 'approval' }, { returnStrategy: 'BLOCKING_TASK' });
   * console.log(task?.referenceTaskName); // the WAIT / HUMAN task the workflow waits on
   */
  async executeWorkflow<I = JsonObject, O = JsonObject>(
    request: StartWorkflowRequest<I>,
    options?: ExecuteWorkflowOptions<WorkflowReturnStrategy>,
  ): Promise<WorkflowRun<O>>;
  async executeWorkflow<I = JsonObject>(
    request: StartWorkflowRequest<I>,
    options: ExecuteWorkflowOptions<TaskReturnStrategy> & { returnStrategy: TaskReturnStrategy },
  ): Promise<TaskRun | WorkflowRun | undefined>;
  async executeWorkflow<I = JsonObject, O = JsonObject>(
    request: StartWorkflowRequest<I>,
    options: ExecuteWorkflowOptions<ReturnStrategy> = {},
  ): Promise<WorkflowRun<O> | TaskRun | undefined> {
    const via = options.via ?? 'auto';
    const waitForSeconds = options.waitForSeconds ?? 30;
    const requestId = options.requestId ?? crypto.randomUUID();
    const refs = toList(options.waitUntilTaskRef);
    const returnStrategy = options.returnStrategy ?? 'TARGET_WORKFLOW';
    if (via !== 'polling') {
      try {
        const path = `/workflow/execute/${seg(request.name)}/${request.version ?? 0}`;
        // A task strategy with no blocking task answers with an empty body.
        return await this.http.optionalJson<WorkflowRun<O> | TaskRun>('POST', path, {
          body: { input: {}, ...request },
          query: {
            requestId,
            waitUntilTaskRef: refs.length > 0 ? refs.join(',') : undefined,
            waitForSeconds,
            returnStrategy,
          },
          extraTimeoutMs: waitForSeconds * 1000,
        });
      } catch (error) {
        if (via === 'server' || !isMissingEndpoint(error)) throw error;
      }
    }
    return executeByPolling<O>(this, request as StartWorkflowRequest, {
      refs,
      waitForSeconds,
      requestId,
      returnStrategy,
    });
  }

  /** One execution; with `includeTasks` (default true) every task attempt too. */
  async getWorkflow<O = JsonObject>(workflowId: string, includeTasks = true): Promise<Workflow<O>> {
    const workflow = await this.http.json<Workflow<O>>('GET', `/workflow/${seg(workflowId)}`, {
      query: { includeTasks },
    });
    return this.payloads.populateWorkflow(workflow);
  }

  /**
   * Posts a message to a RUNNING workflow, for its PULL_WORKFLOW_MESSAGES tasks (Conductor 3.x); returns the
   * message id.
   */
  async sendMessage(workflowId: string, payload: JsonObject): Promise<string> {
    return this.http.text('POST', `/workflow/${seg(workflowId)}/messages`, {
      body: payload,
      idempotent: false,
    });
  }

  /** Status (and optionally output and variables) without the tasks: cheaper than getWorkflow. */
  async getWorkflowStatus<O = JsonObject>(
    workflowId: string,
    options: { includeOutput?: boolean; includeVariables?: boolean } = {},
  ): Promise<WorkflowStatusSummary<O>> {
    return this.http.json<WorkflowStatusSummary<O>>('GET', `/workflow/${seg(workflowId)}/status`, {
      query: { includeOutput: options.includeOutput, includeVariables: options.includeVariables },
    });
  }

  /** Executions of `name` sharing a correlation id (running only, unless `includeClosed`). */
  async getWorkflowsByCorrelationId(
    name: string,
    correlationId: string,
    options: CorrelationQuery = {},
  ): Promise<Workflow[]> {
    return this.http.json<Workflow[]>('GET', `/workflow/${seg(name)}/correlated/${seg(correlationId)}`, {
      query: { includeClosed: options.includeClosed, includeTasks: options.includeTasks },
    });
  }

  /** Executions of `name` for several correlation ids at once, keyed by correlation id. */
  async getByCorrelationIds(
    name: string,
    correlationIds: string[],
    options: CorrelationQuery = {},
  ): Promise<Record<string, Workflow[]>> {
    return this.http.json<Record<string, Workflow[]>>('POST', `/workflow/${seg(name)}/correlated`, {
      body: correlationIds,
      idempotent: true,
      query: { includeClosed: options.includeClosed, includeTasks: options.includeTasks },
    });
  }

  /** Ids of RUNNING executions of `name` (version 1 unless given, as Conductor does). */
  async getRunningWorkflows(
    name: string,
    options: { version?: number; startTime?: number; endTime?: number } = {},
  ): Promise<string[]> {
    return this.http.json<string[]>('GET', `/workflow/running/${seg(name)}`, {
      query: { version: options.version, startTime: options.startTime, endTime: options.endTime },
    });
  }

  /** Deletes an execution and its tasks (`archiveWorkflow`: keep it in the search index; default true). */
  async deleteWorkflow(workflowId: string, archiveWorkflow = true): Promise<void> {
    await this.http.void('DELETE', `/workflow/${seg(workflowId)}/remove`, { query: { archiveWorkflow } });
  }

  /**
   * Terminates a running execution: pending tasks are canceled, nothing more is scheduled.
   * `triggerFailureWorkflow` (Orkes) also starts the workflow's failure workflow.
   */
  async terminateWorkflow(
    workflowId: string,
    reason?: string,
    triggerFailureWorkflow = false,
  ): Promise<void> {
    await this.http.void('DELETE', `/workflow/${seg(workflowId)}`, {
      query: { reason, triggerFailureWorkflow: triggerFailureWorkflow ? true : undefined },
    });
  }

  /** Running tasks may finish, but nothing new is scheduled until resumed. */
  async pauseWorkflow(workflowId: string): Promise<void> {
    await this.http.void('PUT', `/workflow/${seg(workflowId)}/pause`);
  }

  async resumeWorkflow(workflowId: string): Promise<void> {
    await this.http.void('PUT', `/workflow/${seg(workflowId)}/resume`);
  }

  /**
   * Retries a failed execution from its failed tasks. `resumeSubworkflowTasks`: retry inside the failed
   * sub-workflow instead of starting it over.
   */
  async retryWorkflow(workflowId: string, resumeSubworkflowTasks = false): Promise<void> {
    await this.http.void('POST', `/workflow/${seg(workflowId)}/retry`, {
      query: { resumeSubworkflowTasks },
    });
  }

  /** Restarts a terminal execution from the beginning (same id), optionally on the latest definition. */
  async restartWorkflow(workflowId: string, useLatestDefinitions = false): Promise<void> {
    await this.http.void('POST', `/workflow/${seg(workflowId)}/restart`, { query: { useLatestDefinitions } });
  }

  /** Reruns a terminal execution from a task (or from the start); returns the (same) workflow id. */
  async rerunWorkflow(workflowId: string, request: RerunWorkflowRequest = {}): Promise<string> {
    return this.http.text('POST', `/workflow/${seg(workflowId)}/rerun`, {
      body: { ...request, reRunFromWorkflowId: workflowId },
    });
  }

  /** Marks a not-yet-scheduled task of a running execution SKIPPED. */
  async skipTaskFromWorkflow(
    workflowId: string,
    taskReferenceName: string,
    request?: SkipTaskRequest,
  ): Promise<void> {
    // Conductor OSS binds the request from the query string; Orkes reads a JSON body. Send both.
    await this.http.void('PUT', `/workflow/${seg(workflowId)}/skiptask/${seg(taskReferenceName)}`, {
      body: request,
      query: request
        ? {
            taskInput: request.taskInput && JSON.stringify(request.taskInput),
            taskOutput: request.taskOutput && JSON.stringify(request.taskOutput),
          }
        : undefined,
    });
  }

  /** Merges `variables` into the execution's variables (POST /workflow/{id}/variables; Orkes and Baton). */
  async updateVariables(workflowId: string, variables: JsonObject): Promise<void> {
    await this.http.void('POST', `/workflow/${seg(workflowId)}/variables`, {
      body: variables,
      idempotent: true,
    });
  }

  /** Runs one decider pass now. */
  async decide(workflowId: string): Promise<void> {
    await this.http.void('PUT', `/workflow/decide/${seg(workflowId)}`);
  }

  /**
   * Searches executions.
   *
   * @example
   * const page = await workflows.search({ size: 10, query: 'workflowType = "greetings" AND status = "FAILED"' });
   * for (const w of page.results) console.log(w.workflowId, w.status);
   */
  async search(options: SearchOptions = {}): Promise<SearchResult<WorkflowSummary>> {
    return this.http.json<SearchResult<WorkflowSummary>>('GET', '/workflow/search', {
      query: searchQuery(options),
    });
  }

  /**
   * Runs a workflow with mocked task outputs (POST /api/workflow/test): no workers needed.
   *
   * @example
   * const run = await workflows.testWorkflow({
   *   name: wf.name,
   *   version: wf.version,
   *   workflowDef: wf.toWorkflowDef(),
   *   taskRefToMockOutput: { greet_ref: [{ status: 'COMPLETED', output: { result: 'Hello, Orkes' } }] },
   * });
   * assert.equal(run.status, 'COMPLETED');
   */
  async testWorkflow<I = JsonObject, O = JsonObject>(request: WorkflowTestRequest<I>): Promise<Workflow<O>> {
    return this.http.json<Workflow<O>>('POST', '/workflow/test', {
      body: { input: {}, ...request },
    });
  }
}

function toList(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return typeof value === 'string' ? [value] : value;
}
