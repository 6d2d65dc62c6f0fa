// EVENT tasks and handlers on the real brokers of this machine (NATS on 4222, RabbitMQ on 5672): a message
// published by an EVENT task comes back through the broker into a handler that starts a workflow. Also the
// failures: a broker that is down fails the task (retryable), an unknown or unconfigured sink terminally.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test, type TestContext } from 'node:test';
import { connect as amqpConnect } from 'amqplib';
import {
  AMQP_URL,
  NATS_URL,
  call,
  emitterDef,
  eventually,
  openHarness,
  openTcpProxy,
  reachable,
  register,
  runEventTask,
  taskOf,
  type Instance,
} from './event-harness.js';

const natsUp = await reachable(4222);
const amqpUp = await reachable(5672);
const noNats = natsUp ? false : 'NATS is not reachable on 127.0.0.1:4222';
const noAmqp = amqpUp ? false : 'RabbitMQ is not reachable on 127.0.0.1:5672';

const greeterDef = {
  name: 'greeter',
  version: 1,
  schemaVersion: 2,
  ownerEmail: 'test@example.com',
  timeoutSeconds: 0,
  tasks: [{ name: 'greet', taskReferenceName: 'greet_ref', type: 'SIMPLE' }],
};

/** Registers a handler on `event` that starts `greeter` with the payload's user and correlation id. */
async function listen(it: Instance, event: string): Promise<void> {
  const handler = {
    name: `relay_${randomUUID()}`,
    event,
    active: true,
    actions: [
      {
        action: 'start_workflow',
        start_workflow: {
          name: 'greeter',
          correlationId: '${corr}',
          input: { name: '${user}', from: '${workflowType}' },
        },
      },
    ],
  };
  assert.equal((await call(it, 'POST', '/api/event', handler)).status, 200);
  await it.events.listeners.sync();
  assert.ok(it.events.listeners.events.includes(event), `subscribed to ${event}`);
}

/** Runs an emitter workflow publishing to `sink`, then waits for the greeter the round trip starts. */
async function roundTrip(it: Instance, sink: string, attempts?: number): Promise<void> {
  const corr = randomUUID();
  await register(it, emitterDef('emitter', sink), greeterDef);
  const emitterId = await it.runtime.startWorkflow({ name: 'emitter', input: { user: 'ada', corr } });
  const outcome = await runEventTask(it, emitterId);
  assert.equal(outcome.status, 'COMPLETED', outcome.reasonForIncompletion);
  assert.equal(outcome.outputData?.event_produced, sink);
  assert.equal((await taskOf(it, emitterId, 'emit_ref')).status, 'COMPLETED');
  const [greeter] = await eventually(
    'the greeter started by the handler',
    async () => {
      const found = await it.store.findByCorrelationId('greeter', corr, true, false);
      return found.length > 0 ? found : undefined;
    },
    attempts,
  );
  assert.equal(greeter!.input.name, 'ada');
  assert.equal(greeter!.input.from, 'emitter');
  assert.equal(greeter!.input['conductor.event.name'], sink);
}

/** Deletes what a test declared on RabbitMQ. */
function cleanUpAmqp(t: TestContext, what: { queues?: string[]; exchanges?: string[] }): void {
  t.after(async () => {
    const model = await amqpConnect(AMQP_URL);
    const channel = await model.createChannel();
    for (const q of what.queues ?? []) await channel.deleteQueue(q);
    for (const e of what.exchanges ?? []) await channel.deleteExchange(e);
    await model.close();
  });
}

void test(
  'NATS: an EVENT task publishes and a handler on the subject receives it',
  { skip: noNats },
  async (t) => {
    const { current: it } = await openHarness(t, { brokers: { natsUrl: NATS_URL }, startEvents: true });
    const sink = `nats:baton.test.${randomUUID()}`;
    await listen(it, sink);
    await roundTrip(it, sink);
    // The event monitor recorded the broker message and the handler's outcome.
    const [message] = await eventually('the recorded message', async () => {
      const found = await it.events.monitor.messages(sink);
      return found.length > 0 ? found : undefined;
    });
    assert.equal(message?.status, 'HANDLED');
    assert.equal(message.fullPayload?.user, 'ada');
    assert.deepEqual(
      message.eventExecutions.map((e) => [e.action, e.status]),
      [['start_workflow', 'COMPLETED']],
    );
  },
);

void test(
  'AMQP: an EVENT task publishes to a queue and a handler on it receives it',
  { skip: noAmqp },
  async (t) => {
    const { current: it } = await openHarness(t, { brokers: { amqpUrl: AMQP_URL }, startEvents: true });
    const queue = `baton-test-${randomUUID()}`;
    cleanUpAmqp(t, { queues: [queue] });
    const sink = `amqp:${queue}`;
    await listen(it, sink);
    await roundTrip(it, sink);
  },
);

void test(
  'AMQP: an exchange sink reaches a handler bound with the routing key',
  { skip: noAmqp },
  async (t) => {
    const { current: it } = await openHarness(t, { brokers: { amqpUrl: AMQP_URL }, startEvents: true });
    const exchange = `baton-test-x-${randomUUID()}`;
    const bindQueueName = `baton-test-bound-${randomUUID()}`;
    cleanUpAmqp(t, { queues: [bindQueueName], exchanges: [exchange] });
    const sink = `amqp_exchange:${exchange}?exchangeType=direct&routingKey=orders&bindQueueName=${bindQueueName}`;
    await listen(it, sink);
    await roundTrip(it, sink);
  },
);

void test(
  'NATS and AMQP: publishing and consuming carry on after the connection drops',
  { skip: noNats || noAmqp },
  async (t) => {
    const natsProxy = await openTcpProxy(4222);
    const amqpProxy = await openTcpProxy(5672);
    const { current: it } = await openHarness(t, {
      brokers: {
        natsUrl: `nats://127.0.0.1:${natsProxy.port}`,
        amqpUrl: `amqp://guest:guest@127.0.0.1:${amqpProxy.port}`,
      },
      startEvents: true,
    });
    // After-hooks run in order: the harness (and its broker clients) closes before the proxies.
    t.after(() => Promise.all([natsProxy.close(), amqpProxy.close()]));
    const queue = `baton-test-${randomUUID()}`;
    cleanUpAmqp(t, { queues: [queue] });
    const sinks = [`nats:baton.test.${randomUUID()}`, `amqp:${queue}`];
    for (const sink of sinks) await listen(it, sink);
    for (const sink of sinks) await roundTrip(it, sink);

    natsProxy.dropConnections();
    amqpProxy.dropConnections();
    // Both clients reconnect (after a backoff of a second or two); the consumers come back with them.
    for (const sink of sinks) await roundTrip(it, sink, 600);
  },
);

void test('a handler that is deactivated loses its broker subscription', { skip: noNats }, async (t) => {
  const { current: it } = await openHarness(t, { brokers: { natsUrl: NATS_URL }, startEvents: true });
  const event = `nats:baton.test.${randomUUID()}`;
  const handler = {
    name: 'h',
    event,
    active: true,
    actions: [{ action: 'start_workflow', start_workflow: { name: 'greeter' } }],
  };
  assert.equal((await call(it, 'POST', '/api/event', handler)).status, 200);
  await it.events.listeners.sync();
  assert.deepEqual(it.events.listeners.events, [event]);
  assert.equal((await call(it, 'PUT', '/api/event', { ...handler, active: false })).status, 200);
  await it.events.listeners.sync();
  assert.deepEqual(it.events.listeners.events, []);
});

void test('a broker that is down fails the EVENT task with a retryable FAILED', async (t) => {
  // Port 1: nothing listens there, so every connection is refused.
  const { current: it } = await openHarness(t, {
    brokers: { natsUrl: 'nats://127.0.0.1:1', amqpUrl: 'amqp://guest:guest@127.0.0.1:1' },
  });
  await register(it, emitterDef('to_nats', 'nats:orders'), emitterDef('to_amqp', 'amqp:orders'));
  for (const name of ['to_nats', 'to_amqp']) {
    const workflowId = await it.runtime.startWorkflow({ name, input: { user: 'ada' } });
    const outcome = await runEventTask(it, workflowId);
    assert.equal(outcome.status, 'FAILED', name);
    assert.match(outcome.reasonForIncompletion ?? '', /^Error while publishing to queue: /);
    const task = await taskOf(it, workflowId, 'emit_ref');
    assert.equal(task.status, 'FAILED');
    assert.equal(task.outputData.event_produced, name === 'to_nats' ? 'nats:orders' : 'amqp:orders');
  }
});

void test('an unknown sink type, or a broker that is not configured, fails the task terminally', async (t) => {
  const { current: it } = await openHarness(t);
  await register(
    it,
    emitterDef('to_sqs', 'sqs:orders'),
    emitterDef('to_nats', 'nats:orders'),
    emitterDef('bad', 'conductorx'),
  );
  const expectations: Array<[string, RegExp]> = [
    ['to_sqs', /Unsupported event queue type 'sqs'/],
    ['to_nats', /No NATS server is configured/],
    ['bad', /Invalid \/ Unsupported sink specified: conductorx/],
  ];
  for (const [name, reason] of expectations) {
    const workflowId = await it.runtime.startWorkflow({ name, input: {} });
    const outcome = await runEventTask(it, workflowId);
    assert.equal(outcome.status, 'FAILED_WITH_TERMINAL_ERROR', name);
    assert.match(outcome.reasonForIncompletion ?? '', reason);
    assert.equal((await taskOf(it, workflowId, 'emit_ref')).status, 'FAILED_WITH_TERMINAL_ERROR');
  }
});
