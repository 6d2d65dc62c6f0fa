// A full disk under a running server: a start and a task update answer 503 `retryable: true`, /health says the
// store is unhealthy, nothing is half-written; once space is freed the same requests succeed, /health is healthy
// again and every workflow completes. The disk is a small tmpfs that really fills up (SQLite's file, or a
// PostgreSQL tablespace holding the test database's tables); mounting it needs root, else the test skips.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import pg from 'pg';
import type { Task, Workflow } from '@baton/protocol';
import { type BatonServer, startServer } from '@baton/server';
import { ADMIN_PG_URL, createDatabase, STORES, type StoreKind } from './support/databases.js';
import { mountTmpfs, type Tmpfs } from './support/tmpfs.js';

const BLOB = 'x'.repeat(3 * 1024 * 1024); // more than the WAL or a table has room for on the full disk

const json = (body: unknown): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

async function pgQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** The store's data on `disk`; resolves the `--db` value and what undoes the setup (after the server closed). */
async function databaseOn(
  kind: StoreKind,
  disk: Tmpfs,
): Promise<{ db: string; afterStart(): Promise<void>; drop(): Promise<void> }> {
  if (kind === 'sqlite') {
    return { db: join(disk.dir, 'baton.db'), afterStart: async () => {}, drop: async () => {} };
  }
  const database = await createDatabase('postgres');
  const tablespace = `baton_full_${new URL(database.db).pathname.slice(1)}`;
  await pgQuery(ADMIN_PG_URL, `CREATE TABLESPACE ${tablespace} LOCATION '${disk.dir}'`);
  return {
    db: database.db,
    // Once migrated, every table and index of the database moves onto the small disk (WAL stays where it is).
    async afterStart() {
      await pgQuery(database.db, `ALTER TABLE ALL IN TABLESPACE pg_default SET TABLESPACE ${tablespace}`);
      await pgQuery(database.db, `ALTER INDEX ALL IN TABLESPACE pg_default SET TABLESPACE ${tablespace}`);
    },
    async drop() {
      await database.drop();
      await pgQuery(ADMIN_PG_URL, `DROP TABLESPACE IF EXISTS ${tablespace}`);
    },
  };
}

function postgresOwner(): { uid: number; gid: number } {
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

async function scenario(t: TestContext, kind: StoreKind): Promise<void> {
  const disk = mountTmpfs(32, kind === 'postgres' ? postgresOwner() : undefined);
  if (!disk) {
    t.skip('mounting a tmpfs needs root');
    return;
  }
  let database: Awaited<ReturnType<typeof databaseOn>> | undefined;
  let server: BatonServer | undefined;
  try {
    database = await databaseOn(kind, disk);
    server = await startServer({ port: 0, db: database.db, logLevel: 'silent' });
    await database.afterStart();
    await diskFullAndBack(server, disk);
  } finally {
    await server?.close();
    await database?.drop();
    disk.remove();
  }
}

async function diskFullAndBack(server: BatonServer, disk: Tmpfs): Promise<void> {
  const api = `${server.url}/api`;
  const ok = async (res: Response): Promise<string> => {
    const text = await res.text();
    assert.equal(res.status, 200, text);
    return text;
  };
  await ok(
    await fetch(`${api}/metadata/taskdefs`, json([{ name: 'full_step', responseTimeoutSeconds: 600 }])),
  );
  await ok(
    await fetch(
      `${api}/metadata/workflow`,
      json({
        name: 'full_flow',
        version: 1,
        schemaVersion: 2,
        tasks: [
          {
            name: 'full_step',
            taskReferenceName: 'step',
            type: 'SIMPLE',
            inputParameters: { v: '${workflow.input.v}' },
          },
        ],
        outputParameters: { v: '${step.output.v}' },
      }),
    ),
  );
  const ids = [];
  for (let v = 0; v < 3; v++) ids.push(await ok(await fetch(`${api}/workflow/full_flow`, json({ v }))));
  const poll = async (): Promise<Task[]> =>
    JSON.parse(await ok(await fetch(`${api}/tasks/poll/batch/full_step?count=10&timeout=100`))) as Task[];
  const tasks = await poll();
  assert.equal(tasks.length, 3);
  const result = (task: Task, extra: object = {}) => ({
    workflowInstanceId: task.workflowInstanceId,
    taskId: task.taskId,
    status: 'COMPLETED',
    outputData: { v: (task.inputData.v as number) * 2, ...extra },
  });
  await ok(await fetch(`${api}/tasks`, json(result(tasks[0]!))));

  disk.fill();
  const refusedStart = { v: 50, blob: BLOB };
  const refusedUpdate = result(tasks[1]!, { blob: BLOB });
  for (const [path, body] of [
    ['/workflow/full_flow', refusedStart],
    ['/tasks', refusedUpdate],
  ] as const) {
    const res = await fetch(`${api}${path}`, json(body));
    const answer = (await res.json()) as {
      status: number;
      code: string;
      retryable: boolean;
      message: string;
    };
    assert.equal(res.status, 503, `POST ${path}: ${JSON.stringify(answer)}`);
    assert.equal(answer.status, 503);
    assert.equal(answer.code, 'SERVICE_UNAVAILABLE');
    assert.equal(answer.retryable, true);
    assert.match(answer.message, /full|space/i);
  }
  for (const path of ['/health', '/api/health']) {
    const res = await fetch(`${server.url}${path}`);
    assert.equal(res.status, 503);
    const health = (await res.json()) as {
      healthy: boolean;
      suppressedHealthResults: unknown[];
      healthResults: Array<{ healthy: boolean; errorMessage: string; details: { name: string } }>;
    };
    assert.equal(health.healthy, false);
    assert.deepEqual(health.suppressedHealthResults, []);
    assert.equal(health.healthResults.length, 1);
    assert.equal(health.healthResults[0]!.healthy, false);
    assert.equal(health.healthResults[0]!.details.name, 'store');
    assert.match(health.healthResults[0]!.errorMessage, /full|space/i);
  }
  // Nothing half-written: no new execution, the refused task result is not there.
  const running = JSON.parse(await ok(await fetch(`${api}/workflow/running/full_flow`))) as string[];
  assert.deepEqual(running.sort(), [ids[1], ids[2]].sort());
  const task = JSON.parse(await ok(await fetch(`${api}/tasks/${tasks[1]!.taskId}`))) as Task;
  assert.equal(task.status, 'IN_PROGRESS');
  assert.deepEqual(task.outputData, {});

  // Room again: the same requests go through, /health is healthy, every workflow completes.
  disk.free();
  ids.push(await ok(await fetch(`${api}/workflow/full_flow`, json(refusedStart))));
  await ok(await fetch(`${api}/tasks`, json(refusedUpdate)));
  const health = await fetch(`${server.url}/health`);
  assert.equal(health.status, 200);
  assert.deepEqual(await health.json(), { healthResults: [], suppressedHealthResults: [], healthy: true });
  await ok(await fetch(`${api}/tasks`, json(result(tasks[2]!))));
  const [last] = await poll();
  assert.ok(last);
  await ok(await fetch(`${api}/tasks`, json(result(last))));
  const outputs = [];
  for (const id of ids) {
    const wf = JSON.parse(await ok(await fetch(`${api}/workflow/${id}?includeTasks=false`))) as Workflow;
    assert.equal(wf.status, 'COMPLETED', id);
    outputs.push(wf.output?.v);
  }
  assert.deepEqual(outputs, [0, 2, 4, 100]);
}

for (const kind of STORES) {
  void test(`a full disk answers 503 retryable and /health unhealthy; freed, the server goes on [${kind}]`, (t) =>
    scenario(t, kind));
}
