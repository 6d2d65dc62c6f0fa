import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validateWorkflowDef } from '@baton/protocol';
import { assertErrorAt, assertErrorPaths } from './expect-errors.js';

const task = (
  ref: string,
  inputParameters: Record<string, unknown> = {},
  extra: Record<string, unknown> = {},
) => ({
  name: `${ref}_task`,
  taskReferenceName: ref,
  inputParameters,
  ...extra,
});
const defWith = (...tasks: unknown[]) => ({ name: 'refs_wf', tasks });
const loop = (ref: string, body: unknown[]) =>
  task(ref, {}, { type: 'DO_WHILE', loopCondition: 'false', loopOver: body });

void describe('taskReferenceName uniqueness', () => {
  void it('rejects a duplicate at top level, naming it', () => {
    const errors = validateWorkflowDef(defWith(task('a'), task('a')));
    assert.deepEqual(errors, [
      {
        path: 'tasks[1].taskReferenceName',
        message: 'taskReferenceName: a should be unique across tasks for a given workflowDefinition: refs_wf',
        invalidValue: 'a',
      },
    ]);
  });

  void it('rejects duplicates hidden in nested tasks', () => {
    const switchTask = task(
      's',
      {},
      {
        type: 'SWITCH',
        evaluatorType: 'value-param',
        expression: 'k',
        decisionCases: { one: [task('x')], two: [task('inner')] },
        defaultCase: [task('x')],
      },
    );
    const errors = validateWorkflowDef(defWith(switchTask, loop('l', [task('inner')])));
    assertErrorPaths(errors, [
      'tasks[0].defaultCase[0].taskReferenceName',
      'tasks[1].loopOver[0].taskReferenceName',
    ]);
    assertErrorAt(
      errors,
      'tasks[1].loopOver[0].taskReferenceName',
      /taskReferenceName: inner should be unique/,
    );
  });

  void it('rejects duplicates across fork branches', () => {
    const fork = task('f', {}, { type: 'FORK_JOIN', forkTasks: [[task('b')], [task('b')]] });
    const join = task('j', {}, { type: 'JOIN', joinOn: ['b'] });
    assertErrorPaths(validateWorkflowDef(defWith(fork, join)), [
      'tasks[0].forkTasks[1][0].taskReferenceName',
    ]);
  });
});

void describe('${ref.…} references in inputParameters', () => {
  void it('rejects a reference to a task that is not in the definition', () => {
    const errors = validateWorkflowDef(defWith(task('a', { x: '${missing_ref.output.x}' })));
    assert.deepEqual(errors, [
      {
        path: 'tasks[0].inputParameters.x',
        message:
          'taskReferenceName: missing_ref for given task: a_task input value: x of input parameter: ${missing_ref.output.x} is not defined in workflow definition.',
        invalidValue: '${missing_ref.output.x}',
      },
    ]);
  });

  void it('accepts workflow references and references to tasks defined later or nested', () => {
    const def = defWith(
      task('first', {
        fromInput: '${workflow.input.x}',
        later: '${second.output.x}',
        nested: '${deep.output.result}',
        env: '${CPEWF_TASK_ID}',
        bare: '${SOME_ENV}',
        escaped: '$${not_a_ref.output}',
        embedded: 'hello ${workflow.input.name}, see ${second.output}',
      }),
      task('second'),
      loop('l', [task('deep')]),
    );
    assert.deepEqual(validateWorkflowDef(def), []);
  });

  void it('looks inside maps, lists and embedded text, reporting the exact value path', () => {
    const def = defWith(
      task('a', {
        map: { inner: { ok: '${workflow.input.y}', bad: '${ghost1.output}' } },
        list: ['${workflow.input.z}', { item: '${ghost2.output.v}' }],
        text: 'prefix ${a.output.x} and ${ghost3.output.y}',
      }),
    );
    const errors = validateWorkflowDef(def);
    assertErrorPaths(errors, [
      'tasks[0].inputParameters.map.inner.bad',
      'tasks[0].inputParameters.list[1].item',
      'tasks[0].inputParameters.text',
    ]);
    assertErrorAt(errors, 'tasks[0].inputParameters.text', /taskReferenceName: ghost3 /);
  });

  void it('looks through inputParameters nested deeper than the call stack allows', () => {
    let value: unknown = '${ghost.output}';
    for (let i = 0; i < 100_000; i++) value = i % 2 ? { k: value } : [value];
    const errors = validateWorkflowDef(defWith(task('a', { deep: value })));
    assert.equal(errors.length, 1);
    assert.match(errors[0]!.path, /^tasks\[0\]\.inputParameters\.deep\.k\[0\]\.k\[0\]/);
    assertErrorAt(errors, errors[0]!.path, /taskReferenceName: ghost for given task: a_task input value: k /);
  });

  void it('checks inputParameters of nested tasks too', () => {
    const def = defWith(loop('l', [task('body', { v: '${nobody.output.v}', w: '${l.output.iteration}' })]));
    assertErrorPaths(validateWorkflowDef(def), ['tasks[0].loopOver[0].inputParameters.v']);
  });

  void it('does not resolve refs of an inline sub-workflow against the parent', () => {
    const child = { name: 'child', tasks: [task('c', { v: '${parent_only.output}' })] };
    const def = defWith(
      task('parent_only'),
      task('sub', {}, { type: 'SUB_WORKFLOW', subWorkflowParam: { workflowDefinition: child } }),
    );
    assertErrorPaths(validateWorkflowDef(def), [
      'tasks[1].subWorkflowParam.workflowDefinition.tasks[0].inputParameters.v',
    ]);
  });
});
