// YIELD (Conductor 3.x, Orkes): the workflow stops at the task until a signal ends it. Driven to completion by
// POST /api/tasks/{workflowId}/{status}/signal/sync with each return strategy, in a workflow and in a
// sub-workflow, and by execute; against a real server on port 0.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WorkflowDef, WorkflowTask } from '@baton/protocol';
import { startServer, type BatonServer } from '@baton/server';
import { assertError, httpApi, refs } from './http-api.js';

let server: BatonServer;
let dir: string;
const { send, ok, workflow, waitFor } = httpApi(() => server.url);

const yieldTask = (ref: string, inputParameters: Record<string, unknown> = {}): WorkflowTask => ({
  name: 'yield',
  taskReferenceName: ref,
  type: 'YIELD',
  inputParameters,
});
const def = (name: string, tasks: WorkflowTask[], outputParameters = {}): WorkflowDef => ({
  name,
  version: 1,
  schemaVersion: 2,
  tasks,
  outputParameters,
});

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'baton-yield-'));
  server = await startServer({ port: 0, dbPath: join(dir, 'baton.db'), logLevel: 'silent' });
  await ok(
    'POST',
    '/metadata/workflow',
    def(
      'yield_four',
      [
        yieldTask('y1', { ask: '${workflow.input.question}' }),
        yieldTask('y2', { previous: '${y1.output.answer}' }),
        yieldTask('y3'),
        yieldTask('y4', { fromY3: '${y3.output.note}' }),
      ],
      { last: '${y4.output.done}' },
    ),
  );
  await ok('POST', '/metadata/workflow', def('yield_child', [yieldTask('inner', { depth: 1 })]));
  await ok(
    'POST',
    '/metadata/workflow',
    def('yield_parent', [
      {
        name: 'yield_child',
        taskReferenceName: 'child',
        type: 'SUB_WORKFLOW',
        subWorkflowParam: { name: 'yield_child', version: 1 },
      },
      yieldTask('outer'),
    ]),
  );
});

after(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

type Body = Record<string, unknown>;
const signalSync = async (id: string, strategy: string, output: Body, status = 'COMPLETED'): Promise<Body> =>
  (await ok('POST', `/tasks/${id}/${status}/signal/sync?returnStrategy=${strategy}`, output)).json as Body;

void describe('YIELD', () => {
  void test('waits IN_PROGRESS and is never offered to workers', async () => {
    const id = (await ok('POST', '/workflow/yield_four', { question: 'why?' })).text;
    const wf = await workflow(id);
    assert.deepEqual(refs(wf), ['y1=IN_PROGRESS']);
    assert.deepEqual(wf.tasks[0]!.inputData, { ask: 'why?' });
    assert.deepEqual((await ok('GET', '/tasks/poll/batch/YIELD?count=5&timeout=100')).json, []);
    assert.deepEqual((await ok('GET', '/tasks/poll/batch/yield?count=5&timeout=100')).json, []);
    await ok('DELETE', `/workflow/${id}`);
  });

  void test('driven to completion by signal/sync, one return strategy per step', async () => {
    const id = (await ok('POST', '/workflow/yield_four', { question: 'why?' })).text;

    const target = await signalSync(id, 'TARGET_WORKFLOW', { answer: 42 });
    assert.equal(target.responseType, 'TARGET_WORKFLOW');
    assert.equal(target.workflowId, id);
    assert.equal(target.status, 'RUNNING');
    assert.equal(target.signalTimeout, false);
    const tasks = target.tasks as { referenceTaskName: string; status: string; outputData: Body }[];
    assert.deepEqual(
      tasks.map((t) => `${t.referenceTaskName}=${t.status}`),
      ['y1=COMPLETED', 'y2=IN_PROGRESS'],
    );
    assert.deepEqual(tasks[0]!.outputData, { answer: 42 });

    const blockingWorkflow = await signalSync(id, 'BLOCKING_WORKFLOW', { seen: true });
    assert.equal(blockingWorkflow.responseType, 'BLOCKING_WORKFLOW');
    assert.equal(blockingWorkflow.workflowId, id);
    assert.equal((blockingWorkflow.tasks as unknown[]).length, 3);

    const blockingTask = await signalSync(id, 'BLOCKING_TASK', { note: 'from y3' });
    assert.equal(blockingTask.responseType, 'BLOCKING_TASK');
    assert.equal(blockingTask.taskType, 'YIELD');
    assert.equal(blockingTask.referenceTaskName, 'y4');
    assert.equal(blockingTask.status, 'IN_PROGRESS');
    assert.deepEqual(blockingTask.input, { fromY3: 'from y3' });
    assert.equal(blockingTask.targetWorkflowStatus, 'RUNNING');

    const last = await signalSync(id, 'BLOCKING_TASK_INPUT', { done: 'yes' });
    assert.equal(last.responseType, 'BLOCKING_TASK_INPUT');
    assert.equal(last.targetWorkflowStatus, 'COMPLETED');
    assert.equal(last.workflowId, id);

    const wf = await workflow(id);
    assert.equal(wf.status, 'COMPLETED');
    assert.deepEqual(refs(wf), ['y1=COMPLETED', 'y2=COMPLETED', 'y3=COMPLETED', 'y4=COMPLETED']);
    assert.deepEqual(wf.tasks[1]!.inputData, { previous: 42 });
    assert.deepEqual(wf.output, { last: 'yes' });
  });

  void test('in a sub-workflow: BLOCKING_WORKFLOW is the child, then the parent takes over', async () => {
    const parentId = (await ok('POST', '/workflow/yield_parent', {})).text;
    const childId = (await waitFor(parentId, (wf) => Boolean(wf.tasks[0]?.subWorkflowId))).tasks[0]!
      .subWorkflowId!;
    await waitFor(childId, (wf) => wf.tasks[0]?.status === 'IN_PROGRESS');

    const child = await signalSync(parentId, 'BLOCKING_TASK', {}, 'IN_PROGRESS');
    assert.equal(child.workflowId, childId, 'an IN_PROGRESS signal leaves the child blocked');
    assert.equal(child.referenceTaskName, 'inner');

    const outer = await signalSync(parentId, 'BLOCKING_WORKFLOW', { from: 'caller' });
    assert.equal(outer.responseType, 'BLOCKING_WORKFLOW');
    assert.equal(outer.targetWorkflowId, parentId);
    assert.equal(outer.workflowId, parentId, 'the child ended; the parent now blocks at its own YIELD');
    assert.deepEqual((await workflow(childId)).tasks[0]!.outputData, { from: 'caller' });

    const failed = await signalSync(parentId, 'TARGET_WORKFLOW', { why: 'rejected' }, 'FAILED');
    assert.equal(failed.status, 'FAILED');
    assert.deepEqual(refs(await workflow(parentId)), ['child=COMPLETED', 'outer=FAILED']);
  });

  void test('execute answers at the YIELD; a signal on an ended workflow is a 404', async () => {
    const run = (await ok('POST', '/workflow/execute/yield_child/1?returnStrategy=BLOCKING_TASK_INPUT', {}))
      .json as Body;
    assert.equal(run.responseType, 'BLOCKING_TASK_INPUT');
    assert.equal(run.taskType, 'YIELD');
    assert.deepEqual(run.input, { depth: 1 });
    const id = String(run.workflowId);
    await signalSync(id, 'TARGET_WORKFLOW', {});
    assertError(await send('POST', `/tasks/${id}/COMPLETED/signal/sync`, {}), 404, /No pending YIELD/);
  });
});
