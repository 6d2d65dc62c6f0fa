// The requests the official Conductor clients send that Baton used to refuse or answer wrongly (issue 15): each
// test sends exactly what the client sends, against a real server on port 0.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WorkflowDef } from '@baton/protocol';
import { startServer, type BatonServer } from '@baton/server';
import { assertError, httpApi } from './http-api.js';

let server: BatonServer;
let dir: string;
const { send, ok } = httpApi(() => server.url);

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
