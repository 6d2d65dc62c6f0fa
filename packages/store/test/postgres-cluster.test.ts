// Several stores (several "servers") on one PostgreSQL database: what the contract promises across processes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import pg from 'pg';
import type { Store, StoreSignal, StoreTx } from '../src/index.js';
import { loadPgMigrations, migratePg } from '../src/postgres/migrate.js';
import { task, workflow, workflowDef } from './helpers.js';
import { createTestDatabase, type TestDatabase } from './support/postgres.js';

/** A promise with its resolve, to make two transactions meet at a chosen point. */
function latch(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

/** Polls `condition` until it holds; fails after a generous bound (a hang, not a slow machine). */
async function until(what: string, condition: () => Promise<boolean> | boolean): Promise<void> {
  for (let i = 0; i < 2_000; i++) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  assert.fail(`timed out waiting until ${what}`);
}

async function sql<T>(database: TestDatabase, text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: database.connectionString });
  await client.connect();
  try {
    return (await client.query(text)).rows as T[];
  } finally {
    await client.end();
  }
}

/** Sessions of this database waiting for a lock (another transaction holds it). */
async function lockWaiters(database: TestDatabase): Promise<number> {
  const rows = await sql<{ n: number }>(
    database,
    `SELECT count(*)::int AS n FROM pg_stat_activity
     WHERE datname = current_database() AND wait_event_type = 'Lock'`,
  );
  return rows[0]?.n ?? 0;
}

async function seedWorkflow(store: Store, workflowId: string): Promise<void> {
  const wf = workflow(workflowId, workflowDef('flow'));
  wf.tasks = [task(wf, `${workflowId}-t1`, 1)];
  await store.transact((tx) => tx.createWorkflow(wf));
}

void test('two servers taking from one queue never get the same message', async (t) => {
  const database = await createTestDatabase(t);
  const [a, b] = [await database.open(), await database.open()];
  // Forty executions of five queued tasks each: batches of one hand-out lock executions other batches need too.
  const ids: string[] = [];
  await a.transact(async (tx) => {
    for (let w = 0; w < 40; w++) {
      const wf = workflow(`w${w}`, workflowDef('fork'));
      wf.tasks = Array.from({ length: 5 }, (_, i) => task(wf, `w${w}-t${i}`, i + 1));
      await tx.createWorkflow(wf);
      for (const x of wf.tasks) {
        await tx.queuePush('q', x.taskId, 0, 0);
        ids.push(x.taskId);
      }
    }
  });
  const taken: string[] = [];
  const takeAll = async (store: Store): Promise<void> => {
    for (;;) {
      const batch = await store.transact(async (tx) => {
        const claimed = await tx.queueTake('q', 7, 1_000);
        for (const id of claimed) {
          const x = (await tx.getTask(id))!;
          await tx.getWorkflow(x.workflowInstanceId, true);
          await tx.updateTasks(x.workflowInstanceId, [{ ...x, status: 'IN_PROGRESS' }]);
        }
        return claimed;
      });
      if (batch.length === 0) return;
      taken.push(...batch);
    }
  };
  await Promise.all([takeAll(a), takeAll(b), takeAll(a), takeAll(b)]);
  assert.equal(taken.length, ids.length);
  assert.deepEqual(new Set(taken), new Set(ids));
  assert.equal(await a.queueSize('q'), 0);
  const statuses = await sql<{ status: string; n: number }>(
    database,
    'SELECT status, count(*)::int AS n FROM tasks GROUP BY status',
  );
  assert.deepEqual(statuses, [{ status: 'IN_PROGRESS', n: ids.length }]);
});

void test('two servers popping one queue hide each message from the other', async (t) => {
  const database = await createTestDatabase(t);
  const [a, b] = [await database.open(), await database.open()];
  await a.transact(async (tx) => {
    for (let i = 0; i < 50; i++) await tx.queuePush('q', `task-${i}`, i % 3, i);
  });
  const popped = await Promise.all(
    [a, b, a, b, a].map((store) => store.transact((tx) => tx.queuePop('q', 20, 1_000, 60_000))),
  );
  const all = popped.flat();
  assert.equal(all.length, 50);
  assert.equal(new Set(all).size, 50);
  assert.equal(await a.queueSize('q'), 50); // hidden, not deleted
});

void test('due timers and event messages are each claimed by one server', async (t) => {
  const database = await createTestDatabase(t);
  const [a, b] = [await database.open(), await database.open()];
  await a.transact(async (tx) => {
    for (let i = 0; i < 60; i++) {
      await tx.setTimer(`w${i}`, i);
      await tx.publishEventMessage('conductor:flow:ref', `m${i}`, { i }, i);
    }
  });
  const claims = await Promise.all(
    [a, b, a, b].map((store) =>
      store.transact(async (tx) => ({
        timers: await tx.claimDueTimers(1_000, 25, 60_000),
        messages: (await tx.claimEventMessages(1_000, 25, 60_000)).map((m) => m.messageId),
      })),
    ),
  );
  const timers = claims.flatMap((c) => c.timers);
  const messages = claims.flatMap((c) => c.messages);
  assert.equal(timers.length, 60);
  assert.equal(new Set(timers).size, 60);
  assert.equal(messages.length, 60);
  assert.equal(new Set(messages).size, 60);
});

void test('transactions that load one workflow run one after the other, the second seeing the first', async (t) => {
  const database = await createTestDatabase(t);
  const [a, b] = [await database.open(), await database.open()];
  await seedWorkflow(a, 'w1');
  const aHolds = latch();
  const release = latch();

  const first = a.transact(async (tx) => {
    const wf = (await tx.getWorkflow('w1', true))!;
    // A kept execution is read without waiting for its lock: a read answered means the lock is held.
    await tx.countInProgress('greet');
    aHolds.open();
    await release.promise;
    const done = { ...wf.tasks[0]!, status: 'COMPLETED' as const };
    await tx.updateWorkflow({ ...wf, variables: { by: 'a' }, tasks: [done] }, [done]);
  });
  await aHolds.promise;
  let seenByB: { variables?: unknown; status?: string } | undefined;
  const second = b.transact(async (tx) => {
    const wf = (await tx.getWorkflow('w1', true))!;
    seenByB = { variables: wf.variables, status: wf.tasks[0]?.status };
    await tx.updateWorkflow({ ...wf, variables: { ...wf.variables, then: 'b' } }, []);
  });
  // B is blocked on A's row lock: it cannot have read anything yet.
  await until('B waits for A', async () => (await lockWaiters(database)) === 1);
  assert.equal(seenByB, undefined);
  release.open();
  await Promise.all([first, second]);

  // B read A's workflow fields and A's task, written in the same commit.
  assert.deepEqual(seenByB, { variables: { by: 'a' }, status: 'COMPLETED' });
  assert.deepEqual((await a.getWorkflow('w1', false))?.variables, { by: 'a', then: 'b' });
});

void test('a task read in a transaction waits for the transaction deciding its execution', async (t) => {
  const database = await createTestDatabase(t);
  const [a, b] = [await database.open(), await database.open()];
  await seedWorkflow(a, 'w1');
  const aHolds = latch();
  const release = latch();
  const first = a.transact(async (tx) => {
    const wf = (await tx.getWorkflow('w1', true))!;
    // A kept execution is read without waiting for its lock: a read answered means the lock is held.
    await tx.countInProgress('greet');
    aHolds.open();
    await release.promise;
    const done = { ...wf.tasks[0]!, status: 'COMPLETED' as const };
    await tx.updateWorkflow({ ...wf, tasks: [done] }, [done]);
  });
  await aHolds.promise;
  // B reads the task (as a task update or a hand-out does) while A decides its workflow.
  const second = b.transact(async (tx) => {
    const task = await tx.getTask('w1-t1');
    const wf = await tx.getWorkflow('w1', true);
    return { task: task?.status, inWorkflow: wf?.tasks[0]?.status };
  });
  await until('B waits for A', async () => (await lockWaiters(database)) === 1);
  release.open();
  await first;
  // The task and its workflow are read together, after A's commit: never an older task beside a newer workflow.
  assert.deepEqual(await second, { task: 'COMPLETED', inWorkflow: 'COMPLETED' });
});

void test('lockKey makes check-then-act atomic across servers', async (t) => {
  const database = await createTestDatabase(t);
  const stores = [await database.open(), await database.open(), await database.open()];
  const def = workflowDef('orders');
  const started: string[] = [];
  // Each server: take the key, look for an execution with it, start one if there is none.
  const start = (store: Store, id: string): Promise<void> =>
    store.transact(async (tx) => {
      await tx.lockKey('idempotency:orders:k1');
      if ((await tx.workflowsByIdempotencyKey('orders', 'k1')).length > 0) return;
      await tx.createWorkflow(workflow(id, def, { idempotencyKey: 'k1' }));
      started.push(id);
    });
  await Promise.all(stores.flatMap((store, i) => [start(store, `w${i}a`), start(store, `w${i}b`)]));
  assert.equal(started.length, 1);
  assert.deepEqual(
    (await stores[0]!.workflowsByIdempotencyKey('orders', 'k1')).map((w) => w.workflowId),
    started,
  );
});

void test('lockKey holds a second transaction until the first ends', async (t) => {
  const database = await createTestDatabase(t);
  const [a, b] = [await database.open(), await database.open()];
  const aHolds = latch();
  const release = latch();
  const order: string[] = [];
  const first = a.transact(async (tx) => {
    await tx.lockKey('rate:greet');
    await tx.countInProgress('greet'); // a read: the lock is held once it answers
    aHolds.open();
    await release.promise;
    order.push('a');
  });
  await aHolds.promise;
  const second = b.transact(async (tx) => {
    await tx.lockKey('rate:greet');
    await tx.countInProgress('greet');
    order.push('b');
  });
  await until('B waits for the key', async () => (await lockWaiters(database)) === 1);
  assert.deepEqual(order, []);
  release.open();
  await Promise.all([first, second]);
  assert.deepEqual(order, ['a', 'b']);
});

void test('a deadlock is re-run transparently and the re-run unit does not double its writes', async (t) => {
  const database = await createTestDatabase(t);
  const [a, b] = [await database.open(), await database.open()];
  await seedWorkflow(a, 'w1');
  await seedWorkflow(a, 'w2');
  const aHasW1 = latch();
  const bHasW2 = latch();
  const runs = { a: 0, b: 0 };
  // Each unit locks one workflow, waits for the other unit to lock the second, then wants that one too.
  const unit =
    (name: 'a' | 'b', mine: string, theirs: string, have: () => void, wait: Promise<void>) =>
    async (tx: StoreTx): Promise<void> => {
      runs[name]++;
      await tx.getWorkflow(mine, true);
      await tx.addTaskLogs([{ taskId: `${mine}-t1`, log: `by ${name}`, createdTime: 1 }]);
      have();
      await wait;
      await tx.getWorkflow(theirs, true);
    };
  await Promise.all([
    a.transact(unit('a', 'w1', 'w2', aHasW1.open, bHasW2.promise)),
    b.transact(unit('b', 'w2', 'w1', bHasW2.open, aHasW1.promise)),
  ]);
  // PostgreSQL aborted one of the two; it ran again after the other committed.
  assert.equal(runs.a + runs.b, 3);
  const logs = [...(await a.getTaskLogs('w1-t1')), ...(await a.getTaskLogs('w2-t1'))];
  assert.deepEqual(logs.map((l) => l.log).sort(), ['by a', 'by b']);
});

void test('signals reach the other servers after commit, never on rollback, and not their sender', async (t) => {
  const database = await createTestDatabase(t);
  const [a, b] = [await database.open(), await database.open()];
  const seen: Record<'a' | 'b', StoreSignal[]> = { a: [], b: [] };
  a.signals.subscribe((s) => seen.a.push(s));
  b.signals.subscribe((s) => seen.b.push(s));
  assert.equal(a.shared, true);
  assert.equal(a.signals.reliable, true);

  await assert.rejects(
    a.transact(async (tx) => {
      await tx.notify([{ type: 'workflowChanged', workflowId: 'rolled-back' }]);
      throw new Error('changed my mind');
    }),
    /changed my mind/,
  );
  let sentBeforeCommit = false;
  await a.transact(async (tx) => {
    await tx.notify([
      { type: 'taskQueued', queueName: 'greet', visibleAt: 5 },
      { type: 'definitionsChanged' },
      { type: 'taskQueued', queueName: 'greet', visibleAt: 5 }, // a repeat is sent once
    ]);
    // Committing has not started: nothing may have been delivered.
    await tx.getTaskDef('anything');
    sentBeforeCommit = seen.b.length > 0;
  });
  assert.equal(sentBeforeCommit, false);
  await until('B hears A', () => seen.b.length >= 2);
  // Notifications arrive in commit order: had the rolled-back one been sent, it would have come first.
  assert.deepEqual(seen.b, [
    { type: 'taskQueued', queueName: 'greet', visibleAt: 5 },
    { type: 'definitionsChanged' },
  ]);

  // B answers; once A hears it, A would have heard its own signals before (same order argument).
  await b.transact((tx) => tx.notify([{ type: 'polled', queueName: 'greet', lastPollTime: 9 }]));
  await until('A hears B', () => seen.a.length >= 1);
  assert.deepEqual(seen.a, [{ type: 'polled', queueName: 'greet', lastPollTime: 9 }]);
});

void test('many signals in one commit are split into payloads PostgreSQL accepts', async (t) => {
  const database = await createTestDatabase(t);
  const [a, b] = [await database.open(), await database.open()];
  const seen: StoreSignal[] = [];
  b.signals.subscribe((s) => seen.push(s));
  const signals: StoreSignal[] = Array.from({ length: 2_000 }, (_, i) => ({
    type: 'workflowChanged',
    workflowId: `workflow-with-a-longish-id-${i}`,
  }));
  await a.transact((tx) => tx.notify(signals));
  await until('all signals arrive', () => seen.length >= signals.length);
  assert.deepEqual(seen, signals);
});

void test('three servers opening one new database at once apply each migration once', async (t) => {
  const database = await createTestDatabase(t, { migrated: false });
  const expected = loadPgMigrations().map((m) => m.version);
  const clients = await Promise.all(
    [0, 1, 2].map(async () => {
      const client = new pg.Client({ connectionString: database.connectionString });
      await client.connect();
      return client;
    }),
  );
  const applied = await Promise.all(clients.map((client) => migratePg(client))).finally(() =>
    Promise.all(clients.map((c) => c.end())),
  );
  // One of them applied everything; the others waited for it and found nothing left.
  assert.deepEqual(applied.map((versions) => versions.length).sort(), [0, 0, expected.length]);
  assert.deepEqual(applied.flat(), expected);

  // Stores opening together on the now migrated database change nothing and work.
  const stores = await Promise.all([database.open(), database.open(), database.open()]);
  await stores[0].transact((tx) => tx.putTaskDef({ name: 'greet' }));
  assert.deepEqual(await stores[2].getTaskDef('greet'), { name: 'greet' });
  const recorded = await sql<{ version: number }>(
    database,
    'SELECT version FROM schema_migrations ORDER BY version',
  );
  assert.deepEqual(
    recorded.map((r) => r.version),
    expected,
  );
});
