export * from './enums.js';
export * from './models.js';
export { applyTaskDefDefaults, applyWorkflowDefDefaults } from './defaults.js';
export type { TaskDefWithDefaults, WorkflowDefWithDefaults } from './defaults.js';
export { validateTaskDef, validateTaskDefs } from './validation/task-def.js';
export { validateWorkflowDef } from './validation/workflow-def.js';
export {
  validateRerunRequest,
  validateSkipTaskRequest,
  validateStartWorkflowRequest,
  validateTaskResult,
  validateWorkflowTestRequest,
} from './validation/requests.js';
export { jsonPrefix, mapJson, printJson, someJsonLeaf, type JsonPrintStyle } from './json-walk.js';
export { checkJsonDepth, MAX_JSON_DEPTH, tooDeepMessage, tooDeepReason, type TooDeep } from './json-depth.js';
export { javaNumberString, javaString, javaStringPrefix } from './java-string.js';
export * from './search/index.js';
export * from './scheduler.js';
export * from './security.js';
export type {
  EventExecutionStatus,
  EventHandler,
  EventHandlerAction,
  EventMessage,
  ExtendedEventExecution,
  HandledEventResponse,
  MetadataTag,
  SearchResultHandledEventResponse,
} from './event-handlers.js';
// JSON Schemas of the request bodies (TypeBox), for API documentation.
export {
  RerunWorkflowRequestSchema,
  SkipTaskRequestSchema,
  StartWorkflowRequestSchema,
  TaskResultSchema,
} from './schemas/requests.js';
export { TaskDefSchema } from './schemas/task-def.js';
