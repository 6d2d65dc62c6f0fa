/** The event monitor's records: received messages and handler executions, bounded (see event-monitor-rows.ts). */
import {
  EVENT_RECORDS_KEPT,
  EVENT_RECORDS_MAX_AGE_MS,
  type EventExecutionRecord,
  type EventHandlerActivity,
  type ReceivedEventMessage,
  type StoredEventExecution,
  type StoredEventMessage,
} from '../contract.js';
import {
  activityFromRow,
  countsFromRows,
  eventMonitorSql as sql,
  executionFromRow,
  executionJson,
  handlersOf,
  messageJson,
  messagesFromRows,
  numbered,
  type ActivityRow,
  type ExecutionRow,
  type MessageRow,
} from '../event-monitor-rows.js';
import { type Db, statement, type TxDb } from './db.js';

const insertMessage = statement('event_log_message', `${numbered(sql.insertMessage)} RETURNING seq`);
const insertExecution = statement('event_log_execution', numbered(sql.insertExecution));
const pruneHandler = statement('event_log_prune_handler', numbered(sql.pruneHandler));
const pruneEvent = statement('event_log_prune_event', numbered(sql.pruneEvent));
const pruneOldMessages = statement('event_log_prune_old_messages', numbered(sql.pruneOldMessages));
const pruneOldExecutions = statement('event_log_prune_old_executions', numbered(sql.pruneOldExecutions));
const selectExecutions = statement('event_log_executions', numbered(sql.executions));
const selectMessages = statement('event_log_messages', numbered(sql.messages));
const selectActivity = statement('event_log_activity', numbered(sql.activity));
const selectCounts = statement('event_log_counts', numbered(sql.counts));

/** One round trip for the message's seq; the rest is pipelined behind it. */
export async function record(
  db: TxDb,
  message: ReceivedEventMessage,
  executions: readonly EventExecutionRecord[],
): Promise<void> {
  const [row] = await db.rows<{ seq: number }>(insertMessage, [
    message.event,
    message.createdAt,
    messageJson(message),
  ]);
  const seq = row!.seq;
  for (const execution of executions) {
    db.send(insertExecution, [
      seq,
      execution.name,
      execution.event,
      execution.created,
      executionJson(execution),
    ]);
  }
  for (const name of handlersOf(executions)) db.send(pruneHandler, [name, name, EVENT_RECORDS_KEPT - 1]);
  db.send(pruneEvent, [message.event, message.event, EVENT_RECORDS_KEPT - 1]);
  const cutoff = message.createdAt - EVENT_RECORDS_MAX_AGE_MS;
  db.send(pruneOldMessages, [cutoff]);
  db.send(pruneOldExecutions, [cutoff]);
}

export async function executions(
  db: Db,
  handlerName: string,
  since: number,
  limit: number,
): Promise<StoredEventExecution[]> {
  return (await db.rows<ExecutionRow>(selectExecutions, [handlerName, since, limit])).map(executionFromRow);
}

export async function messages(
  db: Db,
  event: string,
  since: number,
  limit: number,
): Promise<StoredEventMessage[]> {
  return messagesFromRows(await db.rows<MessageRow>(selectMessages, [event, since, limit]));
}

export async function activity(db: Db, since: number): Promise<EventHandlerActivity[]> {
  return (await db.rows<ActivityRow>(selectActivity, [since])).map(activityFromRow);
}

export async function counts(db: Db, since: number): Promise<Record<string, number>> {
  return countsFromRows(await db.rows<{ event: string; messages: number }>(selectCounts, [since]));
}
