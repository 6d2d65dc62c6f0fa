export type {
  EventHandler,
  EventHandlerAction,
  EventMessage,
  SearchPage,
  Store,
  StoreReader,
  StoreTx,
} from './contract.js';
export { openSqliteStore, type SqliteStore, type SqliteStoreOptions } from './sqlite/store.js';
export type { GroupCommitStats } from './sqlite/group-commit.js';
