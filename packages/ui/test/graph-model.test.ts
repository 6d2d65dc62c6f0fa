// The definition → graph model, alone and overlaid with executions: forks and joins, switches and the branch
// taken, loops and their iterations, sub-workflows, dynamic forks.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { WorkflowDef, WorkflowTask } from '@baton/protocol';
import { buildWorkflowGraph, type WorkflowGraph } from '../src/graph/model.js';
import { simple, task } from './support/tasks.js';

const def = (tasks: WorkflowTask[]): WorkflowDef => ({ name: 'wf', version: 1, tasks });
const edgesOf = (g: WorkflowGraph): string[] => g.edges.map((e) => `${e.source}->${e.target}`);
const node = (g: WorkflowGraph, id: string) => {
  const found = g.nodes.find((n) => n.id === id);
  assert.ok(found, `node ${id} in ${g.nodes.map((n) => n.id).join(', ')}`);
  return found;
};
const edge = (g: WorkflowGraph, source: string, target: string) => {
  const found = g.edges.find((e) => e.source === source && e.target === target);
  assert.ok(found, `edge ${source}->${target} in ${edgesOf(g).join(', ')}`);
  return found;
};

const fork: WorkflowTask = {
  name: 'fork',
  taskReferenceName: 'fork',
  type: 'FORK_JOIN',
  forkTasks: [[simple('a1'), simple('a2')], [simple('b1')]],
};
const join: WorkflowTask = { name: 'join', taskReferenceName: 'join', type: 'JOIN', joinOn: ['a2', 'b1'] };

void describe('graph model: definitions', () => {
  void test('a sequence runs from start through every task to end', () => {
    const g = buildWorkflowGraph(def([simple('one'), simple('two')]));
    assert.deepEqual(edgesOf(g), ['start->task:one', 'task:one->task:two', 'task:two->end']);
    assert.ok(g.nodes.every((n) => !n.reached && n.status === undefined));
  });

  void test('a fork opens one path per branch and its join closes them', () => {
    const g = buildWorkflowGraph(def([fork, join, simple('after')]));
    assert.equal(node(g, 'task:fork').kind, 'fork');
    assert.equal(node(g, 'task:join').kind, 'join');
    assert.deepEqual(edgesOf(g).sort(), [
      'start->task:fork',
      'task:a1->task:a2',
      'task:a2->task:join',
      'task:after->end',
      'task:b1->task:join',
      'task:fork->task:a1',
      'task:fork->task:b1',
      'task:join->task:after',
    ]);
  });

  void test('a switch has one labelled edge per case, and one for default when it has no tasks', () => {
    const sw: WorkflowTask = {
      name: 'sw',
      taskReferenceName: 'sw',
      type: 'SWITCH',
      evaluatorType: 'value-param',
      expression: 'kind',
      decisionCases: { big: [simple('big_task')], none: [] },
    };
    const g = buildWorkflowGraph(def([sw, simple('next')]));
    assert.equal(edge(g, 'task:sw', 'task:big_task').label, 'big');
    const toNext = g.edges
      .filter((e) => e.source === 'task:sw' && e.target === 'task:next')
      .map((e) => e.label);
    assert.deepEqual(toNext.sort(), ['default', 'none']);
    assert.ok(edge(g, 'task:big_task', 'task:next'));
  });

  void test('a loop goes through its body to a closing node that leads back to it', () => {
    const loop: WorkflowTask = {
      name: 'loop',
      taskReferenceName: 'loop',
      type: 'DO_WHILE',
      loopCondition: 'true',
      loopOver: [simple('step1'), simple('step2')],
    };
    const g = buildWorkflowGraph(def([loop, simple('after')]));
    assert.deepEqual(
      g.edges.filter((e) => !e.loopBack).map((e) => `${e.source}->${e.target}`),
      [
        'start->task:loop',
        'task:loop->task:step1',
        'task:step1->task:step2',
        'task:step2->loopEnd:loop',
        'loopEnd:loop->task:after',
        'task:after->end',
      ],
    );
    const back = g.edges.filter((e) => e.loopBack);
    assert.deepEqual(
      back.map((e) => `${e.source}->${e.target}`),
      ['loopEnd:loop->task:loop'],
    );
  });

  void test('a TERMINATE ends its path', () => {
    const sw: WorkflowTask = {
      name: 'sw',
      taskReferenceName: 'sw',
      type: 'SWITCH',
      decisionCases: { stop: [simple('bye', 'TERMINATE')] },
    };
    const g = buildWorkflowGraph(def([sw, simple('next')]));
    assert.equal(node(g, 'task:bye').kind, 'terminate');
    assert.equal(g.edges.filter((e) => e.source === 'task:bye').length, 0);
  });

  void test('a dynamic fork shows a placeholder until it runs', () => {
    const dyn: WorkflowTask = {
      name: 'dyn',
      taskReferenceName: 'dyn',
      type: 'FORK_JOIN_DYNAMIC',
      dynamicForkTasksParam: 'tasks',
      dynamicForkTasksInputParamName: 'inputs',
    };
    const g = buildWorkflowGraph(def([dyn, { name: 'j', taskReferenceName: 'j', type: 'JOIN' }]));
    assert.equal(node(g, 'dynamic:dyn').kind, 'dynamic');
    assert.deepEqual(edgesOf(g), [
      'start->task:dyn',
      'task:dyn->dynamic:dyn',
      'dynamic:dyn->task:j',
      'task:j->end',
    ]);
  });
});

void describe('graph model: executions', () => {
  void test('fork branches and the join take their latest attempt status', () => {
    const [a1, a2, b1] = [simple('a1'), simple('a2'), simple('b1')];
    const tasks = [
      task(fork, 'COMPLETED', { taskType: 'FORK' }),
      task(a1, 'COMPLETED'),
      task(b1, 'FAILED'),
      task(b1, 'IN_PROGRESS', { retryCount: 1 }),
      task(join, 'IN_PROGRESS'),
    ];
    const g = buildWorkflowGraph(def([{ ...fork, forkTasks: [[a1, a2], [b1]] }, join]), {
      status: 'RUNNING',
      tasks,
    });
    assert.equal(node(g, 'task:fork').status, 'COMPLETED');
    assert.equal(node(g, 'task:a1').status, 'COMPLETED');
    assert.equal(node(g, 'task:a2').reached, false);
    assert.equal(node(g, 'task:b1').status, 'IN_PROGRESS');
    assert.equal(node(g, 'task:b1').attempts, 2);
    assert.equal(node(g, 'task:b1').taskId, tasks[3]!.taskId);
    assert.equal(node(g, 'task:join').status, 'IN_PROGRESS');
    assert.equal(node(g, 'end').status, undefined);
    assert.equal(edge(g, 'task:fork', 'task:a1').executed, true);
    assert.equal(edge(g, 'task:a1', 'task:a2').executed, false);
    assert.equal(edge(g, 'task:b1', 'task:join').executed, true);
  });

  void test('a switch marks the branch taken and leaves the others untaken', () => {
    const sw: WorkflowTask = {
      name: 'sw',
      taskReferenceName: 'sw',
      type: 'SWITCH',
      decisionCases: { big: [simple('big_task')], small: [simple('small_task')] },
      defaultCase: [simple('other_task')],
    };
    const tasks = [
      task(sw, 'COMPLETED', { outputData: { evaluationResult: ['small'], selectedCase: 'small' } }),
      task(simple('small_task'), 'COMPLETED'),
    ];
    const g = buildWorkflowGraph(def([sw]), { status: 'COMPLETED', tasks });
    assert.equal(node(g, 'task:sw').selectedCase, 'small');
    assert.deepEqual(
      g.edges.filter((e) => e.source === 'task:sw').map((e) => [e.label, e.taken, e.executed]),
      [
        ['big', false, false],
        ['small', true, true],
        ['default', false, false],
      ],
    );
    assert.equal(node(g, 'end').status, 'COMPLETED');
    assert.equal(edge(g, 'task:small_task', 'end').executed, true);
  });

  void test('an unmatched case takes the default branch, and DECISION reads caseOutput', () => {
    const decision: WorkflowTask = {
      name: 'd',
      taskReferenceName: 'd',
      type: 'DECISION',
      caseValueParam: 'x',
      decisionCases: { a: [simple('a_task')], empty: [] },
      defaultCase: [simple('fallback')],
    };
    const unmatched = buildWorkflowGraph(def([decision]), {
      status: 'RUNNING',
      tasks: [task(decision, 'COMPLETED', { outputData: { caseOutput: ['zzz'] } })],
    });
    assert.equal(node(unmatched, 'task:d').selectedCase, 'default');
    // DECISION sends an empty matched branch to default too (§5).
    const empty = buildWorkflowGraph(def([decision]), {
      status: 'RUNNING',
      tasks: [task(decision, 'COMPLETED', { outputData: { caseOutput: ['empty'] } })],
    });
    assert.equal(node(empty, 'task:d').selectedCase, 'default');
  });

  void test('a loop shows its iteration and its body the latest iteration', () => {
    const step = simple('step');
    const loop: WorkflowTask = {
      name: 'loop',
      taskReferenceName: 'loop',
      type: 'DO_WHILE',
      loopOver: [step],
    };
    const tasks = [
      task(loop, 'IN_PROGRESS', { iteration: 3, outputData: { iteration: 3 } }),
      task(step, 'COMPLETED', { ref: 'step__1', iteration: 1 }),
      task(step, 'COMPLETED', { ref: 'step__2', iteration: 2 }),
      task(step, 'SCHEDULED', { ref: 'step__3', iteration: 3 }),
    ];
    const g = buildWorkflowGraph(def([loop]), { status: 'RUNNING', tasks });
    assert.equal(node(g, 'task:loop').iteration, 3);
    assert.equal(node(g, 'task:step').status, 'SCHEDULED');
    assert.equal(node(g, 'task:step').attempts, 3);
    assert.equal(node(g, 'loopEnd:loop').reached, false);
    const back = g.edges.find((e) => e.loopBack);
    assert.equal(back?.executed, true);
  });

  void test('a finished loop closes with its status', () => {
    const step = simple('step');
    const loop: WorkflowTask = {
      name: 'loop',
      taskReferenceName: 'loop',
      type: 'DO_WHILE',
      loopOver: [step],
    };
    const tasks = [
      task(loop, 'COMPLETED', { iteration: 1, outputData: { iteration: 1 } }),
      task(step, 'COMPLETED', { ref: 'step__1', iteration: 1 }),
    ];
    const g = buildWorkflowGraph(def([loop]), { status: 'COMPLETED', tasks });
    assert.equal(node(g, 'loopEnd:loop').status, 'COMPLETED');
    assert.equal(g.edges.find((e) => e.loopBack)?.executed, false, 'one iteration never went back');
    assert.equal(edge(g, 'loopEnd:loop', 'end').executed, true);
  });

  void test('a sub-workflow node links to the child run', () => {
    const sub: WorkflowTask = {
      name: 'child',
      taskReferenceName: 'child',
      type: 'SUB_WORKFLOW',
      subWorkflowParam: { name: 'child_wf', version: 1 },
    };
    const g = buildWorkflowGraph(def([sub]), {
      status: 'RUNNING',
      tasks: [task(sub, 'IN_PROGRESS', { subWorkflowId: 'child-run-1' })],
    });
    assert.equal(node(g, 'task:child').kind, 'subWorkflow');
    assert.equal(node(g, 'task:child').subWorkflowId, 'child-run-1');
  });

  void test('a dynamic fork expands into the branches it forked', () => {
    const dyn: WorkflowTask = {
      name: 'dyn',
      taskReferenceName: 'dyn',
      type: 'FORK_JOIN_DYNAMIC',
      dynamicForkTasksParam: 'tasks',
      dynamicForkTasksInputParamName: 'inputs',
    };
    const j: WorkflowTask = { name: 'j', taskReferenceName: 'j', type: 'JOIN' };
    const [x, y] = [simple('img_x'), { ...simple('img_y'), type: 'SUB_WORKFLOW' }];
    const tasks = [
      task(dyn, 'COMPLETED', { taskType: 'FORK', inputData: { forkedTasks: ['img_x', 'img_y'] } }),
      task(x, 'COMPLETED'),
      task(y, 'IN_PROGRESS', { subWorkflowId: 'kid' }),
      task(j, 'IN_PROGRESS'),
    ];
    const g = buildWorkflowGraph(def([dyn, j]), { status: 'RUNNING', tasks });
    assert.equal(
      g.nodes.some((n) => n.kind === 'dynamic'),
      false,
    );
    assert.deepEqual(edgesOf(g), [
      'start->task:dyn',
      'task:dyn->task:img_x',
      'task:dyn->task:img_y',
      'task:img_x->task:j',
      'task:img_y->task:j',
      'task:j->end',
    ]);
    assert.equal(node(g, 'task:img_x').status, 'COMPLETED');
    assert.equal(node(g, 'task:img_y').kind, 'subWorkflow');
    assert.equal(node(g, 'task:img_y').subWorkflowId, 'kid');
  });
});
