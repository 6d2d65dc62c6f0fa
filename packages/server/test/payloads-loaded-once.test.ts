/**
 * A stored payload is read from storage and parsed once, not at every decision of its execution: a workflow with
 * a 9 MB input paid 60–120 ms of the event loop at each task completion before (issue 12). Counted with the
 * store's statement counts, on a real server, both stores; a restarted server reads it once again, then no more.
 * An upload (the SDKs' way with a large output) is parsed off the event loop when large, and kept.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Task, Workflow } from '@baton/protocol';
import { startServer, type BatonServer } from '@baton/server';
import { createDatabase, STORES, type TestDatabase } from './support/databases.js';
import { httpApi } from './http-api.js';

const FLOW = 'loaded_once_flow';
const UPLOAD_FLOW = 'loaded_once_upload';
const TYPE = 'loaded_once_work';
/** The statement that reads a stored payload, by store. */
const PAYLOAD_READ = { sqlite: 'SELECT external_payloads', postgres: 'baton_payload_get' } as const;
/** Structured (many small maps), as real payloads are, and above the 64 KB threshold this server is given. */
const ITEMS = Array.from({ length: 2_000 }, (_, i) => ({ id: i, name: `item ${i}`, tags: ['a', 'b'] }));

let server: BatonServer;
let database: TestDatabase;
const { ok, send, work, workflow } = httpApi(() => server.url);

const serve = async (): Promise<BatonServer> =>
  startServer({
    port: 0,
    db: database.db,
    logLevel: 'silent',
    countStatements: true,
    payloadLimits: { workflowInputPayloadSizeThreshold: '64KB' },
  });

/** Statements of one kind run so far, from `/metrics`. */
async function statements(kind: string): Promise<number> {
  const metrics = await (await fetch(`${server.url}/metrics`)).text();
  const line = metrics
    .split('\n')
    .find((l) => l.startsWith(`baton_store_statements_total{statement="${kind}"}`));
  return line === undefined ? 0 : Number(line.split(' ').at(-1));
}

for (const kind of STORES)
  void describe(`on ${kind}`, () => {
    before(async () => {
      database = await createDatabase(kind);
      server = await serve();
      await ok('POST', '/metadata/taskdefs', [{ name: TYPE, responseTimeoutSeconds: 3600 }]);
      // Every task reads the stored input: the decider must see the real payload each time.
      const tasks = [0, 1, 2, 3].map((n) => ({
        name: TYPE,
        taskReferenceName: `t${n}`,
        type: 'SIMPLE',
        inputParameters: { item: `\${workflow.input.items[${n * 100}]}` },
      }));
      await ok('POST', '/metadata/workflow', {
        name: FLOW,
        version: 1,
        schemaVersion: 2,
        tasks,
        outputParameters: { last: '${workflow.input.items[1999].name}' },
      });
      await ok('POST', '/metadata/workflow', {
        name: UPLOAD_FLOW,
        version: 1,
        schemaVersion: 2,
        tasks: [
          { name: TYPE, taskReferenceName: 'u0', type: 'SIMPLE' },
          {
            name: TYPE,
            taskReferenceName: 'u1',
            type: 'SIMPLE',
            inputParameters: { item: '${u0.output.items[7]}' },
          },
        ],
      });
    });

    after(async () => {
      await server?.close();
      await database?.drop();
    });

    test('every task completion decides with the stored input, read once in all, again once after a restart', async () => {
      const id = (await ok('POST', '/workflow', { name: FLOW, version: 1, input: { items: ITEMS } })).text;
      const stored = (await workflow(id)) as Workflow & { externalInputPayloadStoragePath?: string };
      assert.ok(stored.externalInputPayloadStoragePath, 'the input is stored externally');
      const readsBefore = await statements(PAYLOAD_READ[kind]);

      const handed: Task[] = [];
      handed.push(await work(id, TYPE));
      handed.push(await work(id, TYPE));
      // Stored by this server's own start: every decision since used the object it stored.
      assert.equal(await statements(PAYLOAD_READ[kind]), readsBefore);

      await server.close();
      server = await serve();
      handed.push(await work(id, TYPE));
      handed.push(await work(id, TYPE));
      // A new server reads it at its first decision, then keeps it.
      assert.equal(await statements(PAYLOAD_READ[kind]), 1);

      assert.deepEqual(
        handed.map((t) => t.inputData.item),
        [0, 100, 200, 300].map((i) => ITEMS[i]),
      );
      const done = await workflow(id);
      assert.equal(done.status, 'COMPLETED');
      assert.deepEqual(done.output, { last: 'item 1999' });
    });

    test('an upload past 1 MB is parsed off the event loop and kept: the result naming it reads nothing', async () => {
      // Above OFF_THREAD_BYTES; the number's spelling (1.50) shows that the client's own bytes are kept.
      const items = Array.from({ length: 30_000 }, (_, i) => ({ id: i, name: `item ${i}`, price: 1.5 }));
      const text = JSON.stringify({ items }).replaceAll('1.5', '1.50');
      const { uri, path } = (
        await ok('GET', '/tasks/externalstoragelocation?operation=WRITE&payloadType=TASK_OUTPUT')
      ).json as { uri: string; path: string };
      const put = await fetch(uri, {
        method: 'PUT',
        body: text,
        headers: { 'content-type': 'application/octet-stream' },
      });
      assert.equal(put.status, 200);

      const id = (await ok('POST', '/workflow', { name: UPLOAD_FLOW, version: 1, input: {} })).text;
      const readsBefore = await statements(PAYLOAD_READ[kind]);
      const [u0] = (await ok('GET', `/tasks/poll/batch/${TYPE}?count=1&timeout=1000`)).json as Task[];
      await ok('POST', '/tasks', {
        workflowInstanceId: id,
        taskId: u0!.taskId,
        status: 'COMPLETED',
        outputData: {},
        externalOutputPayloadStoragePath: path,
      });
      const u1 = await work(id, TYPE);
      assert.deepEqual(u1.inputData.item, { id: 7, name: 'item 7', price: 1.5 });
      assert.equal(await statements(PAYLOAD_READ[kind]), readsBefore);
      assert.equal(await (await fetch(uri)).text(), text);
    });

    test('a large upload that is not a JSON object, or nests too deeply, is refused', async () => {
      const { path } = (
        await ok('GET', '/tasks/externalstoragelocation?operation=WRITE&payloadType=TASK_OUTPUT')
      ).json as { path: string };
      const pad = 'p'.repeat(1_100_000);
      const deep = `{"pad":"${pad}","x":${'['.repeat(300)}${']'.repeat(300)}}`;
      for (const [body, message] of [
        [`{"pad":"${pad}"`, /must be a JSON object/],
        [`["${pad}"]`, /must be a JSON object/],
        [deep, /^The external payload is nested too deeply: .* at x/],
      ] as const) {
        const answer = await send('PUT', `/external-payloads/${path}`, body);
        assert.equal(answer.status, 400, answer.text.slice(0, 200));
        assert.match((answer.json as { message: string }).message, message);
      }
      assert.equal((await fetch(`${server.url}/api/external-payloads/${path}`)).status, 404);
    });
  });
