/** Every prepared query family of one connection. */
import { DefinitionQueries } from './definitions.js';
import type { SnapshotCache } from './def-snapshots.js';
import { EventHandlerQueries } from './event-handlers.js';
import { EventMessageQueries } from './event-messages.js';
import { EventMonitorQueries } from './event-monitor.js';
import { ExecutionQueries, type WriteCaches } from './executions.js';
import { IdempotencyQueries } from './idempotency.js';
import { LimitQueries } from './limits.js';
import { LogQueries } from './logs.js';
import type { Connection } from './open.js';
import { ExternalPayloadQueries, TagQueries, WorkflowMessageQueries } from './payloads-tags-messages.js';
import { PollQueries } from './polls.js';
import { type KnownMessages, QueueQueries } from './queues.js';
import { ScheduleQueries } from './schedules.js';
import { SearchQueries } from './search/search-queries.js';
import { SecurityQueries } from './security.js';
import { TimerQueries } from './timers.js';

export interface Queries {
  definitions: DefinitionQueries;
  executions: ExecutionQueries;
  idempotency: IdempotencyQueries;
  queues: QueueQueries;
  timers: TimerQueries;
  logs: LogQueries;
  polls: PollQueries;
  limits: LimitQueries;
  eventHandlers: EventHandlerQueries;
  eventMessages: EventMessageQueries;
  search: SearchQueries;
  schedules: ScheduleQueries;
  externalPayloads: ExternalPayloadQueries;
  tags: TagQueries;
  workflowMessages: WorkflowMessageQueries;
  security: SecurityQueries;
  eventMonitor: EventMonitorQueries;
}

/** In-memory views the write connection keeps of what it wrote (see staged-map.ts). */
export interface WriteConnectionCaches extends WriteCaches {
  /** The timers, written once per batch (see timers.ts). */
  timers: TimerQueries;
  messages: KnownMessages;
}

/** `caches` only for the write connection: the read connection must see committed data only. */
export function prepareQueries(
  db: Connection,
  snapshots: SnapshotCache,
  caches?: WriteConnectionCaches,
): Queries {
  const executions = new ExecutionQueries(db, snapshots, caches);
  return {
    definitions: new DefinitionQueries(db),
    executions,
    idempotency: new IdempotencyQueries(db),
    queues: new QueueQueries(db, caches?.messages),
    timers: caches?.timers ?? new TimerQueries(db),
    logs: new LogQueries(db),
    polls: new PollQueries(db),
    limits: new LimitQueries(db),
    eventHandlers: new EventHandlerQueries(db),
    eventMessages: new EventMessageQueries(db),
    search: new SearchQueries(db, executions),
    schedules: new ScheduleQueries(db),
    externalPayloads: new ExternalPayloadQueries(db),
    tags: new TagQueries(db),
    workflowMessages: new WorkflowMessageQueries(db),
    security: new SecurityQueries(db),
    eventMonitor: new EventMonitorQueries(db),
  };
}
