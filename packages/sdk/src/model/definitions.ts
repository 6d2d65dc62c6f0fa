/** Definitions: what the server stores under /api/metadata (§2.1–2.3), from the wire contract in @baton/protocol. */
export type {
  Audit,
  EventHandler,
  EventHandlerAction,
  JsonObject,
  MetadataTag,
  SubWorkflowParams,
  TaskDef,
  WorkflowDef,
  WorkflowTask,
} from '@baton/protocol';
