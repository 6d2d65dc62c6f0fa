import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Task } from '@baton/protocol';
import { createExecution } from '../src/index.js';
import { Harness, T0, simple, taskDef, workflowDef } from './support/harness.js';

const chain = workflowDef([
  simple('t1', { name: '${workflow.input.name}' }),
  simple('t2', { x: '${t1.output.x}', greeting: 'hi ${t1.output.x}' }),
  simple('t3', { fromT2: '${t2.output.y}', taskId: '${CPEWF_TASK_ID}' }),
]);
const chainDefs = [taskDef('t1'), taskDef('t2'), taskDef('t3')];

void describe('createExecution (rule 1)', () => {
  void test('builds the RUNNING, task-less execution with input defaults and copied variables', () => {
    const h = new Harness();
    const variables = { counter: { n: 1 } };
    const def = workflowDef([simple('t1')], {
      inputTemplate: { a: 'default-a', b: 'default-b', c: 'default-c' },
      variables,
    });
    const wf = createExecution(
      def,
      {
        workflowId: 'w-9',
        request: {
          name: 'wf',
          input: { a: 'given', b: null },
          correlationId: 'corr',
          priority: 7,
          taskToDomain: { t1: 'd1' },
        },
        parentWorkflowId: 'parent',
        parentWorkflowTaskId: 'parent-task',
      },
      h.ctx,
    );
    assert.deepEqual(wf, {
      workflowId: 'w-9',
      status: 'RUNNING',
      createTime: T0,
      startTime: T0,
      updateTime: T0,
      endTime: 0,
      input: { a: 'given', b: 'default-b', c: 'default-c' },
      output: {},
      tasks: [],
      correlationId: 'corr',
      priority: 7,
      variables: { counter: { n: 1 } },
      taskToDomain: { t1: 'd1' },
      parentWorkflowId: 'parent',
      parentWorkflowTaskId: 'parent-task',
      failedReferenceTaskNames: [],
      failedTaskNames: [],
      workflowDefinition: def,
      workflowName: 'wf',
      workflowVersion: 1,
      lastRetriedTime: 0,
    });
    assert.notEqual(
      wf.variables.counter,
      variables.counter,
      'variables are a copy, not the definition object',
    );
  });

  void test('priority defaults to 0 and taskToDomain to {}', () => {
    const wf = createExecution(
      workflowDef([simple('t1')]),
      { workflowId: 'w', request: { name: 'wf' } },
      new Harness().ctx,
    );
    assert.equal(wf.priority, 0);
    assert.deepEqual(wf.taskToDomain, {});
    assert.deepEqual(wf.input, {});
  });
});

void describe('start (rule 2)', () => {
  void test('schedules the first task with every field initialised and queues it', () => {
    const h = new Harness([
      taskDef('t1', {
        responseTimeoutSeconds: 30,
        rateLimitPerFrequency: 5,
        rateLimitFrequencyInSeconds: 10,
      }),
    ]);
    const d = h.start(chain, { input: { name: 'Ada' }, correlationId: 'c-1', priority: 3 });
    assert.equal(d.workflow.tasks.length, 1);
    const t1 = d.workflow.tasks[0]!;
    assert.deepEqual(t1, {
      taskId: 'id-1',
      taskType: 't1',
      taskDefName: 't1',
      referenceTaskName: 't1',
      status: 'SCHEDULED',
      inputData: { name: 'Ada' },
      outputData: {},
      workflowInstanceId: 'wf-1',
      workflowType: 'wf',
      correlationId: 'c-1',
      workflowPriority: 3,
      seq: 1,
      retryCount: 0,
      retried: false,
      executed: false,
      pollCount: 0,
      scheduledTime: T0,
      firstScheduledTime: T0,
      startTime: 0,
      endTime: 0,
      updateTime: T0,
      startDelayInSeconds: 0,
      callbackAfterSeconds: 0,
      callbackFromWorker: true,
      responseTimeoutSeconds: 30,
      workflowTask: chain.tasks[0]!,
      rateLimitPerFrequency: 5,
      rateLimitFrequencyInSeconds: 10,
      iteration: 0,
      loopOverTask: false,
      queueWaitTime: 0,
    } satisfies Task);
    assert.deepEqual(d.commands, [
      { type: 'queueTask', queueName: 't1', taskId: 'id-1', delayMs: 0, priority: 3 },
      { type: 'setTimer', at: null },
    ]);
  });

  void test('adds TaskDef inputTemplate keys when absent or resolved to null', () => {
    const h = new Harness([taskDef('t1', { inputTemplate: { missing: 'm', nulled: 'n', given: 'g' } })]);
    const def = workflowDef([simple('t1', { nulled: '${workflow.input.nothing}', given: 'mine' })]);
    h.start(def);
    assert.deepEqual(h.task('t1').inputData, { missing: 'm', nulled: 'n', given: 'mine' });
  });

  void test('a user-defined type is a worker task queued under its type string', () => {
    const h = new Harness();
    h.start(workflowDef([{ name: 'label', taskReferenceName: 'r', type: 'MY_TYPE' }]));
    const task = h.task('r');
    assert.equal(task.taskType, 'MY_TYPE');
    assert.equal(task.taskDefName, 'label');
    assert.deepEqual(h.commands('queueTask'), [
      { type: 'queueTask', queueName: 'MY_TYPE', taskId: task.taskId, delayMs: 0, priority: 0 },
    ]);
  });

  void test('startDelay delays the queue message and sets startDelayInSeconds and callbackAfterSeconds', () => {
    const h = new Harness([taskDef('t1')]);
    h.start(workflowDef([simple('t1', {}, { startDelay: 15 })]));
    assert.equal(h.task('t1').startDelayInSeconds, 15);
    assert.equal(h.task('t1').callbackAfterSeconds, 15);
    assert.equal(h.commands('queueTask')[0]!.delayMs, 15_000);
  });

  void test('a definition without tasks completes at once', () => {
    const h = new Harness();
    const d = h.start(workflowDef([]));
    assert.equal(d.workflow.status, 'COMPLETED');
    assert.deepEqual(d.commands, [
      { type: 'workflowEnded', workflowId: 'wf-1', status: 'COMPLETED' },
      { type: 'setTimer', at: null },
    ]);
  });
});

void describe('a 3-task chain (rules 2-4, 7)', () => {
  void test('runs to COMPLETED with outputs flowing through expressions', () => {
    const h = new Harness(chainDefs);
    h.start(chain, { input: { name: 'Ada' } });
    h.advance(1000);
    h.poll('t1');
    h.advance(1000);
    let d = h.complete('t1', { x: 42 });
    assert.equal(d.workflow.status, 'RUNNING');
    assert.equal(h.task('t1').executed, true);
    assert.equal(h.task('t1').endTime, T0 + 2000);
    const t2 = h.task('t2');
    assert.deepEqual(t2.inputData, { x: 42, greeting: 'hi 42' });
    assert.equal(t2.seq, 2);
    assert.equal(t2.scheduledTime, T0 + 2000);
    assert.deepEqual(d.commands, [
      { type: 'dequeueTask', queueName: 't1', taskId: 'id-1' },
      { type: 'queueTask', queueName: 't2', taskId: 'id-2', delayMs: 0, priority: 0 },
      { type: 'setTimer', at: null },
    ]);

    h.complete('t2', { y: [1, 2] });
    assert.deepEqual(h.task('t3').inputData, { fromT2: [1, 2], taskId: 'id-3' });
    h.advance(500);
    d = h.complete('t3', { z: 'done' });
    assert.equal(d.workflow.status, 'COMPLETED');
    assert.equal(d.workflow.endTime, T0 + 2500);
    assert.equal(d.workflow.updateTime, T0 + 2500);
    assert.deepEqual(d.workflow.output, { z: 'done' }, 'without outputParameters: the last task output');
    assert.deepEqual(d.commands, [
      { type: 'dequeueTask', queueName: 't3', taskId: 'id-3' },
      { type: 'workflowEnded', workflowId: 'wf-1', status: 'COMPLETED' },
      { type: 'setTimer', at: null },
    ]);
    assert.deepEqual(
      d.workflow.tasks.map((t) => [t.referenceTaskName, t.status, t.executed, t.seq]),
      [
        ['t1', 'COMPLETED', true, 1],
        ['t2', 'COMPLETED', true, 2],
        ['t3', 'COMPLETED', true, 3],
      ],
    );
  });

  void test('outputParameters, when set, are the output', () => {
    const h = new Harness(chainDefs);
    h.start(
      { ...chain, outputParameters: { first: '${t1.output.x}', name: '${workflow.input.name}' } },
      { input: { name: 'Ada' } },
    );
    h.complete('t1', { x: 1 });
    h.complete('t2', { y: 2 });
    const d = h.complete('t3', { z: 3 });
    assert.deepEqual(d.workflow.output, { first: 1, name: 'Ada' });
  });
});

void describe('immutability', () => {
  void test('unchanged tasks keep their identity; changed ones are new objects; the input is not mutated', () => {
    const h = new Harness(chainDefs);
    h.start(chain);
    h.complete('t1', { x: 1 });
    const before = h.workflow;
    const snapshot = structuredClone(before);
    const d = h.complete('t2', { y: 2 });
    assert.deepEqual(before, snapshot, 'the input workflow is untouched');
    assert.notEqual(d.workflow, before);
    assert.equal(d.workflow.tasks[0], before.tasks[0], 't1 did not change');
    assert.notEqual(d.workflow.tasks[1], before.tasks[1], 't2 changed');
    assert.equal(d.workflow.tasks.length, 3);
  });

  void test('a tick that changes nothing returns the same workflow object', () => {
    const h = new Harness(chainDefs);
    h.start(chain);
    const before = h.workflow;
    h.advance(60_000);
    const d = h.tick();
    assert.equal(d.workflow, before);
    assert.deepEqual(d.commands, [{ type: 'setTimer', at: null }]);
  });
});

void describe('task results (rule 3)', () => {
  void test('IN_PROGRESS puts a worker task back to SCHEDULED and re-queues it after callbackAfterSeconds', () => {
    const h = new Harness([taskDef('t1')]);
    h.start(workflowDef([simple('t1')]));
    h.advance(1000);
    h.poll('t1');
    h.advance(2000);
    const d = h.result('t1', {
      status: 'IN_PROGRESS',
      callbackAfterSeconds: 30,
      outputData: { progress: 50 },
      workerId: 'w-2',
    });
    const t1 = h.task('t1');
    assert.equal(t1.status, 'SCHEDULED');
    assert.equal(t1.callbackAfterSeconds, 30);
    assert.deepEqual(t1.outputData, { progress: 50 });
    assert.equal(t1.updateTime, T0 + 3000);
    assert.equal(t1.workerId, 'w-2');
    assert.equal(t1.pollCount, 1);
    assert.deepEqual(d.commands, [
      { type: 'queueTask', queueName: 't1', taskId: t1.taskId, delayMs: 30_000, priority: 0 },
      // TaskDef default responseTimeout 3600 s does not apply to a SCHEDULED task; nothing to time out.
      { type: 'setTimer', at: null },
    ]);
    h.advance(30_000);
    assert.equal(h.poll('t1').pollCount, 2, 'a worker polls it again');
  });

  void test('IN_PROGRESS with no callback delay keeps the task IN_PROGRESS and re-queues it at once', () => {
    const h = new Harness([taskDef('t1')]);
    h.start(workflowDef([simple('t1')]));
    h.poll('t1');
    h.advance(1000);
    const d = h.result('t1', { status: 'IN_PROGRESS', callbackAfterSeconds: 0, outputData: { step: 1 } });
    const t1 = h.task('t1');
    assert.equal(t1.status, 'IN_PROGRESS');
    assert.equal(t1.pollCount, 1);
    assert.deepEqual(
      d.commands.filter((c) => c.type === 'queueTask'),
      [{ type: 'queueTask', queueName: 't1', taskId: t1.taskId, delayMs: 0, priority: 0 }],
    );
    assert.equal(h.poll('t1').pollCount, 2, 'the next poll hands it out again and counts');
  });

  void test('IN_PROGRESS without outputData keeps the previous output', () => {
    const h = new Harness([taskDef('t1')]);
    h.start(workflowDef([simple('t1')]));
    h.poll('t1');
    h.result('t1', { status: 'IN_PROGRESS', outputData: { a: 1 } });
    h.poll('t1');
    h.result('t1', { status: 'IN_PROGRESS' });
    assert.deepEqual(h.task('t1').outputData, { a: 1 });
    assert.equal(h.task('t1').callbackAfterSeconds, 0);
  });

  void test('extendLease changes only the task updateTime', () => {
    const h = new Harness([taskDef('t1', { responseTimeoutSeconds: 100 })]);
    h.start(workflowDef([simple('t1')]));
    const polled = h.poll('t1');
    const before = h.workflow;
    h.advance(50_000);
    const d = h.result('t1', { status: 'COMPLETED', extendLease: true, outputData: { ignored: true } });
    assert.deepEqual(h.task('t1'), { ...polled, updateTime: T0 + 50_000 });
    assert.equal(d.workflow.updateTime, before.updateTime, 'the workflow itself is not touched');
    assert.equal(d.workflow.status, 'RUNNING');
    assert.deepEqual(d.commands, [{ type: 'setTimer', at: T0 + 150_000 }], 'the response timeout moved');
  });

  void test('reasonForIncompletion is truncated to 500 characters and workerId recorded', () => {
    const h = new Harness([taskDef('t1')]);
    h.start(workflowDef([simple('t1', {}, { optional: true })]));
    h.poll('t1');
    h.result('t1', { status: 'FAILED', reasonForIncompletion: 'x'.repeat(600), workerId: 'w-7' });
    assert.equal(h.task('t1').reasonForIncompletion, 'x'.repeat(500));
    assert.equal(h.task('t1').workerId, 'w-7');
  });

  void test('updates to a terminal task are ignored and its message dropped', () => {
    const h = new Harness(chainDefs);
    h.start(chain);
    h.complete('t1', { x: 1 });
    const before = h.workflow;
    const d = h.result('t1', { status: 'FAILED', reasonForIncompletion: 'late' });
    assert.equal(d.workflow, before);
    assert.match(d.ignored ?? '', /already COMPLETED/);
    assert.deepEqual(d.commands, [
      { type: 'dequeueTask', queueName: 't1', taskId: 'id-1' },
      { type: 'setTimer', at: null },
    ]);
  });

  void test('updates for a terminal workflow are ignored', () => {
    const h = new Harness([taskDef('t1'), taskDef('t2')]);
    h.start(workflowDef([simple('t1'), simple('t2')]));
    h.fail('t1');
    assert.equal(h.workflow.status, 'FAILED');
    const d = h.result('t1', { status: 'COMPLETED' });
    assert.match(d.ignored ?? '', /already FAILED/);
    assert.deepEqual(d.commands, [
      { type: 'dequeueTask', queueName: 't1', taskId: 'id-1' },
      { type: 'setTimer', at: null },
    ]);
  });

  void test('a task id that is not in the workflow is ignored', () => {
    const h = new Harness([taskDef('t1')]);
    h.start(workflowDef([simple('t1')]));
    const before = h.workflow;
    const d = h.send({
      type: 'taskResult',
      result: { workflowInstanceId: 'wf-1', taskId: 'nope', status: 'COMPLETED' },
    });
    assert.equal(d.workflow, before);
    assert.ok(d.ignored);
    assert.deepEqual(d.commands, [{ type: 'setTimer', at: null }]);
  });
});

void describe('PAUSED workflows (rule 10)', () => {
  void test('take task results but schedule nothing until running again', () => {
    const h = new Harness(chainDefs);
    h.start(chain);
    h.workflow = { ...h.workflow, status: 'PAUSED' };
    const d = h.complete('t1', { x: 1 });
    assert.equal(h.task('t1').status, 'COMPLETED');
    assert.equal(h.task('t1').executed, false);
    assert.equal(d.workflow.tasks.length, 1);
    assert.deepEqual(d.commands, [
      { type: 'dequeueTask', queueName: 't1', taskId: 'id-1' },
      { type: 'setTimer', at: null },
    ]);
    h.workflow = { ...h.workflow, status: 'RUNNING' };
    h.tick();
    assert.equal(h.task('t2').status, 'SCHEDULED');
  });
});
