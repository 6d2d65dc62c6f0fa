import assert from 'node:assert/strict';
import { forEachStore } from './support/stores.js';
import { workflowDef } from './helpers.js';

forEachStore(
  'workflow definitions: latest version, exact version, listing order, delete',
  async (t, { store }) => {
    await store.transact(async (tx) => {
      await tx.putWorkflowDef(workflowDef('b', 1));
      await tx.putWorkflowDef(workflowDef('a', 2));
      await tx.putWorkflowDef(workflowDef('a', 10));
      await tx.putWorkflowDef(workflowDef('a', 1));
    });
    assert.equal((await store.getWorkflowDef('a'))?.version, 10);
    assert.deepEqual(await store.getWorkflowDef('a', 2), workflowDef('a', 2));
    assert.equal(await store.getWorkflowDef('a', 3), undefined);
    assert.equal(await store.getWorkflowDef('missing'), undefined);
    assert.deepEqual(
      (await store.listWorkflowDefs()).map((d) => `${d.name}:${d.version}`),
      ['a:1', 'a:2', 'a:10', 'b:1'],
    );

    await store.transact((tx) => tx.putWorkflowDef(workflowDef('a', 2, { description: 'replaced' })));
    assert.equal((await store.getWorkflowDef('a', 2))?.description, 'replaced');

    assert.equal(await store.transact((tx) => tx.deleteWorkflowDef('a', 10)), true);
    assert.equal(await store.transact((tx) => tx.deleteWorkflowDef('a', 10)), false);
    assert.equal((await store.getWorkflowDef('a'))?.version, 2);
  },
);

forEachStore('a workflow definition without a version is stored as version 1', async (t, { store }) => {
  const { version: _version, ...unversioned } = workflowDef('plain');
  await store.transact((tx) => tx.putWorkflowDef(unversioned));
  assert.equal((await store.getWorkflowDef('plain', 1))?.version, 1);
});

forEachStore('task definitions: put, replace, list by name, delete', async (t, { store }) => {
  await store.transact(async (tx) => {
    await tx.putTaskDef({ name: 'zeta', retryCount: 1 });
    await tx.putTaskDef({ name: 'alpha', retryCount: 2, inputKeys: ['x'] });
  });
  await store.transact((tx) => tx.putTaskDef({ name: 'zeta', retryCount: 5 }));
  assert.deepEqual(await store.getTaskDef('alpha'), { name: 'alpha', retryCount: 2, inputKeys: ['x'] });
  assert.deepEqual(
    (await store.listTaskDefs()).map((d) => [d.name, d.retryCount]),
    [
      ['alpha', 2],
      ['zeta', 5],
    ],
  );
  assert.equal(await store.transact((tx) => tx.deleteTaskDef('alpha')), true);
  assert.equal(await store.transact((tx) => tx.deleteTaskDef('alpha')), false);
  assert.equal(await store.getTaskDef('alpha'), undefined);
});
