import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { retryDelayMs, retryDelaySeconds } from '../src/index.js';
import { Harness, T0, simple, taskDef, workflowDef } from './support/harness.js';

void describe('retry delay (rule 5)', () => {
  void test('FIXED is retryDelaySeconds whatever the attempt', () => {
    const def = { name: 't', retryLogic: 'FIXED' as const, retryDelaySeconds: 7 };
    assert.deepEqual(
      [0, 1, 5].map((n) => retryDelaySeconds(def, n)),
      [7, 7, 7],
    );
  });

  void test('LINEAR_BACKOFF is d * scale * (n+1)', () => {
    const def = {
      name: 't',
      retryLogic: 'LINEAR_BACKOFF' as const,
      retryDelaySeconds: 5,
      backoffScaleFactor: 3,
    };
    assert.deepEqual(
      [0, 1, 2].map((n) => retryDelaySeconds(def, n)),
      [15, 30, 45],
    );
  });

  void test('EXPONENTIAL_BACKOFF is d * 2^n', () => {
    const def = { name: 't', retryLogic: 'EXPONENTIAL_BACKOFF' as const, retryDelaySeconds: 5 };
    assert.deepEqual(
      [0, 1, 2, 3].map((n) => retryDelaySeconds(def, n)),
      [5, 10, 20, 40],
    );
  });

  void test('an int overflow becomes 2^31-1 and maxRetryDelaySeconds caps', () => {
    const exp = { name: 't', retryLogic: 'EXPONENTIAL_BACKOFF' as const, retryDelaySeconds: 5 };
    assert.equal(retryDelaySeconds(exp, 40), 2 ** 31 - 1);
    assert.equal(retryDelaySeconds({ ...exp, maxRetryDelaySeconds: 30 }, 3), 30);
    assert.equal(retryDelaySeconds({ ...exp, maxRetryDelaySeconds: 30 }, 2), 20, 'below the cap: unchanged');
  });

  void test('unset fields take the TaskDef defaults (FIXED, 60 s)', () => {
    assert.equal(retryDelaySeconds({ name: 't' }, 3), 60);
  });

  void test('jitter adds floor(random * (backoffJitterMs + 1)) ms, within [0, backoffJitterMs]', () => {
    const def = { name: 't', retryDelaySeconds: 2, backoffJitterMs: 100 };
    assert.equal(
      retryDelayMs(def, 0, () => 0),
      2000,
    );
    assert.equal(
      retryDelayMs(def, 0, () => 0.5),
      2050,
    );
    assert.equal(
      retryDelayMs(def, 0, () => 0.999999),
      2100,
    );
    assert.equal(
      retryDelayMs({ name: 't', retryDelaySeconds: 2 }, 0, () => 0.9),
      2000,
      'no jitter configured',
    );
  });
});

void describe('retrying a failed task (rule 5)', () => {
  void test('a new attempt replaces the failed one after the delay', () => {
    const h = new Harness([
      taskDef('t1', {
        retryCount: 2,
        retryLogic: 'EXPONENTIAL_BACKOFF',
        retryDelaySeconds: 10,
        backoffJitterMs: 500,
      }),
    ]);
    h.start(workflowDef([simple('t1', { a: '${workflow.input.a}', id: '${CPEWF_TASK_ID}' })]), {
      input: { a: 1 },
    });
    h.advance(1000);
    h.poll('t1');
    h.advance(1000);
    h.randomValues.push(0.5);
    let d = h.fail('t1', 'first');
    const [first, second] = d.workflow.tasks;
    assert.equal(first!.status, 'FAILED');
    assert.equal(first!.retried, true);
    assert.equal(first!.executed, false);
    assert.deepEqual(
      {
        taskId: second!.taskId,
        retryCount: second!.retryCount,
        retriedTaskId: second!.retriedTaskId,
        status: second!.status,
        seq: second!.seq,
        pollCount: second!.pollCount,
        inputData: second!.inputData,
        outputData: second!.outputData,
        scheduledTime: second!.scheduledTime,
        firstScheduledTime: second!.firstScheduledTime,
        startTime: second!.startTime,
        endTime: second!.endTime,
        startDelayInSeconds: second!.startDelayInSeconds,
        callbackAfterSeconds: second!.callbackAfterSeconds,
        reasonForIncompletion: second!.reasonForIncompletion,
        workerId: second!.workerId,
        retried: second!.retried,
      },
      {
        taskId: 'id-2',
        retryCount: 1,
        retriedTaskId: 'id-1',
        status: 'SCHEDULED',
        seq: 2,
        pollCount: 0,
        inputData: { a: 1, id: 'id-2' },
        outputData: {},
        scheduledTime: T0 + 2000,
        firstScheduledTime: T0,
        startTime: 0,
        endTime: 0,
        startDelayInSeconds: 10,
        callbackAfterSeconds: 10,
        reasonForIncompletion: undefined,
        workerId: undefined,
        retried: false,
      },
    );
    assert.deepEqual(d.commands, [
      { type: 'dequeueTask', queueName: 't1', taskId: 'id-1' },
      { type: 'queueTask', queueName: 't1', taskId: 'id-2', delayMs: 10_250, priority: 0 },
      { type: 'setTimer', at: null },
    ]);

    h.poll('t1');
    h.randomValues.push(0);
    d = h.fail('t1', 'second');
    assert.equal(h.task('t1').retryCount, 2);
    assert.equal(d.commands.find((c) => c.type === 'queueTask')?.delayMs, 20_000, 'EXPONENTIAL with n = 1');
  });

  void test("exhausted retries fail the workflow with Conductor's reason", () => {
    const h = new Harness([taskDef('t1', { retryCount: 1, retryDelaySeconds: 0 }), taskDef('t2')]);
    h.start(workflowDef([simple('t1'), simple('t2')]));
    h.fail('t1', 'once');
    h.advance(1000);
    const d = h.fail('t1', 'twice');
    const last = h.task('t1');
    assert.equal(d.workflow.status, 'FAILED');
    assert.equal(
      d.workflow.reasonForIncompletion,
      `Task ${last.taskId} failed with status: FAILED and reason: 'twice'`,
    );
    assert.equal(d.workflow.endTime, T0 + 1000);
    assert.deepEqual(d.workflow.failedReferenceTaskNames, ['t1']);
    assert.deepEqual(d.workflow.failedTaskNames, ['t1']);
    assert.equal(d.workflow.tasks.length, 2, 't2 never scheduled');
    assert.deepEqual(d.commands.slice(-2), [
      { type: 'workflowEnded', workflowId: 'wf-1', status: 'FAILED' },
      { type: 'setTimer', at: null },
    ]);
  });

  void test('WorkflowTask.retryCount overrides the TaskDef', () => {
    const h = new Harness([taskDef('t1', { retryCount: 5 })]);
    h.start(workflowDef([simple('t1', {}, { retryCount: 0 })]));
    assert.equal(h.fail('t1').workflow.status, 'FAILED');
  });

  void test('FAILED_WITH_TERMINAL_ERROR is not retried', () => {
    const h = new Harness([taskDef('t1', { retryCount: 3 })]);
    h.start(workflowDef([simple('t1')]));
    const d = h.fail('t1', 'fatal', 'FAILED_WITH_TERMINAL_ERROR');
    assert.equal(d.workflow.tasks.length, 1);
    assert.equal(d.workflow.status, 'FAILED');
    assert.equal(
      d.workflow.reasonForIncompletion,
      `Task id-1 failed with status: FAILED and reason: 'fatal'`,
    );
  });

  void test('CANCELED is not retried and terminates the workflow', () => {
    const h = new Harness([taskDef('t1', { retryCount: 3 })]);
    h.start(workflowDef([simple('t1')]));
    const d = h.fail('t1', 'stop', 'CANCELED');
    assert.equal(d.workflow.tasks.length, 1);
    assert.equal(d.workflow.status, 'TERMINATED');
    assert.equal(
      d.workflow.reasonForIncompletion,
      `Task id-1 failed with status: TERMINATED and reason: 'stop'`,
    );
  });

  void test('an unregistered task gets the default TaskDef: 3 retries, 60 s apart', () => {
    const h = new Harness();
    h.start(workflowDef([simple('unregistered')]));
    assert.equal(h.task('unregistered').responseTimeoutSeconds, 3600);
    for (let attempt = 0; attempt < 3; attempt++) {
      const d = h.fail('unregistered');
      assert.equal(d.workflow.status, 'RUNNING');
      assert.equal(h.commands('queueTask')[0]!.delayMs, 60_000);
      assert.equal(h.task('unregistered').retryCount, attempt + 1);
    }
    assert.equal(h.fail('unregistered').workflow.status, 'FAILED');
  });

  void test('an inline taskDefinition overrides the registry', () => {
    const h = new Harness([taskDef('t1', { retryCount: 0 })]);
    h.start(
      workflowDef([
        simple('t1', {}, { taskDefinition: { name: 't1', retryCount: 1, retryDelaySeconds: 4 } }),
      ]),
    );
    const d = h.fail('t1');
    assert.equal(d.workflow.status, 'RUNNING');
    assert.equal(h.commands('queueTask')[0]!.delayMs, 4000);
  });

  void test('no retry once totalTimeoutSeconds has elapsed since the first attempt was scheduled', () => {
    const h = new Harness([
      taskDef('t1', {
        retryCount: 5,
        retryDelaySeconds: 1,
        totalTimeoutSeconds: 100,
        timeoutPolicy: 'ALERT_ONLY',
      }),
    ]);
    h.start(workflowDef([simple('t1')]));
    h.advance(50_000);
    h.fail('t1');
    assert.equal(h.task('t1').retryCount, 1);
    assert.equal(h.task('t1').firstScheduledTime, T0);
    h.advance(50_000);
    const d = h.fail('t1', 'late');
    assert.equal(d.workflow.status, 'FAILED');
  });
});

void describe('tolerated failures (rule 6)', () => {
  void test('an optional task ends COMPLETED_WITH_ERRORS and the workflow continues', () => {
    const h = new Harness([taskDef('t1'), taskDef('t2')]);
    h.start(workflowDef([simple('t1', {}, { optional: true }), simple('t2')]));
    const d = h.fail('t1', 'meh');
    assert.equal(h.task('t1').status, 'COMPLETED_WITH_ERRORS');
    assert.equal(h.task('t1').reasonForIncompletion, 'meh');
    assert.equal(h.task('t1').executed, true);
    assert.equal(h.task('t2').status, 'SCHEDULED');
    assert.equal(d.workflow.status, 'RUNNING');
    assert.equal(h.complete('t2').workflow.status, 'COMPLETED');
  });

  void test('a permissive task lets the workflow continue and fails it at the end', () => {
    const h = new Harness([taskDef('t1'), taskDef('t2')]);
    h.start(workflowDef([simple('t1', {}, { permissive: true }), simple('t2')]));
    h.fail('t1', 'soft');
    assert.equal(h.task('t1').status, 'FAILED');
    assert.equal(h.task('t2').status, 'SCHEDULED');
    const d = h.complete('t2');
    assert.equal(d.workflow.status, 'FAILED');
    assert.equal(d.workflow.reasonForIncompletion, `Task id-1 failed with status: FAILED and reason: 'soft'`);
    assert.deepEqual(d.workflow.failedReferenceTaskNames, ['t1']);
  });
});

void describe('failure workflow (rule 7)', () => {
  void test('an engine-caused failure starts it and records its id in the output', () => {
    const h = new Harness([taskDef('t1')]);
    const def = workflowDef([simple('t1')], { failureWorkflow: 'cleanup', failureWorkflowVersion: 2 });
    h.start(def, { input: { order: 7 }, correlationId: 'c-1', taskToDomain: { t1: 'x' } });
    const d = h.fail('t1', 'broken');
    const [start] = h.commands('startWorkflow');
    assert.ok(start);
    assert.equal(start.workflowId, 'id-2');
    assert.equal(start.parentWorkflowId, undefined);
    const { failedWorkflow, ...input } = start.request.input!;
    assert.deepEqual(
      { ...start.request, input },
      {
        name: 'cleanup',
        version: 2,
        correlationId: 'c-1',
        taskToDomain: { t1: 'x' },
        input: {
          order: 7,
          workflowId: 'wf-1',
          reason: `Task id-1 failed with status: FAILED and reason: 'broken'`,
          failureStatus: 'FAILED',
          failureTaskId: 'id-1',
        },
      },
    );
    assert.equal((failedWorkflow as { status: string }).status, 'FAILED');
    assert.equal((failedWorkflow as { workflowId: string }).workflowId, 'wf-1');
    assert.deepEqual(d.workflow.output, { 'conductor.failure_workflow': 'id-2' });
    assert.deepEqual(
      d.commands.map((c) => c.type),
      ['dequeueTask', 'startWorkflow', 'workflowEnded', 'setTimer'],
    );
  });

  void test('a name starting with $ is read from the workflow input', () => {
    const h = new Harness([taskDef('t1')]);
    h.start(workflowDef([simple('t1')], { failureWorkflow: '$workflow.input.onFailure' }), {
      input: { onFailure: 'from-input' },
    });
    h.fail('t1');
    assert.equal(h.commands('startWorkflow')[0]?.request.name, 'from-input');
  });

  void test('no failure workflow when the workflow completes', () => {
    const h = new Harness([taskDef('t1')]);
    h.start(workflowDef([simple('t1')], { failureWorkflow: 'cleanup' }));
    h.complete('t1');
    assert.deepEqual(h.commands('startWorkflow'), []);
  });
});
