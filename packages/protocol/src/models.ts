/**
 * Conductor's wire models (§2 of docs/conductor-api.md). Field names and optionality follow the JSON the
 * Conductor server emits; times are epoch milliseconds unless a comment says otherwise.
 */
import type {
  IdempotencyStrategy,
  RetryLogic,
  ReturnStrategy,
  TaskResultStatus,
  TaskStatus,
  TaskTimeoutPolicy,
  WorkflowStatus,
  WorkflowTimeoutPolicy,
} from './enums.js';

export type JsonObject = Record<string, unknown>;

/** Audit fields the server fills in on definitions and executions. */
export interface Audit {
  ownerApp?: string;
  createTime?: number;
  updateTime?: number;
  createdBy?: string;
  updatedBy?: string;
}

/** §2.3 */
export interface TaskDef extends Audit {
  name: string;
  description?: string;
  retryCount?: number;
  retryLogic?: RetryLogic;
  retryDelaySeconds?: number;
  backoffScaleFactor?: number;
  maxRetryDelaySeconds?: number;
  backoffJitterMs?: number;
  timeoutSeconds?: number;
  totalTimeoutSeconds?: number;
  responseTimeoutSeconds?: number;
  pollTimeoutSeconds?: number;
  timeoutPolicy?: TaskTimeoutPolicy;
  concurrentExecLimit?: number;
  rateLimitPerFrequency?: number;
  rateLimitFrequencyInSeconds?: number;
  inputKeys?: string[];
  outputKeys?: string[];
  inputTemplate?: JsonObject;
  isolationGroupId?: string;
  executionNameSpace?: string;
  ownerEmail?: string;
  baseType?: string;
  taskStatusListenerEnabled?: boolean;
  runtimeMetadata?: string[];
  inputSchema?: JsonObject;
  outputSchema?: JsonObject;
  enforceSchema?: boolean;
}

export interface SubWorkflowParams {
  name?: string;
  version?: number;
  taskToDomain?: Record<string, string>;
  workflowDefinition?: WorkflowDef | string;
  idempotencyKey?: string;
  idempotencyStrategy?: IdempotencyStrategy;
  priority?: number | string;
}

/** §2.2 */
export interface WorkflowTask {
  name: string;
  taskReferenceName: string;
  description?: string;
  type?: string;
  inputParameters?: JsonObject;
  dynamicTaskNameParam?: string;
  caseValueParam?: string;
  caseExpression?: string;
  scriptExpression?: string;
  decisionCases?: Record<string, WorkflowTask[]>;
  defaultCase?: WorkflowTask[];
  forkTasks?: WorkflowTask[][];
  dynamicForkTasksParam?: string;
  dynamicForkTasksInputParamName?: string;
  dynamicForkJoinTasksParam?: string;
  joinOn?: string[];
  defaultExclusiveJoinTask?: string[];
  loopCondition?: string;
  loopOver?: WorkflowTask[];
  items?: string;
  subWorkflowParam?: SubWorkflowParams;
  sink?: string;
  startDelay?: number;
  optional?: boolean;
  permissive?: boolean;
  asyncComplete?: boolean;
  taskDefinition?: TaskDef;
  rateLimited?: boolean;
  retryCount?: number;
  evaluatorType?: string;
  expression?: string;
  onStateChange?: Record<string, unknown[]>;
  joinStatus?: string;
  joinMode?: string;
  cacheConfig?: JsonObject;
  metadata?: JsonObject;
}

/** §2.1 */
export interface WorkflowDef extends Audit {
  name: string;
  description?: string;
  version?: number;
  tasks: WorkflowTask[];
  inputParameters?: string[];
  outputParameters?: JsonObject;
  failureWorkflow?: string;
  failureWorkflowVersion?: number;
  schemaVersion?: number;
  restartable?: boolean;
  workflowStatusListenerEnabled?: boolean;
  workflowStatusListenerSink?: string;
  ownerEmail?: string;
  timeoutPolicy?: WorkflowTimeoutPolicy;
  timeoutSeconds?: number;
  variables?: JsonObject;
  inputTemplate?: JsonObject;
  rateLimitConfig?: JsonObject;
  inputSchema?: JsonObject;
  outputSchema?: JsonObject;
  enforceSchema?: boolean;
  metadata?: JsonObject;
  cacheConfig?: JsonObject;
  maskedFields?: string[];
}

/** §2.5 — a task execution (one attempt). */
/** `I`: the shape of `inputData` (clients may type a task's input). */
export interface Task<I = JsonObject> {
  taskId: string;
  taskType: string;
  taskDefName: string;
  referenceTaskName: string;
  status: TaskStatus;
  inputData: I;
  outputData: JsonObject;
  workflowInstanceId: string;
  workflowType: string;
  correlationId?: string;
  workflowPriority: number;
  seq: number;
  retryCount: number;
  retriedTaskId?: string;
  retried: boolean;
  executed: boolean;
  pollCount: number;
  scheduledTime: number;
  startTime: number;
  endTime: number;
  updateTime: number;
  firstStartTime?: number;
  startDelayInSeconds: number;
  callbackAfterSeconds: number;
  callbackFromWorker: boolean;
  responseTimeoutSeconds: number;
  reasonForIncompletion?: string;
  workerId?: string;
  domain?: string;
  workflowTask: WorkflowTask;
  taskDefinition?: TaskDef;
  rateLimitPerFrequency: number;
  rateLimitFrequencyInSeconds: number;
  isolationGroupId?: string;
  executionNameSpace?: string;
  iteration: number;
  loopOverTask: boolean;
  subWorkflowId?: string;
  subworkflowChanged?: boolean;
  parentTaskId?: string;
  queueWaitTime: number;
  externalInputPayloadStoragePath?: string;
  externalOutputPayloadStoragePath?: string;
  executionMetadata?: JsonObject;
  runtimeMetadata?: Record<string, string>;
  /** When the first attempt of this task (retryCount 0) was scheduled; drives totalTimeoutSeconds. */
  firstScheduledTime?: number;
}

/** §2.4 — a workflow execution. */
/** `O`: the shape of `output` (clients may type a workflow's output). */
export interface Workflow<O = JsonObject> extends Audit {
  workflowId: string;
  status: WorkflowStatus;
  startTime: number;
  endTime: number;
  input: JsonObject;
  output: O;
  tasks: Task[];
  correlationId?: string;
  priority: number;
  variables: JsonObject;
  taskToDomain?: Record<string, string>;
  parentWorkflowId?: string;
  parentWorkflowTaskId?: string;
  reRunFromWorkflowId?: string;
  reasonForIncompletion?: string;
  event?: string;
  failedReferenceTaskNames: string[];
  failedTaskNames: string[];
  workflowDefinition: WorkflowDef;
  workflowName: string;
  workflowVersion: number;
  externalInputPayloadStoragePath?: string;
  externalOutputPayloadStoragePath?: string;
  lastRetriedTime: number;
  history?: Workflow[];
  idempotencyKey?: string;
  rateLimitKey?: string;
  rateLimited?: boolean;
}

/** §2.6 */
export interface TaskExecLog {
  log: string;
  taskId: string;
  createdTime: number;
}

/** §2.6 — what a worker sends back. */
export interface TaskResult {
  workflowInstanceId: string;
  taskId: string;
  status?: TaskResultStatus;
  outputData?: JsonObject;
  reasonForIncompletion?: string;
  callbackAfterSeconds?: number;
  workerId?: string;
  logs?: Array<Partial<TaskExecLog> & { log: string }>;
  externalOutputPayloadStoragePath?: string;
  subWorkflowId?: string;
  extendLease?: boolean;
  executionMetadata?: JsonObject;
  supportsCancellation?: boolean;
}

/** §2.7 */
export interface StartWorkflowRequest<I = JsonObject> {
  name: string;
  version?: number;
  correlationId?: string;
  input?: I;
  taskToDomain?: Record<string, string>;
  workflowDef?: WorkflowDef;
  externalInputPayloadStoragePath?: string;
  priority?: number;
  createdBy?: string;
  idempotencyKey?: string;
  idempotencyStrategy?: IdempotencyStrategy;
}

/** §2.10 — the mocked outcome of one attempt of a task in a workflow test. */
export interface TaskMock {
  /** [COMPLETED] */
  status?: TaskResultStatus;
  output?: JsonObject;
  /** Milliseconds the attempt runs (virtual time). */
  executionTime?: number;
  /** Milliseconds the attempt waits in its queue before a worker takes it (virtual time). */
  queueWaitTime?: number;
}

/**
 * The mocks of a workflow test. In a nested `subWorkflowTestRequest` entry only these two fields are read (the
 * child's definition and input come from the parent's task); the other request fields are accepted and ignored.
 */
export interface WorkflowMocks {
  /** Per task reference name, one mock per attempt, consumed in order. */
  taskRefToMockOutput?: Record<string, TaskMock[]>;
  /** Per SUB_WORKFLOW (or START_WORKFLOW) task reference name: the mocks of the workflow it starts. */
  subWorkflowTestRequest?: Record<string, WorkflowMocks>;
}

/** §2.10 — `POST /api/workflow/test`: a start request plus its mocks. */
export type WorkflowTestRequest<I = JsonObject> = StartWorkflowRequest<I> & WorkflowMocks;

/** §2.8 */
export interface RerunWorkflowRequest {
  reRunFromWorkflowId?: string;
  reRunFromTaskId?: string;
  workflowInput?: JsonObject;
  taskInput?: JsonObject;
  correlationId?: string;
}

export interface SkipTaskRequest {
  taskInput?: JsonObject;
  taskOutput?: JsonObject;
}

/** §2.12 — fields every execute / signal answer carries. */
interface SignalResponseBase {
  responseType: ReturnStrategy;
  /** The workflow the call started or signalled, and its status. */
  targetWorkflowId: string;
  targetWorkflowStatus: WorkflowStatus;
  requestId?: string;
  /** The workflow this answer describes (the blocking one, or the blocking task's). */
  workflowId: string;
  correlationId?: string;
  input: JsonObject;
  output: JsonObject;
  /** True when the call returned because its wait ran out. */
  signalTimeout: boolean;
}

/** TARGET_WORKFLOW / BLOCKING_WORKFLOW: a workflow. */
export interface WorkflowSignalResponse extends SignalResponseBase {
  priority: number;
  variables: JsonObject;
  tasks: Task[];
  createdBy?: string;
  createTime: number;
  status: WorkflowStatus;
  updateTime?: number;
}

/** BLOCKING_TASK / BLOCKING_TASK_INPUT: the task the workflow waits on (`input`/`output` are the task's). */
export interface TaskSignalResponse extends SignalResponseBase {
  taskType: string;
  taskId: string;
  referenceTaskName: string;
  retryCount: number;
  taskDefName: string;
  retriedTaskId?: string;
  workflowType: string;
  reasonForIncompletion?: string;
  priority: number;
  status: TaskStatus;
  createTime: number;
  updateTime: number;
}

export type SignalResponse = WorkflowSignalResponse | TaskSignalResponse;

/** §2.11 */
export interface PollData {
  queueName: string;
  domain?: string;
  workerId?: string;
  lastPollTime: number;
}

export interface BulkResponse<T = string> {
  bulkErrorResults: Record<string, string>;
  bulkSuccessfulResults: T[];
  message: string;
}

/** §0 — Conductor's error body. */
export interface ValidationError {
  path: string;
  message: string;
  invalidValue?: unknown;
}

export interface ErrorResponse {
  status: number;
  code?: string;
  message: string;
  instance: string;
  retryable: boolean;
  validationErrors?: ValidationError[];
  metadata?: JsonObject;
}

export interface WorkflowStatusResponse {
  workflowId: string;
  correlationId?: string;
  output?: JsonObject;
  variables?: JsonObject;
  status: WorkflowStatus;
}

export interface HealthCheckStatus {
  healthResults: unknown[];
  suppressedHealthResults: unknown[];
  healthy: boolean;
}
