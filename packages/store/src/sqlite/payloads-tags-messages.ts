/**
 * Three small families added together: external payloads (large inputs and outputs stored outside the execution
 * row), tags on named entities, and the messages posted to running workflows.
 */
import type { Tag, WorkflowMessage } from '../contract.js';
import type { Connection } from './open.js';

interface MessageRow {
  message_id: string;
  workflow_id: string;
  payload: string;
  received_at: string;
}

/** The statement that stores a payload; also run by the payload writer's thread (payload-writer.ts). */
export const UPSERT_PAYLOAD = `INSERT INTO external_payloads (path, data, created_at) VALUES (?, ?, ?)
  ON CONFLICT (path) DO UPDATE SET data = excluded.data, created_at = excluded.created_at`;

export class ExternalPayloadQueries {
  private readonly select;
  private readonly upsert;
  private readonly unmarkPending;

  constructor(db: Connection) {
    this.select = db.prepare<[string], Buffer>('SELECT data FROM external_payloads WHERE path = ?').pluck();
    this.upsert = db.prepare<[string, Uint8Array, number]>(UPSERT_PAYLOAD);
    this.unmarkPending = db.prepare<[string]>('DELETE FROM external_payloads_pending WHERE path = ?');
  }

  get(path: string): Buffer | undefined {
    return this.select.get(path);
  }

  put(path: string, data: Uint8Array, now: number): void {
    this.upsert.run(path, data, now);
  }

  settle(path: string): boolean {
    return this.unmarkPending.run(path).changes === 1;
  }
}

export class TagQueries {
  private readonly selectTags;
  private readonly selectTagged;
  private readonly insert;
  private readonly deleteOne;
  private readonly deleteAll;

  constructor(db: Connection) {
    this.selectTags = db.prepare<[string, string], { tag_key: string; tag_value: string }>(
      'SELECT tag_key, tag_value FROM tags WHERE entity_type = ? AND entity_id = ? ORDER BY tag_key, tag_value',
    );
    this.selectTagged = db
      .prepare<[string, string, string], string>(
        'SELECT entity_id FROM tags WHERE entity_type = ? AND tag_key = ? AND tag_value = ? ORDER BY entity_id',
      )
      .pluck();
    this.insert = db.prepare<[string, string, string, string]>(
      'INSERT OR IGNORE INTO tags (entity_type, entity_id, tag_key, tag_value) VALUES (?, ?, ?, ?)',
    );
    this.deleteOne = db.prepare<[string, string, string, string]>(
      'DELETE FROM tags WHERE entity_type = ? AND entity_id = ? AND tag_key = ? AND tag_value = ?',
    );
    this.deleteAll = db.prepare<[string, string]>('DELETE FROM tags WHERE entity_type = ? AND entity_id = ?');
  }

  get(entityType: string, entityId: string): Tag[] {
    return this.selectTags
      .all(entityType, entityId)
      .map((row) => ({ key: row.tag_key, value: row.tag_value }));
  }

  tagged(entityType: string, tag: Tag): string[] {
    return this.selectTagged.all(entityType, tag.key, tag.value);
  }

  add(entityType: string, entityId: string, tags: readonly Tag[]): void {
    for (const tag of tags) this.insert.run(entityType, entityId, tag.key, tag.value);
  }

  delete(entityType: string, entityId: string, tags: readonly Tag[] | undefined): void {
    if (tags === undefined) this.deleteAll.run(entityType, entityId);
    else for (const tag of tags) this.deleteOne.run(entityType, entityId, tag.key, tag.value);
  }
}

export class WorkflowMessageQueries {
  private readonly insert;
  private readonly selectOldest;
  private readonly deleteUpTo;
  private readonly count;
  private readonly deleteWorkflow;

  constructor(db: Connection) {
    this.insert = db.prepare<[string, string, string, string]>(
      'INSERT INTO workflow_messages (workflow_id, message_id, payload, received_at) VALUES (?, ?, ?, ?)',
    );
    this.selectOldest = db.prepare<[string, number], MessageRow & { seq: number }>(
      `SELECT seq, message_id, workflow_id, payload, received_at FROM workflow_messages
       WHERE workflow_id = ? ORDER BY seq LIMIT ?`,
    );
    this.deleteUpTo = db.prepare<[string, number]>(
      'DELETE FROM workflow_messages WHERE workflow_id = ? AND seq <= ?',
    );
    this.count = db
      .prepare<[string], number>('SELECT count(*) FROM workflow_messages WHERE workflow_id = ?')
      .pluck();
    this.deleteWorkflow = db.prepare<[string]>('DELETE FROM workflow_messages WHERE workflow_id = ?');
  }

  push(message: WorkflowMessage): void {
    this.insert.run(
      message.workflowId,
      message.id,
      JSON.stringify(message.payload ?? null),
      message.receivedAt,
    );
  }

  take(workflowId: string, max: number): WorkflowMessage[] {
    const rows = this.selectOldest.all(workflowId, max);
    const last = rows.at(-1);
    if (last) this.deleteUpTo.run(workflowId, last.seq);
    return rows.map(toMessage);
  }

  size(workflowId: string): number {
    return this.count.get(workflowId) ?? 0;
  }

  removeWorkflow(workflowId: string): void {
    this.deleteWorkflow.run(workflowId);
  }
}

export function toMessage(row: MessageRow): WorkflowMessage {
  return {
    id: row.message_id,
    workflowId: row.workflow_id,
    payload: JSON.parse(row.payload) as unknown,
    receivedAt: row.received_at,
  };
}
