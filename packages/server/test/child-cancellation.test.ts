// When a parent workflow ends unsuccessfully while its child (SUB_WORKFLOW) still runs, the child is
// terminated with it; the parent's own end (TERMINATE task in a fork branch) starts its failure workflow.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Workflow, WorkflowDef } from '@baton/protocol';
import { startServer, type BatonServer } from '@baton/server';

let server: BatonServer;
let dir: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'baton-child-cancel-'));
  server = await startServer({ port: 0, dbPath: join(dir, 'baton.db'), logLevel: 'silent' });
});

after(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

async function call(method: string, path: string, body?: unknown): Promise<Response> {
  const res = await fetch(`${server.url}/api${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  assert.ok(res.status < 300, `${method} ${path} → ${res.status} ${await res.clone().text()}`);
  return res;
}

async function workflow(id: string): Promise<Workflow> {
  return (await (await call('GET', `/workflow/${id}`)).json()) as Workflow;
}

async function waitFor(id: string, done: (wf: Workflow) => boolean): Promise<Workflow> {
  for (let i = 0; i < 200; i++) {
    const wf = await workflow(id);
    if (done(wf)) return wf;
    await sleep(25);
  }
  const wf = await workflow(id);
  assert.fail(
    `workflow ${id} stuck: ${wf.status} ${wf.tasks.map((t) => `${t.referenceTaskName}=${t.status}`).join(' ')}`,
  );
}

const child: WorkflowDef = {
  name: 'cancel_child',
  version: 1,
  schemaVersion: 2,
  tasks: [{ name: 'approve', taskReferenceName: 'approve', type: 'HUMAN' }],
};

const failureHandler: WorkflowDef = {
  name: 'cancel_parent_failed',
  version: 1,
  schemaVersion: 2,
  tasks: [{ name: 'noop', taskReferenceName: 'noop', type: 'NOOP' }],
};

const parent: WorkflowDef = {
  name: 'cancel_parent',
  version: 1,
  schemaVersion: 2,
  failureWorkflow: 'cancel_parent_failed',
  tasks: [
    {
      name: 'fork',
      taskReferenceName: 'fork',
      type: 'FORK_JOIN',
      forkTasks: [
        [
          {
            name: 'child',
            taskReferenceName: 'child',
            type: 'SUB_WORKFLOW',
            subWorkflowParam: { name: 'cancel_child', version: 1 },
          },
        ],
        [
          // Gives the child time to start, then ends the parent.
          { name: 'pause', taskReferenceName: 'pause', type: 'WAIT', inputParameters: { duration: '1s' } },
          {
            name: 'stop',
            taskReferenceName: 'stop',
            type: 'TERMINATE',
            inputParameters: { terminationStatus: 'FAILED', terminationReason: 'stop everything' },
          },
        ],
      ],
    },
    { name: 'join', taskReferenceName: 'join', type: 'JOIN', joinOn: ['child', 'stop'] },
  ],
};

test('a parent that fails takes its running child down with it and starts its failure workflow', async () => {
  for (const def of [child, failureHandler, parent]) await call('POST', '/metadata/workflow', def);
  const parentId = await (await call('POST', '/workflow/cancel_parent', { order: 7 })).text();

  const running = await waitFor(parentId, (wf) =>
    wf.tasks.some((t) => t.referenceTaskName === 'child' && t.subWorkflowId),
  );
  const childId = running.tasks.find((t) => t.referenceTaskName === 'child')!.subWorkflowId!;
  assert.equal((await workflow(childId)).status, 'RUNNING');

  const ended = await waitFor(parentId, (wf) => wf.status !== 'RUNNING');
  assert.equal(ended.status, 'FAILED');
  assert.equal(ended.reasonForIncompletion, 'stop everything');
  assert.equal(ended.tasks.find((t) => t.referenceTaskName === 'child')!.status, 'CANCELED');

  const childAfter = await waitFor(childId, (wf) => wf.status !== 'RUNNING');
  assert.equal(childAfter.status, 'TERMINATED');
  assert.equal(childAfter.parentWorkflowId, parentId);
  assert.equal(childAfter.tasks.find((t) => t.referenceTaskName === 'approve')!.status, 'CANCELED');

  const failureId = ended.output['conductor.failure_workflow'];
  assert.equal(typeof failureId, 'string');
  const failure = await waitFor(failureId as string, (wf) => wf.status !== 'RUNNING');
  assert.equal(failure.status, 'COMPLETED');
  assert.equal(failure.input.workflowId, parentId);
  assert.equal(failure.input.order, 7);
  assert.equal(failure.input.reason, 'stop everything');
});
