// PostgreSQL going away under a running server: every request answers 503 with `retryable: true` and /health 503
// meanwhile, workers back off, and once the database is back the server goes on by itself and nothing is lost.
// The outage is a TCP proxy between the server and this machine's PostgreSQL that drops every connection and
// refuses new ones (the machine's PostgreSQL itself is shared and never stopped).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Task, Workflow } from '@baton/protocol';
import { startServer } from '@baton/server';
import { freshDatabase } from './support/databases.js';

/** Forwards to `target`; `down()` destroys every connection and refuses new ones until `up()`. */
async function outageProxy(
  target: URL,
): Promise<{ port: number; down(): void; up(): void; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  let isDown = false;
  const server: Server = createServer((client) => {
    if (isDown) return client.destroy();
    const upstream = connect(Number(target.port || 5432), target.hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => undefined);
    }
    client.pipe(upstream).pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  assert.ok(address && typeof address === 'object');
  return {
    port: address.port,
    down() {
      isDown = true;
      for (const s of sockets) s.destroy();
    },
    up() {
      isDown = false;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const json = (body: unknown): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

void test('PostgreSQL down: 503 retryable meanwhile; back up: the server recovers and loses nothing', async (t) => {
  const direct = new URL(await freshDatabase(t, 'postgres'));
  const proxy = await outageProxy(direct);
  t.after(() => proxy.close());
  const viaProxy = new URL(direct);
  viaProxy.port = String(proxy.port);
  const server = await startServer({ port: 0, db: viaProxy.toString(), logLevel: 'silent' });
  t.after(() => server.close());
  const api = server.url + '/api';

  let res = await fetch(
    `${api}/metadata/taskdefs`,
    json([{ name: 'outage_step', responseTimeoutSeconds: 600 }]),
  );
  assert.equal(res.status, 200, await res.text());
  const step = (ref: string, v: string) => ({
    name: 'outage_step',
    taskReferenceName: ref,
    type: 'SIMPLE',
    inputParameters: { v },
  });
  res = await fetch(
    `${api}/metadata/workflow`,
    json({
      name: 'outage_chain',
      version: 1,
      schemaVersion: 2,
      tasks: [step('one', '${workflow.input.v}'), step('two', '${one.output.v}')],
      outputParameters: { v: '${two.output.v}' },
    }),
  );
  assert.equal(res.status, 200, await res.text());
  const ids: string[] = [];
  for (let n = 0; n < 20; n++) {
    res = await fetch(`${api}/workflow/outage_chain`, json({ v: n }));
    assert.equal(res.status, 200);
    ids.push(await res.text());
  }

  // A worker that doubles `v`, backing off on 503 as the SDKs do, and never dropping a result.
  let stopped = false;
  const statuses = new Set<number>();
  const handedOut = new Set<string>();
  const handedTwice: string[] = [];
  const worker = (async () => {
    while (!stopped) {
      const poll = await fetch(`${api}/tasks/poll/batch/outage_step?count=5&timeout=100`).catch(
        () => undefined,
      );
      statuses.add(poll?.status ?? 0);
      if (poll?.status !== 200) {
        await sleep(50);
        continue;
      }
      for (const task of (await poll.json()) as Task[]) {
        if (handedOut.has(task.taskId)) handedTwice.push(task.taskId);
        handedOut.add(task.taskId);
        const result = {
          workflowInstanceId: task.workflowInstanceId,
          taskId: task.taskId,
          status: 'COMPLETED',
          outputData: { v: (task.inputData.v as number) * 2 },
        };
        for (;;) {
          const update = await fetch(`${api}/tasks`, json(result));
          statuses.add(update.status);
          if (update.status === 200) break;
          assert.equal(update.status, 503, await update.text());
          await sleep(50);
        }
      }
    }
  })();

  while (handedOut.size < 10) await sleep(10);
  proxy.down();
  // Every call that needs the database answers 503, retryable, in Conductor's error body.
  for (const [method, path] of [
    ['GET', `/workflow/${ids[0]}`],
    ['POST', '/workflow/outage_chain'],
    ['GET', '/metadata/taskdefs/outage_step'],
  ] as const) {
    let answer = await fetch(`${api}${path}`, method === 'POST' ? json({ v: 99 }) : undefined);
    // The first call may still be served from a connection that has not noticed yet; the next one cannot.
    if (answer.status === 200)
      answer = await fetch(`${api}${path}`, method === 'POST' ? json({ v: 99 }) : undefined);
    assert.equal(answer.status, 503, `${method} ${path}`);
    const body = (await answer.json()) as { retryable: boolean; code: string; message: string };
    assert.equal(body.retryable, true);
    assert.equal(body.code, 'SERVICE_UNAVAILABLE');
  }
  // The failed writes made the store unhealthy: /health says so until a write goes through again.
  const healthDown = await fetch(`${server.url}/health`);
  assert.equal(healthDown.status, 503);
  assert.equal(((await healthDown.json()) as { healthy: boolean }).healthy, false);
  await sleep(300); // the worker meets the outage too
  proxy.up();

  // Back up: the server reconnects by itself; every workflow completes with its exact output.
  const deadline = Date.now() + 60_000;
  for (const [n, id] of ids.entries()) {
    for (;;) {
      const read = await fetch(`${api}/workflow/${id}?includeTasks=false`);
      const wf = read.status === 200 ? ((await read.json()) as Workflow) : undefined;
      if (wf?.status === 'COMPLETED') {
        assert.deepEqual(wf.output, { v: n * 4 });
        break;
      }
      assert.ok(Date.now() < deadline, `workflow #${n} still ${wf?.status ?? read.status}`);
      await sleep(50);
    }
  }
  stopped = true;
  await worker;
  const healthUp = await fetch(`${server.url}/health`);
  assert.equal(healthUp.status, 200);
  assert.ok(statuses.has(503), 'the worker met the outage');
  assert.deepEqual(handedTwice, []);
});
