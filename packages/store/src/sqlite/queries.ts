/** Every prepared query family of one connection. */
import { DefinitionQueries } from './definitions.js';
import type { SnapshotCache } from './def-snapshots.js';
import { EventHandlerQueries } from './event-handlers.js';
import { EventMessageQueries } from './event-messages.js';
import { ExecutionQueries } from './executions.js';
import { LimitQueries } from './limits.js';
import { LogQueries } from './logs.js';
import type { Connection } from './open.js';
import { PollQueries } from './polls.js';
import { QueueQueries } from './queues.js';
import { TimerQueries } from './timers.js';

export interface Queries {
  definitions: DefinitionQueries;
  executions: ExecutionQueries;
  queues: QueueQueries;
  timers: TimerQueries;
  logs: LogQueries;
  polls: PollQueries;
  limits: LimitQueries;
  eventHandlers: EventHandlerQueries;
  eventMessages: EventMessageQueries;
}

export function prepareQueries(db: Connection, snapshots: SnapshotCache): Queries {
  return {
    definitions: new DefinitionQueries(db),
    executions: new ExecutionQueries(db, snapshots),
    queues: new QueueQueries(db),
    timers: new TimerQueries(db),
    logs: new LogQueries(db),
    polls: new PollQueries(db),
    limits: new LimitQueries(db),
    eventHandlers: new EventHandlerQueries(db),
    eventMessages: new EventMessageQueries(db),
  };
}
