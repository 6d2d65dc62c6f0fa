import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { TaskDef } from '@baton/protocol';
import { Harness, T0, simple, taskDef, workflowDef } from './support/harness.js';

const oneTask = workflowDef([simple('t1')]);

function harness(def: Partial<TaskDef>): Harness {
  const h = new Harness([taskDef('t1', def)]);
  h.start(oneTask);
  return h;
}

void describe('poll timeout (rule 8)', () => {
  void test('arms the timer and does nothing one millisecond early', () => {
    const h = harness({ pollTimeoutSeconds: 30, timeoutPolicy: 'RETRY' });
    assert.equal(h.timer(), T0 + 30_000);
    h.advance(29_999);
    const before = h.workflow;
    const d = h.tick();
    assert.equal(d.workflow, before);
    assert.equal(h.timer(), T0 + 30_000);
  });

  void test('RETRY: at the boundary the task times out and is retried', () => {
    const h = harness({
      pollTimeoutSeconds: 30,
      timeoutPolicy: 'RETRY',
      retryCount: 1,
      retryDelaySeconds: 5,
    });
    h.advance(30_000);
    const d = h.tick();
    const [first, second] = d.workflow.tasks;
    assert.equal(first!.status, 'TIMED_OUT');
    assert.equal(first!.endTime, T0 + 30_000);
    assert.equal(
      first!.reasonForIncompletion,
      'Task poll timed out after 30 seconds. Poll timeout configured as 30 seconds. Timeout policy configured to RETRY',
    );
    assert.equal(second!.status, 'SCHEDULED');
    assert.deepEqual(d.commands, [
      { type: 'dequeueTask', queueName: 't1', taskId: 'id-1' },
      { type: 'queueTask', queueName: 't1', taskId: 'id-2', delayMs: 5000, priority: 0 },
      // scheduledTime + startDelay (5 s) + pollTimeout (30 s) + callbackAfterSeconds (5 s)
      { type: 'setTimer', at: T0 + 30_000 + 40_000 },
    ]);
    assert.equal(d.workflow.status, 'RUNNING');
  });

  void test('RETRY with no retries left times the workflow out', () => {
    const h = harness({ pollTimeoutSeconds: 30, timeoutPolicy: 'RETRY' });
    h.advance(30_000);
    const d = h.tick();
    assert.equal(d.workflow.status, 'TIMED_OUT');
    assert.match(
      d.workflow.reasonForIncompletion ?? '',
      /^Task id-1 failed with status: TIMED_OUT and reason: 'Task poll timed out/,
    );
  });

  void test('TIME_OUT_WF times the task and the workflow out', () => {
    const h = harness({ pollTimeoutSeconds: 30, timeoutPolicy: 'TIME_OUT_WF', retryCount: 3 });
    h.advance(30_000);
    const d = h.tick();
    assert.equal(d.workflow.tasks.length, 1, 'no retry');
    assert.equal(d.workflow.tasks[0]!.status, 'TIMED_OUT');
    assert.equal(d.workflow.status, 'TIMED_OUT');
    assert.equal(
      d.workflow.reasonForIncompletion,
      'Task poll timed out after 30 seconds. Poll timeout configured as 30 seconds. Timeout policy configured to TIME_OUT_WF',
    );
    assert.deepEqual(d.workflow.failedReferenceTaskNames, ['t1']);
    assert.deepEqual(d.commands, [
      { type: 'dequeueTask', queueName: 't1', taskId: 'id-1' },
      { type: 'workflowEnded', workflowId: 'wf-1', status: 'TIMED_OUT' },
      { type: 'setTimer', at: null },
    ]);
  });

  void test('ALERT_ONLY does nothing and arms no timer', () => {
    const h = harness({ pollTimeoutSeconds: 30, timeoutPolicy: 'ALERT_ONLY' });
    assert.equal(h.timer(), null);
    h.advance(31_000);
    const before = h.workflow;
    assert.equal(h.tick().workflow, before);
    assert.equal(h.timer(), null);
  });

  void test('startDelay and callbackAfterSeconds push the poll deadline', () => {
    const h = new Harness([taskDef('t1', { pollTimeoutSeconds: 30, timeoutPolicy: 'TIME_OUT_WF' })]);
    h.start(workflowDef([simple('t1', {}, { startDelay: 10 })]));
    // scheduledTime + startDelay 10 s + (pollTimeout 30 s + callbackAfterSeconds 10 s)
    assert.equal(h.timer(), T0 + 50_000);
    h.advance(49_999);
    assert.equal(h.tick().workflow.status, 'RUNNING');
    h.advance(1);
    assert.equal(h.tick().workflow.status, 'TIMED_OUT');
  });
});

void describe('response timeout (rule 8)', () => {
  void test('times an IN_PROGRESS task out whatever the policy, then retries', () => {
    const h = harness({
      responseTimeoutSeconds: 20,
      timeoutPolicy: 'ALERT_ONLY',
      retryCount: 1,
      retryDelaySeconds: 0,
    });
    h.advance(1000);
    h.poll('t1');
    h.tick();
    assert.equal(h.timer(), T0 + 21_000);
    h.advance(19_999);
    assert.equal(h.tick().workflow.tasks[0]!.status, 'IN_PROGRESS');
    h.advance(1);
    const d = h.tick();
    assert.equal(d.workflow.tasks[0]!.status, 'TIMED_OUT');
    assert.equal(
      d.workflow.tasks[0]!.reasonForIncompletion,
      'responseTimeout: 20 exceeded for the taskId: id-1 with Task Definition: t1',
    );
    assert.equal(d.workflow.tasks[1]!.status, 'SCHEDULED');
    assert.equal(h.timer(), null, 'the retry is SCHEDULED: no response clock yet');
  });

  void test('without retries the workflow ends TIMED_OUT', () => {
    const h = harness({ responseTimeoutSeconds: 20 });
    h.poll('t1');
    h.advance(20_000);
    const d = h.tick();
    assert.equal(d.workflow.status, 'TIMED_OUT');
    assert.equal(
      d.workflow.reasonForIncompletion,
      "Task id-1 failed with status: TIMED_OUT and reason: 'responseTimeout: 20 exceeded for the taskId: id-1 with Task Definition: t1'",
    );
  });

  void test('an IN_PROGRESS update stops the response clock (the task is SCHEDULED again)', () => {
    const h = harness({ responseTimeoutSeconds: 20 });
    h.poll('t1');
    h.advance(10_000);
    h.result('t1', { status: 'IN_PROGRESS', callbackAfterSeconds: 60 });
    assert.equal(h.timer(), null);
    h.advance(60_000);
    h.poll('t1');
    h.tick();
    assert.equal(h.timer(), T0 + 90_000, 'a new poll restarts it from updateTime');
  });
});

void describe('task timeout (rule 8)', () => {
  const def = { timeoutSeconds: 60, responseTimeoutSeconds: 3600 };

  void test('starts at the first poll, not at scheduling', () => {
    const h = harness({ ...def, timeoutPolicy: 'TIME_OUT_WF' });
    assert.equal(h.timer(), null);
    h.advance(5000);
    h.poll('t1');
    h.tick();
    assert.equal(h.timer(), T0 + 65_000);
  });

  void test('RETRY: retried at the boundary', () => {
    const h = harness({ ...def, timeoutPolicy: 'RETRY', retryCount: 1, retryDelaySeconds: 0 });
    h.advance(5000);
    h.poll('t1');
    h.advance(59_999);
    assert.equal(h.tick().workflow.tasks.length, 1);
    h.advance(1);
    const d = h.tick();
    assert.equal(d.workflow.tasks[0]!.status, 'TIMED_OUT');
    assert.equal(
      d.workflow.tasks[0]!.reasonForIncompletion,
      'Task timed out after 60 seconds. Timeout configured as 60 seconds. Timeout policy configured to RETRY',
    );
    assert.equal(d.workflow.tasks[1]!.status, 'SCHEDULED');
    assert.equal(d.workflow.status, 'RUNNING');
  });

  void test('TIME_OUT_WF: the workflow times out', () => {
    const h = harness({ ...def, timeoutPolicy: 'TIME_OUT_WF', retryCount: 2 });
    h.advance(5000);
    h.poll('t1');
    h.advance(60_000);
    const d = h.tick();
    assert.equal(d.workflow.status, 'TIMED_OUT');
    assert.equal(d.workflow.tasks.length, 1);
    assert.equal(h.timer(), null);
  });

  void test('ALERT_ONLY: nothing happens and the timer moves on to the next deadline', () => {
    const h = harness({ ...def, timeoutPolicy: 'ALERT_ONLY' });
    h.advance(5000);
    h.poll('t1');
    h.tick();
    assert.equal(h.timer(), T0 + 5000 + 3_600_000, 'only the response timeout is armed');
    h.advance(61_000);
    const before = h.workflow;
    assert.equal(h.tick().workflow, before);
    assert.equal(h.timer(), T0 + 5000 + 3_600_000);
  });
});

void describe('total timeout (rule 8)', () => {
  void test('RETRY: times the task out and allows no further retry', () => {
    const h = harness({
      totalTimeoutSeconds: 100,
      timeoutPolicy: 'RETRY',
      retryCount: 5,
      retryDelaySeconds: 0,
    });
    assert.equal(h.timer(), T0 + 100_000);
    h.advance(40_000);
    h.fail('t1');
    assert.equal(h.task('t1').retryCount, 1);
    assert.equal(h.timer(), T0 + 100_000, 'the clock spans attempts');
    h.advance(60_000);
    const d = h.tick();
    assert.equal(h.task('t1').status, 'TIMED_OUT');
    assert.equal(
      h.task('t1').reasonForIncompletion,
      'Task total timeout exceeded after 100 seconds. Total timeout configured as 100 seconds. Timeout policy configured to RETRY',
    );
    assert.equal(d.workflow.tasks.length, 2);
    assert.equal(d.workflow.status, 'TIMED_OUT');
  });

  void test('TIME_OUT_WF: the workflow times out at the boundary', () => {
    const h = harness({ totalTimeoutSeconds: 100, timeoutPolicy: 'TIME_OUT_WF' });
    h.advance(99_999);
    assert.equal(h.tick().workflow.status, 'RUNNING');
    h.advance(1);
    assert.equal(h.tick().workflow.status, 'TIMED_OUT');
  });

  void test('ALERT_ONLY: nothing happens and no timer is armed', () => {
    const h = harness({ totalTimeoutSeconds: 100, timeoutPolicy: 'ALERT_ONLY' });
    assert.equal(h.timer(), null);
    h.advance(200_000);
    assert.equal(h.tick().workflow.status, 'RUNNING');
  });
});

void describe('workflow timeout (rule 8)', () => {
  const timed = (policy: 'TIME_OUT_WF' | 'ALERT_ONLY') =>
    workflowDef([simple('t1')], { timeoutSeconds: 300, timeoutPolicy: policy, failureWorkflow: 'cleanup' });

  void test('TIME_OUT_WF: at the boundary the workflow times out and pending tasks are canceled', () => {
    const h = new Harness([taskDef('t1')]);
    h.start(timed('TIME_OUT_WF'));
    assert.equal(h.timer(), T0 + 300_000);
    h.advance(299_999);
    assert.equal(h.tick().workflow.status, 'RUNNING');
    h.advance(1);
    const d = h.tick();
    assert.equal(d.workflow.status, 'TIMED_OUT');
    assert.equal(
      d.workflow.reasonForIncompletion,
      'Workflow timed out after 300 seconds. Timeout configured as 300 seconds. Timeout policy configured to TIME_OUT_WF',
    );
    assert.equal(d.workflow.tasks[0]!.status, 'CANCELED');
    assert.deepEqual(
      d.commands.map((c) => c.type),
      ['dequeueTask', 'startWorkflow', 'workflowEnded', 'setTimer'],
    );
    assert.equal(h.timer(), null);
    assert.equal(h.commands('startWorkflow')[0]!.request.input?.failureStatus, 'TIMED_OUT');
  });

  void test('is checked while PAUSED', () => {
    const h = new Harness([taskDef('t1')]);
    h.start(timed('TIME_OUT_WF'));
    h.workflow = { ...h.workflow, status: 'PAUSED' };
    h.advance(300_000);
    assert.equal(h.tick().workflow.status, 'TIMED_OUT');
  });

  void test('lastRetriedTime restarts the clock', () => {
    const h = new Harness([taskDef('t1')]);
    h.start(timed('TIME_OUT_WF'));
    h.workflow = { ...h.workflow, lastRetriedTime: T0 + 100_000 };
    h.advance(300_000);
    assert.equal(h.tick().workflow.status, 'RUNNING');
    assert.equal(h.timer(), T0 + 400_000);
  });

  void test('ALERT_ONLY: nothing happens and no timer is armed', () => {
    const h = new Harness([taskDef('t1')]);
    h.start(timed('ALERT_ONLY'));
    assert.equal(h.timer(), null);
    h.advance(400_000);
    assert.equal(h.tick().workflow.status, 'RUNNING');
  });
});
