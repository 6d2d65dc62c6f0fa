/**
 * What both stores share about the event monitor (received messages and handler executions): the SQL, written
 * once with `?` placeholders (PostgreSQL numbers them), and the row <-> record mapping.
 */
import type {
  EventExecutionRecord,
  EventHandlerActivity,
  ReceivedEventMessage,
  StoredEventExecution,
  StoredEventMessage,
} from './contract.js';

export const eventMonitorSql = {
  insertMessage: 'INSERT INTO event_message_log (event, created_at, json) VALUES (?, ?, ?)',
  insertExecution: `INSERT INTO event_executions (message_seq, handler_name, event, created_at, json)
    VALUES (?, ?, ?, ?, ?)`,
  // Keeps the newest N of one handler / one event: everything below the N-th newest seq goes (an index range).
  pruneHandler: `DELETE FROM event_executions WHERE handler_name = ? AND seq < (
    SELECT seq FROM event_executions WHERE handler_name = ? ORDER BY seq DESC LIMIT 1 OFFSET ?)`,
  pruneEvent: `DELETE FROM event_message_log WHERE event = ? AND seq < (
    SELECT seq FROM event_message_log WHERE event = ? ORDER BY seq DESC LIMIT 1 OFFSET ?)`,
  pruneOldMessages: 'DELETE FROM event_message_log WHERE created_at < ?',
  pruneOldExecutions: 'DELETE FROM event_executions WHERE created_at < ?',
  executions: `SELECT e.json, m.json AS message FROM event_executions e
    LEFT JOIN event_message_log m ON m.seq = e.message_seq
    WHERE e.handler_name = ? AND e.created_at >= ? ORDER BY e.seq DESC LIMIT ?`,
  messages: `SELECT m.seq, m.json, e.json AS execution FROM (
      SELECT seq, json FROM event_message_log WHERE event = ? AND created_at >= ? ORDER BY seq DESC LIMIT ?
    ) m LEFT JOIN event_executions e ON e.message_seq = m.seq ORDER BY m.seq DESC, e.seq`,
  activity: `SELECT handler_name AS name, max(event) AS event, count(*) AS executions,
      count(DISTINCT message_seq) AS messages
    FROM event_executions WHERE created_at >= ? GROUP BY handler_name ORDER BY handler_name`,
  counts: 'SELECT event, count(*) AS messages FROM event_message_log WHERE created_at >= ? GROUP BY event',
} as const;

/** `?` placeholders as PostgreSQL's `$1, $2, ...`. */
export function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

export const messageJson = (message: ReceivedEventMessage): string => JSON.stringify(message);
export const executionJson = (execution: EventExecutionRecord): string => JSON.stringify(execution);

/** The handlers whose executions were just recorded, each once. */
export function handlersOf(executions: readonly EventExecutionRecord[]): string[] {
  return [...new Set(executions.map((e) => e.name))];
}

export interface ExecutionRow {
  json: string;
  message: string | null;
}

export function executionFromRow(row: ExecutionRow): StoredEventExecution {
  const execution = JSON.parse(row.json) as StoredEventExecution;
  if (row.message !== null) execution.payload = (JSON.parse(row.message) as ReceivedEventMessage).payload;
  return execution;
}

export interface MessageRow {
  seq: number;
  json: string;
  execution: string | null;
}

/** Rows come newest message first, each message's executions in recording order. */
export function messagesFromRows(rows: readonly MessageRow[]): StoredEventMessage[] {
  const messages: StoredEventMessage[] = [];
  let last: { seq: number; message: StoredEventMessage } | undefined;
  for (const row of rows) {
    if (last?.seq !== row.seq) {
      last = { seq: row.seq, message: { ...(JSON.parse(row.json) as ReceivedEventMessage), executions: [] } };
      messages.push(last.message);
    }
    if (row.execution !== null)
      last.message.executions.push(JSON.parse(row.execution) as EventExecutionRecord);
  }
  return messages;
}

export interface ActivityRow {
  name: string;
  event: string;
  executions: number | string;
  messages: number | string;
}

export const activityFromRow = (row: ActivityRow): EventHandlerActivity => ({
  name: row.name,
  event: row.event,
  executions: Number(row.executions),
  messages: Number(row.messages),
});

export function countsFromRows(
  rows: readonly { event: string; messages: number | string }[],
): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const row of rows) counts[row.event] = Number(row.messages);
  return counts;
}
