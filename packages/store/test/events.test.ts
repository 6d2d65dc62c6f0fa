import assert from 'node:assert/strict';
import type { EventHandler } from '../src/index.js';
import { forEachStore } from './support/stores.js';

function handler(name: string, event: string, active: boolean): EventHandler {
  return {
    name,
    event,
    active,
    condition: '$.x == 1',
    actions: [{ action: 'start_workflow', start_workflow: { name: 'wf', input: { id: '${id}' } } }],
  };
}

forEachStore('event handlers are stored whole, listed by name and found by event', async (t, { store }) => {
  await store.transact(async (tx) => {
    await tx.putEventHandler(handler('b', 'conductor:wf:ref', true));
    await tx.putEventHandler(handler('a', 'conductor:wf:ref', false));
    await tx.putEventHandler(handler('c', 'nats:orders', true));
  });
  assert.deepEqual(await store.getEventHandler('b'), handler('b', 'conductor:wf:ref', true));
  assert.equal(await store.getEventHandler('missing'), undefined);
  assert.deepEqual(
    (await store.listEventHandlers()).map((h) => h.name),
    ['a', 'b', 'c'],
  );
  assert.deepEqual(
    (await store.eventHandlersFor('conductor:wf:ref', false)).map((h) => h.name),
    ['a', 'b'],
  );
  assert.deepEqual(
    (await store.eventHandlersFor('conductor:wf:ref', true)).map((h) => h.name),
    ['b'],
  );
  assert.deepEqual(await store.eventHandlersFor('conductor:wf', false), []);
});

forEachStore(
  'putting a handler again replaces it, including its event and active flag',
  async (t, { store }) => {
    await store.transact((tx) => tx.putEventHandler(handler('h', 'nats:a', true)));
    await store.transact((tx) => tx.putEventHandler(handler('h', 'nats:b', false)));
    assert.deepEqual(await store.eventHandlersFor('nats:a', false), []);
    assert.deepEqual(await store.eventHandlersFor('nats:b', true), []);
    assert.equal((await store.eventHandlersFor('nats:b', false))[0]?.active, false);
    assert.equal((await store.listEventHandlers()).length, 1);
  },
);

forEachStore('deleting a handler reports whether it existed', async (t, { store }) => {
  await store.transact((tx) => tx.putEventHandler(handler('h', 'nats:a', true)));
  assert.equal(await store.transact((tx) => tx.deleteEventHandler('h')), true);
  assert.equal(await store.transact((tx) => tx.deleteEventHandler('h')), false);
  assert.equal(await store.getEventHandler('h'), undefined);
});

forEachStore(
  'published messages survive a reopen and are claimed oldest first across queues',
  async (t, { store, reopen, rows }) => {
    await store.transact(async (tx) => {
      assert.equal(await tx.publishEventMessage('conductor:wf:a', 'm1', { n: 1 }, 100), true);
      assert.equal(await tx.publishEventMessage('conductor:wf:b', 'm2', { n: 2 }, 100), true);
      assert.equal(await tx.publishEventMessage('conductor:wf:a', 'm3', [3, 'x'], 101), true);
    });
    await store.close();

    const again = await reopen();
    assert.equal(
      (await rows<{ n: number }>('SELECT CAST(count(*) AS INTEGER) AS n FROM event_messages'))[0]?.n,
      3,
    );
    assert.equal(await again.eventQueueSize('conductor:wf:a'), 2);
    assert.deepEqual(await again.eventQueueSizes(), { 'conductor:wf:a': 2, 'conductor:wf:b': 1 });
    const claimed = await again.transact((tx) => tx.claimEventMessages(200, 10, 1000));
    assert.deepEqual(
      claimed.map((m) => [m.queueName, m.messageId, m.payload, m.publishedAt]),
      [
        ['conductor:wf:a', 'm1', { n: 1 }, 100],
        ['conductor:wf:b', 'm2', { n: 2 }, 100],
        ['conductor:wf:a', 'm3', [3, 'x'], 101],
      ],
    );
    assert.ok(claimed[0]!.seq < claimed[1]!.seq && claimed[1]!.seq < claimed[2]!.seq);
  },
);

forEachStore('a pending message id is published once per queue', async (t, { store }) => {
  await store.transact(async (tx) => {
    assert.equal(await tx.publishEventMessage('q', 'task-1', { v: 1 }, 1), true);
    assert.equal(await tx.publishEventMessage('q', 'task-1', { v: 2 }, 2), false);
    assert.equal(await tx.publishEventMessage('other', 'task-1', { v: 3 }, 3), true);
  });
  const claimed = await store.transact((tx) => tx.claimEventMessages(10, 10, 1000));
  assert.deepEqual(
    claimed.map((m) => [m.queueName, m.payload]),
    [
      ['q', { v: 1 }],
      ['other', { v: 3 }],
    ],
  );
  // Once acknowledged, the same id may be published again (a later run of the same task).
  assert.equal(await store.transact((tx) => tx.ackEventMessage(claimed[0]!.seq)), true);
  assert.equal(await store.transact((tx) => tx.publishEventMessage('q', 'task-1', { v: 4 }, 20)), true);
});

forEachStore(
  'a claimed message is hidden for its lease and comes back unless acknowledged',
  async (t, { store }) => {
    await store.transact(async (tx) => {
      await tx.publishEventMessage('q', 'a', 1, 0);
      await tx.publishEventMessage('q', 'b', 2, 0);
    });
    const first = await store.transact((tx) => tx.claimEventMessages(10, 1, 1000));
    assert.deepEqual(
      first.map((m) => m.messageId),
      ['a'],
    );
    // While `a` is leased the next claim skips it.
    const second = await store.transact((tx) => tx.claimEventMessages(20, 10, 1000));
    assert.deepEqual(
      second.map((m) => m.messageId),
      ['b'],
    );
    assert.equal(await store.transact((tx) => tx.ackEventMessage(second[0]!.seq)), true);
    assert.deepEqual(await store.transact((tx) => tx.claimEventMessages(500, 10, 1000)), []);
    // `a` was never acknowledged (say the server crashed while running its actions): after the lease it is back.
    const again = await store.transact((tx) => tx.claimEventMessages(1010, 10, 1000));
    assert.deepEqual(
      again.map((m) => [m.messageId, m.seq]),
      [['a', first[0]!.seq]],
    );
    assert.equal(await store.transact((tx) => tx.ackEventMessage(first[0]!.seq)), true);
    assert.equal(await store.transact((tx) => tx.ackEventMessage(first[0]!.seq)), false);
    assert.equal(await store.eventQueueSize('q'), 0);
    assert.deepEqual(await store.eventQueueSizes(), {});
  },
);

forEachStore('claiming nothing changes nothing', async (t, { store }) => {
  await store.transact((tx) => tx.publishEventMessage('q', 'a', null, 0));
  assert.deepEqual(await store.transact((tx) => tx.claimEventMessages(10, 0, 1000)), []);
  const [message] = await store.transact((tx) => tx.claimEventMessages(10, 5, 1000));
  assert.equal(message?.payload, null);
});
