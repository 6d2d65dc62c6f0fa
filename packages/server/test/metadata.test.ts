// §1.1 metadata endpoints over a real server and SQLite file: round trips with Conductor's defaults filled in,
// audit times, 409/404 semantics, bulk PUT, validation, and the in-memory task definition cache.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ErrorResponse, TaskDef, WorkflowDef } from '@baton/protocol';
import { startServer, type BatonServer } from '@baton/server';

let server: BatonServer;
let dir: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'baton-metadata-'));
  server = await startServer({ port: 0, dbPath: join(dir, 'baton.db'), logLevel: 'silent' });
});

after(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

function call(method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${server.url}/api/metadata${path}`, {
    method,
    ...(body !== undefined && {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }),
  });
}

async function expectEmpty200(response: Promise<Response>): Promise<void> {
  const res = await response;
  assert.equal(res.status, 200, await res.clone().text());
  assert.equal(await res.text(), '');
}

async function expectError(
  response: Promise<Response>,
  status: number,
  message: string,
): Promise<ErrorResponse> {
  const res = await response;
  const body = (await res.json()) as ErrorResponse;
  assert.equal(res.status, status);
  assert.equal(body.status, status);
  assert.equal(body.message, message);
  assert.equal(body.instance, hostname());
  assert.equal(body.retryable, false);
  return body;
}

function simpleWorkflow(name: string, extra: Partial<WorkflowDef> = {}): WorkflowDef {
  return { name, tasks: [{ name: 'work', taskReferenceName: 'work_ref', type: 'SIMPLE' }], ...extra };
}

void describe('task definitions', () => {
  void test('POST registers an array with defaults applied, and re-posting updates while keeping createTime', async () => {
    await expectEmpty200(call('POST', '/taskdefs', [{ name: 'td_a' }, { name: 'td_b', retryCount: 0 }]));

    const a = (await (await call('GET', '/taskdefs/td_a')).json()) as TaskDef;
    assert.equal(a.retryCount, 3);
    assert.equal(a.retryLogic, 'FIXED');
    assert.equal(a.retryDelaySeconds, 60);
    assert.equal(a.responseTimeoutSeconds, 3600);
    assert.equal(a.timeoutPolicy, 'TIME_OUT_WF');
    assert.equal(typeof a.createTime, 'number');
    assert.equal(a.updateTime, undefined);
    const b = (await (await call('GET', '/taskdefs/td_b')).json()) as TaskDef;
    assert.equal(b.retryCount, 0);

    await expectEmpty200(call('POST', '/taskdefs', [{ name: 'td_a', retryCount: 7 }]));
    const updated = (await (await call('GET', '/taskdefs/td_a')).json()) as TaskDef;
    assert.equal(updated.retryCount, 7);
    assert.equal(updated.createTime, a.createTime);
    assert.equal(typeof updated.updateTime, 'number');
    assert.equal(server.metadata.taskDef('td_a')?.retryCount, 7);

    const all = (await (await call('GET', '/taskdefs')).json()) as TaskDef[];
    assert.deepEqual(
      all
        .filter((d) => d.name.startsWith('td_'))
        .map((d) => d.name)
        .sort(),
      ['td_a', 'td_b'],
    );
  });

  void test('PUT updates one registered definition and answers 404 for an unknown one', async () => {
    await expectError(
      call('PUT', '/taskdefs', { name: 'td_never' }),
      404,
      'No such taskDef found by name: td_never',
    );
    assert.equal(server.metadata.taskDef('td_never'), undefined);
    assert.equal((await call('GET', '/taskdefs/td_never')).status, 404);

    await expectEmpty200(call('POST', '/taskdefs', [{ name: 'td_put' }]));
    await expectEmpty200(call('PUT', '/taskdefs', { name: 'td_put', retryCount: 1, timeoutSeconds: 7200 }));
    const def = (await (await call('GET', '/taskdefs/td_put')).json()) as TaskDef;
    assert.equal(def.retryCount, 1);
    assert.equal(def.timeoutSeconds, 7200);
    assert.equal(def.responseTimeoutSeconds, 3600);
    assert.equal(server.metadata.taskDef('td_put')?.timeoutSeconds, 7200);
  });

  void test('DELETE removes the definition (from the cache too); deleting again is a 404', async () => {
    await expectEmpty200(call('POST', '/taskdefs', [{ name: 'td_gone' }]));
    assert.ok(server.metadata.taskDef('td_gone'));
    await expectEmpty200(call('DELETE', '/taskdefs/td_gone'));
    assert.equal(server.metadata.taskDef('td_gone'), undefined);
    await expectError(call('GET', '/taskdefs/td_gone'), 404, 'No such taskType found by name: td_gone');
    await expectError(call('DELETE', '/taskdefs/td_gone'), 404, 'No such taskDef found by name: td_gone');
  });
});

void describe('workflow definitions', () => {
  void test('POST registers with defaults, a duplicate is 409, overwrite=true replaces keeping createTime', async () => {
    await expectEmpty200(call('POST', '/workflow', simpleWorkflow('wf_a', { description: 'first' })));
    const stored = (await (await call('GET', '/workflow/wf_a')).json()) as WorkflowDef;
    assert.equal(stored.version, 1);
    assert.equal(stored.schemaVersion, 2);
    assert.equal(stored.restartable, true);
    assert.equal(stored.timeoutPolicy, 'ALERT_ONLY');
    assert.equal(stored.timeoutSeconds, 0);
    assert.equal(stored.description, 'first');
    assert.equal(typeof stored.createTime, 'number');

    const conflict = await expectError(
      call('POST', '/workflow', simpleWorkflow('wf_a', { description: 'second' })),
      409,
      'Workflow with wf_a.1 already exists!',
    );
    assert.equal(conflict.code, 'CONFLICT');
    assert.equal(((await (await call('GET', '/workflow/wf_a')).json()) as WorkflowDef).description, 'first');

    await expectEmpty200(
      call('POST', '/workflow?overwrite=true', simpleWorkflow('wf_a', { description: 'second' })),
    );
    const replaced = (await (await call('GET', '/workflow/wf_a')).json()) as WorkflowDef;
    assert.equal(replaced.description, 'second');
    assert.equal(replaced.createTime, stored.createTime);
    assert.equal(typeof replaced.updateTime, 'number');
  });

  void test('PUT takes an array, creates or replaces each version, and answers a BulkResponse', async () => {
    const res = await call('PUT', '/workflow', [
      simpleWorkflow('wf_v', { version: 1 }),
      simpleWorkflow('wf_v', { version: 2, description: 'v2' }),
    ]);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), {
      bulkErrorResults: {},
      bulkSuccessfulResults: ['wf_v', 'wf_v'],
      message: 'Bulk Request has been processed.',
    });

    const latest = (await (await call('GET', '/workflow/wf_v')).json()) as WorkflowDef;
    assert.equal(latest.version, 2);
    const first = (await (await call('GET', '/workflow/wf_v?version=1')).json()) as WorkflowDef;
    assert.equal(first.version, 1);

    // Replacing an existing version through PUT is not a conflict.
    const again = await call('PUT', '/workflow', [
      simpleWorkflow('wf_v', { version: 2, description: 'v2 again' }),
    ]);
    assert.equal(again.status, 200);
    const replaced = (await (await call('GET', '/workflow/wf_v?version=2')).json()) as WorkflowDef;
    assert.equal(replaced.description, 'v2 again');
    assert.equal(replaced.createTime, latest.createTime);
  });

  void test('listing helpers: all versions, latest versions, names, names-and-versions, versions of one', async () => {
    await call('PUT', '/workflow', [
      simpleWorkflow('wf_l', { version: 1 }),
      simpleWorkflow('wf_l', { version: 3 }),
    ]);

    const all = (await (await call('GET', '/workflow')).json()) as WorkflowDef[];
    assert.deepEqual(
      all.filter((d) => d.name === 'wf_l').map((d) => d.version),
      [1, 3],
    );

    const latest = (await (await call('GET', '/workflow/latest-versions')).json()) as WorkflowDef[];
    assert.deepEqual(
      latest.filter((d) => d.name === 'wf_l').map((d) => d.version),
      [3],
    );

    const names = (await (await call('GET', '/workflow/names')).json()) as string[];
    assert.ok(names.includes('wf_l'));
    assert.equal(new Set(names).size, names.length);

    const byName = (await (await call('GET', '/workflow/names-and-versions')).json()) as Record<
      string,
      { name: string; version: number; createTime?: number }[]
    >;
    assert.deepEqual(
      byName.wf_l?.map(({ name, version }) => ({ name, version })),
      [
        { name: 'wf_l', version: 1 },
        { name: 'wf_l', version: 3 },
      ],
    );
    assert.equal(typeof byName.wf_l?.[0]?.createTime, 'number');

    const versions = (await (await call('GET', '/workflow/wf_l/versions')).json()) as { version: number }[];
    assert.deepEqual(
      versions.map((v) => v.version),
      [1, 3],
    );
    assert.deepEqual(await (await call('GET', '/workflow/wf_unknown/versions')).json(), []);
  });

  void test('DELETE removes one version; a missing one is 404', async () => {
    await call('PUT', '/workflow', [
      simpleWorkflow('wf_d', { version: 1 }),
      simpleWorkflow('wf_d', { version: 2 }),
    ]);
    await expectEmpty200(call('DELETE', '/workflow/wf_d/1'));
    await expectError(
      call('GET', '/workflow/wf_d?version=1'),
      404,
      'No such workflow found by name: wf_d, version: 1',
    );
    assert.equal(((await (await call('GET', '/workflow/wf_d')).json()) as WorkflowDef).version, 2);
    await expectError(
      call('DELETE', '/workflow/wf_d/1'),
      404,
      'No such workflow definition: wf_d version: 1',
    );
  });

  void test('an unknown name is 404 with Conductor’s error body', async () => {
    const body = await expectError(
      call('GET', '/workflow/wf_nobody'),
      404,
      'No such workflow found by name: wf_nobody, version: null',
    );
    assert.equal(body.code, 'NOT_FOUND');
  });

  void test('validate accepts a good definition without storing it and rejects a bad one with field paths', async () => {
    await expectEmpty200(call('POST', '/workflow/validate', simpleWorkflow('wf_validated')));
    assert.equal((await call('GET', '/workflow/wf_validated')).status, 404);

    const body = await expectError(
      call('POST', '/workflow/validate', { name: 'wf_bad', tasks: [] }),
      400,
      'Validation failed, check below errors for detail.',
    );
    assert.deepEqual(
      body.validationErrors?.map((e) => e.path),
      ['tasks'],
    );
  });

  void test('a workflow named like a literal segment is still reachable by version list and delete', async () => {
    // GET /workflow/names is the names list (literal wins); the definition itself stays usable elsewhere.
    await expectEmpty200(call('POST', '/workflow', simpleWorkflow('names')));
    const names = await (await call('GET', '/workflow/names')).json();
    assert.ok(Array.isArray(names) && names.includes('names'));
    const versions = (await (await call('GET', '/workflow/names/versions')).json()) as { version: number }[];
    assert.deepEqual(
      versions.map((v) => v.version),
      [1],
    );
    await expectEmpty200(call('DELETE', '/workflow/names/1'));
  });
});
