import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { Workflow } from '@baton/protocol';

import { buildExpressionContext, resolveParameters } from '../src/expressions/index.js';
import { makeTask, makeWorkflow } from './expressions-fixtures.js';

const resolveIn = (workflow: Workflow, template: unknown) =>
  resolveParameters(template, buildExpressionContext(workflow));

void describe('the workflow entry', () => {
  const workflow = makeWorkflow(
    {
      workflowId: 'wf-7',
      status: 'PAUSED',
      output: { done: false },
      correlationId: 'order-17',
      parentWorkflowId: 'parent-1',
      parentWorkflowTaskId: 'parent-task-1',
      reasonForIncompletion: 'waiting',
      variables: { counter: 4, tags: ['a'] },
      createTime: 123,
    },
    { orderId: 17 },
  );

  void it('exposes the §4.2 fields, with workflowType and version from the execution', () => {
    assert.deepEqual(resolveIn(workflow, '${workflow}'), {
      input: { orderId: 17 },
      output: { done: false },
      status: 'PAUSED',
      workflowId: 'wf-7',
      parentWorkflowId: 'parent-1',
      parentWorkflowTaskId: 'parent-task-1',
      workflowType: 'order_flow',
      version: 3,
      correlationId: 'order-17',
      reasonForIncompletion: 'waiting',
      schemaVersion: 2,
      variables: { counter: 4, tags: ['a'] },
    });
  });

  void it('resolves variables, correlationId and workflowType in templates', () => {
    assert.deepEqual(
      resolveIn(workflow, {
        counter: '${workflow.variables.counter}',
        label: '${workflow.workflowType}/${workflow.correlationId}',
        status: '${workflow.status}',
      }),
      { counter: 4, label: 'order_flow/order-17', status: 'PAUSED' },
    );
  });

  void it('has no createTime, and absent optional fields are null', () => {
    assert.equal(resolveIn(workflow, '${workflow.createTime}'), null);
    const bare = makeWorkflow();
    assert.equal(resolveIn(bare, '${workflow.correlationId}'), null);
    assert.equal(resolveIn(bare, 'p=${workflow.parentWorkflowId}'), 'p=null');
  });

  void it('defaults schemaVersion to 2 when the definition does not set it', () => {
    const noSchema = makeWorkflow({ workflowDefinition: { name: 'order_flow', tasks: [] } });
    assert.equal(resolveIn(noSchema, '${workflow.schemaVersion}'), 2);
    const explicit = makeWorkflow({
      workflowDefinition: { name: 'order_flow', tasks: [], schemaVersion: 1 },
    });
    assert.equal(resolveIn(explicit, '${workflow.schemaVersion}'), 1);
  });

  void it('does not touch the task list when only workflow fields are read', () => {
    const wf = makeWorkflow({}, { a: 1 });
    Object.defineProperty(wf, 'tasks', {
      get() {
        throw new Error('tasks read');
      },
    });
    assert.equal(resolveIn(wf, '${workflow.input.a}'), 1);
  });
});

void describe('task entries', () => {
  void it('expose the §4.2 task fields', () => {
    const task = makeTask('charge', {
      taskId: 'tid-1',
      seq: 2,
      inputData: { amount: 10 },
      outputData: { receipt: 'r-1' },
      status: 'FAILED',
      reasonForIncompletion: 'card declined',
      workerId: 'worker-a',
      correlationId: 'order-17',
      callbackAfterSeconds: 30,
      pollCount: 2,
    });
    const workflow = makeWorkflow({ tasks: [task] });
    assert.deepEqual(resolveIn(workflow, '${charge}'), {
      input: { amount: 10 },
      output: { receipt: 'r-1' },
      taskType: 'SIMPLE_WORKER',
      status: 'FAILED',
      referenceTaskName: 'charge',
      retryCount: 0,
      correlationId: 'order-17',
      pollCount: 2,
      taskDefName: 'simple_worker',
      scheduledTime: 1000,
      startTime: 1100,
      endTime: 1200,
      workflowInstanceId: 'wf-1',
      taskId: 'tid-1',
      reasonForIncompletion: 'card declined',
      callbackAfterSeconds: 30,
      workerId: 'worker-a',
      iteration: 0,
    });
  });

  void it('use the latest attempt of a retried task', () => {
    const workflow = makeWorkflow({
      tasks: [
        makeTask('charge', { seq: 1, status: 'FAILED', retried: true, outputData: { try: 1 } }),
        makeTask('other', { seq: 2 }),
        makeTask('charge', { seq: 3, retryCount: 1, status: 'COMPLETED', outputData: { try: 2 } }),
      ],
    });
    assert.deepEqual(
      resolveIn(workflow, ['${charge.output.try}', '${charge.retryCount}', '${charge.status}']),
      [2, 1, 'COMPLETED'],
    );
  });

  void it('address loop iterations without the __N suffix, the latest iteration winning', () => {
    const workflow = makeWorkflow({
      tasks: [
        makeTask('loop', { seq: 1, taskType: 'DO_WHILE', iteration: 2, status: 'IN_PROGRESS' }),
        makeTask('step__1', { seq: 2, iteration: 1, loopOverTask: true, outputData: { n: 1 } }),
        makeTask('step__2', {
          seq: 3,
          iteration: 2,
          loopOverTask: true,
          status: 'FAILED',
          outputData: { n: 2 },
        }),
        makeTask('step__2', {
          seq: 4,
          iteration: 2,
          loopOverTask: true,
          retryCount: 1,
          outputData: { n: 22 },
        }),
        // A later record of an earlier iteration (e.g. rerun bookkeeping) must not win.
        makeTask('step__1', { seq: 5, iteration: 1, loopOverTask: true, outputData: { n: 11 } }),
      ],
    });
    assert.equal(resolveIn(workflow, '${step.output.n}'), 22);
    assert.equal(resolveIn(workflow, '${step.referenceTaskName}'), 'step__2');
    assert.equal(resolveIn(workflow, '${step.iteration}'), 2);
    assert.equal(resolveIn(workflow, '${step__2.output.n}'), null);
    assert.equal(resolveIn(workflow, '${loop.status}'), 'IN_PROGRESS');
  });

  void it('strip stacked suffixes of nested loops', () => {
    const workflow = makeWorkflow({
      tasks: [makeTask('inner__1__3', { iteration: 3, loopOverTask: true, outputData: { v: 'x' } })],
    });
    assert.equal(resolveIn(workflow, '${inner.output.v}'), 'x');
  });

  void it('are all part of the document seen by wildcards and deep scans', () => {
    const workflow = makeWorkflow({
      tasks: [
        makeTask('a', { seq: 1, taskId: 't-a' }),
        makeTask('b__1', { seq: 2, taskId: 't-b', iteration: 1 }),
      ],
    });
    assert.deepEqual(resolveIn(workflow, '${$[*].taskId}'), ['t-a', 't-b']);
    assert.equal((resolveIn(workflow, '${b[*]}') as unknown[]).length, 18); // every field of the entry
    assert.deepEqual(resolveIn(workflow, '${$..[?(@.taskId)].referenceTaskName}'), ['a', 'b__1']);
  });

  void it('give null for a task that has not been scheduled', () => {
    const workflow = makeWorkflow({ tasks: [makeTask('a')] });
    assert.equal(resolveIn(workflow, '${later.output.x}'), null);
    assert.equal(resolveIn(workflow, 'x=${later.output}'), 'x=null');
  });
});
