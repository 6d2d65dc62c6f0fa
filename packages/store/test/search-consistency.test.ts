// The search sees every committed write at once: creates, ends, reopenings and removals, in the full-text index
// as in the columns; a rolled-back call leaves nothing behind.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { workflowSearchRequest, type WorkflowSearchParams } from '@baton/protocol';
import { loadMigrations, migrate } from '../src/sqlite/migrate.js';
import { openSqliteStore, type SqliteStore } from '../src/index.js';
import { openTempStore, workflow, workflowDef } from './helpers.js';

const def = workflowDef('consistency');

async function ids(store: SqliteStore, params: Partial<WorkflowSearchParams>): Promise<string[]> {
  const page = await store.searchWorkflows(workflowSearchRequest({ start: 0, size: 100, ...params }));
  assert.equal(page.totalHits, page.results.length);
  return page.results.map((w) => w.workflowId);
}

void test('a created execution is found at once; its end indexes output and reason', async (t) => {
  const { store } = await openTempStore(t);
  await store.transact((tx) =>
    tx.createWorkflow(workflow('w1', def, { input: { city: 'Lisbon' }, correlationId: 'c-1' })),
  );
  assert.deepEqual(await ids(store, { freeText: 'lisbon' }), ['w1']);
  assert.deepEqual(await ids(store, { freeText: 'c-1', query: 'status = "RUNNING"' }), ['w1']);

  const running = (await store.getWorkflow('w1', true))!;
  await store.transact((tx) =>
    tx.updateWorkflow(
      {
        ...running,
        status: 'FAILED',
        endTime: 5000,
        output: { label: 'parcel-77' },
        reasonForIncompletion: 'no stock',
      },
      [],
    ),
  );
  assert.deepEqual(await ids(store, { freeText: 'parcel-77' }), ['w1']);
  assert.deepEqual(await ids(store, { freeText: '"no stock"' }), ['w1']);
  assert.deepEqual(await ids(store, { query: 'status = "RUNNING"' }), []);
  assert.deepEqual(await ids(store, { query: 'status = "FAILED" AND endTime = 5000' }), ['w1']);
});

void test('an ended execution written again (failed, then terminated) is indexed with its new reason', async (t) => {
  const { store } = await openTempStore(t);
  await store.transact((tx) => tx.createWorkflow(workflow('w1', def)));
  const running = (await store.getWorkflow('w1', true))!;
  await store.transact((tx) =>
    tx.updateWorkflow({ ...running, status: 'FAILED', endTime: 5, reasonForIncompletion: 'disk quota' }, []),
  );
  const failed = (await store.getWorkflow('w1', true))!;
  await store.transact((tx) =>
    tx.updateWorkflow({ ...failed, status: 'TERMINATED', reasonForIncompletion: 'operator stop' }, []),
  );
  assert.deepEqual(await ids(store, { freeText: 'operator' }), ['w1']);
  assert.deepEqual(await ids(store, { freeText: 'quota' }), []);
  assert.deepEqual(await ids(store, { freeText: 'w1 AND operator' }), ['w1']);

  // Removing an ended execution takes both of its documents.
  await store.transact((tx) => tx.removeWorkflow('w1'));
  assert.deepEqual(await ids(store, { freeText: 'operator OR w1' }), []);
});

void test('writes while an execution runs leave the text index alone; reopening it re-indexes', async (t) => {
  const { store } = await openTempStore(t);
  await store.transact((tx) => tx.createWorkflow(workflow('w1', def, { input: { city: 'Lisbon' } })));
  const running = (await store.getWorkflow('w1', true))!;
  // The engine never changes input or output while an execution runs; the index is not rewritten then.
  await store.transact((tx) =>
    tx.updateWorkflow({ ...running, input: { city: 'Porto' }, updateTime: 2000 }, []),
  );
  assert.deepEqual(await ids(store, { freeText: 'porto' }), []);
  assert.deepEqual(await ids(store, { query: 'updateTime = 2000' }), ['w1']);

  const current = (await store.getWorkflow('w1', true))!;
  await store.transact((tx) =>
    tx.updateWorkflow({ ...current, status: 'COMPLETED', endTime: 3000, output: { done: 'yes' } }, []),
  );
  const ended = (await store.getWorkflow('w1', true))!;
  // A rerun: running again, new input and correlation id, output cleared.
  await store.transact((tx) =>
    tx.updateWorkflow(
      {
        ...ended,
        status: 'RUNNING',
        endTime: 0,
        input: { city: 'Faro' },
        output: {},
        correlationId: 'again',
      },
      [],
    ),
  );
  assert.deepEqual(await ids(store, { freeText: 'faro' }), ['w1']);
  assert.deepEqual(await ids(store, { freeText: 'again' }), ['w1']);
  assert.deepEqual(await ids(store, { freeText: 'lisbon OR porto OR done' }), []);
});

void test('a removed execution leaves the search, text index included; an id can come back', async (t) => {
  const { store } = await openTempStore(t);
  await store.transact(async (tx) => {
    await tx.createWorkflow(workflow('gone', def, { input: { word: 'ephemeral' } }));
    await tx.createWorkflow(workflow('kept', def, { input: { word: 'durable' } }));
  });
  assert.equal(await store.transact((tx) => tx.removeWorkflow('gone')), true);
  assert.deepEqual(await ids(store, { freeText: 'ephemeral' }), []);
  assert.deepEqual(await ids(store, { freeText: 'gone' }), []);
  assert.deepEqual(await ids(store, {}), ['kept']);

  // Removed and created again in one call, then in one batch with another call: only the new text is found.
  await store.transact(async (tx) => {
    await tx.removeWorkflow('kept');
    await tx.createWorkflow(workflow('kept', def, { input: { word: 'phoenix' } }));
  });
  assert.deepEqual(await ids(store, { freeText: 'phoenix' }), ['kept']);
  assert.deepEqual(await ids(store, { freeText: 'durable' }), []);
  await Promise.all([
    store.transact((tx) => tx.createWorkflow(workflow('brief', def, { input: { word: 'mayfly' } }))),
    store.transact((tx) => tx.removeWorkflow('brief')),
  ]);
  assert.deepEqual(await ids(store, { freeText: 'mayfly' }), []);
  assert.deepEqual(await ids(store, {}), ['kept']);
});

void test('a rolled-back call indexes nothing; its batch neighbours are indexed', async (t) => {
  const { store } = await openTempStore(t);
  const failing = store.transact(async (tx) => {
    await tx.createWorkflow(workflow('ghost', def, { input: { word: 'phantom' } }));
    throw new Error('changed my mind');
  });
  const fine = store.transact((tx) => tx.createWorkflow(workflow('real', def, { input: { word: 'solid' } })));
  await assert.rejects(failing, /changed my mind/);
  await fine;
  assert.deepEqual(await ids(store, { freeText: 'phantom' }), []);
  assert.deepEqual(await ids(store, { freeText: 'solid' }), ['real']);
  assert.deepEqual(await ids(store, {}), ['real']);
});

void test('executions stored before the search migration are indexed by it', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'baton-search-migration-'));
  const path = join(dir, 'baton.db');
  // The file as it was before 003: the earlier migrations only, and one execution.
  const db = new Database(path);
  migrate(
    db,
    loadMigrations().filter((m) => m.version < 3),
  );
  db.prepare("INSERT INTO def_snapshots (hash, json) VALUES ('h', ?)").run(JSON.stringify(def));
  const {
    workflowDefinition: _def,
    tasks: _tasks,
    ...fields
  } = workflow('old', def, {
    status: 'COMPLETED',
    output: { word: 'vintage' },
  });
  db.prepare(
    `INSERT INTO workflows (workflow_id, workflow_name, workflow_version, status, priority, start_time, def_hash, json)
     VALUES ('old', 'consistency', 1, 'COMPLETED', 0, 1, 'h', ?)`,
  ).run(JSON.stringify(fields));
  db.close();

  const store = await openSqliteStore({ path });
  t.after(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  assert.deepEqual(await ids(store, { freeText: 'vintage' }), ['old']);
  assert.deepEqual(await ids(store, { query: 'status = "COMPLETED"' }), ['old']);
  assert.equal((await store.getWorkflow('old', false))?.output.word, 'vintage');
});

void test('STARTS_WITH and prefixes work on any text, accents and all', async (t) => {
  const { store } = await openTempStore(t);
  await store.transact(async (tx) => {
    for (const [id, correlationId] of [
      ['a', 'café-1'],
      ['b', 'cafe-2'],
      ['c', 'cag'],
      ['d', 'caf\u{10ffff}x'],
    ] as const) {
      await tx.createWorkflow(workflow(id, def, { correlationId, startTime: id.charCodeAt(0) }));
    }
  });
  const sorted = async (query: string) => (await ids(store, { query })).sort();
  assert.deepEqual(await sorted('correlationId STARTS_WITH "caf"'), ['a', 'b', 'd']);
  assert.deepEqual(await sorted('correlationId STARTS_WITH "café"'), ['a']);
  assert.deepEqual(await sorted('correlationId STARTS_WITH "caf\u{10ffff}"'), ['d']);
  assert.deepEqual(await sorted('correlationId STARTS_WITH ""'), ['a', 'b', 'c', 'd']);
  assert.deepEqual((await ids(store, { freeText: 'correlationId:caf*' })).sort(), ['a', 'b', 'd']);
});
