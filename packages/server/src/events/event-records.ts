/**
 * What the event monitor records of one received message: the message and each handler's outcome (one
 * execution per action run, one for a handler whose condition did not hold), with Conductor's ids
 * (`<messageId>_<n>`) and statuses. Secrets are masked before anything is stored.
 */
import type { EventExecutionRecord, ReceivedEventMessage, StoreTx } from '@baton/store';
import type { EventSource } from './actions.js';
import type { HandlerReport } from './event-dispatcher.js';

/** Replaces secret values in a value about to be stored (see secrets/secret-mask.ts). */
export type SecretMask = <T>(value: T) => Promise<T>;

export interface EventRecords {
  message: ReceivedEventMessage;
  executions: EventExecutionRecord[];
}

export function eventRecordsOf(
  source: EventSource,
  reports: readonly HandlerReport[],
  receivedAt: number,
): EventRecords {
  const base = { messageId: source.messageId, event: source.event };
  const executions: EventExecutionRecord[] = [];
  for (const report of reports) {
    const name = report.handler;
    if (!report.matched) {
      executions.push({
        ...base,
        id: `${source.messageId}_0`,
        name,
        created: report.at,
        status: report.conditionFailed ? 'FAILED' : 'SKIPPED',
        output: { reason: report.skipped ?? '' },
        statusDescription: report.skipped,
      });
      continue;
    }
    report.actions.forEach((action, i) => {
      const id = `${source.messageId}_${i}`;
      executions.push(
        action.ok
          ? {
              ...base,
              id,
              name,
              created: action.at,
              action: action.action,
              status: 'COMPLETED',
              output: action.output,
            }
          : {
              ...base,
              id,
              name,
              created: action.at,
              action: action.action,
              status: 'FAILED',
              output: { error: action.error },
              statusDescription: action.error,
            },
      );
    });
  }
  return {
    message: {
      id: source.messageId,
      event: source.event,
      payload: source.payload ?? null,
      createdAt: receivedAt,
      ...messageStatus(reports, executions),
    },
    executions,
  };
}

function messageStatus(
  reports: readonly HandlerReport[],
  executions: readonly EventExecutionRecord[],
): Pick<ReceivedEventMessage, 'status' | 'statusDescription'> {
  if (reports.length === 0) return { status: 'REJECTED', statusDescription: 'No active event handler' };
  const actions = executions.filter((e) => e.action !== undefined);
  if (actions.length === 0)
    return { status: 'REJECTED', statusDescription: 'No event handler ran an action' };
  const failed = actions.filter((e) => e.status === 'FAILED').length;
  return {
    status: 'HANDLED',
    statusDescription: `${actions.length - failed} action(s) completed, ${failed} failed`,
  };
}

/** The records with secrets masked, as a write for the transaction that also acknowledges the message. */
export async function recordingOf(
  records: EventRecords,
  mask: SecretMask,
): Promise<(tx: StoreTx) => Promise<void>> {
  const message = await mask(records.message);
  const executions = await mask(records.executions);
  return (tx) => tx.recordEventMessage(message, executions);
}
