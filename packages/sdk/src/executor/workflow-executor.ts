/**
 * The workflow executor of the Conductor SDKs: registers workflows and runs them (asynchronously or waiting for
 * the result), plus the everyday management calls, in one object. ConductorWorkflow uses it to register, start
 * and execute itself.
 */
import type { ExecuteWorkflowOptions, CorrelationQuery } from '../clients/workflow-client.js';
import { MetadataClient } from '../clients/metadata-client.js';
import type { SearchOptions } from '../clients/search-options.js';
import { TaskClient } from '../clients/task-client.js';
import { WorkflowClient } from '../clients/workflow-client.js';
import { Configuration } from '../config/configuration.js';
import { HttpClient } from '../http/http-client.js';
import type { JsonObject, WorkflowDef } from '../model/definitions.js';
import type { TaskResultStatus } from '../model/enums.js';
import type { Task, Workflow, WorkflowStatusSummary } from '../model/execution.js';
import type {
  RerunWorkflowRequest,
  SkipTaskRequest,
  StartWorkflowRequest,
  WorkflowTestRequest,
} from '../model/requests.js';
import type { SearchResult, WorkflowRun, WorkflowSummary } from '../model/responses.js';

export interface ExecuteOptions extends ExecuteWorkflowOptions {
  correlationId?: string;
  /** Runs every worker task of this execution in this domain (`taskToDomain: {'*': domain}`). */
  domain?: string;
}

/**
 * @example
 * const executor = new OrkesClients(new Configuration()).getWorkflowExecutor();
 * const run = await executor.execute('greetings', 1, { name: 'Orkes' });
 * console.log(run.output.result);
 */
export class WorkflowExecutor {
  readonly workflowClient: WorkflowClient;
  readonly taskClient: TaskClient;
  readonly metadataClient: MetadataClient;

  /** From a configuration (its own clients), or sharing existing clients. */
  constructor(
    source:
      | Configuration
      | {
          workflowClient: WorkflowClient;
          taskClient: TaskClient;
          metadataClient: MetadataClient;
        } = new Configuration(),
  ) {
    if (source instanceof Configuration) {
      const http = new HttpClient(source);
      source = {
        workflowClient: new WorkflowClient(http),
        taskClient: new TaskClient(http),
        metadataClient: new MetadataClient(http),
      };
    }
    this.workflowClient = source.workflowClient;
    this.taskClient = source.taskClient;
    this.metadataClient = source.metadataClient;
  }

  /** Registers a definition (`overwrite` replaces an existing name+version). */
  async registerWorkflow(workflowDef: WorkflowDef, overwrite = false): Promise<void> {
    await this.metadataClient.registerWorkflowDef(workflowDef, overwrite);
  }

  /** Starts a workflow; returns its id. */
  async startWorkflow<I = JsonObject>(request: StartWorkflowRequest<I>): Promise<string> {
    return this.workflowClient.startWorkflow(request);
  }

  /** Starts several workflows; returns their ids in order. */
  async startWorkflows(...requests: StartWorkflowRequest[]): Promise<string[]> {
    return Promise.all(requests.map((r) => this.workflowClient.startWorkflow(r)));
  }

  /** Starts a workflow and waits for its result (default wait 10 s, as the Python executor). */
  async executeWorkflow<I = JsonObject, O = JsonObject>(
    request: StartWorkflowRequest<I>,
    options: ExecuteWorkflowOptions = {},
  ): Promise<WorkflowRun<O>> {
    return this.workflowClient.executeWorkflow<I, O>(request, { waitForSeconds: 10, ...options });
  }

  /**
   * Runs the registered workflow `name` (version: undefined = latest) with `input` and waits for the result.
   *
   * @example
   * const run = await executor.execute('greetings', 1, { name: 'Conductor' }, { waitForSeconds: 5 });
   */
  async execute<I = JsonObject, O = JsonObject>(
    name: string,
    version: number | undefined,
    input: I,
    options: ExecuteOptions = {},
  ): Promise<WorkflowRun<O>> {
    const { correlationId, domain, ...executeOptions } = options;
    const request: StartWorkflowRequest<I> = { name, input };
    if (version !== undefined) request.version = version;
    if (correlationId !== undefined) request.correlationId = correlationId;
    if (domain !== undefined) request.taskToDomain = { '*': domain };
    return this.executeWorkflow<I, O>(request, executeOptions);
  }

  async getWorkflow<O = JsonObject>(workflowId: string, includeTasks = true): Promise<Workflow<O>> {
    return this.workflowClient.getWorkflow<O>(workflowId, includeTasks);
  }

  async getWorkflowStatus<O = JsonObject>(
    workflowId: string,
    options: { includeOutput?: boolean; includeVariables?: boolean } = {},
  ): Promise<WorkflowStatusSummary<O>> {
    return this.workflowClient.getWorkflowStatus<O>(workflowId, options);
  }

  async getByCorrelationIds(
    name: string,
    correlationIds: string[],
    options: CorrelationQuery = {},
  ): Promise<Record<string, Workflow[]>> {
    return this.workflowClient.getByCorrelationIds(name, correlationIds, options);
  }

  async search(options: SearchOptions = {}): Promise<SearchResult<WorkflowSummary>> {
    return this.workflowClient.search(options);
  }

  async removeWorkflow(workflowId: string, archiveWorkflow = true): Promise<void> {
    await this.workflowClient.deleteWorkflow(workflowId, archiveWorkflow);
  }

  async terminate(workflowId: string, reason?: string, triggerFailureWorkflow = false): Promise<void> {
    await this.workflowClient.terminateWorkflow(workflowId, reason, triggerFailureWorkflow);
  }

  async pause(workflowId: string): Promise<void> {
    await this.workflowClient.pauseWorkflow(workflowId);
  }

  async resume(workflowId: string): Promise<void> {
    await this.workflowClient.resumeWorkflow(workflowId);
  }

  async restart(workflowId: string, useLatestDefinitions = false): Promise<void> {
    await this.workflowClient.restartWorkflow(workflowId, useLatestDefinitions);
  }

  async retry(workflowId: string, resumeSubworkflowTasks = false): Promise<void> {
    await this.workflowClient.retryWorkflow(workflowId, resumeSubworkflowTasks);
  }

  async rerun(workflowId: string, request: RerunWorkflowRequest = {}): Promise<string> {
    return this.workflowClient.rerunWorkflow(workflowId, request);
  }

  async skipTaskFromWorkflow(
    workflowId: string,
    taskReferenceName: string,
    request?: SkipTaskRequest,
  ): Promise<void> {
    await this.workflowClient.skipTaskFromWorkflow(workflowId, taskReferenceName, request);
  }

  async testWorkflow<I = JsonObject, O = JsonObject>(request: WorkflowTestRequest<I>): Promise<Workflow<O>> {
    return this.workflowClient.testWorkflow<I, O>(request);
  }

  /** Reports a result for a task by id. */
  async updateTask(
    taskId: string,
    workflowId: string,
    output: JsonObject,
    status: TaskResultStatus,
  ): Promise<string> {
    return this.taskClient.updateTask({ taskId, workflowInstanceId: workflowId, outputData: output, status });
  }

  /** Reports a result for the pending task `taskReferenceName` of a workflow (WAIT, HUMAN, ...). */
  async updateTaskByRefName(
    workflowId: string,
    taskReferenceName: string,
    output: JsonObject,
    status: TaskResultStatus,
  ): Promise<string> {
    return this.taskClient.updateTaskByRefName(workflowId, taskReferenceName, status, output);
  }

  async getTask(taskId: string): Promise<Task> {
    return this.taskClient.getTask(taskId);
  }
}
