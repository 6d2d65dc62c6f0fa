/** Last poll per (queue, domain, worker): drives the active-domain choice and /tasks/queue/polldata. */
import type { PollData } from '@baton/protocol';
import type { Connection } from './open.js';

interface PollRow {
  queue_name: string;
  domain: string;
  worker_id: string;
  last_poll_time: number;
}

/** Stands for "no domain" / "no worker id" in the key columns. */
const none = '';

export class PollQueries {
  private readonly upsertPoll;
  private readonly selectAll;
  private readonly selectQueue;

  constructor(db: Connection) {
    this.upsertPoll = db.prepare<[string, string, string, number]>(
      `INSERT INTO poll_data (queue_name, domain, worker_id, last_poll_time) VALUES (?, ?, ?, ?)
       ON CONFLICT (queue_name, domain, worker_id) DO UPDATE SET last_poll_time = excluded.last_poll_time`,
    );
    const columns = 'queue_name, domain, worker_id, last_poll_time';
    this.selectAll = db.prepare<[], PollRow>(
      `SELECT ${columns} FROM poll_data ORDER BY queue_name, domain, worker_id`,
    );
    this.selectQueue = db.prepare<[string], PollRow>(
      `SELECT ${columns} FROM poll_data WHERE queue_name = ? ORDER BY domain, worker_id`,
    );
  }

  record(data: PollData): void {
    this.upsertPoll.run(data.queueName, data.domain ?? none, data.workerId ?? none, data.lastPollTime);
  }

  /** All poll data, or that of one task type (the `queueName` of poll data is the task type). */
  get(taskType?: string): PollData[] {
    const rows = taskType === undefined ? this.selectAll.all() : this.selectQueue.all(taskType);
    return rows.map(toPollData);
  }
}

function toPollData(row: PollRow): PollData {
  const data: PollData = { queueName: row.queue_name, lastPollTime: row.last_poll_time };
  if (row.domain !== none) data.domain = row.domain;
  if (row.worker_id !== none) data.workerId = row.worker_id;
  return data;
}
