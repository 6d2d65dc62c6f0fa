// A long-poll parked on an empty queue is handed the task by the very commit that queues it (a start, or a
// worker's update that schedules the next step): when that call answers, the task is already IN_PROGRESS for the
// parked worker, and the poll answers with it without a transaction of its own.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Task } from '@baton/protocol';
import type { BatonServer } from '@baton/server';
import { httpApi } from './http-api.js';
import { STORES } from './support/databases.js';
import { freshServer } from './support/servers.js';

const chain = {
  name: 'handoff_chain',
  version: 1,
  schemaVersion: 2,
  tasks: [
    { name: 'handoff_a', taskReferenceName: 'a', type: 'SIMPLE' },
    { name: 'handoff_b', taskReferenceName: 'b', type: 'SIMPLE', inputParameters: { x: '${a.output.x}' } },
  ],
};

/** A batch long-poll of `taskType` that has parked (found its queue empty and waits), and its answer. */
async function parkedPoll(
  server: BatonServer,
  taskType: string,
  workerId: string,
): Promise<{ polled: Promise<Task[]> }> {
  const polled = server.runtime.poll({ taskType, workerId, count: 5, timeoutMs: 30_000 });
  // Parking takes a look at the queue (a transaction) first; bounded, so a poll that never parks fails here.
  for (let turns = 0; server.runtime.parkedPolls(taskType) === 0; turns++) {
    assert.ok(turns < 10_000, 'the poll never parked');
    await nextTurn();
  }
  return { polled };
}

for (const kind of STORES) {
  void describe(`a parked long-poll on ${kind}`, () => {
    test('gets the task in the commit of the start that queued it', async (t) => {
      const server = await freshServer(t, kind);
      const { ok } = httpApi(() => server.url);
      await ok('PUT', '/metadata/workflow', [chain]);
      const { polled } = await parkedPoll(server, 'handoff_a', 'w1');

      const workflowId = await server.runtime.startWorkflow({ name: 'handoff_chain', input: {} });
      // Read as soon as the start answered, before anything else could run: the hand-out is in its commit.
      const started = await server.store.getWorkflow(workflowId, true);
      assert.equal(server.runtime.parkedPolls('handoff_a'), 0, 'the poll is no longer parked');
      assert.deepEqual(
        started?.tasks.map((task) => [task.referenceTaskName, task.status, task.workerId, task.pollCount]),
        [['a', 'IN_PROGRESS', 'w1', 1]],
      );
      assert.equal(await server.store.queueSize('handoff_a'), 0, 'the message was taken with the hand-out');

      const tasks = await polled;
      assert.deepEqual(
        tasks.map((task) => [task.workflowInstanceId, task.referenceTaskName, task.status]),
        [[workflowId, 'a', 'IN_PROGRESS']],
      );
    });

    test('gets the next step in the commit of the update that completed the step before', async (t) => {
      const server = await freshServer(t, kind);
      const { ok } = httpApi(() => server.url);
      await ok('PUT', '/metadata/workflow', [chain]);
      const workflowId = await server.runtime.startWorkflow({ name: 'handoff_chain', input: {} });
      const [first] = await server.runtime.poll({
        taskType: 'handoff_a',
        workerId: 'w1',
        count: 1,
        timeoutMs: 0,
      });
      assert.equal(first?.workflowInstanceId, workflowId);
      const { polled } = await parkedPoll(server, 'handoff_b', 'w2');

      // update-v2: the next task of the same type would come back; there is none, the other type's is handed out.
      const next = await server.runtime.updateTaskAndPoll({
        workflowInstanceId: workflowId,
        taskId: first.taskId,
        status: 'COMPLETED',
        workerId: 'w1',
        outputData: { x: 7 },
      });
      assert.equal(next, undefined);
      const after = await server.store.getWorkflow(workflowId, true);
      assert.deepEqual(
        after?.tasks.map((task) => [task.referenceTaskName, task.status, task.workerId ?? null]),
        [
          ['a', 'COMPLETED', 'w1'],
          ['b', 'IN_PROGRESS', 'w2'],
        ],
      );

      const [second] = await polled;
      assert.deepEqual([second?.referenceTaskName, second?.inputData], ['b', { x: 7 }]);
      // The rest of the way as ever: the workflow completes with the parked worker's result.
      await server.runtime.updateTask({
        workflowInstanceId: workflowId,
        taskId: second!.taskId,
        status: 'COMPLETED',
        outputData: {},
      });
      assert.equal((await server.store.getWorkflow(workflowId, false))?.status, 'COMPLETED');
    });

    test('of another domain is not handed the task, and one parked later still finds it', async (t) => {
      const server = await freshServer(t, kind);
      const { ok } = httpApi(() => server.url);
      await ok('PUT', '/metadata/workflow', [chain]);
      const elsewhere = server.runtime.poll({
        taskType: 'handoff_a',
        domain: 'other',
        workerId: 'w9',
        count: 1,
        timeoutMs: 30_000,
      });
      for (let turns = 0; server.runtime.parkedPolls('other:handoff_a') === 0; turns++) {
        assert.ok(turns < 10_000, 'the poll never parked');
        await nextTurn();
      }
      const workflowId = await server.runtime.startWorkflow({ name: 'handoff_chain', input: {} });
      assert.equal(server.runtime.parkedPolls('other:handoff_a'), 1, 'still parked: the task is not for it');
      assert.equal(await server.store.queueSize('handoff_a'), 1);
      const [task] = await server.runtime.poll({
        taskType: 'handoff_a',
        workerId: 'w1',
        count: 1,
        timeoutMs: 0,
      });
      assert.equal(task?.workflowInstanceId, workflowId);
      await server.runtime.stop(); // releases the other domain's poll: it answers with nothing
      assert.deepEqual(await elsewhere, []);
    });
  });
}

for (const kind of STORES) {
  void describe(`an execute on ${kind}`, () => {
    test('sleeps through the steps of a chain and answers when a WAIT after them blocks it', async (t) => {
      const server = await freshServer(t, kind);
      const { ok } = httpApi(() => server.url);
      await ok('PUT', '/metadata/workflow', [
        {
          name: 'handoff_then_wait',
          version: 1,
          schemaVersion: 2,
          tasks: [
            { name: 'handoff_a', taskReferenceName: 'a', type: 'SIMPLE' },
            { name: 'handoff_b', taskReferenceName: 'b', type: 'SIMPLE' },
            { name: 'wait', taskReferenceName: 'hold', type: 'WAIT' },
          ],
        },
      ]);
      let answered = false;
      const executed = server.runtime.synchronous
        .execute(
          { name: 'handoff_then_wait', input: {} },
          { waitUntilTaskRefs: new Set(), timeoutMs: 30_000 },
        )
        .finally(() => (answered = true));
      for (const type of ['handoff_a', 'handoff_b']) {
        const [task] = await server.runtime.poll({
          taskType: type,
          workerId: 'w1',
          count: 1,
          timeoutMs: 10_000,
        });
        assert.equal(answered, false, `still waiting while ${type} runs`);
        await server.runtime.updateTask({
          workflowInstanceId: task!.workflowInstanceId,
          taskId: task!.taskId,
          status: 'COMPLETED',
          outputData: {},
        });
      }
      const outcome = await executed;
      assert.equal(outcome.timedOut, false);
      assert.equal(outcome.blocking?.task.referenceTaskName, 'hold');
      assert.deepEqual(
        outcome.target.tasks.map((task) => [task.referenceTaskName, task.status]),
        [
          ['a', 'COMPLETED'],
          ['b', 'COMPLETED'],
          ['hold', 'IN_PROGRESS'],
        ],
      );
    });
  });
}
