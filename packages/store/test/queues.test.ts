import assert from 'node:assert/strict';
import { forEachStore } from './support/stores.js';

forEachStore(
  'pop hands out visible messages by priority then visibility, hides them, and they come back',
  async (t, { store }) => {
    await store.transact(async (tx) => {
      await tx.queuePush('q', 'a', 0, 100);
      await tx.queuePush('q', 'b', 5, 200);
      await tx.queuePush('q', 'c', 5, 150);
      await tx.queuePush('q', 'd', 0, 50);
      await tx.queuePush('q', 'later', 9, 10_000);
      await tx.queuePush('other', 'x', 0, 0);
    });
    assert.deepEqual(await store.transact((tx) => tx.queuePop('q', 2, 1_000, 500)), ['c', 'b']);
    assert.deepEqual(await store.transact((tx) => tx.queuePop('q', 10, 1_000, 500)), ['d', 'a']);
    // Everything visible was handed out: nothing until the visibility timeout runs out.
    assert.deepEqual(await store.transact((tx) => tx.queuePop('q', 10, 1_499, 500)), []);
    assert.equal(await store.nextVisibleAt('q', 1_499), 1_500);

    assert.equal(await store.transact((tx) => tx.queueAck('q', 'c')), true);
    assert.equal(await store.transact((tx) => tx.queueAck('q', 'c')), false);
    assert.deepEqual(await store.transact((tx) => tx.queuePop('q', 10, 1_500, 500)), ['b', 'a', 'd']);

    assert.equal(await store.queueSize('q'), 4);
    assert.deepEqual(await store.queueSizes(), { other: 1, q: 4 });
  },
);

forEachStore(
  'pushing a message that is already queued moves it instead of adding one',
  async (t, { store }) => {
    await store.transact(async (tx) => {
      await tx.queuePush('q', 'a', 0, 10);
      await tx.queuePush('q', 'b', 0, 20);
      await tx.queuePush('q', 'a', 0, 5_000);
    });
    assert.equal(await store.queueSize('q'), 2);
    assert.deepEqual(await store.transact((tx) => tx.queuePop('q', 10, 100, 1_000)), ['b']);
    assert.equal(await store.nextVisibleAt('q', 100), 1_100);
  },
);

forEachStore(
  'nextVisibleAt: the earliest visibleAt across priorities, now when one is visible, undefined when empty',
  async (t, { store }) => {
    assert.equal(await store.nextVisibleAt('q', 0), undefined);
    await store.transact(async (tx) => {
      await tx.queuePush('q', 'high', 9, 700);
      await tx.queuePush('q', 'mid', 5, 300);
      await tx.queuePush('q', 'mid2', 5, 900);
      await tx.queuePush('q', 'low', 0, 400);
      await tx.queuePush('elsewhere', 'x', 1, 1);
    });
    assert.equal(await store.nextVisibleAt('q', 0), 300);
    await store.transact((tx) => tx.queueAck('q', 'mid'));
    assert.equal(await store.nextVisibleAt('q', 0), 400);
    // A message is visible already: re-check at once.
    assert.equal(await store.nextVisibleAt('q', 450), 450);
    assert.deepEqual(await store.queueSizes(), { elsewhere: 1, q: 3 });
    assert.equal(await store.queueSize('empty'), 0);
  },
);
