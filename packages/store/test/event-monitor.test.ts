import assert from 'node:assert/strict';
import {
  EVENT_RECORDS_KEPT,
  EVENT_RECORDS_MAX_AGE_MS,
  type EventExecutionRecord,
  type ReceivedEventMessage,
} from '../src/index.js';
import { forEachStore } from './support/stores.js';

const T0 = 1_700_000_000_000;

function message(id: string, event: string, at: number, payload: unknown = { id }): ReceivedEventMessage {
  return { id, event, payload, createdAt: at, status: 'HANDLED', statusDescription: '1 action(s) completed' };
}

function execution(
  messageId: string,
  name: string,
  event: string,
  at: number,
  status: EventExecutionRecord['status'] = 'COMPLETED',
): EventExecutionRecord {
  return {
    id: `${messageId}_0`,
    messageId,
    name,
    event,
    action: status === 'SKIPPED' ? undefined : 'start_workflow',
    status,
    created: at,
    output: status === 'SKIPPED' ? { reason: 'condition is false' } : { workflowId: `wf-${messageId}` },
  };
}

function withoutUndefined<T extends object>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

forEachStore(
  'received messages and handler executions are recorded and read back newest first',
  async (t, { store }) => {
    const event = 'conductor:orders';
    await store.transact(async (tx) => {
      await tx.recordEventMessage(message('m1', event, T0), [
        execution('m1', 'start', event, T0),
        execution('m1', 'audit', event, T0, 'SKIPPED'),
      ]);
      await tx.recordEventMessage(message('m2', event, T0 + 10), [execution('m2', 'start', event, T0 + 10)]);
      await tx.recordEventMessage(message('n1', 'nats:other', T0 + 20), []);
    });

    const started = await store.eventExecutions('start', 0, 100);
    assert.deepEqual(
      started.map((e) => [e.messageId, e.status, e.output, e.payload]),
      [
        ['m2', 'COMPLETED', { workflowId: 'wf-m2' }, { id: 'm2' }],
        ['m1', 'COMPLETED', { workflowId: 'wf-m1' }, { id: 'm1' }],
      ],
    );
    assert.deepEqual(
      (await store.eventExecutions('start', T0 + 5, 100)).map((e) => e.messageId),
      ['m2'],
    );
    assert.deepEqual(await store.eventExecutions('start', 0, 1).then((e) => e.length), 1);
    assert.deepEqual(await store.eventExecutions('missing', 0, 100), []);

    const messages = await store.receivedEventMessages(event, 0, 100);
    assert.deepEqual(
      messages.map((m) => [m.id, m.status, m.payload, m.executions.map((e) => `${e.name}:${e.status}`)]),
      [
        ['m2', 'HANDLED', { id: 'm2' }, ['start:COMPLETED']],
        ['m1', 'HANDLED', { id: 'm1' }, ['start:COMPLETED', 'audit:SKIPPED']],
      ],
    );
    assert.deepEqual(
      messages[1]?.executions[1],
      withoutUndefined(execution('m1', 'audit', event, T0, 'SKIPPED')),
    );
    assert.deepEqual(
      (await store.receivedEventMessages('nats:other', 0, 100)).map((m) => [m.id, m.executions]),
      [['n1', []]],
    );

    assert.deepEqual(await store.eventHandlerActivity(0), [
      { name: 'audit', event, executions: 1, messages: 1 },
      { name: 'start', event, executions: 2, messages: 2 },
    ]);
    assert.deepEqual(await store.eventHandlerActivity(T0 + 5), [
      { name: 'start', event, executions: 1, messages: 1 },
    ]);
    assert.deepEqual(await store.receivedEventCounts(0), { [event]: 2, 'nats:other': 1 });
    assert.deepEqual(await store.receivedEventCounts(T0 + 15), { 'nats:other': 1 });
  },
);

forEachStore(
  'recording keeps the newest records of each handler and event and drops the older ones',
  async (t, { store, rows }) => {
    const event = 'conductor:busy';
    const total = EVENT_RECORDS_KEPT + 5;
    await store.transact(async (tx) => {
      for (let i = 0; i < total; i++) {
        await tx.recordEventMessage(message(`m${i}`, event, T0 + i), [
          execution(`m${i}`, 'busy', event, T0 + i),
        ]);
      }
      // Another handler's and event's records are not counted against these.
      await tx.recordEventMessage(message('q', 'conductor:quiet', T0), [
        execution('q', 'quiet', 'conductor:quiet', T0),
      ]);
    });
    const executions = await store.eventExecutions('busy', 0, total);
    assert.equal(executions.length, EVENT_RECORDS_KEPT);
    assert.equal(executions[0]?.messageId, `m${total - 1}`);
    assert.equal(executions.at(-1)?.messageId, 'm5');
    const messages = await store.receivedEventMessages(event, 0, total);
    assert.equal(messages.length, EVENT_RECORDS_KEPT);
    assert.equal(messages.at(-1)?.id, 'm5');
    assert.equal((await store.eventExecutions('quiet', 0, 10)).length, 1);
    const [counted] = await rows<{ n: number | string }>(
      "SELECT count(*) AS n FROM event_executions WHERE handler_name = 'busy'",
    );
    assert.equal(Number(counted?.n), EVENT_RECORDS_KEPT);
  },
);

forEachStore('records older than the maximum age go when a new one is recorded', async (t, { store }) => {
  await store.transact((tx) =>
    tx.recordEventMessage(message('old', 'conductor:a', T0), [execution('old', 'a', 'conductor:a', T0)]),
  );
  const later = T0 + EVENT_RECORDS_MAX_AGE_MS + 1;
  await store.transact((tx) =>
    tx.recordEventMessage(message('new', 'conductor:b', later), [
      execution('new', 'b', 'conductor:b', later),
    ]),
  );
  assert.deepEqual(await store.receivedEventMessages('conductor:a', 0, 10), []);
  assert.deepEqual(await store.eventExecutions('a', 0, 10), []);
  assert.deepEqual(
    (await store.eventExecutions('b', 0, 10)).map((e) => e.messageId),
    ['new'],
  );
});
