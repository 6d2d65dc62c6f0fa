// The search sees every committed write at once: creates, ends, reopenings and removals, in the full-text index
// as in the columns; a rolled-back call leaves nothing behind. On each store, through its own writes.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import pg from 'pg';
import { workflowSearchRequest, type Workflow, type WorkflowSearchParams } from '@baton/protocol';
import { loadPgMigrations, migratePg } from '../src/postgres/migrate.js';
import { loadMigrations, migrate } from '../src/sqlite/migrate.js';
import { openSqliteStore, type Store } from '../src/index.js';
import { workflow, workflowDef } from './helpers.js';
import { createTestDatabase } from './support/postgres.js';
import { forEachStore } from './support/stores.js';

const def = workflowDef('consistency');

async function ids(store: Store, params: Partial<WorkflowSearchParams>): Promise<string[]> {
  const page = await store.searchWorkflows(workflowSearchRequest({ start: 0, size: 100, ...params }));
  assert.equal(page.totalHits, page.results.length);
  return page.results.map((w) => w.workflowId);
}

forEachStore(
  'a created execution is found at once; its end indexes output and reason',
  async (_t, { store }) => {
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
  },
);

forEachStore(
  'an ended execution written again (failed, then terminated) is indexed with its new reason',
  async (_t, { store }) => {
    await store.transact((tx) => tx.createWorkflow(workflow('w1', def)));
    const running = (await store.getWorkflow('w1', true))!;
    await store.transact((tx) =>
      tx.updateWorkflow(
        { ...running, status: 'FAILED', endTime: 5, reasonForIncompletion: 'disk quota' },
        [],
      ),
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
  },
);

forEachStore(
  'writes while an execution runs leave the text index alone; reopening it re-indexes',
  async (_t, { store }) => {
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
  },
);

forEachStore(
  'a removed execution leaves the search, text index included; an id can come back',
  async (_t, { kind, store }) => {
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
    // SQLite's group commit runs calls in the order they came, so these two share a batch; PostgreSQL runs them on
    // two connections in either order, so there they go one after the other.
    const create = () =>
      store.transact((tx) => tx.createWorkflow(workflow('brief', def, { input: { word: 'mayfly' } })));
    const remove = () => store.transact((tx) => tx.removeWorkflow('brief'));
    if (kind === 'sqlite') await Promise.all([create(), remove()]);
    else await create().then(remove);
    assert.deepEqual(await ids(store, { freeText: 'mayfly' }), []);
    assert.deepEqual(await ids(store, {}), ['kept']);
  },
);

forEachStore(
  'a rolled-back call indexes nothing; its batch neighbours are indexed',
  async (_t, { store }) => {
    const failing = store.transact(async (tx) => {
      await tx.createWorkflow(workflow('ghost', def, { input: { word: 'phantom' } }));
      throw new Error('changed my mind');
    });
    const fine = store.transact((tx) =>
      tx.createWorkflow(workflow('real', def, { input: { word: 'solid' } })),
    );
    await assert.rejects(failing, /changed my mind/);
    await fine;
    assert.deepEqual(await ids(store, { freeText: 'phantom' }), []);
    assert.deepEqual(await ids(store, { freeText: 'solid' }), ['real']);
    assert.deepEqual(await ids(store, {}), ['real']);
  },
);

forEachStore(
  'a batch of more executions than one statement takes indexes every one of them, and counts them',
  async (_t, { store }) => {
    const count = 80;
    const indexes = Array.from({ length: count }, (_, i) => i);
    const total = async (query: string) =>
      (await store.searchWorkflows(workflowSearchRequest({ start: 0, size: 1, query }))).totalHits;
    // Calls made at once: SQLite's group commit writes them in batches of more documents than one statement takes.
    await Promise.all(
      indexes.map((i) =>
        store.transact((tx) => tx.createWorkflow(workflow(`w${i}`, def, { input: { word: `begun${i}` } }))),
      ),
    );
    assert.equal(await total('status = "RUNNING"'), count);
    await Promise.all(
      indexes.map(async (i) => {
        const running = (await store.getWorkflow(`w${i}`, true))!;
        const ended = {
          ...running,
          status: 'COMPLETED' as const,
          endTime: 5000,
          output: { word: `ended${i}` },
        };
        await store.transact((tx) => tx.updateWorkflow(ended, []));
      }),
    );
    for (const i of indexes) {
      assert.deepEqual(await ids(store, { freeText: `begun${i}` }), [`w${i}`]);
      assert.deepEqual(await ids(store, { freeText: `ended${i}` }), [`w${i}`]);
    }
    assert.equal(await total('status = "RUNNING"'), 0);
    assert.equal(await total('status = "COMPLETED"'), count);
  },
);

/** An ended execution as a row written before the search migration: its JSON, without tasks or definition. */
function oldExecutionJson(): string {
  const {
    workflowDefinition: _def,
    tasks: _tasks,
    ...fields
  }: Workflow = workflow('old', def, { status: 'COMPLETED', output: { word: 'vintage' } });
  return JSON.stringify(fields);
}

const OLD_ROW = `INSERT INTO workflows (workflow_id, workflow_name, workflow_version, status, priority, start_time, def_hash,
  json) VALUES ('old', 'consistency', 1, 'COMPLETED', 0, 1, 'h', `;

async function findsTheOldExecution(store: Store): Promise<void> {
  assert.deepEqual(await ids(store, { freeText: 'vintage' }), ['old']);
  assert.deepEqual(await ids(store, { freeText: 'old consistency' }), ['old']);
  assert.deepEqual(await ids(store, { query: 'status = "COMPLETED"' }), ['old']);
  assert.equal((await store.getWorkflow('old', false))?.output.word, 'vintage');
}

void test('executions stored before the search migration are indexed by it [sqlite]', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'baton-search-migration-'));
  const path = join(dir, 'baton.db');
  // The file as it was before 003: the earlier migrations only, and one execution.
  const db = new Database(path);
  migrate(
    db,
    loadMigrations().filter((m) => m.version < 3),
  );
  db.prepare("INSERT INTO def_snapshots (hash, json) VALUES ('h', ?)").run(JSON.stringify(def));
  db.prepare(`${OLD_ROW}?)`).run(oldExecutionJson());
  db.close();

  const store = await openSqliteStore({ path });
  t.after(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  await findsTheOldExecution(store);
});

void test('executions stored before the search migration are indexed by it [postgres]', async (t) => {
  // The database as it was before 002: the base schema only, and one execution.
  const database = await createTestDatabase(t, { migrated: false });
  const client = new pg.Client({ connectionString: database.connectionString });
  await client.connect();
  try {
    await migratePg(
      client,
      loadPgMigrations().filter((m) => m.version < 2),
    );
    await client.query("INSERT INTO def_snapshots (hash, json) VALUES ('h', $1)", [JSON.stringify(def)]);
    await client.query(`${OLD_ROW}$1)`, [oldExecutionJson()]);
  } finally {
    await client.end();
  }
  await findsTheOldExecution(await database.open());
});

forEachStore('STARTS_WITH and prefixes work on any text, accents and all', async (_t, { store }) => {
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

forEachStore(
  'searches during concurrent starts and ends see each write whole',
  async (_t, { kind, store }) => {
    const COUNT = 60;
    const writers = Array.from({ length: COUNT }, async (_, n) => {
      const id = `c${n}`;
      await store.transact((tx) => tx.createWorkflow(workflow(id, def, { input: { word: 'begun' } })));
      const running = (await store.getWorkflow(id, true))!;
      await store.transact((tx) =>
        tx.updateWorkflow(
          { ...running, status: 'COMPLETED', endTime: 2000, output: { word: 'finished' } },
          [],
        ),
      );
    });
    let searches = 0;
    let done = false;
    const all = Promise.all(writers).finally(() => (done = true));
    while (!done || searches === 0) {
      // totalHits (the word index alone, or the rows) and the page come from one snapshot; the word and the status
      // of an end are written together.
      for (const params of [{ freeText: 'finished' }, { freeText: 'begun', query: 'status = "COMPLETED"' }]) {
        const page = await store.searchWorkflows(workflowSearchRequest({ start: 0, size: 100, ...params }));
        assert.equal(page.totalHits, page.results.length, `${kind}: ${JSON.stringify(params)}`);
        for (const hit of page.results)
          assert.deepEqual([hit.status, hit.output.word], ['COMPLETED', 'finished']);
      }
      searches++;
      // The writers' turn (SQLite answers a search without giving the event loop back).
      await new Promise((resolve) => setImmediate(resolve));
    }
    await all;
    assert.equal(
      (await store.searchWorkflows(workflowSearchRequest({ start: 0, size: 0, freeText: 'finished' })))
        .totalHits,
      COUNT,
    );
  },
);
