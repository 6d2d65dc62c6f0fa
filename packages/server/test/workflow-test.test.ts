// POST /api/workflow/test on a virtual clock (§2.10): hours of WAIT and minutes of retry backoff pass at once
// at exact virtual times, timeouts fire, the run is stored like any execution, and the stop rules hold.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Workflow, WorkflowDef } from '@baton/protocol';
import {
  attempts,
  HOUR,
  MINUTE,
  only,
  simple,
  startTestServer,
  type TestServer,
} from './workflow-test-fixture.js';

let t: TestServer;

before(async () => {
  t = await startTestServer();
  const defs = await t.send('POST', '/metadata/taskdefs', [
    {
      name: 'wt_charge',
      retryCount: 2,
      retryLogic: 'EXPONENTIAL_BACKOFF',
      retryDelaySeconds: 600,
      responseTimeoutSeconds: 3600,
    },
    { name: 'wt_slow', retryCount: 1, retryDelaySeconds: 5, responseTimeoutSeconds: 10, timeoutSeconds: 300 },
    { name: 'wt_once', retryCount: 0 },
  ]);
  assert.equal(defs.status, 200, defs.text);
  const registered = await t.send('POST', '/metadata/workflow', checkout);
  assert.equal(registered.status, 200, registered.text);
});

after(() => t?.close());

/** A 2-hour WAIT, then a charge that fails twice before it succeeds. */
const checkout: WorkflowDef = {
  name: 'wt_checkout',
  version: 1,
  schemaVersion: 2,
  tasks: [
    {
      name: 'cool_off',
      taskReferenceName: 'cool_off',
      type: 'WAIT',
      inputParameters: { duration: '2 hours' },
    },
    simple('charge', 'wt_charge', { inputParameters: { amount: '${workflow.input.amount}' } }),
  ],
  outputParameters: { receipt: '${charge.output.receipt}' },
};

void describe('the virtual clock', () => {
  void test('a 2-hour WAIT and a task failing twice with 10-minute exponential backoff complete at exact times', async () => {
    const run = await t.testRun({
      name: 'wt_checkout',
      version: 1,
      input: { amount: 42 },
      taskRefToMockOutput: {
        charge: [
          { status: 'FAILED', output: { error: 'card declined' } },
          { status: 'FAILED', output: { error: 'card declined' } },
          { status: 'COMPLETED', output: { receipt: 'r-1' } },
        ],
      },
    });
    assert.equal(run.status, 'COMPLETED');
    assert.deepEqual(run.output, { receipt: 'r-1' });
    const start = run.startTime;

    const wait = only(run, 'cool_off');
    assert.equal(wait.startTime, start);
    assert.equal(wait.endTime - wait.startTime, 2 * HOUR);

    const charges = attempts(run, 'charge');
    assert.deepEqual(
      charges.map((c) => [c.retryCount, c.status]),
      [
        [0, 'FAILED'],
        [1, 'FAILED'],
        [2, 'COMPLETED'],
      ],
    );
    // Each retry is created when the attempt before it fails and becomes due after its backoff delay
    // (scheduledTime + startDelayInSeconds); the virtual worker takes it at exactly that instant.
    const due = charges.map((c) => c.scheduledTime + c.startDelayInSeconds * 1000);
    assert.deepEqual(
      due.map((at) => at - start),
      [2 * HOUR, 2 * HOUR + 10 * MINUTE, 2 * HOUR + 30 * MINUTE],
    );
    assert.deepEqual(
      charges.map((c) => c.startTime),
      due,
    );
    assert.equal(due[1]! - due[0]!, 10 * MINUTE);
    assert.equal(due[2]! - due[1]!, 20 * MINUTE);
    assert.deepEqual(
      charges.map((c) => c.startDelayInSeconds),
      [0, 600, 1200],
    );
    assert.equal(run.endTime - run.startTime, 2 * HOUR + 30 * MINUTE);
  });

  void test('a mocked executionTime beyond responseTimeoutSeconds times the attempt out, then the retry runs', async () => {
    const run = await t.testRun({
      workflowDef: { name: 'wt_timeout', version: 1, schemaVersion: 2, tasks: [simple('slow', 'wt_slow')] },
      taskRefToMockOutput: {
        slow: [
          { executionTime: 60_000, output: { late: true } },
          { queueWaitTime: 500, executionTime: 2000, output: { on: 'time' } },
        ],
      },
    });
    const [first, second] = attempts(run, 'slow');
    assert.equal(first!.status, 'TIMED_OUT');
    assert.equal(first!.endTime - run.startTime, 10_000);
    assert.match(first!.reasonForIncompletion!, /responseTimeout: 10 exceeded/);
    assert.deepEqual(first!.outputData, {}, 'the late result of the timed-out attempt is ignored');
    assert.equal(second!.status, 'COMPLETED');
    assert.equal(second!.startTime - run.startTime, 15_500, 'retry delay 5 s, then 500 ms in the queue');
    assert.equal(second!.queueWaitTime, 5_500);
    assert.equal(second!.endTime - second!.startTime, 2000);
    assert.equal(run.status, 'COMPLETED');
    assert.deepEqual(run.output, { on: 'time' });
  });
});

void describe('stored like a real execution', () => {
  void test('the run can be read back, is listed, and left no queue message or timer', async () => {
    const run = await t.testRun({
      name: 'wt_checkout',
      version: null, // the latest
      correlationId: 'wt-listed',
      input: { amount: 1 },
      taskRefToMockOutput: { charge: [{ output: { receipt: 'r-2' } }] },
    });
    const read = await t.send('GET', `/workflow/${run.workflowId}`);
    assert.equal(read.status, 200);
    assert.deepEqual(read.json, run);
    const listed = await t.send('GET', '/workflow/wt_checkout/correlated/wt-listed?includeClosed=true');
    assert.deepEqual(
      (listed.json as Workflow[]).map((w) => [w.workflowId, w.status]),
      [[run.workflowId, 'COMPLETED']],
    );
    await assertNothingPending();
  });

  void test('a task without a mock stops the run: TERMINATED with the reason, nothing left RUNNING', async () => {
    const run = await t.testRun({
      name: 'wt_checkout',
      input: { amount: 5 },
      taskRefToMockOutput: {},
    });
    const reason = "Workflow test stopped: no mock output for task 'charge' (SIMPLE)";
    assert.equal(run.status, 'TERMINATED');
    assert.equal(run.reasonForIncompletion, reason);
    assert.equal(
      only(run, 'cool_off').status,
      'COMPLETED',
      'the WAIT passed before the charge needed a worker',
    );
    assert.equal(only(run, 'charge').status, 'CANCELED');
    assert.equal(run.endTime - run.startTime, 2 * HOUR);
    const read = (await t.send('GET', `/workflow/${run.workflowId}`)).json as Workflow;
    assert.equal(read.status, 'TERMINATED');
    assert.equal(read.reasonForIncompletion, reason);
    assert.deepEqual((await t.send('GET', '/workflow/running/wt_checkout?version=1')).json, []);
    await assertNothingPending();
  });

  void test('more than 20000 steps (a task reporting IN_PROGRESS for ever) stop the run with a clear reason', async () => {
    const forever = Array.from({ length: 20_001 }, () => ({ status: 'IN_PROGRESS' }));
    const run = await t.testRun({
      workflowDef: { name: 'wt_busy', version: 1, schemaVersion: 2, tasks: [simple('busy', 'wt_once')] },
      taskRefToMockOutput: { busy: forever },
    });
    assert.equal(run.status, 'TERMINATED');
    assert.match(run.reasonForIncompletion!, /^Workflow test stopped: more than 20000 steps/);
    assert.equal(only(run, 'busy').status, 'CANCELED');
    assert.ok(only(run, 'busy').pollCount > 9000, 'the task was handed out again and again');
    await assertNothingPending();
  });
});

void describe('after the test', () => {
  void test('a stopped test run can be retried: its stopped task then goes to real workers', async () => {
    const run = await t.testRun({ name: 'wt_checkout', input: { amount: 9 } });
    assert.equal(run.status, 'TERMINATED');
    const retried = await t.send('POST', `/workflow/${run.workflowId}/retry`);
    assert.equal(retried.status, 204, retried.text);
    const polled = await t.send('GET', '/tasks/poll/wt_charge?workerid=real-worker');
    assert.equal(polled.status, 200, polled.text);
    const task = polled.json as { workflowInstanceId: string; referenceTaskName: string; inputData: unknown };
    assert.equal(task.workflowInstanceId, run.workflowId);
    assert.equal(task.referenceTaskName, 'charge');
    assert.deepEqual(task.inputData, { amount: 9 });
  });
});

/** No queue holds a message and no workflow timer is armed: a test run writes neither. */
async function assertNothingPending(): Promise<void> {
  const queues = (await t.send('GET', '/tasks/queue/all')).json as Record<string, number>;
  assert.deepEqual(
    Object.entries(queues).filter(([, size]) => size > 0),
    [],
  );
  const due = await t.server.store.transact((tx) => tx.claimDueTimers(Number.MAX_SAFE_INTEGER, 100, 0));
  assert.deepEqual(due, []);
}
