// Workflow messages (Conductor 3.x): POST /api/workflow/{id}/messages and the PULL_WORKFLOW_MESSAGES task, on a
// real server on each store.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Task, WorkflowTask } from '@baton/protocol';
import { httpApi } from './http-api.js';
import { STORES } from './support/databases.js';
import { freshServer } from './support/servers.js';

const pull = (ref: string, inputParameters: Record<string, unknown> = {}): WorkflowTask => ({
  name: ref,
  taskReferenceName: ref,
  type: 'PULL_WORKFLOW_MESSAGES',
  inputParameters,
});

interface Pulled {
  count: number;
  messages: Array<{ id: string; workflowId: string; payload: unknown; receivedAt: string }>;
}

for (const kind of STORES) {
  void describe(`workflow messages on ${kind}`, () => {
    test('a posted message completes the waiting PULL_WORKFLOW_MESSAGES task', async (t) => {
      const server = await freshServer(t, kind);
      const { send, ok, workflow, work } = httpApi(() => server.url);
      await ok('POST', '/metadata/workflow', {
        name: 'inbox',
        version: 1,
        schemaVersion: 2,
        tasks: [pull('first', { batchSize: 2 }), pull('second')],
        outputParameters: { decision: '${second.output.messages[0].payload.decision}' },
      });
      const id = (await ok('POST', '/workflow/inbox', {})).text;
      const waiting = await workflow(id);
      assert.deepEqual(
        waiting.tasks.map((x) => [x.referenceTaskName, x.status]),
        [['first', 'IN_PROGRESS']],
      );

      const messageId = (await ok('POST', `/workflow/${id}/messages`, { hello: 'world' })).text;
      assert.match(messageId, /^[0-9a-f-]{36}$/);
      const afterFirst = await workflow(id);
      const first = afterFirst.tasks.find((x) => x.referenceTaskName === 'first')!;
      assert.equal(first.status, 'COMPLETED');
      const output = first.outputData as unknown as Pulled;
      assert.equal(output.count, 1);
      assert.deepEqual(output.messages[0]?.payload, { hello: 'world' });
      assert.equal(output.messages[0]?.id, messageId);
      assert.equal(output.messages[0]?.workflowId, id);
      assert.ok(!Number.isNaN(Date.parse(output.messages[0]?.receivedAt ?? '')));

      await ok('POST', `/workflow/${id}/messages`, { decision: 'approved' });
      const done = await workflow(id);
      assert.equal(done.status, 'COMPLETED');
      assert.deepEqual(done.output, { decision: 'approved' });

      const late = await send('POST', `/workflow/${id}/messages`, { too: 'late' });
      assert.equal(late.status, 409);
      assert.match(String((late.json as { message: string }).message), /Workflow must be RUNNING/);
      assert.equal((await send('POST', '/workflow/no-such-workflow/messages', {})).status, 404);

      // Messages posted before the task is reached wait for it; it takes up to batchSize of them at once.
      await ok('POST', '/metadata/workflow', {
        name: 'later',
        version: 1,
        schemaVersion: 2,
        tasks: [
          { name: 'prepare', taskReferenceName: 'prepare', type: 'SIMPLE' },
          pull('batch', { batchSize: '${workflow.input.batch}' }),
        ],
      });
      const laterId = (await ok('POST', '/workflow/later', { batch: 2 })).text;
      for (const n of [1, 2, 3]) await ok('POST', `/workflow/${laterId}/messages`, { n });
      const prepared: Task = await work(laterId, 'prepare');
      assert.equal(prepared.referenceTaskName, 'prepare');
      const later = await workflow(laterId);
      assert.equal(later.status, 'COMPLETED');
      const batch = later.tasks.find((x) => x.referenceTaskName === 'batch')!.outputData as unknown as Pulled;
      assert.deepEqual(
        batch.messages.map((m) => m.payload),
        [{ n: 1 }, { n: 2 }],
      );
    });
  });
}
