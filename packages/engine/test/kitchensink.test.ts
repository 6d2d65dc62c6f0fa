/**
 * One workflow using every task type, driven to COMPLETED by feeding exactly what the runtime would: worker
 * results after polls, executor results for queued system tasks, script answers, child workflow ends,
 * START_WORKFLOW reports, a human's update, a signal to a YIELD, posted
 * workflow messages and timer ticks.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { TaskType, type Task, type WorkflowTask } from '@baton/protocol';
import { Harness, simple, taskDef, workflowDef } from './support/harness.js';

const t = (
  type: string,
  ref: string,
  inputParameters: Record<string, unknown> = {},
  extra: Partial<WorkflowTask> = {},
): WorkflowTask => ({
  name: ref,
  taskReferenceName: ref,
  type,
  inputParameters,
  ...extra,
});

const kitchensink = workflowDef(
  [
    t('SET_VARIABLE', 'setvars', { stage: 'start' }),
    t('INLINE', 'pick', { evaluatorType: 'value-param', expression: 'mode', mode: '${workflow.input.mode}' }),
    t(
      'SWITCH',
      'route',
      { choice: '${pick.output.result}' },
      {
        evaluatorType: 'value-param',
        expression: 'choice',
        decisionCases: {
          fanout: [
            t(
              'FORK_JOIN',
              'fork',
              {},
              {
                forkTasks: [
                  [t('HTTP', 'http', { http_request: { uri: 'http://example/x', method: 'GET' } })],
                  [simple('worker_a')],
                  [t('WAIT', 'pause', { duration: '10s' })],
                ],
              },
            ),
            t('JOIN', 'join', {}, { joinOn: ['http', 'worker_a', 'pause'] }),
          ],
        },
        defaultCase: [t('NOOP', 'noop_default')],
      },
    ),
    t(
      'DECISION',
      'legacy',
      { n: '${workflow.input.n}' },
      {
        caseExpression: '$.n > 1 ? "big" : "small"',
        decisionCases: {
          big: [t('LAMBDA', 'lambda', { n: '${workflow.input.n}', scriptExpression: 'return $.n * 2;' })],
          small: [t('NOOP', 'noop_small')],
        },
      },
    ),
    t('EXCLUSIVE_JOIN', 'xjoin', {}, { joinOn: ['lambda'], defaultExclusiveJoinTask: ['noop_small'] }),
    t('FORK_JOIN_DYNAMIC', 'dynfork', {
      forkTaskName: 'worker_b',
      forkTaskInputs: '${workflow.input.items}',
    }),
    t('JOIN', 'dynjoin'),
    t(
      'DO_WHILE',
      'loop',
      {},
      {
        items: '${workflow.input.items}',
        loopCondition: '$.loop.iteration < 5',
        loopOver: [
          t('JSON_JQ_TRANSFORM', 'jq', { queryExpression: '.x', x: '${loop.output.loopItem.x}' }),
          t('INLINE', 'js', {
            evaluatorType: 'javascript',
            expression: '$.v * 10',
            v: '${jq.output.result}',
          }),
        ],
      },
    ),
    t('DYNAMIC', 'dyn', { taskName: 'worker_c' }, { dynamicTaskNameParam: 'taskName' }),
    t('SUB_WORKFLOW', 'child', { from: 'parent' }, { subWorkflowParam: { name: 'child_wf', version: 1 } }),
    t('START_WORKFLOW', 'starter', { startWorkflow: { name: 'other', input: { x: 1 } } }),
    t('EVENT', 'event', { note: 'hi' }, { sink: 'conductor' }),
    t('NOOP', 'noop'),
    t('HUMAN', 'human'),
    t('YIELD', 'yielded'),
    t('PULL_WORKFLOW_MESSAGES', 'inbox', { batchSize: 5 }),
    t('TERMINATE', 'end', {
      terminationStatus: 'COMPLETED',
      workflowOutput: {
        doubled: '${xjoin.output.result}',
        lastJs: '${js.output.result}',
        approved: '${human.output.approved}',
        variables: '${workflow.variables}',
      },
    }),
  ],
  { name: 'kitchensink' },
);

/** The output an executor or a worker would report for a task. */
function outputFor(task: Task): Record<string, unknown> {
  switch (task.taskType) {
    case 'HTTP':
      return { response: { statusCode: 200, body: { ok: true } } };
    case 'JSON_JQ_TRANSFORM':
      return { result: task.inputData.x, resultList: [task.inputData.x] };
    case 'INLINE':
      return { result: Number(task.inputData.v) * 10 };
    case 'EVENT':
      return { ...task.inputData, event_produced: 'conductor:kitchensink:event' };
    default:
      return { by: task.taskType, input: task.inputData };
  }
}

/** Feeds the next thing the runtime would feed; false when nothing is pending. */
function feedNext(h: Harness, started: string[]): boolean {
  const pending = h.workflow.tasks.filter((task) => ['SCHEDULED', 'IN_PROGRESS'].includes(task.status));
  for (const task of pending) {
    const type = task.workflowTask.type ?? TaskType.SIMPLE;
    if (type === TaskType.SUB_WORKFLOW && task.subWorkflowId) {
      h.childEnded(task.referenceTaskName, 'COMPLETED', { childSays: 'done' });
    } else if (type === TaskType.START_WORKFLOW && task.status === 'IN_PROGRESS') {
      started.push('other');
      h.complete(task.referenceTaskName, { workflowId: 'started-other' });
    } else if (type === TaskType.HUMAN) {
      h.complete(task.referenceTaskName, { approved: true });
    } else if (type === TaskType.YIELD) {
      h.complete(task.referenceTaskName, { resumed: true });
    } else if (type === TaskType.PULL_WORKFLOW_MESSAGES) {
      // The runtime completes it with the messages posted to the workflow.
      h.complete(task.referenceTaskName, { messages: [{ id: 'm1', payload: { hi: true } }], count: 1 });
    } else if (type === TaskType.WAIT) {
      const at = h.timer();
      assert.ok(at !== null, 'a WAIT with a duration arms the timer');
      h.now = at;
      h.tick();
    } else if (
      ['SIMPLE', 'DYNAMIC', 'HTTP', 'JSON_JQ_TRANSFORM', 'INLINE', 'EVENT'].includes(type) &&
      task.status === 'SCHEDULED'
    ) {
      h.poll(task.referenceTaskName);
      h.complete(task.referenceTaskName, outputFor(task));
    } else {
      continue;
    }
    h.runScripts();
    return true;
  }
  return false;
}

void describe('kitchensink: every task type in one workflow', () => {
  void test('runs to COMPLETED on the events the runtime would feed', () => {
    const h = new Harness(['worker_a', 'worker_b', 'worker_c'].map((n) => taskDef(n)));
    h.start(kitchensink, {
      input: { mode: 'fanout', n: 21, items: [{ x: 1 }, { x: 2 }] },
      correlationId: 'ks',
    });
    h.runScripts();
    const started: string[] = [];
    for (let steps = 0; steps < 100 && h.workflow.status === 'RUNNING'; steps++) {
      if (!feedNext(h, started)) break;
    }
    const wf = h.workflow;
    assert.equal(wf.status, 'COMPLETED', wf.reasonForIncompletion);
    assert.deepEqual(wf.output, { doubled: 42, lastJs: 20, approved: true, variables: { stage: 'start' } });

    const types = new Set(wf.tasks.map((task) => task.workflowTask.type));
    for (const type of Object.values(TaskType)) {
      if (type === 'FORK' || type === 'KAFKA_PUBLISH') continue;
      assert.ok(types.has(type), `${type} ran`);
    }
    assert.ok(
      wf.tasks.every((task) => task.status === 'COMPLETED'),
      'every task completed',
    );
    assert.deepEqual(
      wf.tasks
        .filter((task) => task.workflowTask.type === 'FORK_JOIN_DYNAMIC')
        .map((task) => task.inputData.forkedTasks),
      [['_worker_b_0', '_worker_b_1']],
    );
    assert.deepEqual(h.task('loop').outputData.iteration, 2);
    assert.deepEqual(
      wf.tasks
        .filter((task) => task.referenceTaskName.startsWith('js__'))
        .map((task) => task.referenceTaskName),
      ['js__1', 'js__2'],
    );
    assert.equal(h.task('dyn').taskType, 'worker_c');
    assert.equal(h.task('child').outputData.childSays, 'done');
    assert.deepEqual(started, ['other']);
    assert.equal(
      wf.reasonForIncompletion,
      `Workflow is COMPLETED by TERMINATE task: ${h.task('end').taskId}`,
    );
  });
});
