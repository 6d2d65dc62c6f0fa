/**
 * Migration 010 rebuilds workflows and tasks with `summary` (and `idempotency_key`) before the large `json`
 * column, on a file that already holds executions: same rows, same rowids (the full-text index's keys), the same
 * indexes, and the searches still find them.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { workflowSearchRequest } from '@baton/protocol';
import { loadMigrations, migrate } from '../src/sqlite/migrate.js';
import { SUMMARIZED_ABOVE } from '../src/summaries.js';
import { openTempStore, query, task, workflow, workflowDef } from './helpers.js';

const REBUILT = ['workflows', 'tasks'];

/** The CREATE statements of the rebuilt tables and their indexes, whitespace normalized, by name. */
function schemaOf(db: Database.Database): Map<string, string> {
  const rows = db
    .prepare<[], { name: string; sql: string }>(
      `SELECT name, sql FROM sqlite_schema WHERE tbl_name IN ('workflows', 'tasks') AND sql IS NOT NULL`,
    )
    .all();
  return new Map(rows.map((r) => [r.name, r.sql.replace(/\s+/g, ' ')]));
}

const columns = (db: Database.Database, table: string): string[] =>
  db
    .prepare<[], { name: string }>(`SELECT name FROM pragma_table_info('${table}')`)
    .all()
    .map((c) => c.name);

/** Puts the file's workflows and tasks back into their layout before 010 (rows and rowids kept) and unrecords 010 on. */
function backTo009(path: string): void {
  const old = new Database(':memory:');
  migrate(
    old,
    loadMigrations().filter((m) => m.version <= 9),
  );
  const oldSchema = schemaOf(old);
  old.close();

  const db = new Database(path);
  try {
    db.pragma('foreign_keys = OFF');
    db.transaction(() => {
      for (const table of REBUILT) {
        const names = columns(db, table).join(', ');
        db.exec(`CREATE TEMP TABLE saved_${table} AS SELECT rowid AS saved_rowid, ${names} FROM ${table}`);
      }
      for (const table of [...REBUILT].reverse()) db.exec(`DROP TABLE ${table}`);
      const tablesFirst = [...oldSchema.values()].sort(
        (a, b) => Number(b.startsWith('CREATE TABLE')) - Number(a.startsWith('CREATE TABLE')),
      );
      for (const sql of tablesFirst) db.exec(sql);
      for (const table of REBUILT) {
        const names = columns(db, table).join(', ');
        db.exec(
          `INSERT INTO ${table} (rowid, ${names}) SELECT saved_rowid, ${names} FROM temp.saved_${table}`,
        );
      }
      // What later migrations added goes too: they run again after 010.
      db.exec('DROP TABLE workflow_payloads');
      db.exec('DROP TABLE external_payloads_pending');
      db.exec('DELETE FROM schema_migrations WHERE version >= 10');
    })();
    assert.ok(columns(db, 'workflows').indexOf('json') < columns(db, 'workflows').indexOf('summary'));
  } finally {
    db.close();
  }
}

void test('migration 010 moves summary before json on a file with executions; rows, rowids, indexes and search are kept', async (t) => {
  const { store, path, reopen } = await openTempStore(t);
  const def = workflowDef('reordered');
  const big = 'b'.repeat(2 * SUMMARIZED_ABOVE);
  for (let i = 0; i < 6; i++) {
    const wf = workflow(`w${i}`, def, { correlationId: `c${i}`, input: { blob: big, word: `needle${i}` } });
    await store.transact((tx) =>
      tx.createWorkflow({
        ...wf,
        tasks: [task(wf, `t${i}a`, 1, { outputData: { blob: big } }), task(wf, `t${i}b`, 2)],
      }),
    );
  }
  await store.transact((tx) =>
    tx.createWorkflow(workflow('w-small', def, { input: { word: 'needlesmall' } })),
  );
  // A gap in the rowids: a copy that renumbered the rows would shift the ones after it.
  await store.transact((tx) => tx.removeWorkflow('w2'));
  const before = {
    workflows: await store.getWorkflow('w1', true),
    rowids: query(path, 'SELECT rowid, workflow_id, summary FROM workflows ORDER BY rowid'),
    taskRowids: query(path, 'SELECT rowid, task_id, summary FROM tasks ORDER BY rowid'),
  };
  const head = new Database(path, { readonly: true });
  const headSchema = schemaOf(head);
  head.close();
  await store.close();

  backTo009(path);
  const again = await reopen();

  const db = new Database(path, { readonly: true });
  t.after(() => db.close());
  assert.deepEqual(columns(db, 'workflows').slice(-3), ['idempotency_key', 'summary', 'json']);
  assert.deepEqual(columns(db, 'tasks').slice(-2), ['summary', 'json']);
  assert.deepEqual(schemaOf(db), headSchema);
  assert.deepEqual(
    query(path, 'SELECT rowid, workflow_id, summary FROM workflows ORDER BY rowid'),
    before.rowids,
  );
  assert.deepEqual(
    query(path, 'SELECT rowid, task_id, summary FROM tasks ORDER BY rowid'),
    before.taskRowids,
  );
  assert.deepEqual(query(path, 'PRAGMA foreign_key_check'), []);
  assert.deepEqual(await again.getWorkflow('w1', true), before.workflows);

  const found = async (freeText: string) =>
    (await again.searchWorkflows(workflowSearchRequest({ start: 0, size: 10, freeText }))).results.map(
      (w) => w.workflowId,
    );
  assert.deepEqual(await found('needle3'), ['w3']);
  assert.deepEqual(await found('needlesmall'), ['w-small']);
  const summaries = await again.searchWorkflowSummaries(workflowSearchRequest({ start: 0, size: 10 }));
  assert.equal(summaries.totalHits, 6);
  assert.equal(summaries.results.find((s) => s.workflowId === 'w4')?.correlationId, 'c4');
  // The tasks' foreign key still cascades: removing an execution removes its tasks.
  await again.transact((tx) => tx.removeWorkflow('w0'));
  assert.deepEqual(query(path, "SELECT task_id FROM tasks WHERE workflow_id = 'w0'"), []);
});
