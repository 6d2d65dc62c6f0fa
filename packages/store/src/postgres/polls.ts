/** Last poll per (queue, domain, worker): drives the active-domain choice and /tasks/queue/polldata. */
import type { PollData } from '@baton/protocol';
import { type Db, statement, type TxDb } from './db.js';

interface PollRow {
  queue_name: string;
  domain: string;
  worker_id: string;
  last_poll_time: number;
}

/** Stands for "no domain" / "no worker id" in the key columns. */
const none = '';

const upsertPoll = statement(
  'poll_record',
  `INSERT INTO poll_data (queue_name, domain, worker_id, last_poll_time) VALUES ($1, $2, $3, $4)
   ON CONFLICT (queue_name, domain, worker_id) DO UPDATE SET last_poll_time = excluded.last_poll_time`,
);
const columns = 'queue_name, domain, worker_id, last_poll_time';
const selectAll = statement(
  'polls',
  `SELECT ${columns} FROM poll_data ORDER BY queue_name, domain, worker_id`,
);
const selectQueue = statement(
  'polls_of',
  `SELECT ${columns} FROM poll_data WHERE queue_name = $1 ORDER BY domain, worker_id`,
);

export function record(db: TxDb, data: PollData): void {
  db.send(upsertPoll, [data.queueName, data.domain ?? none, data.workerId ?? none, data.lastPollTime]);
}

/** All poll data, or that of one task type (the `queueName` of poll data is the task type). */
export async function get(db: Db, taskType?: string): Promise<PollData[]> {
  const rows =
    taskType === undefined
      ? await db.rows<PollRow>(selectAll, [])
      : await db.rows<PollRow>(selectQueue, [taskType]);
  return rows.map(toPollData);
}

function toPollData(row: PollRow): PollData {
  const data: PollData = { queueName: row.queue_name, lastPollTime: row.last_poll_time };
  if (row.domain !== none) data.domain = row.domain;
  if (row.worker_id !== none) data.workerId = row.worker_id;
  return data;
}
