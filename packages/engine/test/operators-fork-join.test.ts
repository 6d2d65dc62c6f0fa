import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { WorkflowTask } from '@baton/protocol';
import { Harness, simple, taskDef, workflowDef } from './support/harness.js';

const defs = ['a1', 'a2', 'b1', 'c1', 'after', 'x'].map((n) => taskDef(n));

function fork(
  branches: WorkflowTask[][],
  joinOn: string[],
  joinExtra: Partial<WorkflowTask> = {},
): WorkflowTask[] {
  return [
    { name: 'fork', taskReferenceName: 'fork', type: 'FORK_JOIN', forkTasks: branches },
    { name: 'join', taskReferenceName: 'join', type: 'JOIN', joinOn, ...joinExtra },
  ];
}

void describe('FORK_JOIN + JOIN', () => {
  const def = workflowDef([
    ...fork([[simple('a1'), simple('a2')], [simple('b1')]], ['a2', 'b1']),
    simple('after', { fromJoin: '${join.output}' }),
  ]);

  void test('the FORK completes at once and schedules every branch head and the JOIN in one step', () => {
    const h = new Harness(defs);
    const d = h.start(def);
    assert.deepEqual(
      d.workflow.tasks.map((t) => [t.referenceTaskName, t.taskType, t.status]),
      [
        ['fork', 'FORK', 'COMPLETED'],
        ['a1', 'a1', 'SCHEDULED'],
        ['b1', 'b1', 'SCHEDULED'],
        ['join', 'JOIN', 'IN_PROGRESS'],
      ],
    );
    assert.deepEqual(h.task('join').inputData, { joinOn: ['a2', 'b1'] });
    assert.deepEqual(
      h.commands('queueTask').map((c) => c.queueName),
      ['a1', 'b1'],
      'operators are never queued',
    );
  });

  void test('the JOIN completes when every joined task ended, with their non-empty outputs', () => {
    const h = new Harness(defs);
    h.start(def);
    h.complete('a1', { one: 1 });
    assert.equal(h.task('a2').status, 'SCHEDULED', 'a branch goes on by itself');
    h.complete('b1');
    assert.equal(h.task('join').status, 'IN_PROGRESS');
    h.complete('a2', { two: 2 });
    assert.equal(h.task('join').status, 'COMPLETED');
    assert.deepEqual(h.task('join').outputData, { a2: { two: 2 } }, 'b1 had no output');
    assert.deepEqual(h.task('after').inputData, { fromJoin: { a2: { two: 2 } } });
    h.complete('after');
    assert.equal(h.workflow.status, 'COMPLETED');
  });

  void test('an optional failing branch makes the JOIN COMPLETED_WITH_ERRORS and the workflow still completes', () => {
    const h = new Harness(defs);
    h.start(workflowDef(fork([[simple('a1', {}, { optional: true })], [simple('b1')]], ['a1', 'b1'])));
    h.fail('a1', 'broken');
    assert.equal(h.task('a1').status, 'COMPLETED_WITH_ERRORS');
    h.complete('b1', { b: true });
    assert.equal(h.task('join').status, 'COMPLETED_WITH_ERRORS');
    assert.equal(h.workflow.status, 'COMPLETED');
  });

  void test('a branch task failing beyond its retries fails the workflow', () => {
    const h = new Harness(defs);
    h.start(workflowDef(fork([[simple('a1')], [simple('b1')]], ['a1', 'b1'])));
    h.fail('a1', 'broken');
    assert.equal(h.workflow.status, 'FAILED');
    assert.equal(h.task('join').status, 'CANCELED');
    assert.equal(h.task('b1').status, 'CANCELED');
  });

  void test('a permissive failure fails the JOIN once every joined task ended', () => {
    const h = new Harness(defs);
    h.start(workflowDef(fork([[simple('a1', {}, { permissive: true })], [simple('b1')]], ['a1', 'b1'])));
    h.fail('a1', 'broken');
    assert.equal(h.workflow.status, 'RUNNING');
    assert.equal(h.task('join').status, 'IN_PROGRESS', 'b1 still runs');
    h.complete('b1');
    assert.equal(h.task('join').status, 'FAILED');
    assert.equal(h.task('join').reasonForIncompletion, 'broken');
    assert.equal(h.workflow.status, 'FAILED');
  });

  void test('a JOIN whose only failures are cancellations is CANCELED, which terminates the workflow', () => {
    const h = new Harness(defs);
    const child: WorkflowTask = {
      name: 'child',
      taskReferenceName: 'child',
      type: 'SUB_WORKFLOW',
      subWorkflowParam: { name: 'child' },
      permissive: true,
    };
    h.start(workflowDef(fork([[child], [simple('b1')]], ['child', 'b1'])));
    h.childEnded('child', 'TERMINATED', {}, 'stopped by hand');
    assert.equal(h.task('child').status, 'CANCELED');
    h.complete('b1');
    assert.equal(h.task('join').status, 'CANCELED');
    assert.equal(h.workflow.status, 'TERMINATED');
  });

  void test('a retry is waited for, even when the failed attempt comes after the JOIN in the task list', () => {
    const h = new Harness([...defs, taskDef('a2', { retryCount: 1, retryDelaySeconds: 0 })]);
    h.start(workflowDef(fork([[simple('a1'), simple('a2')], [simple('b1')]], ['a2', 'b1'])));
    h.complete('b1');
    h.complete('a1');
    h.fail('a2', 'once');
    assert.equal(h.task('join').status, 'IN_PROGRESS');
    assert.equal(h.task('a2').retryCount, 1);
    h.complete('a2', { ok: true });
    assert.equal(h.task('join').status, 'COMPLETED');
  });

  void test('the end of a fork branch schedules nothing (its JOIN already exists)', () => {
    const h = new Harness(defs);
    h.start(def);
    h.complete('b1');
    assert.deepEqual(
      h.workflow.tasks.map((t) => t.referenceTaskName),
      ['fork', 'a1', 'b1', 'join'],
    );
  });
});

void describe('FORK_JOIN_DYNAMIC', () => {
  void test('(a) a task list and an input map: one branch per task, the JOIN waits for all of them', () => {
    const h = new Harness(defs);
    const dynamicFork: WorkflowTask = {
      name: 'dyn',
      taskReferenceName: 'dyn',
      type: 'FORK_JOIN_DYNAMIC',
      dynamicForkTasksParam: 'tasks',
      dynamicForkTasksInputParamName: 'inputs',
      inputParameters: { tasks: '${workflow.input.tasks}', inputs: '${workflow.input.inputs}' },
    };
    h.start(
      workflowDef([dynamicFork, { name: 'join', taskReferenceName: 'join', type: 'JOIN' }, simple('after')]),
      {
        input: {
          tasks: [
            { name: 'x', taskReferenceName: 'x1', inputParameters: { from: '${workflow.input.tag}' } },
            { name: 'x', taskReferenceName: 'x2' },
          ],
          inputs: { x1: { n: 1 }, x2: { n: 2 } },
          tag: 'T',
        },
      },
    );
    const forkTask = h.task('dyn');
    assert.equal(forkTask.taskType, 'FORK');
    assert.deepEqual(forkTask.inputData.forkedTasks, ['x1', 'x2']);
    assert.deepEqual(
      (forkTask.inputData.forkedTaskDefs as WorkflowTask[]).map((t) => t.taskReferenceName),
      ['x1', 'x2'],
    );
    assert.deepEqual(h.task('x1').inputData, { from: 'T', n: 1 });
    assert.deepEqual(h.task('x2').inputData, { n: 2 });
    assert.equal(h.task('x1').taskType, 'x');
    assert.deepEqual(h.task('join').inputData, { joinOn: ['x1', 'x2'] });
    h.complete('x1', { r: 1 });
    assert.equal(h.task('join').status, 'IN_PROGRESS');
    h.complete('x2', { r: 2 });
    assert.deepEqual(h.task('join').outputData, { x1: { r: 1 }, x2: { r: 2 } });
    assert.equal(h.task('after').status, 'SCHEDULED');
  });

  void test('(b) forkTaskName / forkTaskInputs: refs _{name}_{i}, non-map inputs wrapped, __index added', () => {
    const h = new Harness(defs);
    const dynamicFork: WorkflowTask = {
      name: 'dyn',
      taskReferenceName: 'dyn',
      type: 'FORK_JOIN_DYNAMIC',
      inputParameters: { forkTaskName: 'x', forkTaskInputs: [{ a: 1 }, 'plain'] },
    };
    h.start(workflowDef([dynamicFork, { name: 'join', taskReferenceName: 'join', type: 'JOIN' }]));
    assert.deepEqual(h.task('dyn').inputData.forkedTasks, ['_x_0', '_x_1']);
    assert.deepEqual(h.task('_x_0').inputData, { a: 1, __index: 0 });
    assert.deepEqual(h.task('_x_1').inputData, { input: 'plain', __index: 1 });
    assert.equal(h.task('_x_1').taskType, 'x');
    h.complete('_x_0');
    h.complete('_x_1');
    assert.equal(h.workflow.status, 'COMPLETED');
  });

  void test('(b) forkTaskWorkflow forks sub-workflows', () => {
    const h = new Harness(defs);
    const dynamicFork: WorkflowTask = {
      name: 'dyn',
      taskReferenceName: 'dyn',
      type: 'FORK_JOIN_DYNAMIC',
      inputParameters: {
        forkTaskWorkflow: 'child',
        forkTaskWorkflowVersion: '2',
        forkTaskInputs: [{ a: 1 }],
      },
    };
    h.start(workflowDef([dynamicFork, { name: 'join', taskReferenceName: 'join', type: 'JOIN' }]));
    const branch = h.task('_dyn_0');
    assert.equal(branch.taskType, 'SUB_WORKFLOW');
    const [start] = h.commands('startWorkflow');
    assert.equal(start!.request.name, 'child');
    assert.equal(start!.request.version, 2);
    assert.deepEqual(start!.request.input, { a: 1, __index: 0 });
  });

  void test('duplicate references fail the workflow', () => {
    const h = new Harness(defs);
    const dynamicFork: WorkflowTask = {
      name: 'dyn',
      taskReferenceName: 'dyn',
      type: 'FORK_JOIN_DYNAMIC',
      dynamicForkTasksParam: 'tasks',
      inputParameters: {
        tasks: [
          { name: 'x', taskReferenceName: 'same' },
          { name: 'x', taskReferenceName: 'same' },
        ],
      },
    };
    h.start(workflowDef([dynamicFork, { name: 'join', taskReferenceName: 'join', type: 'JOIN' }]));
    assert.equal(h.task('dyn').status, 'FAILED_WITH_TERMINAL_ERROR');
    assert.equal(h.workflow.status, 'FAILED');
    assert.match(h.workflow.reasonForIncompletion ?? '', /Duplicate task reference name 'same'/);
  });

  void test('input that is not a task list fails the workflow', () => {
    const h = new Harness(defs);
    const dynamicFork: WorkflowTask = {
      name: 'dyn',
      taskReferenceName: 'dyn',
      type: 'FORK_JOIN_DYNAMIC',
      dynamicForkTasksParam: 'tasks',
      inputParameters: { tasks: 'not a list' },
    };
    h.start(workflowDef([dynamicFork, { name: 'join', taskReferenceName: 'join', type: 'JOIN' }]));
    assert.equal(h.workflow.status, 'FAILED');
    assert.match(h.workflow.reasonForIncompletion ?? '', /is not a list of tasks/);
    assert.deepEqual(h.commands('queueTask'), []);
  });

  void test('an empty list joins at once', () => {
    const h = new Harness(defs);
    const dynamicFork: WorkflowTask = {
      name: 'dyn',
      taskReferenceName: 'dyn',
      type: 'FORK_JOIN_DYNAMIC',
      inputParameters: { forkTaskName: 'x', forkTaskInputs: [] },
    };
    h.start(workflowDef([dynamicFork, { name: 'join', taskReferenceName: 'join', type: 'JOIN' }]));
    assert.equal(h.workflow.status, 'COMPLETED');
  });
});

void describe('EXCLUSIVE_JOIN', () => {
  const decision: WorkflowTask = {
    name: 'dec',
    taskReferenceName: 'dec',
    type: 'DECISION',
    caseValueParam: 'kind',
    inputParameters: { kind: '${workflow.input.kind}' },
    decisionCases: { a: [simple('a1')], b: [simple('b1')] },
    defaultCase: [simple('c1')],
  };
  const exclusive: WorkflowTask = {
    name: 'xj',
    taskReferenceName: 'xj',
    type: 'EXCLUSIVE_JOIN',
    joinOn: ['a1', 'b1'],
    defaultExclusiveJoinTask: ['c1'],
  };
  const def = workflowDef([decision, exclusive, simple('after', { got: '${xj.output.v}' })]);

  void test('copies the output of the branch that ran (first present in joinOn order)', () => {
    const h = new Harness(defs);
    h.start(def, { input: { kind: 'b' } });
    h.complete('b1', { v: 'from b' });
    assert.equal(h.task('xj').status, 'COMPLETED');
    assert.deepEqual(h.task('xj').outputData, { v: 'from b' });
    assert.deepEqual(h.task('after').inputData, { got: 'from b' });
  });

  void test('falls back to defaultExclusiveJoinTask', () => {
    const h = new Harness(defs);
    h.start(def, { input: { kind: 'other' } });
    h.complete('c1', { v: 'default' });
    assert.deepEqual(h.task('xj').outputData, { v: 'default' });
  });

  void test('fails with the chosen task when it failed (tolerated as permissive)', () => {
    const h = new Harness(defs);
    const permissive = { ...decision, decisionCases: { a: [simple('a1', {}, { permissive: true })] } };
    h.start(workflowDef([permissive, exclusive]), { input: { kind: 'a' } });
    h.fail('a1', 'bad a');
    assert.equal(h.task('xj').status, 'FAILED');
    assert.equal(h.task('xj').reasonForIncompletion, 'bad a');
    assert.equal(h.workflow.status, 'FAILED');
  });
});
