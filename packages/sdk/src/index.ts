/**
 * @baton/sdk: a TypeScript SDK for Conductor-compatible workflow servers (Baton, Conductor OSS, Orkes).
 * Configuration, REST clients, workers and their runner, workflow-as-code builders.
 */

// configuration and errors
export { Configuration, DEFAULT_SERVER_API_URL, type ConfigurationOptions } from './config/configuration.js';
export {
  ConductorConnectionError,
  ConductorError,
  InputValidationError,
  NonRetryableError,
} from './errors.js';
export type { RetryPolicy } from './http/retry-policy.js';

// clients
export { OrkesClients } from './clients/orkes-clients.js';
export {
  WorkflowClient,
  type CorrelationQuery,
  type ExecuteWorkflowOptions,
} from './clients/workflow-client.js';
export { TaskClient, type BatchPollOptions, type PollOptions } from './clients/task-client.js';
export { MetadataClient } from './clients/metadata-client.js';
export { SchedulerClient, type ScheduleExecutionSearch } from './clients/scheduler-client.js';
export { EventClient } from './clients/event-client.js';
export { SecretClient } from './clients/secret-client.js';
export {
  ExternalPayloadClient,
  TASK_OUTPUT_UPLOAD_THRESHOLD_BYTES,
  type ExternalStorageLocation,
  type PayloadType,
} from './clients/external-payloads.js';
export type { SearchOptions } from './clients/search-options.js';
export { WorkflowExecutor, type ExecuteOptions } from './executor/workflow-executor.js';

// wire models
export * from './model/enums.js';
export type * from './model/definitions.js';
export type * from './model/event-monitor.js';
export type * from './model/execution.js';
export type * from './model/requests.js';
export type * from './model/responses.js';
export type * from './model/schedules.js';

// workers
export {
  worker,
  Worker,
  type AnyWorker,
  type WorkerFunction,
  type WorkerOptions,
  type WorkerOutput,
} from './worker/worker.js';
export { TaskContext, TaskInProgress } from './worker/task-context.js';
export { workerSettingsFromEnv, type WorkerSettings } from './worker/worker-env.js';
export { TaskHandler, type TaskHandlerOptions } from './worker/task-handler.js';
export type { InputSchema, ParseSchema, StandardSchema } from './worker/input-schema.js';
export type { JsonSchema, JsonType } from './worker/json-schema.js';
export type { Logger } from './worker/logger.js';
export { consoleLogger, silentLogger } from './worker/logger.js';
export { WorkerMetrics, type MetricsOptions } from './worker/metrics.js';
export type {
  PollCompleted,
  PollFailure,
  PollStarted,
  TaskExecutionCompleted,
  TaskExecutionFailure,
  TaskExecutionStarted,
  TaskLeaseExtended,
  TaskRunnerEventMap,
  TaskRunnerEventName,
  TaskRunnerListener,
  TaskRunnerListeners,
  TaskUpdateFailure,
} from './worker/task-runner-events.js';
export type { PollerState } from './worker/poller.js';

// workflow as code
export {
  ConductorWorkflow,
  type ConductorWorkflowOptions,
  type StartOptions,
} from './workflow/conductor-workflow.js';
export {
  expr,
  type AnyValue,
  type Bindable,
  type Bindings,
  type Expr,
  type Resolved,
} from './workflow/expr.js';
export { TaskBuilder } from './workflow/task-builder.js';
export { SimpleTask } from './workflow/tasks/simple-task.js';
export { HttpTask, type HttpInput, type HttpMethod, type HttpOutput } from './workflow/tasks/http-task.js';
export { InlineTask, JavascriptTask } from './workflow/tasks/inline-task.js';
export { JsonJqTask, type JsonJqOutput } from './workflow/tasks/json-jq-task.js';
export { WaitTask, type WaitOptions } from './workflow/tasks/wait-task.js';
export { HumanTask } from './workflow/tasks/human-task.js';
export { YieldTask } from './workflow/tasks/yield-task.js';
export {
  PullWorkflowMessagesTask,
  type PullWorkflowMessagesOutput,
  type WorkflowMessage,
} from './workflow/tasks/pull-workflow-messages-task.js';
export { SwitchTask, type SwitchOutput } from './workflow/tasks/switch-task.js';
export { ForkTask } from './workflow/tasks/fork-task.js';
export { JoinTask } from './workflow/tasks/join-task.js';
export {
  DynamicForkTask,
  type DynamicForkOfInputs,
  type DynamicForkOfTasks,
} from './workflow/tasks/dynamic-fork-task.js';
export {
  DoWhileTask,
  LoopTask,
  type DoWhileOptions,
  type DoWhileOutput,
} from './workflow/tasks/do-while-task.js';
export {
  SubWorkflowTask,
  type SubWorkflowOptions,
  type WorkflowDefSource,
} from './workflow/tasks/sub-workflow-task.js';
export { StartWorkflowTask, type StartWorkflowOptions } from './workflow/tasks/start-workflow-task.js';
export { SetVariableTask } from './workflow/tasks/set-variable-task.js';
export { TerminateTask, type TerminationStatus } from './workflow/tasks/terminate-task.js';
export { EventTask } from './workflow/tasks/event-task.js';
export { NoopTask } from './workflow/tasks/noop-task.js';
export { DynamicTask } from './workflow/tasks/dynamic-task.js';
