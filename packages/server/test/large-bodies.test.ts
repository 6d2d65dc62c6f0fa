// Request bodies above 1 MB are read, parsed, depth-checked and measured on a worker thread (issue 12), and must
// answer exactly as the event loop's own parsing does: 400 with the path for a body nested too deeply, 400 for
// bad JSON or a `__proto__` key, 413 past the body limit; and what they carry must arrive whole (long strings come
// back in pieces, multi-byte characters may straddle chunks), stored externally from the worker's bytes when
// above the threshold. Real server; the storing tests on both stores.
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { isDeepStrictEqual } from 'node:util';
import type { Workflow } from '@baton/protocol';
import { JsonBodyPool } from '../src/http/json-body-pool.js';
import { OFF_THREAD_BYTES } from '../src/http/body-parsers.js';
import { startServer, type BatonServer } from '../src/start-server.js';
import { createDatabase, STORES, type TestDatabase } from './support/databases.js';
import { assertError, httpApi, type Answer } from './http-api.js';

const FLOW = 'large_bodies_flow';
const TASK = 'large_bodies_work';
const FORK = 'large_bodies_fork';
const FILLED = 'large_bodies_filled';
const BRANCH = 'large_bodies_branch';
/** Enough characters to send a body to the worker. */
const PAD = 'p'.repeat(OFF_THREAD_BYTES + 1000);

const nested = (levels: number): string => '['.repeat(levels) + ']'.repeat(levels);

// One server per store (each starts its own body worker, which under tsx takes seconds).
for (const kind of STORES)
  void describe(`large request bodies on ${kind}`, () => {
    let server: BatonServer;
    let database: TestDatabase;
    const { ok, send, work } = httpApi(() => server.url);

    before(async () => {
      database = await createDatabase(kind);
      server = await startServer({ port: 0, db: database.db, logLevel: 'silent', uiDir: false });
      await ok('POST', '/metadata/taskdefs', [
        { name: TASK, responseTimeoutSeconds: 3600 },
        { name: BRANCH, responseTimeoutSeconds: 3600 },
      ]);
      await ok('POST', '/metadata/workflow', {
        name: FLOW,
        version: 1,
        schemaVersion: 2,
        tasks: [{ name: TASK, taskReferenceName: 'work', type: 'SIMPLE' }],
      });
      await ok('POST', '/metadata/workflow', {
        name: FILLED,
        version: 1,
        schemaVersion: 2,
        inputTemplate: { filled: 'by the definition' },
        tasks: [{ name: TASK, taskReferenceName: 'work', type: 'SIMPLE' }],
      });
      const branches = ['a', 'b', 'c'].map((ref) => [
        {
          name: BRANCH,
          taskReferenceName: ref,
          type: 'SIMPLE',
          inputParameters: { blob: '${workflow.input.blob}' },
        },
      ]);
      await ok('POST', '/metadata/workflow', {
        name: FORK,
        version: 1,
        schemaVersion: 2,
        tasks: [
          { name: 'fork', taskReferenceName: 'fork', type: 'FORK_JOIN', forkTasks: branches },
          { name: 'join', taskReferenceName: 'join', type: 'JOIN', joinOn: ['a', 'b', 'c'] },
        ],
      });
    });

    after(async () => {
      await server?.close();
      await database?.drop();
    });

    // Parsing does not depend on the store: these run on one.
    if (kind === STORES[0]) {
      test('a large body nested 4000 levels deep is refused with 400 and the path, on start and task update', async () => {
        const body = `{"pad":"${PAD}","deep":${nested(4000)}}`;
        for (const path of [`/workflow/${FLOW}`, '/tasks']) {
          const answer = await send('POST', path, body);
          assertError(answer, 400, /nested too deeply: more than 256 levels of maps and lists at deep\[0\]/);
          const [error] = (answer.json as { validationErrors: Array<{ path: string }> }).validationErrors;
          assert.match(error!.path, /^deep\[0\]\[0\]/);
        }
      });

      test('a large body that is not JSON, or holds a __proto__ key, is refused with 400', async () => {
        assertError(await send('POST', `/workflow/${FLOW}`, `{"pad":"${PAD}",`), 400, /not valid JSON/);
        assertError(
          await send('POST', `/workflow/${FLOW}`, `{"pad":"${PAD}","__proto__":{"x":1}}`),
          400,
          /forbidden "__proto__"/,
        );
        // The server is still whole: a large, good body passes.
        await ok('POST', `/workflow/${FLOW}`, { pad: PAD });
      });

      test('a body past the limit is refused with 413, with or without a content length', async () => {
        const body = `{"pad":"${'x'.repeat(10 * 1024 * 1024)}"}`;
        assert.equal((await send('POST', `/workflow/${FLOW}`, body)).status, 413);
        const chunked = await sendChunked(`${server.url}/api/workflow/${FLOW}`, body);
        assert.equal(chunked.status, 413, chunked.text);
      });

      test('a blank large body is no body', async () => {
        // The start's input is then empty, as for an empty body.
        const id = (await ok('POST', `/workflow/${FLOW}`, ' '.repeat(OFF_THREAD_BYTES + 10))).text;
        const workflow = (await ok('GET', `/workflow/${id}`)).json as Workflow;
        assert.deepEqual(workflow.input, {});
      });
    }

    test('long strings and multi-byte characters of a large input arrive whole', async () => {
      // Two-byte and four-byte UTF-8 characters (some straddle the socket's chunks, and a piece boundary may
      // split a surrogate pair), long strings nested in lists and maps, short ones around them; below the
      // workflow input threshold (5120 KB), so the execution itself carries it. Most come back as slices of the
      // input's JSON text; one with characters JSON escapes is not in that text as such and is sent whole.
      const input = {
        text: 'é😀'.repeat(360_000),
        list: [{ deeper: ['a'.repeat(1_200_000), 'short', 7] }, `${'b'.repeat(99)}"`.repeat(11_000)],
        n: 1.5,
        none: null,
      };
      const id = (await ok('POST', `/workflow/${FLOW}`, input)).text;
      const workflow = (await ok('GET', `/workflow/${id}`)).json as Workflow;
      assert.equal(workflow.externalInputPayloadStoragePath, undefined);
      // Not deepEqual: its diff of megabytes would bury the report.
      assert.ok(isDeepStrictEqual(workflow.input, input), 'the input came back changed');
    });

    test('a large input and output kept in their rows are stored as sent, and an input filled in as changed', async () => {
      // Below the thresholds: the rows hold the worker's JSON text of each (no second serialization).
      const input = { pad: PAD, n: 1, unicode: 'é😀' };
      const id = (await ok('POST', `/workflow/${FLOW}`, input)).text;
      const output = { result: PAD, k: 'v' };
      const done = await work(id, TASK, 'COMPLETED', output);
      const workflow = (await ok('GET', `/workflow/${id}?includeTasks=true`)).json as Workflow;
      assert.equal(workflow.status, 'COMPLETED');
      assert.ok(isDeepStrictEqual(workflow.input, input), 'the input came back changed');
      const task = workflow.tasks.find((t) => t.taskId === done.taskId);
      assert.ok(isDeepStrictEqual(task?.outputData, output), 'the task output came back changed');
      // The definition fills in a key: the execution's input is a new object, written as itself.
      const filled = (await ok('POST', '/workflow', { name: FILLED, version: 1, input })).text;
      const started = (await ok('GET', `/workflow/${filled}`)).json as Workflow;
      assert.ok(
        isDeepStrictEqual(started.input, { ...input, filled: 'by the definition' }),
        'the filled-in input came back without its default',
      );
    });

    test('a task output above the threshold is stored from the worker and reads back identical', async () => {
      const id = (await ok('POST', `/workflow/${FLOW}`, { tag: 'stored' })).text;
      // Above the task output threshold (3072 KB), below its hard limit.
      const output = { blob: 'z'.repeat(3200 * 1024), unicode: 'ü€'.repeat(1000), n: [1, 2, 3] };
      const done = await work(id, TASK, 'COMPLETED', output);
      const task = (await ok('GET', `/tasks/${done.taskId}`)).json as {
        externalOutputPayloadStoragePath?: string;
      };
      assert.match(task.externalOutputPayloadStoragePath ?? '', /^task\/output\/[\w-]+\.json$/);
      const stored = await ok('GET', `/external-payloads/${task.externalOutputPayloadStoragePath}`);
      assert.ok(isDeepStrictEqual(JSON.parse(stored.text), output), 'the stored output differs');
      const workflow = (await ok('GET', `/workflow/${id}`)).json as Workflow;
      assert.equal(workflow.status, 'COMPLETED');
    });

    // Large payloads are stored before their transaction, pending until it settles them (payloads-stored-ahead).
    const pendingSwept = () => server.store.sweepPendingPayloads(Number.MAX_SAFE_INTEGER, 100);

    test('a large output and a large input stored ahead are settled by their requests', async () => {
      await pendingSwept();
      const id = (await ok('POST', `/workflow/${FLOW}`, { blob: 'i'.repeat(5300 * 1024) })).text;
      await work(id, TASK, 'COMPLETED', { blob: 'o'.repeat(3200 * 1024) });
      assert.equal(await pendingSwept(), 0);
      const workflow = (await ok('GET', `/workflow/${id}?includeTasks=true`)).json as Workflow;
      assert.equal(workflow.status, 'COMPLETED');
      const stored = await ok(
        'GET',
        `/external-payloads/${workflow.tasks[0]?.externalOutputPayloadStoragePath}`,
      );
      assert.equal(stored.text.length, 3200 * 1024 + '{"blob":""}'.length);
    });

    test('a large output naming no task of ours is refused and stores nothing', async () => {
      await pendingSwept();
      const id = (await ok('POST', `/workflow/${FLOW}`, { tag: 'refused' })).text;
      const answer = await send('POST', '/tasks', {
        workflowInstanceId: id,
        taskId: 'no-such-task',
        status: 'COMPLETED',
        outputData: { blob: 'n'.repeat(3200 * 1024) },
      });
      assert.equal(answer.status, 404);
      assert.equal(await pendingSwept(), 0);
    });

    test('a large output sent by reference name is stored ahead and settled; one for no pending task is swept', async () => {
      await pendingSwept();
      const id = (await ok('POST', `/workflow/${FLOW}`, { tag: 'by-ref' })).text;
      const output = { blob: 'r'.repeat(3200 * 1024) };
      const taskId = (await ok('POST', `/tasks/${id}/work/COMPLETED`, output)).text;
      assert.equal(await pendingSwept(), 0);
      const task = (await ok('GET', `/tasks/${taskId}`)).json as {
        externalOutputPayloadStoragePath?: string;
      };
      const stored = await ok('GET', `/external-payloads/${task.externalOutputPayloadStoragePath}`);
      assert.ok(isDeepStrictEqual(JSON.parse(stored.text), output), 'the stored output differs');
      // The task is done: nothing takes this one, which stays pending until the sweep.
      assert.equal((await ok('POST', `/tasks/${id}/work/COMPLETED`, output)).text, '');
      assert.equal(await pendingSwept(), 1);
    });

    test('a start answered with the existing execution leaves its input pending, and the sweep drops it', async () => {
      await pendingSwept();
      const start = {
        name: FLOW,
        version: 1,
        idempotencyKey: 'stored-ahead',
        idempotencyStrategy: 'RETURN_EXISTING',
        input: { blob: 'k'.repeat(5300 * 1024) },
      };
      const first = (await ok('POST', '/workflow', start)).text;
      assert.equal(await pendingSwept(), 0);
      assert.equal((await ok('POST', '/workflow', start)).text, first);
      assert.equal(await pendingSwept(), 1);
      const workflow = (await ok('GET', `/workflow/${first}`)).json as Workflow;
      const stored = await ok('GET', `/external-payloads/${workflow.externalInputPayloadStoragePath}`);
      assert.equal(stored.text.length, 5300 * 1024 + '{"blob":""}'.length);
    });

    test('fork branches naming one large input store it once and read it back whole', async () => {
      const blob = 'f'.repeat(5300 * 1024);
      const id = (await ok('POST', `/workflow/${FORK}`, { blob })).text;
      const workflow = (await ok('GET', `/workflow/${id}?includeTasks=true`)).json as Workflow;
      const paths = workflow.tasks
        .filter((task) => task.taskType === BRANCH)
        .map((task) => task.externalInputPayloadStoragePath);
      assert.equal(paths.length, 3);
      assert.deepEqual(new Set(paths), new Set([workflow.externalInputPayloadStoragePath]));
      const stored = await ok('GET', `/external-payloads/${paths[0]}`);
      assert.ok(isDeepStrictEqual(JSON.parse(stored.text), { blob }), 'the stored input differs');
    });
  });

void test('past its bytes in flight, the body reader refuses with a retryable error', async () => {
  const pool = new JsonBodyPool(2 * 1024 * 1024);
  try {
    const first = pool.begin();
    first.push(Buffer.from(`{"a":"${'x'.repeat(1024 * 1024)}"}`));
    const second = pool.begin();
    second.push(Buffer.from(`{"b":"${'y'.repeat(1024 * 1024)}"}`));
    await assert.rejects(second.finish([]), (error: Error & { status?: number; retryable?: boolean }) => {
      assert.equal(error.status, 503);
      assert.equal(error.retryable, true);
      return true;
    });
    // The first is unharmed, and once it is done its bytes are free again.
    const result = await first.finish([]);
    assert.equal((result as { body: { a: string } }).body.a.length, 1024 * 1024);
    // A body given up (its client went away) frees its bytes too.
    const abandoned = pool.begin();
    abandoned.push(Buffer.from(`{"d":"${'w'.repeat(1024 * 1024)}`));
    abandoned.abandon();
    const third = pool.begin();
    third.push(Buffer.from(`{"c":"${'z'.repeat(1024 * 1024)}"}`));
    const fourth = pool.begin();
    fourth.push(Buffer.from(`{"e":"${'v'.repeat(512 * 1024)}"}`));
    assert.equal(((await third.finish([])) as { body: { c: string } }).body.c.length, 1024 * 1024);
    assert.equal(((await fourth.finish([])) as { body: { e: string } }).body.e.length, 512 * 1024);
  } finally {
    await pool.close();
  }
});

void test('bodies read at once and ended together are each answered with their own content', async () => {
  const pool = new JsonBodyPool();
  try {
    // Multi-byte characters cut across pushes, bodies waiting to be parsed while earlier results go out.
    const texts = Array.from({ length: 8 }, (_, i) => `{"n":${i},"s":"${'é€'.repeat(400_000 + i)}"}`);
    const bodies = texts.map((text) => {
      const body = pool.begin();
      const bytes = Buffer.from(text);
      for (let at = 0; at < bytes.length; at += 100_001) body.push(bytes.subarray(at, at + 100_001));
      return body;
    });
    // One is given up after the others ended: the rest are unharmed.
    const answers = bodies.map((body, i) => (i === 3 ? undefined : body.finish([])));
    bodies[3]!.abandon();
    for (const [i, answer] of answers.entries()) {
      if (!answer) continue;
      const { body } = (await answer) as { body: { n: number; s: string } };
      assert.equal(body.n, i);
      assert.equal(body.s, 'é€'.repeat(400_000 + i));
    }
  } finally {
    await pool.close();
  }
});

void test('a capped string is cut in the worker: only its first characters reach this thread', async () => {
  const pool = new JsonBodyPool();
  try {
    const reason = `${'😀'.repeat(300)}${'r'.repeat(3 * 1024 * 1024)}`;
    const kept = { other: 'x'.repeat(2 * 1024 * 1024) };
    const body = pool.begin();
    body.push(Buffer.from(JSON.stringify({ reasonForIncompletion: reason, kept })));
    const result = await body.finish([], [{ field: 'reasonForIncompletion', maxChars: 500 }]);
    assert.ok(!result.failure);
    const parsed = result.body as { reasonForIncompletion: string; kept: { other: string } };
    assert.equal(parsed.reasonForIncompletion, reason.slice(0, 500));
    assert.ok(parsed.kept.other === kept.other, 'a string not capped came back changed');
    // Only the uncapped long string followed in pieces: the reason's megabytes never left the worker.
    assert.deepEqual(
      result.longStrings.map((s) => s.path),
      [['kept', 'other']],
    );
  } finally {
    await pool.close();
  }
});

void test('a long string whose pieces split a surrogate pair arrives whole', async () => {
  const pool = new JsonBodyPool();
  try {
    // After 'a', pairs start at odd indices: the first piece (1M characters) ends between the two of a pair.
    const s = `a${'😀'.repeat(600_000)}`;
    const body = pool.begin();
    body.push(Buffer.from(JSON.stringify({ s })));
    const result = await body.finish([]);
    assert.ok(!result.failure);
    assert.ok((result.body as { s: string }).s === s, 'the string came back changed');
    assert.equal(result.longStrings.length, 1);
  } finally {
    await pool.close();
  }
});

void test('wide lists come back in slices and arrive whole, beside and around long strings', async () => {
  const pool = new JsonBodyPool();
  try {
    const items = Array.from({ length: 10_001 }, (_, i) => ({
      id: i,
      tags: ['a', i % 7 === 0 ? null : 'b'],
    }));
    const sent = {
      items,
      // Nested in another wide list: goes whole inside its slices.
      grid: Array.from({ length: 3_000 }, (_, i) =>
        i === 5 ? Array.from({ length: 5_000 }, (_, j) => j) : i,
      ),
      // A wide list holding a long string goes whole, so that the string's path is whole when it arrives.
      withLong: Array.from({ length: 5_000 }, (_, i) => (i === 4_999 ? 'L'.repeat(1_500_000) : i)),
      deep: { list: Array.from({ length: 2_049 }, (_, i) => `s${i}`), blob: 'B'.repeat(1_200_000) },
      narrow: [1, 2, 3],
      empty: [],
    };
    const body = pool.begin();
    body.push(Buffer.from(JSON.stringify(sent)));
    const result = await body.finish([]);
    assert.ok(!result.failure);
    assert.ok(isDeepStrictEqual(result.body, sent), 'the body came back changed');
    // The wide lists with no long string in them came in slices; the one holding a long string did not.
    assert.deepEqual(
      result.wideLists.map((l) => l.path),
      [['items'], ['grid'], ['deep', 'list']],
    );
    assert.deepEqual(
      result.longStrings.map((l) => l.path),
      [
        ['deep', 'blob'],
        ['withLong', 4_999],
      ],
    );
  } finally {
    await pool.close();
  }
});

/** POSTs `body` in chunks, with no content length (Transfer-Encoding: chunked). */
function sendChunked(url: string, body: string): Promise<Pick<Answer, 'status' | 'text'>> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    // The server may answer and close before the whole body is written.
    req.on('error', reject);
    for (let at = 0; at < body.length; at += 256 * 1024) req.write(body.slice(at, at + 256 * 1024));
    req.end();
  });
}
