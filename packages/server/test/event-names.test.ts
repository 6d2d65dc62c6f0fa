// Pure pieces of the event system: sink and event names, payload templates, expandInlineJSON, conditions.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkCondition, type ConditionEvaluator } from '../src/events/conditions.js';
import { parseEventName, sinkEventName, UnsupportedEventError } from '../src/events/event-names.js';
import { expandInlineJson, resolveAgainstPayload } from '../src/events/payload-templates.js';
import { createScriptSandbox } from '../src/sandbox/index.js';

void test('EVENT sinks name their queue like Conductor', () => {
  assert.equal(sinkEventName('conductor', 'orders', 'notify_ref'), 'conductor:orders:notify_ref');
  assert.equal(sinkEventName('conductor:approvals', 'orders', 'notify_ref'), 'conductor:orders:approvals');
  assert.equal(sinkEventName('nats:orders.created', 'orders', 'r'), 'nats:orders.created');
  assert.throws(() => sinkEventName('conductorx', 'orders', 'r'), UnsupportedEventError);
});

void test('event names parse into destinations, with AMQP options and NATS queue groups', () => {
  assert.deepEqual(parseEventName('conductor:wf:ref'), { kind: 'conductor', name: 'conductor:wf:ref' });
  assert.deepEqual(parseEventName('nats:a.b'), { kind: 'nats', subject: 'a.b' });
  assert.deepEqual(parseEventName('nats:a.b:workers'), {
    kind: 'nats',
    subject: 'a.b',
    queueGroup: 'workers',
  });
  assert.deepEqual(parseEventName('amqp:jobs'), { kind: 'amqp_queue', queue: 'jobs', durable: true });
  assert.deepEqual(parseEventName('amqp_queue:jobs?durable=false'), {
    kind: 'amqp_queue',
    queue: 'jobs',
    durable: false,
  });
  assert.deepEqual(parseEventName('amqp_exchange:ex?exchangeType=fanout&routingKey=k'), {
    kind: 'amqp_exchange',
    exchange: 'ex',
    exchangeType: 'fanout',
    routingKey: 'k',
    bindQueueName: 'bound_to_ex',
    durable: true,
  });
  for (const bad of ['sqs:q', 'kafka:t', 'nats:', 'conductor']) {
    assert.throws(() => parseEventName(bad), UnsupportedEventError, bad);
  }
});

void test('action templates resolve against the payload with typed whole values and text interpolation', () => {
  const payload = { order: { id: 7, items: ['a', 'b'] }, user: 'ada', flag: true };
  assert.deepEqual(
    resolveAgainstPayload(
      {
        id: '${order.id}',
        items: '${order.items}',
        first: '${order.items[0]}',
        note: 'order ${order.id} for ${user}',
        missing: '${nope.x}',
        nested: { flag: '${flag}', list: ['${user}', 3] },
        literal: 'plain',
      },
      payload,
    ),
    {
      id: 7,
      items: ['a', 'b'],
      first: 'a',
      note: 'order 7 for ada',
      missing: null,
      nested: { flag: true, list: ['ada', 3] },
      literal: 'plain',
    },
  );
  assert.deepEqual(resolveAgainstPayload({ whole: '${$}' }, { a: 1 }), { whole: { a: 1 } });
  assert.deepEqual(resolveAgainstPayload({ v: '${a}' }, 'not an object'), { v: null });
});

void test('expandInlineJSON parses JSON held in strings, through maps and lists, and keeps other text', () => {
  assert.deepEqual(
    expandInlineJson({
      a: '{"x":1}',
      b: ['[1,2]', 'text', { c: ' {"y":"z"} ' }],
      d: '{broken',
      e: 5,
    }),
    { a: { x: 1 }, b: [[1, 2], 'text', { c: { y: 'z' } }], d: '{broken', e: 5 },
  );
  const tricky = expandInlineJson(JSON.parse('{"__proto__":"{\\"polluted\\":true}"}')) as Record<
    string,
    unknown
  >;
  assert.deepEqual(Object.getPrototypeOf(tricky), Object.prototype);
  assert.deepEqual(Object.getOwnPropertyDescriptor(tricky, '__proto__')?.value, { polluted: true });
});

void test('conditions: only true or a positive number holds; failures and unknown evaluators do not', async (t) => {
  const scripts = createScriptSandbox({ poolSize: 1 });
  t.after(() => scripts.close());
  const evaluate: ConditionEvaluator = (expression, input) => scripts.evaluate(expression, input);
  const handler = (condition?: string, evaluatorType?: string) => ({
    name: 'h',
    event: 'nats:x',
    actions: [],
    ...(condition !== undefined && { condition }),
    ...(evaluatorType !== undefined && { evaluatorType }),
  });
  assert.deepEqual(await checkCondition(handler(), {}, evaluate), { matches: true });
  assert.equal((await checkCondition(handler('$.a == 1'), { a: 1 }, evaluate)).matches, true);
  assert.equal((await checkCondition(handler('$.a == 1'), { a: 2 }, evaluate)).matches, false);
  assert.equal((await checkCondition(handler('$.n'), { n: 2 }, evaluate)).matches, true);
  assert.equal((await checkCondition(handler('$.n'), { n: 0 }, evaluate)).matches, false);
  assert.equal((await checkCondition(handler('$.n'), { n: 'true' }, evaluate)).matches, false);
  assert.equal((await checkCondition(handler('$.n'), { n: {} }, evaluate)).matches, false);
  const broken = await checkCondition(handler('$.a ==='), {}, evaluate); // a syntax error
  assert.deepEqual(broken.matches === false && broken.failed, true);
  assert.equal((await checkCondition(handler('ok', 'value-param'), { ok: true }, evaluate)).matches, true);
  assert.equal((await checkCondition(handler('ok', 'value-param'), { ok: 'yes' }, evaluate)).matches, false);
  const python = await checkCondition(handler('True', 'python'), {}, evaluate);
  assert.equal(python.matches === false && python.reason, "unsupported evaluatorType 'python'");
});
