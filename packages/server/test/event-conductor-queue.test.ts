// The internal `conductor` event queue end to end on a real store and runtime: an EVENT task's message is
// stored durably (it survives a restart until processed), then handlers complete a waiting task of another
// workflow and start a workflow from the payload; a false condition runs nothing; a failing action does not
// stop the next one; asyncComplete; terminate/fail actions; the /api/queue/update endpoints; and the executor
// wired into the runtime's system-task runner. Conditions run in the real script sandbox.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  call,
  emitterDef,
  eventually,
  openHarness,
  register,
  runEventTask,
  taskOf,
  waiterDef,
  workflowOf,
  type Instance,
} from './event-harness.js';

const greeterDef = {
  name: 'greeter',
  version: 1,
  schemaVersion: 2,
  ownerEmail: 'test@example.com',
  timeoutSeconds: 0,
  tasks: [
    {
      name: 'greet',
      taskReferenceName: 'greet_ref',
      type: 'SIMPLE',
      inputParameters: { who: '${workflow.input.name}' },
    },
  ],
};

/** Starts the waiter and polls its task, so it is IN_PROGRESS with a worker. */
async function startWaiting(it: Instance): Promise<string> {
  const workflowId = await it.runtime.startWorkflow({ name: 'waiter', input: {} });
  const [polled] = await it.runtime.poll({ taskType: 'approval', workerId: 'w1', count: 1, timeoutMs: 0 });
  assert.equal(polled?.workflowInstanceId, workflowId);
  assert.equal((await taskOf(it, workflowId, 'wait_ref')).status, 'IN_PROGRESS');
  return workflowId;
}

void test('an EVENT task to `conductor` is stored durably and its handlers run after a restart', async (t) => {
  const harness = await openHarness(t);
  let it = harness.current;
  await register(it, emitterDef('emitter', 'conductor'), waiterDef('waiter'), greeterDef);
  const event = 'conductor:emitter:emit_ref';
  const handlers = [
    {
      name: 'approve',
      event,
      active: true,
      actions: [
        {
          action: 'complete_task',
          complete_task: {
            workflowId: '${waitWorkflowId}',
            taskRefName: 'wait_ref',
            output: { approvedBy: '${user}' },
          },
        },
      ],
    },
    {
      name: 'greet_user',
      event,
      active: true,
      condition: "$.user == 'ada'",
      actions: [
        // The first action fails (no such workflow); the second still runs.
        { action: 'start_workflow', start_workflow: { name: 'no_such_workflow' } },
        {
          action: 'start_workflow',
          start_workflow: {
            name: 'greeter',
            correlationId: '${corr}',
            input: { name: '${user}', note: 'hi ${user}' },
          },
        },
      ],
    },
    {
      name: 'never',
      event,
      active: true,
      condition: "$.user == 'nobody'",
      actions: [{ action: 'start_workflow', start_workflow: { name: 'greeter', correlationId: 'never' } }],
    },
    {
      name: 'inactive',
      event,
      active: false,
      actions: [{ action: 'start_workflow', start_workflow: { name: 'greeter', correlationId: 'inactive' } }],
    },
  ];
  for (const h of handlers) assert.equal((await call(it, 'POST', '/api/event', h)).status, 200);

  const waitWorkflowId = await startWaiting(it);
  const emitterId = await it.runtime.startWorkflow({
    name: 'emitter',
    input: { user: 'ada', waitWorkflowId, corr: 'corr-1' },
    correlationId: 'emit-corr',
  });
  const outcome = await runEventTask(it, emitterId);
  assert.equal(outcome.status, 'COMPLETED');
  const emitTask = await taskOf(it, emitterId, 'emit_ref');
  const emitter = await workflowOf(it, emitterId);
  assert.equal(emitTask.status, 'COMPLETED');
  assert.deepEqual(
    { ...emitTask.outputData },
    {
      ...emitTask.inputData,
      user: 'ada',
      waitWorkflowId,
      corr: 'corr-1',
      workflowInstanceId: emitterId,
      workflowType: 'emitter',
      workflowVersion: 1,
      correlationId: 'emit-corr',
      // Present when the workflow has one (the runtime gives every workflow a map, maybe empty).
      ...(emitter.taskToDomain && { taskToDomain: emitter.taskToDomain }),
      event_produced: event,
    },
  );

  // Nothing consumed it yet: the message is in the database, and stays there across a restart.
  assert.equal(await it.store.eventQueueSize(event), 1);
  it = await harness.restart();
  assert.equal(await it.store.eventQueueSize(event), 1);
  assert.equal((await taskOf(it, waitWorkflowId, 'wait_ref')).status, 'IN_PROGRESS');

  assert.equal(await it.events.processor.processVisible(), 1);
  assert.equal(await it.store.eventQueueSize(event), 0, 'acknowledged once its actions ran');

  const waited = await taskOf(it, waitWorkflowId, 'wait_ref');
  assert.equal(waited.status, 'COMPLETED');
  assert.equal(waited.outputData.approvedBy, 'ada');
  assert.equal(waited.outputData['conductor.event.name'], event);
  assert.equal(
    waited.outputData['conductor.event.messageId'],
    emitTask.taskId,
    'the message id is the task id',
  );
  assert.equal((await workflowOf(it, waitWorkflowId)).status, 'COMPLETED');

  const started = await it.store.findByCorrelationId('greeter', 'corr-1', true, true);
  assert.equal(started.length, 1);
  assert.equal(started[0]!.input.name, 'ada');
  assert.equal(started[0]!.input.note, 'hi ada');
  assert.equal(started[0]!.input['conductor.event.name'], event);
  assert.equal(started[0]!.tasks[0]?.inputData.who, 'ada');
  assert.deepEqual(
    await it.store.findByCorrelationId('greeter', 'never', true, false),
    [],
    'condition false',
  );
  assert.deepEqual(await it.store.findByCorrelationId('greeter', 'inactive', true, false), [], 'inactive');
});

void test('the running processor picks up a published message, and `conductor:{q}` sinks are per workflow type', async (t) => {
  const { current: it } = await openHarness(t, { startEvents: true });
  await register(it, emitterDef('emitter', 'conductor:approvals'), waiterDef('waiter'));
  const handler = {
    name: 'approve',
    event: 'conductor:emitter:approvals',
    active: true,
    actions: [
      {
        action: 'complete_task',
        expandInlineJSON: true,
        complete_task: {
          workflowId: '${waitWorkflowId}',
          taskRefName: 'wait_ref',
          output: { who: '${user.name}' },
        },
      },
    ],
  };
  assert.equal((await call(it, 'POST', '/api/event', handler)).status, 200);
  const waitWorkflowId = await startWaiting(it);
  // `user` travels as a JSON string; expandInlineJSON makes `${user.name}` reach into it.
  const emitterId = await it.runtime.startWorkflow({
    name: 'emitter',
    input: { user: '{"name":"grace"}', waitWorkflowId },
  });
  const outcome = await runEventTask(it, emitterId);
  assert.equal(outcome.outputData?.event_produced, 'conductor:emitter:approvals');
  const done = await eventually('the waiting task to complete', async () => {
    const task = await taskOf(it, waitWorkflowId, 'wait_ref');
    return task.status === 'COMPLETED' ? task : undefined;
  });
  assert.equal(done.outputData.who, 'grace');
});

void test('with asyncComplete the EVENT task stays IN_PROGRESS until a handler completes it', async (t) => {
  const { current: it } = await openHarness(t);
  await register(it, emitterDef('async_emitter', 'conductor', { asyncComplete: true }));
  const handler = {
    name: 'self_complete',
    event: 'conductor:async_emitter:emit_ref',
    active: true,
    actions: [
      {
        action: 'complete_task',
        complete_task: {
          workflowId: '${workflowInstanceId}',
          taskRefName: 'emit_ref',
          output: { acked: true },
        },
      },
    ],
  };
  assert.equal((await call(it, 'POST', '/api/event', handler)).status, 200);
  const workflowId = await it.runtime.startWorkflow({ name: 'async_emitter', input: { user: 'x' } });
  const outcome = await runEventTask(it, workflowId);
  assert.equal(outcome.status, 'IN_PROGRESS');
  assert.equal((await taskOf(it, workflowId, 'emit_ref')).status, 'IN_PROGRESS');

  assert.equal(await it.events.processor.processVisible(), 1);
  const task = await taskOf(it, workflowId, 'emit_ref');
  assert.equal(task.status, 'COMPLETED');
  assert.equal(task.outputData.acked, true);
  assert.equal((await workflowOf(it, workflowId)).status, 'COMPLETED');
});

void test('/api/queue/update completes or fails a waiting task through the queue', async (t) => {
  const { current: it } = await openHarness(t);
  await register(it, waiterDef('waiter'));
  const byRef = await startWaiting(it);

  const res = await call(it, 'POST', `/api/queue/update/${byRef}/wait_ref/COMPLETED`, { answer: 42 });
  assert.equal(res.status, 200);
  assert.equal(await res.text(), '');
  assert.deepEqual(await (await call(it, 'GET', '/api/queue/size')).json(), {
    conductor_COMPLETED: 1,
    conductor_FAILED: 0,
  });
  assert.deepEqual(await (await call(it, 'GET', '/api/queue/')).json(), {
    COMPLETED: 'conductor_COMPLETED',
    FAILED: 'conductor_FAILED',
  });
  assert.equal(
    (await taskOf(it, byRef, 'wait_ref')).status,
    'IN_PROGRESS',
    'not before the queue is processed',
  );
  await it.events.processor.processVisible();
  const completed = await taskOf(it, byRef, 'wait_ref');
  assert.equal(completed.status, 'COMPLETED');
  assert.deepEqual({ ...completed.outputData }, { answer: 42, workflowId: byRef, taskRefName: 'wait_ref' });

  const byId = await startWaiting(it);
  const taskId = (await taskOf(it, byId, 'wait_ref')).taskId;
  assert.equal(
    (await call(it, 'POST', `/api/queue/update/${byId}/task/${taskId}/FAILED`, { why: 'no' })).status,
    200,
  );
  await it.events.processor.processVisible();
  const failed = await taskOf(it, byId, 'wait_ref');
  assert.equal(failed.status, 'FAILED');
  assert.equal(failed.outputData.why, 'no');

  const bad = await call(it, 'POST', `/api/queue/update/${byId}/wait_ref/SKIPPED`, {});
  assert.equal(bad.status, 400);
  assert.deepEqual(await (await call(it, 'GET', '/api/queue/size')).json(), {
    conductor_COMPLETED: 0,
    conductor_FAILED: 0,
  });
});

void test('terminate_workflow and fail_task actions, and a report of what every action did', async (t) => {
  const { current: it } = await openHarness(t);
  await register(it, waiterDef('waiter'));
  const doomed = await startWaiting(it);
  const rejected = await startWaiting(it);
  const event = 'conductor:ops:commands';
  const handler = {
    name: 'ops',
    event,
    active: true,
    actions: [
      {
        action: 'terminate_workflow',
        terminate_workflow: { workflowId: '${stop}', terminationReason: 'stopped by ${who}' },
      },
      {
        action: 'fail_task',
        fail_task: {
          workflowId: '${reject}',
          taskRefName: 'wait_ref',
          reasonForIncompletion: 'rejected by ${who}',
          output: { verdict: 'no' },
        },
      },
      { action: 'complete_task', complete_task: { workflowId: 'no-such-workflow', taskRefName: 'wait_ref' } },
    ],
  };
  assert.equal((await call(it, 'POST', '/api/event', handler)).status, 200);

  const [report] = await it.events.dispatcher.dispatch({
    event,
    messageId: 'm-1',
    payload: { stop: doomed, reject: rejected, who: 'ops' },
  });
  assert.equal(report?.matched, true);
  assert.deepEqual(
    report?.actions.map((a) => [a.action, a.ok]),
    [
      ['terminate_workflow', true],
      ['fail_task', true],
      ['complete_task', false],
    ],
  );
  const failedAction = report?.actions[2];
  assert.equal(
    failedAction?.ok === false && failedAction.error,
    'No workflow found with ID: no-such-workflow',
  );

  const terminated = await workflowOf(it, doomed);
  assert.equal(terminated.status, 'TERMINATED');
  assert.equal(terminated.reasonForIncompletion, 'stopped by ops');
  const failedTask = await taskOf(it, rejected, 'wait_ref');
  assert.equal(failedTask.status, 'FAILED');
  assert.equal(failedTask.reasonForIncompletion, 'rejected by ops');
  assert.equal(failedTask.outputData.verdict, 'no');
});

void test('wired into the runtime, an EVENT task runs by itself and its handler completes another workflow', async (t) => {
  const { current: it } = await openHarness(t, { startEvents: true, runnerExecutesEvents: true });
  await register(it, emitterDef('emitter', 'conductor'), waiterDef('waiter'));
  const handler = {
    name: 'approve',
    event: 'conductor:emitter:emit_ref',
    active: true,
    condition: "$.user == 'ada'",
    actions: [
      {
        action: 'complete_task',
        complete_task: {
          workflowId: '${waitWorkflowId}',
          taskRefName: 'wait_ref',
          output: { by: '${user}' },
        },
      },
    ],
  };
  assert.equal((await call(it, 'POST', '/api/event', handler)).status, 200);
  const waitWorkflowId = await startWaiting(it);
  const emitterId = await it.runtime.startWorkflow({
    name: 'emitter',
    input: { user: 'ada', waitWorkflowId },
  });
  const [emitter, waiter] = await eventually('both workflows to complete', async () => {
    const both = [await workflowOf(it, emitterId), await workflowOf(it, waitWorkflowId)];
    return both.every((w) => w.status === 'COMPLETED') ? both : undefined;
  });
  assert.equal(emitter!.tasks[0]?.outputData.event_produced, 'conductor:emitter:emit_ref');
  assert.equal(waiter!.tasks[0]?.outputData.by, 'ada');
});
