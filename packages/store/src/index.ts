export type {
  AccessKeyRecord,
  Application,
  EventHandler,
  EventHandlerAction,
  EventMessage,
  IdempotentExecution,
  SearchPage,
  Store,
  StoreHealth,
  StoreReader,
  StoreSignal,
  StoreSignals,
  StoreTx,
  Tag,
  WorkflowFollower,
  WorkflowMessage,
} from './contract.js';
export type { JsonPieces } from './documents.js';
export { SCHEDULE_EXECUTIONS_KEPT, StoreUnavailableError, TaggedEntity } from './contract.js';
export type {
  EventExecutionRecord,
  EventExecutionStatus,
  EventHandlerActivity,
  ReceivedEventMessage,
  ReceivedMessageStatus,
  StoredEventExecution,
  StoredEventMessage,
} from './contract.js';
export { EVENT_RECORDS_KEPT, EVENT_RECORDS_MAX_AGE_MS } from './contract.js';
export { DatabaseInUseError } from './sqlite/owner-lock.js';
export { openPostgresStore, type PostgresStore, type PostgresStoreOptions } from './postgres/store.js';
export { openSqliteStore, type SqliteStore, type SqliteStoreOptions } from './sqlite/store.js';
export { StatementCounts } from './statement-counts.js';
export { LARGE_PAYLOAD_CHARS, rememberPayloadText } from './row-json.js';
export type { GroupCommitStats } from './sqlite/group-commit.js';
