export type {
  EventHandler,
  EventHandlerAction,
  EventMessage,
  IdempotentExecution,
  SearchPage,
  Store,
  StoreReader,
  StoreTx,
  WorkflowFollower,
} from './contract.js';
export { openSqliteStore, type SqliteStore, type SqliteStoreOptions } from './sqlite/store.js';
export type { GroupCommitStats } from './sqlite/group-commit.js';
