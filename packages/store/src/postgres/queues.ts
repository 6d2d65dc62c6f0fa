/**
 * Task queues: one row per message, visible when `visible_at <= now`. Hand-outs claim with FOR UPDATE SKIP
 * LOCKED (see task-claims.ts), so servers polling one queue never take the same message nor wait on each other.
 * Messages are written with the execution's writes (held-writes.ts).
 */
import { type Db, statement } from './db.js';

const deleteMessage = statement(
  'queue_ack',
  'DELETE FROM queue_messages WHERE queue_name = $1 AND task_id = $2 RETURNING 1',
);
const countQueue = statement(
  'queue_size',
  'SELECT count(*)::int AS size FROM queue_messages WHERE queue_name = $1',
);
const countQueues = statement(
  'queue_sizes',
  'SELECT queue_name, count(*)::int AS size FROM queue_messages GROUP BY queue_name ORDER BY queue_name',
);
// The pop-order index is sorted by priority first, so the earliest visible_at is found by hopping from one
// priority to the next (one index probe each) instead of reading every message of the queue.
const selectEarliestVisibleAt = statement(
  'queue_next_visible',
  `WITH RECURSIVE levels (priority) AS (
     SELECT max(priority) FROM queue_messages WHERE queue_name = $1
     UNION ALL
     SELECT (SELECT max(priority) FROM queue_messages WHERE queue_name = $1 AND priority < levels.priority)
     FROM levels WHERE levels.priority IS NOT NULL
   )
   SELECT min((SELECT min(visible_at) FROM queue_messages WHERE queue_name = $1 AND priority = levels.priority))
     AS earliest
   FROM levels WHERE levels.priority IS NOT NULL`,
);

export async function ack(db: Db, queueName: string, taskId: string): Promise<boolean> {
  return (await db.rows(deleteMessage, [queueName, taskId])).length > 0;
}

export async function size(db: Db, queueName: string): Promise<number> {
  return (await db.rows<{ size: number }>(countQueue, [queueName]))[0]?.size ?? 0;
}

export async function sizes(db: Db): Promise<Record<string, number>> {
  const sizes: Record<string, number> = {};
  for (const row of await db.rows<{ queue_name: string; size: number }>(countQueues, [])) {
    sizes[row.queue_name] = row.size;
  }
  return sizes;
}

/** `now` when a message is visible, else the earliest visible_at; undefined for an empty queue. */
export async function nextVisibleAt(db: Db, queueName: string, now: number): Promise<number | undefined> {
  const earliest = (await db.rows<{ earliest: number | null }>(selectEarliestVisibleAt, [queueName]))[0]
    ?.earliest;
  return earliest === null || earliest === undefined ? undefined : Math.max(earliest, now);
}
