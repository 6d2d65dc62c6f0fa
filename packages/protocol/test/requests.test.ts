import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  validateRerunRequest,
  validateSkipTaskRequest,
  validateStartWorkflowRequest,
  validateTaskResult,
} from '@baton/protocol';
import { assertErrorAt, assertErrorPaths } from './expect-errors.js';

void describe('validateStartWorkflowRequest', () => {
  void it('accepts a named request with input and an unknown field', () => {
    const request = {
      name: 'greetings',
      version: 1,
      input: { name: 'Ada' },
      priority: 99,
      correlationId: null,
      extra: 1,
    };
    assert.deepEqual(validateStartWorkflowRequest(request), []);
  });

  void it('requires a name unless an inline workflowDef is given', () => {
    assertErrorAt(
      validateStartWorkflowRequest({ input: {} }),
      'name',
      /Workflow name cannot be null or empty/,
    );
    const inline = { name: 'adhoc', tasks: [{ name: 'a', taskReferenceName: 'a' }] };
    assert.deepEqual(validateStartWorkflowRequest({ workflowDef: inline }), []);
  });

  void it('validates the inline workflowDef under the workflowDef. prefix', () => {
    const errors = validateStartWorkflowRequest({
      name: 'adhoc',
      workflowDef: { name: 'adhoc', tasks: [{ name: 'a' }] },
    });
    assertErrorPaths(errors, ['workflowDef.tasks[0].taskReferenceName']);
  });

  void it('keeps priority within 0..99 and input an object', () => {
    assertErrorAt(validateStartWorkflowRequest({ name: 'w', priority: 100 }), 'priority', /maximum 99/);
    assertErrorAt(validateStartWorkflowRequest({ name: 'w', priority: -1 }), 'priority', /minimum 0/);
    assertErrorAt(
      validateStartWorkflowRequest({ name: 'w', priority: 'high' }),
      'priority',
      /must be an integer/,
    );
    assertErrorAt(validateStartWorkflowRequest({ name: 'w', input: 'text' }), 'input', /must be an object/);
    assertErrorAt(
      validateStartWorkflowRequest({ name: 'w', taskToDomain: { a: 1 } }),
      'taskToDomain.a',
      /must be a string/,
    );
  });
});

void describe('validateTaskResult', () => {
  const result = {
    workflowInstanceId: 'wf-1',
    taskId: 'task-1',
    status: 'COMPLETED',
    outputData: { greeting: 'hi' },
  };

  void it('accepts a worker result, with nulls and unknown fields', () => {
    assert.deepEqual(validateTaskResult(result), []);
    assert.deepEqual(
      validateTaskResult({
        ...result,
        reasonForIncompletion: null,
        logs: [{ log: 'x', createdTime: 1 }],
        extra: {},
      }),
      [],
    );
  });

  void it('requires workflowInstanceId and taskId', () => {
    const errors = validateTaskResult({ status: 'COMPLETED', workflowInstanceId: '' });
    assertErrorAt(errors, 'workflowInstanceId', /Workflow Id cannot be null or empty/);
    assertErrorAt(errors, 'taskId', /Task ID cannot be null or empty/);
    assertErrorAt(validateTaskResult({ ...result, taskId: 7 }), 'taskId', /must be a string/);
  });

  void it('rejects an unknown status, a non-object output and a negative callback', () => {
    const errors = validateTaskResult({
      ...result,
      status: 'DONE',
      outputData: [1],
      callbackAfterSeconds: -1,
    });
    assertErrorAt(
      errors,
      'status',
      /must be one of IN_PROGRESS, FAILED, FAILED_WITH_TERMINAL_ERROR, COMPLETED, CANCELED/,
    );
    assertErrorAt(errors, 'outputData', /must be an object/);
    assertErrorAt(errors, 'callbackAfterSeconds', /must be >= 0/);
    assert.equal(errors.length, 3);
  });

  void it('rejects a non-object body', () => {
    assertErrorPaths(validateTaskResult('COMPLETED'), ['']);
  });
});

void describe('rerun and skip requests', () => {
  void it('checks field types only', () => {
    assert.deepEqual(validateRerunRequest({ reRunFromTaskId: 't', workflowInput: {}, taskInput: null }), []);
    assertErrorPaths(validateRerunRequest({ reRunFromWorkflowId: 1, taskInput: 'x' }), [
      'reRunFromWorkflowId',
      'taskInput',
    ]);
    assert.deepEqual(validateSkipTaskRequest({ taskOutput: { a: 1 } }), []);
    assert.deepEqual(validateSkipTaskRequest(undefined), []);
    assertErrorPaths(validateSkipTaskRequest({ taskInput: [] }), ['taskInput']);
  });
});
