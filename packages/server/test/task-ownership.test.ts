// A task result must name the workflow that owns the task: one naming another workflow, or none, is
// refused with 404 by both update endpoints and changes neither workflow.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Task } from '@baton/protocol';
import { startServer, type BatonServer } from '@baton/server';
import { assertError, httpApi, refs } from './http-api.js';

let server: BatonServer;
let dir: string;
const { ok, send, workflow } = httpApi(() => server.url);

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'baton-ownership-'));
  server = await startServer({ port: 0, dbPath: join(dir, 'baton.db'), logLevel: 'silent' });
  await ok('POST', '/metadata/taskdefs', [{ name: 'own_step', retryCount: 0 }]);
  await ok('POST', '/metadata/workflow', {
    name: 'own_flow',
    version: 1,
    schemaVersion: 2,
    tasks: [{ name: 'own_step', taskReferenceName: 'step', type: 'SIMPLE' }],
  });
});

after(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

async function startFlow(): Promise<string> {
  return (await ok('POST', '/workflow/own_flow', {})).text;
}

void test('a result naming another workflow or none is refused with 404 and changes nothing', async () => {
  const owner = await startFlow();
  const other = await startFlow();
  const [task] = (await ok('GET', '/tasks/poll/batch/own_step?count=1&timeout=1000')).json as Task[];
  assert.ok(task);
  const victim = task.workflowInstanceId;
  const bystander = victim === owner ? other : owner;
  const before = [await workflow(victim), await workflow(bystander)];

  const result = { taskId: task.taskId, status: 'COMPLETED', outputData: { forged: true } };
  for (const path of ['/tasks', '/tasks/update-v2']) {
    assertError(
      await send('POST', path, { ...result, workflowInstanceId: bystander }),
      404,
      new RegExp(`^No such task found by id: ${task.taskId} in workflow ${bystander}$`),
    );
    assertError(
      await send('POST', path, { ...result, workflowInstanceId: 'no-such-workflow' }),
      404,
      /^No such workflow found by id: no-such-workflow$/,
    );
  }

  const after = [await workflow(victim), await workflow(bystander)];
  assert.deepEqual(after, before);
  assert.deepEqual(refs(after[0]!), ['step=IN_PROGRESS']);

  // The owner's own result still goes through.
  await ok('POST', '/tasks', { ...result, workflowInstanceId: victim });
  assert.equal((await workflow(victim)).status, 'COMPLETED');
  assert.deepEqual(refs(await workflow(bystander)), ['step=SCHEDULED']);
});

void test('a result for an unknown task is a 404', async () => {
  const owner = await startFlow();
  assertError(
    await send('POST', '/tasks', { taskId: 'no-such-task', workflowInstanceId: owner, status: 'COMPLETED' }),
    404,
    /^No such task found by id: no-such-task$/,
  );
});
