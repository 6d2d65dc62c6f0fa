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
  type ActivityRow,
  type ExecutionRow,
  type MessageRow,
} from '../event-monitor-rows.js';
import type { Connection } from './open.js';

export class EventMonitorQueries {
  private readonly insertMessage;
  private readonly insertExecution;
  private readonly pruneHandler;
  private readonly pruneEvent;
  private readonly pruneOldMessages;
  private readonly pruneOldExecutions;
  private readonly selectExecutions;
  private readonly selectMessages;
  private readonly selectActivity;
  private readonly selectCounts;

  constructor(db: Connection) {
    this.insertMessage = db.prepare<[string, number, string]>(sql.insertMessage);
    this.insertExecution = db.prepare<[number, string, string, number, string]>(sql.insertExecution);
    this.pruneHandler = db.prepare<[string, string, number]>(sql.pruneHandler);
    this.pruneEvent = db.prepare<[string, string, number]>(sql.pruneEvent);
    this.pruneOldMessages = db.prepare<[number]>(sql.pruneOldMessages);
    this.pruneOldExecutions = db.prepare<[number]>(sql.pruneOldExecutions);
    this.selectExecutions = db.prepare<[string, number, number], ExecutionRow>(sql.executions);
    this.selectMessages = db.prepare<[string, number, number], MessageRow>(sql.messages);
    this.selectActivity = db.prepare<[number], ActivityRow>(sql.activity);
    this.selectCounts = db.prepare<[number], { event: string; messages: number }>(sql.counts);
  }

  record(message: ReceivedEventMessage, executions: readonly EventExecutionRecord[]): void {
    const seq = Number(
      this.insertMessage.run(message.event, message.createdAt, messageJson(message)).lastInsertRowid,
    );
    for (const execution of executions) {
      this.insertExecution.run(
        seq,
        execution.name,
        execution.event,
        execution.created,
        executionJson(execution),
      );
    }
    for (const name of handlersOf(executions)) this.pruneHandler.run(name, name, EVENT_RECORDS_KEPT - 1);
    this.pruneEvent.run(message.event, message.event, EVENT_RECORDS_KEPT - 1);
    const cutoff = message.createdAt - EVENT_RECORDS_MAX_AGE_MS;
    this.pruneOldMessages.run(cutoff);
    this.pruneOldExecutions.run(cutoff);
  }

  executions(handlerName: string, since: number, limit: number): StoredEventExecution[] {
    return this.selectExecutions.all(handlerName, since, limit).map(executionFromRow);
  }

  messages(event: string, since: number, limit: number): StoredEventMessage[] {
    return messagesFromRows(this.selectMessages.all(event, since, limit));
  }

  activity(since: number): EventHandlerActivity[] {
    return this.selectActivity.all(since).map(activityFromRow);
  }

  counts(since: number): Record<string, number> {
    return countsFromRows(this.selectCounts.all(since));
  }
}
