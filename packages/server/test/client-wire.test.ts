// The requests the official Conductor clients send that Baton used to refuse or answer wrongly (issue 15): each
// test sends exactly what the client sends, against a real server on port 0.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WorkflowDef } from '@baton/protocol';
import { startServer, type BatonServer } from '@baton/server';
import { assertError, httpApi, refs } from './http-api.js';

let server: BatonServer;
let dir: string;
const { send, ok, workflow, work } = httpApi(() => server.url);

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'baton-client-wire-'));
  server = await startServer({ port: 0, dbPath: join(dir, 'baton.db'), logLevel: 'silent' });
});

after(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

const noopFlow = (name: string, description = ''): WorkflowDef => ({
  name,
  version: 1,
  schemaVersion: 2,
  description,
  tasks: [{ name: 'noop', taskReferenceName: 'noop', type: 'NOOP' }],
});

void describe('boolean query parameters as Spring reads them', () => {
  void test('the Python client registers with overwrite=True', async () => {
    await ok('POST', '/metadata/workflow?overwrite=True', noopFlow('wire_bool', 'first'));
    await ok('POST', '/metadata/workflow?overwrite=True', noopFlow('wire_bool', 'second'));
    const def = (await ok('GET', '/metadata/workflow/wire_bool')).json as WorkflowDef;
    assert.equal(def.description, 'second');
  });

  void test('on/off, yes/no, 1/0 in any case; anything else is a 400 naming the parameter', async () => {
    for (const word of ['ON', 'yes', '1', ' TRUE ']) {
      await ok('POST', `/metadata/workflow?overwrite=${encodeURIComponent(word)}`, noopFlow('wire_bool'));
    }
    for (const word of ['Off', 'NO', '0', 'False']) {
      assertError(
        await send('POST', `/metadata/workflow?overwrite=${word}`, noopFlow('wire_bool')),
        409,
        /already exists/,
      );
    }
    const bad = await send('POST', '/metadata/workflow?overwrite=maybe', noopFlow('wire_bool'));
    assertError(bad, 400, /overwrite/);
  });
});

void describe('validation no stricter than Conductor', () => {
  void test('a FORK_JOIN as the last task, with no JOIN, registers and runs to completion', async () => {
    await ok('POST', '/metadata/workflow', {
      name: 'wire_fork_last',
      version: 1,
      schemaVersion: 2,
      tasks: [
        {
          name: 'fork',
          taskReferenceName: 'fork',
          type: 'FORK_JOIN',
          forkTasks: [
            [{ name: 'a', taskReferenceName: 'a', type: 'NOOP' }],
            [{ name: 'wait', taskReferenceName: 'b', type: 'WAIT' }],
          ],
        },
      ],
    });
    const id = (await ok('POST', '/workflow/wire_fork_last', {})).text;
    assert.equal((await workflow(id)).status, 'RUNNING');
    await ok('POST', `/tasks/${id}/COMPLETED/signal`, {});
    const wf = await workflow(id);
    assert.equal(wf.status, 'COMPLETED');
    assert.deepEqual(refs(wf), ['fork=COMPLETED', 'a=COMPLETED', 'b=COMPLETED']);
  });

  void test('an inline taskDefinition without a name is accepted and used', async () => {
    await ok('POST', '/metadata/workflow', {
      name: 'wire_inline_def',
      version: 1,
      schemaVersion: 2,
      tasks: [
        {
          name: 'wire_inline_worker',
          taskReferenceName: 'work',
          type: 'SIMPLE',
          taskDefinition: { enforceSchema: false, retryCount: 0 },
        },
      ],
    });
    const id = (await ok('POST', '/workflow/wire_inline_def', {})).text;
    await work(id, 'wire_inline_worker', 'FAILED');
    const wf = await workflow(id);
    assert.equal(wf.status, 'FAILED');
    assert.deepEqual(refs(wf), ['work=FAILED']); // retryCount 0 from the inline definition: no retry
  });
});
