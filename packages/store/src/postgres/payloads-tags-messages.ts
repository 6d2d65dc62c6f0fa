/**
 * Three small families added together: external payloads (large inputs and outputs stored outside the execution
 * row), tags on named entities, and the messages posted to running workflows.
 */
import type { Tag, WorkflowMessage } from '../contract.js';
import { toMessage } from '../sqlite/payloads-tags-messages.js';
import { type Db, statement, type TxDb } from './db.js';

const selectPayload = statement('payload_get', 'SELECT data FROM external_payloads WHERE path = $1');
/** Stores (or replaces) the bytes at $1; a pending payload is the same write with its pending row beside it. */
const UPSERT_PAYLOAD = `INSERT INTO external_payloads (path, data, created_at) VALUES ($1, $2, $3)
   ON CONFLICT (path) DO UPDATE SET data = excluded.data, created_at = excluded.created_at`;
const upsertPayload = statement('payload_put', UPSERT_PAYLOAD);
const storePendingPayload = statement(
  'payload_put_pending',
  `WITH stored AS (${UPSERT_PAYLOAD})
   INSERT INTO external_payloads_pending (path, created_at) VALUES ($1, $3)
   ON CONFLICT (path) DO UPDATE SET created_at = excluded.created_at`,
);
const settlePending = statement(
  'payload_settle',
  'DELETE FROM external_payloads_pending WHERE path = $1 RETURNING path',
);
// Only payloads whose pending row this very statement deleted: a settle and a sweep racing for one path lock its
// row, and exactly one of them deletes it.
const sweepPending = statement(
  'payload_sweep',
  `WITH gone AS (
     DELETE FROM external_payloads_pending WHERE path IN (
       SELECT path FROM external_payloads_pending WHERE created_at < $1
       ORDER BY created_at LIMIT $2 FOR UPDATE SKIP LOCKED)
     RETURNING path),
   dropped AS (DELETE FROM external_payloads WHERE path IN (SELECT path FROM gone))
   SELECT count(*)::int AS n FROM gone`,
);

const selectTags = statement(
  'tags_get',
  'SELECT tag_key, tag_value FROM tags WHERE entity_type = $1 AND entity_id = $2 ORDER BY tag_key, tag_value',
);
const selectTagged = statement(
  'tags_tagged',
  'SELECT entity_id FROM tags WHERE entity_type = $1 AND tag_key = $2 AND tag_value = $3 ORDER BY entity_id',
);
const insertTags = statement(
  'tags_add',
  `INSERT INTO tags (entity_type, entity_id, tag_key, tag_value)
   SELECT $1, $2, k, v FROM unnest($3::text[], $4::text[]) AS t(k, v) ON CONFLICT DO NOTHING`,
);
const deleteSomeTags = statement(
  'tags_delete',
  `DELETE FROM tags WHERE entity_type = $1 AND entity_id = $2
   AND (tag_key, tag_value) IN (SELECT k, v FROM unnest($3::text[], $4::text[]) AS t(k, v))`,
);
const deleteAllTags = statement(
  'tags_delete_all',
  'DELETE FROM tags WHERE entity_type = $1 AND entity_id = $2',
);

const insertMessage = statement(
  'wf_message_push',
  'INSERT INTO workflow_messages (workflow_id, message_id, payload, received_at) VALUES ($1, $2, $3, $4)',
);
const takeMessages = statement(
  'wf_message_take',
  `DELETE FROM workflow_messages WHERE seq IN (
     SELECT seq FROM workflow_messages WHERE workflow_id = $1 ORDER BY seq LIMIT $2 FOR UPDATE SKIP LOCKED)
   RETURNING seq, message_id, workflow_id, payload, received_at`,
);
const countMessages = statement(
  'wf_message_count',
  'SELECT count(*)::int AS n FROM workflow_messages WHERE workflow_id = $1',
);
const deleteWorkflowMessages = statement(
  'wf_message_remove',
  'DELETE FROM workflow_messages WHERE workflow_id = $1',
);

export async function getPayload(db: Db, path: string): Promise<Buffer | undefined> {
  return (await db.rows<{ data: Buffer }>(selectPayload, [path]))[0]?.data;
}

export function putPayload(db: TxDb, path: string, data: Uint8Array, now: number, pending = false): void {
  db.send(pending ? storePendingPayload : upsertPayload, [path, asBuffer(data), now]);
}

export async function settlePayload(db: Db, path: string): Promise<boolean> {
  return (await db.rows(settlePending, [path])).length === 1;
}

export async function sweepPayloads(db: Db, before: number, limit: number): Promise<number> {
  return (await db.rows<{ n: number }>(sweepPending, [before, limit]))[0]?.n ?? 0;
}

const asBuffer = (data: Uint8Array): Buffer => Buffer.from(data.buffer, data.byteOffset, data.byteLength);

export async function getTags(db: Db, entityType: string, entityId: string): Promise<Tag[]> {
  const rows = await db.rows<{ tag_key: string; tag_value: string }>(selectTags, [entityType, entityId]);
  return rows.map((row) => ({ key: row.tag_key, value: row.tag_value }));
}

export async function tagged(db: Db, entityType: string, tag: Tag): Promise<string[]> {
  const rows = await db.rows<{ entity_id: string }>(selectTagged, [entityType, tag.key, tag.value]);
  return rows.map((row) => row.entity_id);
}

export function addTags(db: TxDb, entityType: string, entityId: string, tags: readonly Tag[]): void {
  if (tags.length === 0) return;
  db.send(insertTags, [entityType, entityId, tags.map((t) => t.key), tags.map((t) => t.value)]);
}

export function deleteTags(db: TxDb, entityType: string, entityId: string, tags?: readonly Tag[]): void {
  if (tags === undefined) db.send(deleteAllTags, [entityType, entityId]);
  else if (tags.length > 0)
    db.send(deleteSomeTags, [entityType, entityId, tags.map((t) => t.key), tags.map((t) => t.value)]);
}

export function pushMessage(db: TxDb, message: WorkflowMessage): void {
  db.send(insertMessage, [
    message.workflowId,
    message.id,
    JSON.stringify(message.payload ?? null),
    message.receivedAt,
  ]);
}

export async function takeWorkflowMessages(
  db: Db,
  workflowId: string,
  max: number,
): Promise<WorkflowMessage[]> {
  type Row = Parameters<typeof toMessage>[0] & { seq: string };
  const rows = await db.rows<Row>(takeMessages, [workflowId, max]);
  // RETURNING has no order of its own.
  return rows.sort((a, b) => Number(a.seq) - Number(b.seq)).map(toMessage);
}

export async function messageCount(db: Db, workflowId: string): Promise<number> {
  return (await db.rows<{ n: number }>(countMessages, [workflowId]))[0]?.n ?? 0;
}

export function removeWorkflowMessages(db: TxDb, workflowId: string): void {
  db.send(deleteWorkflowMessages, [workflowId]);
}
