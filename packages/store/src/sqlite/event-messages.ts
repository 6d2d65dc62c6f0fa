/**
 * The durable internal event queue: messages are delivered oldest first; a claimed message is hidden for a
 * lease and deleted only when acknowledged, so one whose processing never finished comes back.
 */
import type { EventMessage } from '../contract.js';
import type { Connection } from './open.js';

interface MessageRow {
  seq: number;
  queue_name: string;
  message_id: string;
  payload: string;
  published_at: number;
}

export class EventMessageQueries {
  private readonly insertMessage;
  private readonly selectVisible;
  private readonly hideMessage;
  private readonly deleteMessage;
  private readonly countQueue;
  private readonly countQueues;

  constructor(db: Connection) {
    this.insertMessage = db.prepare<[string, string, string, number, number]>(
      `INSERT INTO event_messages (queue_name, message_id, payload, published_at, visible_at)
       VALUES (?, ?, ?, ?, ?) ON CONFLICT (queue_name, message_id) DO NOTHING`,
    );
    this.selectVisible = db.prepare<[number, number], MessageRow>(
      `SELECT seq, queue_name, message_id, payload, published_at FROM event_messages
       WHERE visible_at <= ? ORDER BY seq LIMIT ?`,
    );
    this.hideMessage = db.prepare<[number, number]>('UPDATE event_messages SET visible_at = ? WHERE seq = ?');
    this.deleteMessage = db.prepare<[number]>('DELETE FROM event_messages WHERE seq = ?');
    this.countQueue = db
      .prepare<[string], number>('SELECT count(*) FROM event_messages WHERE queue_name = ?')
      .pluck();
    this.countQueues = db.prepare<[], { queue_name: string; size: number }>(
      'SELECT queue_name, count(*) AS size FROM event_messages GROUP BY queue_name ORDER BY queue_name',
    );
  }

  publish(queueName: string, messageId: string, payload: unknown, now: number): boolean {
    const json = JSON.stringify(payload ?? null);
    return this.insertMessage.run(queueName, messageId, json, now, now).changes > 0;
  }

  claim(now: number, limit: number, leaseMs: number): EventMessage[] {
    if (limit <= 0) return [];
    const rows = this.selectVisible.all(now, limit);
    for (const row of rows) this.hideMessage.run(now + leaseMs, row.seq);
    return rows.map((row) => ({
      seq: row.seq,
      queueName: row.queue_name,
      messageId: row.message_id,
      payload: JSON.parse(row.payload) as unknown,
      publishedAt: row.published_at,
    }));
  }

  ack(seq: number): boolean {
    return this.deleteMessage.run(seq).changes > 0;
  }

  size(queueName: string): number {
    return this.countQueue.get(queueName) ?? 0;
  }

  sizes(): Record<string, number> {
    const sizes: Record<string, number> = {};
    for (const row of this.countQueues.all()) sizes[row.queue_name] = row.size;
    return sizes;
  }
}
