import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { WorkflowTask } from '@baton/protocol';
import { nextWorkflowTask } from '../src/decider/next-task.js';
import { simple, workflowDef } from './support/harness.js';

const nested: WorkflowTask = {
  name: 'sw',
  taskReferenceName: 'sw',
  type: 'SWITCH',
  decisionCases: { a: [simple('a1'), simple('a2')], b: [simple('b1')] },
  defaultCase: [simple('d1')],
};
const def = workflowDef([simple('first'), nested, simple('last')]);

void describe('next task (§4.1.4) walks the definition tree', () => {
  void test('the next sibling in the same list', () => {
    assert.equal(nextWorkflowTask(def, 'first')?.taskReferenceName, 'sw');
    assert.equal(nextWorkflowTask(def, 'a1')?.taskReferenceName, 'a2');
  });

  void test('the end of a nested list continues after its owner', () => {
    assert.equal(nextWorkflowTask(def, 'a2')?.taskReferenceName, 'last');
    assert.equal(nextWorkflowTask(def, 'b1')?.taskReferenceName, 'last');
    assert.equal(nextWorkflowTask(def, 'd1')?.taskReferenceName, 'last');
  });

  void test('nothing after the last top-level task, or for an unknown ref', () => {
    assert.equal(nextWorkflowTask(def, 'last'), undefined);
    assert.equal(nextWorkflowTask(def, 'nope'), undefined);
  });

  void test('nesting ends at the top level', () => {
    const deep = workflowDef([
      {
        ...nested,
        decisionCases: {
          a: [{ ...nested, taskReferenceName: 'inner', decisionCases: { x: [simple('x1')] } }],
        },
      },
    ]);
    assert.equal(nextWorkflowTask(deep, 'x1'), undefined);
  });
});
