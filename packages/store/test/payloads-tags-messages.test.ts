import assert from 'node:assert/strict';
import { TaggedEntity } from '../src/index.js';
import { forEachStore } from './support/stores.js';
import { workflow, workflowDef } from './helpers.js';

forEachStore('external payloads round-trip as bytes and can be replaced', async (t, { store, rows }) => {
  const big = Buffer.from(JSON.stringify({ blob: 'x'.repeat(3 * 1024 * 1024) }));
  await store.transact((tx) => tx.putExternalPayload('task/output/a.json', big, 1));
  assert.deepEqual(await store.getExternalPayload('task/output/a.json'), big);
  assert.equal(await store.getExternalPayload('task/output/none.json'), undefined);
  await store.transact((tx) => tx.putExternalPayload('task/output/a.json', Buffer.from('{}'), 2));
  assert.equal((await store.getExternalPayload('task/output/a.json'))?.toString(), '{}');
  const stored = await rows<{ n: number }>('SELECT length(data) AS n FROM external_payloads');
  assert.deepEqual(
    stored.map((r) => Number(r.n)),
    [2],
  );
});

forEachStore('tags are added once, listed sorted, filtered by and deleted', async (t, { store }) => {
  const { workflowDef: wf, taskDef } = TaggedEntity;
  await store.transact(async (tx) => {
    await tx.addTags(wf, 'billing', [
      { key: 'team', value: 'payments' },
      { key: 'env', value: 'prod' },
    ]);
    await tx.addTags(wf, 'billing', [{ key: 'team', value: 'payments' }]);
    await tx.addTags(wf, 'audit', [{ key: 'team', value: 'payments' }]);
    await tx.addTags(taskDef, 'billing', [{ key: 'team', value: 'other' }]);
  });
  assert.deepEqual(await store.getTags(wf, 'billing'), [
    { key: 'env', value: 'prod' },
    { key: 'team', value: 'payments' },
  ]);
  assert.deepEqual(await store.taggedEntities(wf, { key: 'team', value: 'payments' }), ['audit', 'billing']);
  assert.deepEqual(await store.taggedEntities(taskDef, { key: 'team', value: 'payments' }), []);

  await store.transact((tx) => tx.deleteTags(wf, 'billing', [{ key: 'env', value: 'prod' }]));
  assert.deepEqual(await store.getTags(wf, 'billing'), [{ key: 'team', value: 'payments' }]);
  await store.transact((tx) => tx.deleteTags(wf, 'billing'));
  assert.deepEqual(await store.getTags(wf, 'billing'), []);
  assert.deepEqual(await store.getTags(taskDef, 'billing'), [{ key: 'team', value: 'other' }]);
});

forEachStore(
  'workflow messages are taken oldest first, in batches, and go with the workflow',
  async (t, { store }) => {
    const wf = workflow('w1', workflowDef('flow'));
    await store.transact(async (tx) => {
      await tx.createWorkflow(wf);
      for (const n of [1, 2, 3])
        await tx.pushWorkflowMessage({ id: `m${n}`, workflowId: 'w1', payload: { n }, receivedAt: `t${n}` });
      await tx.pushWorkflowMessage({ id: 'x', workflowId: 'w2', payload: 'other', receivedAt: 't' });
    });
    assert.equal(await store.workflowMessageCount('w1'), 3);
    const first = await store.transact((tx) => tx.takeWorkflowMessages('w1', 2));
    assert.deepEqual(first, [
      { id: 'm1', workflowId: 'w1', payload: { n: 1 }, receivedAt: 't1' },
      { id: 'm2', workflowId: 'w1', payload: { n: 2 }, receivedAt: 't2' },
    ]);
    assert.deepEqual(
      (await store.transact((tx) => tx.takeWorkflowMessages('w1', 5))).map((m) => m.id),
      ['m3'],
    );
    assert.deepEqual(await store.transact((tx) => tx.takeWorkflowMessages('w1', 5)), []);

    await store.transact((tx) =>
      tx.pushWorkflowMessage({ id: 'm4', workflowId: 'w1', payload: null, receivedAt: 't4' }),
    );
    await store.transact((tx) => tx.removeWorkflow('w1'));
    assert.equal(await store.workflowMessageCount('w1'), 0);
    assert.equal(await store.workflowMessageCount('w2'), 1);
  },
);
