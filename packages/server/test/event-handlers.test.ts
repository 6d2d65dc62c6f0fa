// §1.4 / §2.13 event handler CRUD over HTTP: Conductor's 409/404 rules, the activeOnly filter, the
// primitive-boolean defaults, and validation errors with field paths.
import assert from 'node:assert/strict';
import { hostname } from 'node:os';
import { test } from 'node:test';
import type { ErrorResponse } from '@baton/protocol';
import { call, openHarness } from './event-harness.js';

const handler = {
  name: 'approve_on_signal',
  event: 'conductor:orders:notify_ref',
  condition: "$.status == 'ok'",
  active: true,
  actions: [
    {
      action: 'complete_task',
      complete_task: { workflowId: '${workflowId}', taskRefName: 'wait_ref', output: { by: '${user}' } },
    },
  ],
};

async function expectError(res: Response, status: number, message: string): Promise<ErrorResponse> {
  const body = (await res.json()) as ErrorResponse;
  assert.equal(res.status, status);
  assert.equal(body.status, status);
  assert.equal(body.message, message);
  assert.equal(body.instance, hostname());
  return body;
}

void test('handlers are added, listed, updated, filtered by event and deleted', async (t) => {
  const { current: it } = await openHarness(t);

  const added = await call(it, 'POST', '/api/event', handler);
  assert.equal(added.status, 200);
  assert.equal(await added.text(), '');
  await expectError(
    await call(it, 'POST', '/api/event', handler),
    409,
    'EventHandler with name approve_on_signal already exists!',
  );
  const inactive = {
    name: 'sleeper',
    event: handler.event,
    actions: [{ action: 'start_workflow', start_workflow: { name: 'x' } }],
  };
  assert.equal((await call(it, 'POST', '/api/event', inactive)).status, 200);

  const all = (await (await call(it, 'GET', '/api/event')).json()) as Array<Record<string, unknown>>;
  assert.deepEqual(
    all.map((h) => [h.name, h.active]),
    [
      ['approve_on_signal', true],
      // Conductor's `active` is a primitive boolean: absent means false.
      ['sleeper', false],
    ],
  );
  assert.deepEqual(all[0], {
    ...handler,
    actions: [{ ...handler.actions[0], expandInlineJSON: false }],
  });

  const forEvent = async (query: string) =>
    (
      (await (await call(it, 'GET', `/api/event/${handler.event}${query}`)).json()) as Array<{ name: string }>
    ).map((h) => h.name);
  assert.deepEqual(await forEvent(''), ['approve_on_signal'], 'activeOnly defaults to true');
  assert.deepEqual(await forEvent('?activeOnly=false'), ['approve_on_signal', 'sleeper']);
  assert.deepEqual(await forEvent('?activeOnly=true'), ['approve_on_signal']);

  assert.equal((await call(it, 'PUT', '/api/event', { ...handler, active: false })).status, 200);
  assert.deepEqual(await forEvent(''), []);
  await expectError(
    await call(it, 'PUT', '/api/event', { ...handler, name: 'nope' }),
    404,
    'EventHandler with name nope not found!',
  );

  assert.equal((await call(it, 'DELETE', '/api/event/sleeper')).status, 200);
  await expectError(
    await call(it, 'DELETE', '/api/event/sleeper'),
    404,
    'EventHandler with name sleeper not found!',
  );
  assert.deepEqual(await forEvent('?activeOnly=false'), ['approve_on_signal']);
});

void test('an invalid handler is refused with field paths and nothing is stored', async (t) => {
  const { current: it } = await openHarness(t);
  const empty = await expectError(
    await call(it, 'POST', '/api/event', { actions: [] }),
    400,
    'Validation failed, check below errors for detail.',
  );
  assert.deepEqual(empty.validationErrors, [
    { path: 'name', message: 'Missing event handler name' },
    { path: 'event', message: 'Missing event location' },
  ]);

  const badAction = await expectError(
    await call(it, 'PUT', '/api/event', {
      name: 'h',
      event: 'nats:x',
      actions: [{ action: 'start_workflow', start_workflow: { name: 'w' } }, { action: 'launch_rocket' }],
    }),
    400,
    'Validation failed, check below errors for detail.',
  );
  assert.equal(badAction.validationErrors?.length, 1);
  assert.equal(badAction.validationErrors?.[0]?.path, 'actions[1].action');
  assert.equal(badAction.validationErrors?.[0]?.invalidValue, 'launch_rocket');
  assert.match(
    badAction.validationErrors?.[0]?.message ?? '',
    /must be one of start_workflow, complete_task/,
  );

  const wrongTypes = await expectError(
    await call(it, 'POST', '/api/event', { name: 'h', event: 'nats:x', active: 'yes', actions: {} }),
    400,
    'Validation failed, check below errors for detail.',
  );
  assert.deepEqual(
    wrongTypes.validationErrors?.map((e) => e.path),
    ['active', 'actions'],
  );
  assert.deepEqual(await (await call(it, 'GET', '/api/event')).json(), []);
});
