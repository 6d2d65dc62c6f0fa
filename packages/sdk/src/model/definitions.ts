/** Definitions: what the server stores under /api/metadata (§2.1–2.3). */
import type { IdempotencyStrategy, RetryLogic, TaskTimeoutPolicy, WorkflowTimeoutPolicy } from './enums.js';

export type JsonObject = Record<string, unknown>;

/** Audit fields the server fills in on definitions and executions. */
export interface Audit {
  ownerApp?: string;
  createTime?: number;
  updateTime?: number;
  createdBy?: string;
  updatedBy?: string;
}

/** A task definition: retry, timeout and rate-limit settings of one worker task type. */
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
  /** An inline definition, or a `${...}` expression that yields one. */
  workflowDefinition?: WorkflowDef | string;
  idempotencyKey?: string;
  idempotencyStrategy?: IdempotencyStrategy;
  priority?: number | string;
}

/** One step of a workflow definition. */
export interface WorkflowTask {
  name: string;
  taskReferenceName: string;
  description?: string;
  type?: string;
  inputParameters?: JsonObject;
  dynamicTaskNameParam?: string;
  scriptExpression?: string;
  decisionCases?: Record<string, WorkflowTask[]>;
  defaultCase?: WorkflowTask[];
  forkTasks?: WorkflowTask[][];
  dynamicForkTasksParam?: string;
  dynamicForkTasksInputParamName?: string;
  joinOn?: string[];
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
  retryCount?: number;
  evaluatorType?: string;
  expression?: string;
  onStateChange?: Record<string, unknown[]>;
  joinMode?: string;
  cacheConfig?: JsonObject;
  metadata?: JsonObject;
}

/** A workflow definition. */
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
  inputSchema?: JsonObject;
  outputSchema?: JsonObject;
  enforceSchema?: boolean;
  metadata?: JsonObject;
  maskedFields?: string[];
}

/** A tag on a definition, event handler or schedule (Orkes's TagObject; `type` is METADATA). */
export interface MetadataTag {
  key: string;
  value: string;
  type?: 'METADATA';
}

/** What an event handler does with a matching event. */
export interface EventHandlerAction {
  action:
    'start_workflow' | 'complete_task' | 'fail_task' | 'terminate_workflow' | 'update_workflow_variables';
  start_workflow?: Record<string, unknown>;
  complete_task?: Record<string, unknown>;
  fail_task?: Record<string, unknown>;
  terminate_workflow?: Record<string, unknown>;
  update_workflow_variables?: Record<string, unknown>;
  expandInlineJSON?: boolean;
}

/** Runs its actions for each event published to `event` (e.g. `conductor:orders`) that meets `condition`. */
export interface EventHandler {
  name: string;
  event: string;
  condition?: string;
  evaluatorType?: string;
  actions: EventHandlerAction[];
  active?: boolean;
}
