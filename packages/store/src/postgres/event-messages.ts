/**
 * The durable internal event queue: messages are delivered oldest first; a claimed message is hidden for a
 * lease and deleted only when acknowledged, so one whose processing never finished comes back. Claims skip
 * messages another server is claiming (FOR UPDATE SKIP LOCKED).
 */
import type { EventMessage } from '../contract.js';
import { type Db, statement } from './db.js';

interface MessageRow {
  seq: number;
  queue_name: string;
  message_id: string;
  payload: string;
  published_at: number;
}

const insertMessage = statement(
  'event_publish',
  `INSERT INTO event_messages (queue_name, message_id, payload, published_at, visible_at)
   VALUES ($1, $2, $3, $4, $4) ON CONFLICT (queue_name, message_id) DO NOTHING RETURNING seq`,
);
const claimVisible = statement(
  'event_claim',
  `WITH picked AS (
     SELECT seq FROM event_messages WHERE visible_at <= $1 ORDER BY seq LIMIT $2 FOR UPDATE SKIP LOCKED
   )
   UPDATE event_messages m SET visible_at = $3 FROM picked WHERE m.seq = picked.seq
   RETURNING m.seq, m.queue_name, m.message_id, m.payload, m.published_at`,
);
const deleteMessage = statement('event_ack', 'DELETE FROM event_messages WHERE seq = $1 RETURNING 1');
const countQueue = statement(
  'event_queue_size',
  'SELECT count(*)::int AS size FROM event_messages WHERE queue_name = $1',
);
const countQueues = statement(
  'event_queue_sizes',
  'SELECT queue_name, count(*)::int AS size FROM event_messages GROUP BY queue_name ORDER BY queue_name',
);

export async function publish(
  db: Db,
  queueName: string,
  messageId: string,
  payload: unknown,
  now: number,
): Promise<boolean> {
  const json = JSON.stringify(payload ?? null);
  return (await db.rows(insertMessage, [queueName, messageId, json, now])).length > 0;
}

export async function claim(db: Db, now: number, limit: number, leaseMs: number): Promise<EventMessage[]> {
  if (limit <= 0) return [];
  const rows = await db.rows<MessageRow>(claimVisible, [now, limit, now + leaseMs]);
  rows.sort((a, b) => a.seq - b.seq);
  return rows.map((row) => ({
    seq: row.seq,
    queueName: row.queue_name,
    messageId: row.message_id,
    payload: JSON.parse(row.payload) as unknown,
    publishedAt: row.published_at,
  }));
}

export async function ack(db: Db, seq: number): Promise<boolean> {
  return (await db.rows(deleteMessage, [seq])).length > 0;
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
