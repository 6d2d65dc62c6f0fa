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

forEachStore(
  'a payload stored ahead is kept once a transaction settles it, and swept when none did',
  async (t, { store, rows }) => {
    const big = Buffer.from(JSON.stringify({ blob: 'y'.repeat(2 * 1024 * 1024) }));
    // The store may take the buffer it is given: each call gets a copy.
    await store.storeExternalPayload('task/output/kept.json', Buffer.from(big), 1000, true);
    await store.storeExternalPayload('task/output/left.json', Buffer.from(big), 1000, true);
    await store.storeExternalPayload('task/output/young.json', Buffer.from('{"a":1}'), 5000, true);
    await store.storeExternalPayload('task/output/upload.json', Buffer.from('{"b":2}'), 1000, false);
    // Committed on its own: readable at once, as any stored payload.
    assert.deepEqual(await store.getExternalPayload('task/output/kept.json'), big);

    // A transaction that settles and then fails keeps it pending.
    await assert.rejects(
      store.transact(async (tx) => {
        assert.equal(await tx.settleExternalPayload('task/output/kept.json'), true);
        throw new Error('request failed');
      }),
      /request failed/,
    );
    assert.equal(await store.transact((tx) => tx.settleExternalPayload('task/output/kept.json')), true);
    // Settled: not pending any more; a payload stored for good never was.
    assert.equal(await store.transact((tx) => tx.settleExternalPayload('task/output/kept.json')), false);
    assert.equal(await store.transact((tx) => tx.settleExternalPayload('task/output/upload.json')), false);

    // Only what is pending and older than the cut is swept, with its payload.
    assert.equal(await store.sweepPendingPayloads(2000, 100), 1);
    assert.equal(await store.getExternalPayload('task/output/left.json'), undefined);
    assert.deepEqual(await store.getExternalPayload('task/output/kept.json'), big);
    assert.equal((await store.getExternalPayload('task/output/upload.json'))?.toString(), '{"b":2}');
    assert.equal((await store.getExternalPayload('task/output/young.json'))?.toString(), '{"a":1}');
    // Swept: a transaction naming it now learns it is gone.
    assert.equal(await store.transact((tx) => tx.settleExternalPayload('task/output/left.json')), false);
    assert.equal(await store.sweepPendingPayloads(2000, 100), 0);
    assert.equal(await store.sweepPendingPayloads(6000, 100), 1);
    const left = await rows<{ path: string }>('SELECT path FROM external_payloads ORDER BY path');
    assert.deepEqual(
      left.map((r) => r.path),
      ['task/output/kept.json', 'task/output/upload.json'],
    );
    assert.deepEqual(await rows('SELECT path FROM external_payloads_pending'), []);
  },
);

forEachStore('a sweep takes at most its limit, oldest first', async (t, { store }) => {
  for (const n of [3, 1, 2])
    await store.storeExternalPayload(`task/input/p${n}.json`, Buffer.from(`{"n":${n}}`), n, true);
  assert.equal(await store.sweepPendingPayloads(10, 2), 2);
  assert.equal(await store.getExternalPayload('task/input/p1.json'), undefined);
  assert.equal(await store.getExternalPayload('task/input/p2.json'), undefined);
  assert.equal((await store.getExternalPayload('task/input/p3.json'))?.toString(), '{"n":3}');
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
