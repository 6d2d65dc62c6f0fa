import assert from 'node:assert/strict';
import { forEachStore } from './support/stores.js';

forEachStore(
  'due timers are claimed in due order, re-armed, and cleared timers never fire',
  async (t, { store }) => {
    await store.transact(async (tx) => {
      await tx.setTimer('w1', 100);
      await tx.setTimer('w2', 50);
      await tx.setTimer('w3', 300);
      await tx.setTimer('w4', 150);
      await tx.setTimer('w4', 250); // moved
    });
    assert.deepEqual(await store.transact((tx) => tx.claimDueTimers(200, 1, 1_000)), ['w2']);
    assert.deepEqual(await store.transact((tx) => tx.claimDueTimers(200, 10, 1_000)), ['w1']);
    // Claimed timers were pushed to now + rearmMs, so they are not due again at the same time.
    assert.deepEqual(await store.transact((tx) => tx.claimDueTimers(200, 10, 1_000)), []);

    await store.transact((tx) => tx.setTimer('w3', null));
    assert.deepEqual(await store.transact((tx) => tx.claimDueTimers(1_200, 10, 1_000)), ['w4', 'w1', 'w2']);
    assert.deepEqual(await store.transact((tx) => tx.claimDueTimers(100_000, 10, 1_000)), ['w1', 'w2', 'w4']);
  },
);

forEachStore(
  'setTimerIfEarlier only ever moves a timer earlier, and creates a missing one',
  async (t, { store }) => {
    await store.transact(async (tx) => {
      await tx.setTimer('soon', 100);
      await tx.setTimerIfEarlier('soon', 500);
      await tx.setTimer('late', 900);
      await tx.setTimerIfEarlier('late', 200);
      await tx.setTimerIfEarlier('new', 300);
    });
    assert.deepEqual(await store.transact((tx) => tx.claimDueTimers(150, 10, 10_000)), ['soon']);
    assert.deepEqual(await store.transact((tx) => tx.claimDueTimers(350, 10, 10_000)), ['late', 'new']);
  },
);

forEachStore(
  'a claim sees the timers set and cleared before it in its batch, never a failed call’s',
  async (t, { kind, store }) => {
    await store.transact(async (tx) => {
      await tx.setTimer('cleared', 10);
      await tx.setTimer('brief', 10);
    });
    const calls = [
      () => store.transact((tx) => tx.setTimer('armed', 20)),
      () => store.transact((tx) => tx.setTimer('cleared', null)),
      () =>
        store.transact(async (tx) => {
          await tx.setTimer('failed', 30);
          throw new Error('rolled back');
        }),
      () => store.transact((tx) => tx.setTimer('brief', 15)),
      () => store.transact((tx) => tx.setTimer('brief', null)),
      () => store.transact((tx) => tx.claimDueTimers(100, 10, 1_000)),
    ];
    // SQLite's group commit runs calls made at once in one batch, in order (the failed one's neighbours run again);
    // PostgreSQL runs them on several connections in any order, so there they go one after the other.
    const outcomes: PromiseSettledResult<unknown>[] = [];
    if (kind === 'sqlite') outcomes.push(...(await Promise.allSettled(calls.map((call) => call()))));
    else for (const call of calls) outcomes.push(...(await Promise.allSettled([call()])));
    assert.deepEqual(
      outcomes.map((o) => o.status),
      ['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled'],
    );
    assert.deepEqual(outcomes.at(-1), { status: 'fulfilled', value: ['armed'] });
    // Re-armed by the claim, committed: not due again until then.
    assert.deepEqual(await store.transact((tx) => tx.claimDueTimers(100, 10, 1_000)), []);
    assert.deepEqual(await store.transact((tx) => tx.claimDueTimers(5_000, 10, 1_000)), ['armed']);
  },
);
