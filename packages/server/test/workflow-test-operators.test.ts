// POST /api/workflow/test through the operators and system tasks (§2.10, §5): forks and joins, SWITCH with
// JavaScript, DO_WHILE with a mock per iteration, sub-workflows with their own mocks, optional tasks, and
// INLINE / JSON_JQ_TRANSFORM running for real in the sandboxes while HTTP never leaves the test.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Workflow, WorkflowDef, WorkflowTask } from '@baton/protocol';
import { attempts, only, simple, startTestServer, type TestServer } from './workflow-test-fixture.js';

let t: TestServer;

before(async () => {
  t = await startTestServer();
  const defs = await t.send('POST', '/metadata/taskdefs', [
    { name: 'wo_task', retryCount: 0 },
    { name: 'wo_flaky', retryCount: 1, retryDelaySeconds: 30 },
  ]);
  assert.equal(defs.status, 200, defs.text);
  for (const def of [child, parent]) {
    const registered = await t.send('POST', '/metadata/workflow', def);
    assert.equal(registered.status, 200, registered.text);
  }
});

after(() => t?.close());

const task = (ref: string, extra: Partial<WorkflowTask> = {}): WorkflowTask => simple(ref, 'wo_task', extra);
const inline = (
  name: string,
  tasks: WorkflowTask[],
  extra: Partial<WorkflowDef> = {},
): Record<string, unknown> => ({
  workflowDef: { name, version: 1, schemaVersion: 2, tasks, ...extra },
});

const child: WorkflowDef = {
  name: 'wo_child',
  version: 1,
  schemaVersion: 2,
  tasks: [task('inner', { inputParameters: { x: '${workflow.input.x}' } })],
  outputParameters: { doubled: '${inner.output.doubled}' },
};

const parent: WorkflowDef = {
  name: 'wo_parent',
  version: 1,
  schemaVersion: 2,
  tasks: [
    {
      name: 'wo_child',
      taskReferenceName: 'sub',
      type: 'SUB_WORKFLOW',
      subWorkflowParam: { name: 'wo_child', version: 1 },
      inputParameters: { x: 21 },
    },
    task('after_sub', { inputParameters: { got: '${sub.output.doubled}' } }),
  ],
};

void describe('operators', () => {
  void test('FORK_JOIN: branches run side by side on the virtual clock and the JOIN gathers them', async () => {
    const run = await t.testRun({
      ...inline('wo_fork', [
        {
          name: 'fork',
          taskReferenceName: 'fork',
          type: 'FORK_JOIN',
          forkTasks: [[task('a1'), task('a2')], [task('b1')]],
        },
        { name: 'join', taskReferenceName: 'join', type: 'JOIN', joinOn: ['a2', 'b1'] },
        task('last'),
      ]),
      taskRefToMockOutput: {
        a1: [{ executionTime: 1000, output: { v: 'a1' } }],
        a2: [{ executionTime: 2000, output: { v: 'a2' } }],
        b1: [{ executionTime: 5000, output: { v: 'b1' } }],
        last: [{ output: { done: true } }],
      },
    });
    assert.equal(run.status, 'COMPLETED');
    const join = only(run, 'join');
    assert.deepEqual(join.outputData, { a2: { v: 'a2' }, b1: { v: 'b1' } });
    assert.equal(join.endTime - run.startTime, 5000, 'the longer branch (5 s) decides, not the sum (8 s)');
    assert.equal(only(run, 'last').startTime - run.startTime, 5000);
  });

  void test('SWITCH with a JavaScript expression takes the branch the (real) script picks', async () => {
    const def = inline('wo_switch', [
      {
        name: 'route',
        taskReferenceName: 'route',
        type: 'SWITCH',
        evaluatorType: 'javascript',
        expression: '$.amount > 100 ? "review" : "auto"',
        inputParameters: { amount: '${workflow.input.amount}' },
        decisionCases: { review: [task('manual_review')] },
        defaultCase: [task('auto_approve')],
      },
    ]);
    const mocks = { manual_review: [{ output: { by: 'ann' } }], auto_approve: [{ output: { by: 'bot' } }] };
    const big = await t.testRun({ ...def, input: { amount: 500 }, taskRefToMockOutput: mocks });
    const small = await t.testRun({ ...def, input: { amount: 5 }, taskRefToMockOutput: mocks });
    assert.deepEqual(only(big, 'route').outputData, { evaluationResult: ['review'], selectedCase: 'review' });
    assert.deepEqual(refs(big), ['route', 'manual_review']);
    assert.deepEqual(refs(small), ['route', 'auto_approve']);
    assert.equal(big.status, 'COMPLETED');
    assert.equal(small.status, 'COMPLETED');
  });

  void test('DO_WHILE: each iteration takes the next mock of the body ref', async () => {
    const run = await t.testRun({
      ...inline('wo_loop', [
        {
          name: 'pages',
          taskReferenceName: 'pages',
          type: 'DO_WHILE',
          loopCondition: '$.fetch.more === true',
          loopOver: [task('fetch')],
        },
      ]),
      taskRefToMockOutput: {
        fetch: [
          { output: { page: 1, more: true } },
          { output: { page: 2, more: true } },
          { output: { page: 3, more: false } },
        ],
      },
    });
    assert.equal(run.status, 'COMPLETED');
    assert.deepEqual(
      run.tasks.filter((x) => x.taskType === 'wo_task').map((x) => [x.referenceTaskName, x.outputData.page]),
      [
        ['fetch__1', 1],
        ['fetch__2', 2],
        ['fetch__3', 3],
      ],
    );
    assert.equal(only(run, 'pages').outputData.iteration, 3);
  });

  void test('an optional task failing for good ends COMPLETED_WITH_ERRORS and the workflow goes on', async () => {
    const run = await t.testRun({
      ...inline('wo_optional', [simple('extra', 'wo_flaky', { optional: true }), task('main')]),
      taskRefToMockOutput: {
        extra: [{ status: 'FAILED' }, { status: 'FAILED' }],
        main: [{ output: { ok: true } }],
      },
    });
    assert.deepEqual(
      attempts(run, 'extra').map((x) => x.status),
      ['FAILED', 'COMPLETED_WITH_ERRORS'],
    );
    assert.equal(attempts(run, 'extra')[1]!.startTime - run.startTime, 30_000, 'after the 30 s retry delay');
    assert.equal(run.status, 'COMPLETED');
    assert.deepEqual(run.output, { ok: true });
  });
});

void describe('sub-workflows', () => {
  void test('subWorkflowTestRequest mocks the child, which runs and is stored on the same clock', async () => {
    const run = await t.testRun({
      name: 'wo_parent',
      taskRefToMockOutput: { after_sub: [{ output: { fine: true } }] },
      subWorkflowTestRequest: {
        sub: { taskRefToMockOutput: { inner: [{ executionTime: 3000, output: { doubled: 42 } }] } },
      },
    });
    assert.equal(run.status, 'COMPLETED');
    const sub = only(run, 'sub');
    assert.equal(sub.status, 'COMPLETED');
    assert.equal(sub.endTime - sub.startTime, 3000);
    assert.deepEqual(only(run, 'after_sub').inputData, { got: 42 });
    const childRun = (await t.send('GET', `/workflow/${sub.subWorkflowId}`)).json as Workflow;
    assert.equal(childRun.status, 'COMPLETED');
    assert.equal(childRun.parentWorkflowId, run.workflowId);
    assert.deepEqual(only(childRun, 'inner').inputData, { x: 21 });
    assert.deepEqual(childRun.output, { doubled: 42 });
  });

  void test("without a child request, the SUB_WORKFLOW task's own mock stands for the child", async () => {
    const run = await t.testRun({
      name: 'wo_parent',
      taskRefToMockOutput: { sub: [{ output: { doubled: 7 } }], after_sub: [{}] },
    });
    assert.equal(run.status, 'COMPLETED');
    assert.deepEqual(only(run, 'after_sub').inputData, { got: 7 });
    const childRun = await t.send('GET', `/workflow/${only(run, 'sub').subWorkflowId}`);
    assert.equal(childRun.status, 404, 'no child was started');
  });

  void test('an unmocked child stops at its first worker task, and both workflows are TERMINATED', async () => {
    const run = await t.testRun({ name: 'wo_parent' });
    const reason = "Workflow test stopped: no mock output for task 'inner' (SIMPLE)";
    assert.equal(run.status, 'TERMINATED');
    assert.equal(run.reasonForIncompletion, reason);
    const childRun = (await t.send('GET', `/workflow/${only(run, 'sub').subWorkflowId}`)).json as Workflow;
    assert.equal(childRun.status, 'TERMINATED');
    assert.equal(childRun.reasonForIncompletion, reason);
  });
});

void describe('system tasks', () => {
  void test('INLINE and JSON_JQ_TRANSFORM run for real in the sandboxes unless mocked', async () => {
    const run = await t.testRun({
      ...inline('wo_compute', [
        {
          name: 'calc',
          taskReferenceName: 'calc',
          type: 'INLINE',
          inputParameters: {
            evaluatorType: 'javascript',
            expression: '(function () { return $.items.reduce(function (a, b) { return a + b; }, 0); })()',
            items: '${workflow.input.items}',
          },
        },
        {
          name: 'shape',
          taskReferenceName: 'shape',
          type: 'JSON_JQ_TRANSFORM',
          inputParameters: {
            total: '${calc.output.result}',
            queryExpression: '{ total: .total, big: (.total > 5) }',
          },
        },
        {
          name: 'mocked_inline',
          taskReferenceName: 'mocked_inline',
          type: 'INLINE',
          inputParameters: { evaluatorType: 'javascript', expression: 'throw new Error("not run")' },
        },
        {
          name: 'broken',
          taskReferenceName: 'broken',
          type: 'INLINE',
          inputParameters: { evaluatorType: 'javascript', expression: '$.nothing.here' },
        },
      ]),
      input: { items: [1, 2, 3] },
      taskRefToMockOutput: { mocked_inline: [{ output: { result: 'from the mock' } }] },
    });
    assert.deepEqual(only(run, 'calc').outputData, { result: 6 });
    assert.deepEqual(only(run, 'shape').outputData, {
      result: { total: 6, big: true },
      resultList: [{ total: 6, big: true }],
    });
    assert.deepEqual(only(run, 'mocked_inline').outputData, { result: 'from the mock' });
    const broken = only(run, 'broken');
    assert.equal(broken.status, 'FAILED');
    assert.match(broken.reasonForIncompletion!, /TypeError/);
    assert.equal(run.status, 'FAILED');
  });

  void test('HTTP runs only when mocked: without a mock the run stops there, with no request sent', async () => {
    const def = inline('wo_http', [
      {
        name: 'call',
        taskReferenceName: 'call',
        type: 'HTTP',
        inputParameters: { http_request: { uri: 'http://127.0.0.1:9/never', method: 'GET' } },
      },
    ]);
    const mocked = await t.testRun({
      ...def,
      taskRefToMockOutput: { call: [{ output: { response: { statusCode: 200, body: { ok: true } } } }] },
    });
    assert.equal(mocked.status, 'COMPLETED');
    assert.deepEqual(only(mocked, 'call').outputData, { response: { statusCode: 200, body: { ok: true } } });
    const stopped = await t.testRun(def);
    assert.equal(stopped.status, 'TERMINATED');
    assert.equal(
      stopped.reasonForIncompletion,
      "Workflow test stopped: no mock output for task 'call' (HTTP)",
    );
    assert.equal(only(stopped, 'call').status, 'CANCELED');
  });
});

function refs(run: Workflow): string[] {
  return run.tasks.map((x) => x.referenceTaskName);
}
