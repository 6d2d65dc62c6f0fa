import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validateWorkflowDef } from '@baton/protocol';
import { assertErrorAt, assertErrorPaths } from './expect-errors.js';

const greetings = {
  name: 'greetings',
  description: 'Sample greetings workflow',
  version: 1,
  tasks: [
    {
      name: 'greet',
      taskReferenceName: 'greet_ref',
      type: 'SIMPLE',
      inputParameters: { name: '${workflow.input.name}' },
    },
  ],
  timeoutPolicy: 'TIME_OUT_WF',
  timeoutSeconds: 60,
};

const simple = (ref: string, extra: Record<string, unknown> = {}) => ({
  name: ref,
  taskReferenceName: ref,
  ...extra,
});
const defWith = (...tasks: unknown[]) => ({ name: 'wf', tasks });

void describe('validateWorkflowDef: structure', () => {
  void it('accepts the greetings definition from the SDK README', () => {
    assert.deepEqual(validateWorkflowDef(greetings), []);
  });

  void it('accepts unknown properties at every level', () => {
    const def = {
      ...greetings,
      futureField: { x: 1 },
      tasks: [{ ...greetings.tasks[0], somethingNew: [1, 2] }],
    };
    assert.deepEqual(validateWorkflowDef(def), []);
  });

  void it('treats nulls on optional fields as absent', () => {
    const def = {
      ...greetings,
      description: null,
      version: null,
      schemaVersion: null,
      outputParameters: null,
      tasks: [
        { ...greetings.tasks[0], type: null, optional: null, decisionCases: null, subWorkflowParam: null },
      ],
    };
    assert.deepEqual(validateWorkflowDef(def), []);
  });

  void it('reports every wrongly typed field with its Java-style path', () => {
    const errors = validateWorkflowDef({
      ...greetings,
      version: '1',
      restartable: 'yes',
      timeoutPolicy: 'SOMETIMES',
      tasks: [
        { ...greetings.tasks[0], retryCount: 'three', inputParameters: ['not', 'a', 'map'], startDelay: 1.5 },
      ],
    });
    assertErrorAt(errors, 'version', /must be an integer/);
    assertErrorAt(errors, 'restartable', /must be a boolean/);
    assertErrorAt(errors, 'timeoutPolicy', /must be one of TIME_OUT_WF, ALERT_ONLY/);
    assertErrorAt(errors, 'tasks[0].retryCount', /must be an integer/);
    assertErrorAt(errors, 'tasks[0].inputParameters', /must be an object/);
    const startDelay = assertErrorAt(errors, 'tasks[0].startDelay', /must be an integer/);
    assert.equal(startDelay.invalidValue, 1.5);
    assert.equal(errors.length, 6);
  });

  void it('checks the types of nested tasks in decisionCases, defaultCase, forkTasks and loopOver', () => {
    const errors = validateWorkflowDef(
      defWith(
        {
          ...simple('switch'),
          type: 'SWITCH',
          evaluatorType: 'value-param',
          expression: 'x',
          decisionCases: { caseA: [simple('a0'), simple('a1', { optional: 'no' })] },
          defaultCase: [simple('d0', { asyncComplete: 1 })],
        },
        { ...simple('fork'), type: 'FORK_JOIN', forkTasks: [[simple('f0', { retryCount: 1.5 })]] },
        { ...simple('join'), type: 'JOIN', joinOn: 'f0' },
        {
          ...simple('loop'),
          type: 'DO_WHILE',
          loopCondition: 'false',
          loopOver: [simple('l0', { name: 7 })],
        },
      ),
    );
    assertErrorPaths(errors, [
      'tasks[0].decisionCases.caseA[1].optional',
      'tasks[0].defaultCase[0].asyncComplete',
      'tasks[1].forkTasks[0][0].retryCount',
      'tasks[2].joinOn',
      'tasks[3].loopOver[0].name',
    ]);
  });

  void it('rejects a non-object definition and non-object tasks', () => {
    assertErrorAt(validateWorkflowDef('nope'), '', /must be an object/);
    assertErrorAt(validateWorkflowDef(defWith(simple('a'), 'b')), 'tasks[1]', /must be an object/);
  });

  void it('quotes case names that would not read as one path segment', () => {
    const errors = validateWorkflowDef(
      defWith({
        ...simple('s'),
        type: 'SWITCH',
        evaluatorType: 'value-param',
        expression: 'x',
        decisionCases: { 'a.b': [simple('x', { optional: 'no' })] },
      }),
    );
    assertErrorPaths(errors, ['tasks[0].decisionCases["a.b"][0].optional']);
  });
});

void describe('validateWorkflowDef: registration rules', () => {
  void it('requires a non-empty name and a non-empty task list', () => {
    assertErrorPaths(validateWorkflowDef({ name: '', tasks: [] }), ['name', 'tasks']);
    const errors = validateWorkflowDef({ description: 'no name, no tasks' });
    assertErrorAt(errors, 'name', /WorkflowDef name cannot be null or empty/);
    assertErrorAt(errors, 'tasks', /WorkflowTask list cannot be empty/);
  });

  void it('only supports schemaVersion 2', () => {
    assert.deepEqual(validateWorkflowDef({ ...greetings, schemaVersion: 2 }), []);
    const [error] = validateWorkflowDef({ ...greetings, schemaVersion: 1 });
    assert.deepEqual(error, {
      path: 'schemaVersion',
      message: 'workflowDef schemaVersion: 2 is only supported',
      invalidValue: 1,
    });
  });

  void it('requires timeoutSeconds > 0 with the TIME_OUT_WF policy', () => {
    assertErrorAt(validateWorkflowDef({ ...greetings, timeoutSeconds: 0 }), 'timeoutSeconds', /TIME_OUT_WF/);
    assertErrorAt(
      validateWorkflowDef({ ...greetings, timeoutSeconds: undefined }),
      'timeoutSeconds',
      /TIME_OUT_WF/,
    );
    assert.deepEqual(
      validateWorkflowDef({ ...greetings, timeoutPolicy: 'ALERT_ONLY', timeoutSeconds: 0 }),
      [],
    );
  });

  void it('requires name and taskReferenceName on every task, nested ones included', () => {
    const errors = validateWorkflowDef(
      defWith(
        { name: '', taskReferenceName: 'a' },
        { ...simple('loop'), type: 'DO_WHILE', loopCondition: 'false', loopOver: [{ name: 'b' }] },
      ),
    );
    assertErrorAt(errors, 'tasks[0].name', /WorkflowTask name cannot be empty or null/);
    assertErrorAt(
      errors,
      'tasks[1].loopOver[0].taskReferenceName',
      /taskReferenceName name cannot be empty or null/,
    );
    assert.equal(errors.length, 2);
  });

  void it("checks only the field types of an inline taskDefinition, as Conductor's binding does", () => {
    assert.deepEqual(
      validateWorkflowDef(defWith(simple('a', { taskDefinition: { enforceSchema: false } }))),
      [],
    );
    assert.deepEqual(
      validateWorkflowDef(defWith(simple('a', { taskDefinition: { name: 'a', retryCount: -1 } }))),
      [],
    );
    const errors = validateWorkflowDef(defWith(simple('a', { taskDefinition: { retryCount: 'many' } })));
    assertErrorPaths(errors, ['tasks[0].taskDefinition.retryCount']);
  });
});

void describe('validateWorkflowDef: task types', () => {
  void it('SWITCH needs evaluatorType, expression and decisionCases', () => {
    const errors = validateWorkflowDef(defWith({ ...simple('s'), type: 'SWITCH' }));
    assertErrorPaths(errors, ['tasks[0].evaluatorType', 'tasks[0].expression', 'tasks[0].decisionCases']);
    assertErrorAt(
      errors,
      'tasks[0].expression',
      /expression field is required for taskType: SWITCH taskName: s/,
    );
    const valid = {
      ...simple('s'),
      type: 'SWITCH',
      evaluatorType: 'javascript',
      expression: '$.x',
      decisionCases: { a: [] },
    };
    assert.deepEqual(validateWorkflowDef(defWith(valid)), []);
    assertErrorAt(
      validateWorkflowDef(defWith({ ...valid, decisionCases: {} })),
      'tasks[0].decisionCases',
      /atleast one/,
    );
  });

  void it('DECISION needs caseValueParam or caseExpression', () => {
    const decision = { ...simple('d'), type: 'DECISION', decisionCases: { a: [simple('x')] } };
    assertErrorAt(
      validateWorkflowDef(defWith(decision)),
      'tasks[0].caseValueParam',
      /caseValueParam or caseExpression/,
    );
    assert.deepEqual(validateWorkflowDef(defWith({ ...decision, caseValueParam: 'k' })), []);
    assert.deepEqual(validateWorkflowDef(defWith({ ...decision, caseExpression: '$.k' })), []);
  });

  void it('FORK_JOIN needs branches; like Conductor, it need not be followed by a JOIN', () => {
    const join = { ...simple('join'), type: 'JOIN', joinOn: ['a'] };
    const fork = { ...simple('fork'), type: 'FORK_JOIN', forkTasks: [[simple('a')], [simple('b')]] };
    assert.deepEqual(validateWorkflowDef(defWith(fork, join)), []);
    assertErrorPaths(validateWorkflowDef(defWith({ ...fork, forkTasks: [] }, join)), ['tasks[0].forkTasks']);
    assert.deepEqual(validateWorkflowDef(defWith(fork, simple('c'), join)), []);
    assert.deepEqual(validateWorkflowDef(defWith(fork)), []);
  });

  void it('DO_WHILE needs loopOver, and loopCondition unless items is set', () => {
    const loop = { ...simple('loop'), type: 'DO_WHILE' };
    assertErrorPaths(validateWorkflowDef(defWith({ ...loop, loopOver: [] })), [
      'tasks[0].loopOver',
      'tasks[0].loopCondition',
    ]);
    assert.deepEqual(
      validateWorkflowDef(defWith({ ...loop, loopOver: [simple('a')], items: '${workflow.input.list}' })),
      [],
    );
    assert.deepEqual(
      validateWorkflowDef(defWith({ ...loop, loopOver: [simple('a')], loopCondition: 'false' })),
      [],
    );
  });

  void it('SUB_WORKFLOW needs subWorkflowParam with a name or an inline definition', () => {
    const sub = { ...simple('sub'), type: 'SUB_WORKFLOW' };
    assertErrorPaths(validateWorkflowDef(defWith(sub)), ['tasks[0].subWorkflowParam']);
    assertErrorPaths(validateWorkflowDef(defWith({ ...sub, subWorkflowParam: { version: 1 } })), [
      'tasks[0].subWorkflowParam.name',
    ]);
    assert.deepEqual(validateWorkflowDef(defWith({ ...sub, subWorkflowParam: { name: 'child' } })), []);
    const inline = { name: 'child', tasks: [simple('sub')] }; // its refs are its own: no clash with the parent
    assert.deepEqual(
      validateWorkflowDef(defWith({ ...sub, subWorkflowParam: { workflowDefinition: inline } })),
      [],
    );
  });

  void it('validates an inline sub-workflow definition under its own path', () => {
    const sub = {
      ...simple('sub'),
      type: 'SUB_WORKFLOW',
      subWorkflowParam: { workflowDefinition: { name: 'child', tasks: [] } },
    };
    assertErrorPaths(validateWorkflowDef(defWith(sub)), [
      'tasks[0].subWorkflowParam.workflowDefinition.tasks',
    ]);
  });

  void it('DYNAMIC needs dynamicTaskNameParam', () => {
    const dynamic = { ...simple('dyn'), type: 'DYNAMIC' };
    assertErrorAt(
      validateWorkflowDef(defWith(dynamic)),
      'tasks[0].dynamicTaskNameParam',
      /required for taskType: DYNAMIC/,
    );
    assert.deepEqual(validateWorkflowDef(defWith({ ...dynamic, dynamicTaskNameParam: 'taskToRun' })), []);
  });

  void it('FORK_JOIN_DYNAMIC needs its parameter names, or the forkTask* inputs (a JOIN is checked when it runs)', () => {
    const join = { ...simple('join'), type: 'JOIN' };
    const fork = { ...simple('fork'), type: 'FORK_JOIN_DYNAMIC' };
    assertErrorPaths(validateWorkflowDef(defWith(fork, join)), [
      'tasks[0].dynamicForkTasksParam',
      'tasks[0].dynamicForkTasksInputParamName',
    ]);
    const classic = { ...fork, dynamicForkTasksParam: 'tasks', dynamicForkTasksInputParamName: 'inputs' };
    assert.deepEqual(validateWorkflowDef(defWith(classic, join)), []);
    const byInput = { ...fork, inputParameters: { forkTaskName: 'work', forkTaskInputs: [] } };
    assert.deepEqual(validateWorkflowDef(defWith(byInput, join)), []);
    assert.deepEqual(validateWorkflowDef(defWith(classic)), []);
  });

  void it('TERMINATE needs a valid terminationStatus and cannot be optional', () => {
    const terminate = (inputParameters: unknown, optional?: boolean) =>
      defWith({ ...simple('end'), type: 'TERMINATE', inputParameters, optional });
    for (const status of ['COMPLETED', 'FAILED', 'TERMINATED']) {
      assert.deepEqual(validateWorkflowDef(terminate({ terminationStatus: status })), []);
    }
    assertErrorAt(
      validateWorkflowDef(terminate({ terminationStatus: 'DONE' })),
      'tasks[0].inputParameters.terminationStatus',
      /COMPLETED, FAILED or TERMINATED/,
    );
    assertErrorAt(
      validateWorkflowDef(terminate({})),
      'tasks[0].inputParameters.terminationStatus',
      /terminationStatus/,
    );
    assertErrorPaths(validateWorkflowDef(terminate({ terminationStatus: 'FAILED' }, true)), [
      'tasks[0].optional',
    ]);
  });

  void it('leaves unknown (user-defined) task types alone', () => {
    assert.deepEqual(validateWorkflowDef(defWith(simple('custom', { type: 'MY_OWN_TYPE' }))), []);
  });
});
