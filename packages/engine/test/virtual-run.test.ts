// The virtual-clock test run (§2.10 extended): mocks per attempt, time that jumps, the stop rules and guards.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Task, Workflow, WorkflowTask } from '@baton/protocol';
import { MAX_TEST_STEPS, STOP_PREFIX, VirtualRun } from '../src/index.js';
import { T0, simple, taskDef, workflowDef } from './support/harness.js';
import { HOUR, MINUTE, runVirtually } from './support/virtual.js';

const attempts = (wf: Workflow, ref: string): Task[] => wf.tasks.filter((t) => t.referenceTaskName === ref);
const only = (wf: Workflow, ref: string): Task => {
  const found = attempts(wf, ref);
  assert.equal(found.length, 1, `one ${ref}`);
  return found[0]!;
};
const wait = (ref: string, duration: string): WorkflowTask => ({
  name: ref,
  taskReferenceName: ref,
  type: 'WAIT',
  inputParameters: { duration },
});

void describe('virtual clock', () => {
  void test('a 2-hour WAIT and two 10-minute exponential retries pass at once, at exact virtual times', () => {
    const def = workflowDef([wait('pause', '2 hours'), simple('charge')]);
    const run = runVirtually(
      def,
      {
        taskRefToMockOutput: {
          charge: [{ status: 'FAILED' }, { status: 'FAILED' }, { output: { ok: true } }],
        },
      },
      {
        taskDefs: [
          taskDef('charge', { retryCount: 2, retryLogic: 'EXPONENTIAL_BACKOFF', retryDelaySeconds: 600 }),
        ],
      },
    );
    const wf = run.root;
    assert.equal(wf.status, 'COMPLETED');
    const pause = only(wf, 'pause');
    assert.equal(pause.startTime, T0);
    assert.equal(pause.endTime, T0 + 2 * HOUR);
    const tries = attempts(wf, 'charge');
    assert.deepEqual(
      tries.map((t) => [t.status, t.startTime - T0]),
      [
        ['FAILED', 2 * HOUR],
        ['FAILED', 2 * HOUR + 10 * MINUTE],
        ['COMPLETED', 2 * HOUR + 30 * MINUTE],
      ],
    );
    assert.equal(wf.endTime - wf.startTime, 2 * HOUR + 30 * MINUTE);
    assert.equal(run.stopReason, undefined);
  });

  void test('executionTime and queueWaitTime set the attempt times; parallel branches overlap', () => {
    const def = workflowDef([
      {
        name: 'fork',
        taskReferenceName: 'fork',
        type: 'FORK_JOIN',
        forkTasks: [[simple('a')], [simple('b')]],
      },
      { name: 'join', taskReferenceName: 'join', type: 'JOIN', joinOn: ['a', 'b'] },
    ]);
    const { root } = runVirtually(def, {
      taskRefToMockOutput: {
        a: [{ queueWaitTime: 1000, executionTime: 5000 }],
        b: [{ executionTime: 3000 }],
      },
    });
    const a = only(root, 'a');
    const b = only(root, 'b');
    assert.deepEqual(
      [a.scheduledTime, a.startTime, a.endTime, a.queueWaitTime],
      [T0, T0 + 1000, T0 + 6000, 1000],
    );
    assert.deepEqual([b.startTime, b.endTime], [T0, T0 + 3000]);
    assert.equal(root.status, 'COMPLETED');
    assert.equal(root.endTime, T0 + 6000, 'the branches ran side by side, not one after the other');
  });

  void test('a response timeout shorter than the mocked executionTime times the attempt out, then it retries', () => {
    const def = workflowDef([simple('slow')]);
    const { root } = runVirtually(
      def,
      {
        taskRefToMockOutput: { slow: [{ executionTime: 30_000 }, { executionTime: 1000, output: { n: 2 } }] },
      },
      { taskDefs: [taskDef('slow', { retryCount: 1, retryDelaySeconds: 5, responseTimeoutSeconds: 10 })] },
    );
    const [first, second] = attempts(root, 'slow');
    assert.equal(first!.status, 'TIMED_OUT');
    assert.equal(first!.endTime, T0 + 10_000);
    assert.equal(second!.status, 'COMPLETED');
    assert.equal(second!.startTime, T0 + 15_000);
    assert.deepEqual(root.output, { n: 2 });
    assert.equal(root.endTime, T0 + 16_000);
  });

  void test('retry jitter is seeded: two runs give the same times', () => {
    const def = workflowDef([simple('flaky')]);
    const go = () =>
      runVirtually(
        def,
        { taskRefToMockOutput: { flaky: [{ status: 'FAILED' }, {}] } },
        { taskDefs: [taskDef('flaky', { retryCount: 1, retryDelaySeconds: 1, backoffJitterMs: 5000 })] },
      ).root;
    const first = go();
    const second = go();
    assert.equal(first.endTime, second.endTime);
    assert.ok(first.endTime > T0 + 1000 && first.endTime <= T0 + 6000, `jittered: ${first.endTime - T0}`);
  });
});

void describe('mocks', () => {
  void test('loop iterations take the mocks of the ref in order; an exact ref__N list wins', () => {
    const def = workflowDef([
      {
        name: 'loop',
        taskReferenceName: 'loop',
        type: 'DO_WHILE',
        loopCondition: '$.loop.iteration < 3',
        loopOver: [simple('step')],
      },
    ]);
    const { root, requests } = runVirtually(def, {
      taskRefToMockOutput: {
        step: [{ output: { n: 1 } }, { output: { n: 3 } }],
        step__2: [{ output: { n: 2 } }],
      },
    });
    assert.equal(root.status, 'COMPLETED');
    assert.deepEqual(
      root.tasks.filter((t) => t.taskType === 'step').map((t) => [t.referenceTaskName, t.outputData.n]),
      [
        ['step__1', 1],
        ['step__2', 2],
        ['step__3', 3],
      ],
    );
    assert.equal(requests.filter((r) => r === 'evaluate').length, 3);
  });

  void test('WAIT, HUMAN and YIELD tasks take a mock; an endless WAIT or a HUMAN without one stops the run', () => {
    const def = workflowDef([
      { name: 'approve', taskReferenceName: 'approve', type: 'HUMAN' },
      { name: 'yield', taskReferenceName: 'handoff', type: 'YIELD' },
      wait('hold', '1 days'),
      { name: 'forever', taskReferenceName: 'forever', type: 'WAIT' },
    ]);
    const mocked = runVirtually(def, {
      taskRefToMockOutput: {
        approve: [{ executionTime: 60_000, output: { by: 'ann' } }],
        handoff: [{ output: { answer: 42 } }],
        hold: [{ executionTime: 1000 }],
        forever: [{}],
      },
    });
    assert.equal(mocked.root.status, 'COMPLETED');
    assert.deepEqual(only(mocked.root, 'approve').outputData, { by: 'ann' });
    assert.deepEqual(only(mocked.root, 'handoff').outputData, { answer: 42 });
    assert.equal(only(mocked.root, 'hold').endTime, T0 + 61_000, 'the mock, not the 1-day duration');

    const unmocked = runVirtually(def, { taskRefToMockOutput: { approve: [{}], handoff: [{}] } });
    assert.equal(only(unmocked.root, 'hold').endTime, T0 + 24 * HOUR);
    assert.equal(unmocked.root.status, 'TERMINATED');
    assert.equal(
      unmocked.root.reasonForIncompletion,
      `${STOP_PREFIX} no mock output for task 'forever' (WAIT)`,
    );
  });

  void test('an IN_PROGRESS mock is a progress report: the next mock is the next report', () => {
    const def = workflowDef([
      simple('work'),
      { name: 'call', taskReferenceName: 'call', type: 'HTTP', inputParameters: { uri: 'http://x/' } },
    ]);
    const { root } = runVirtually(def, {
      taskRefToMockOutput: {
        work: [
          { status: 'IN_PROGRESS', executionTime: 1000 },
          { executionTime: 1000, output: { w: 1 } },
        ],
        call: [{ status: 'IN_PROGRESS', output: { step: 1 } }, { output: { step: 2 } }],
      },
    });
    assert.equal(root.status, 'COMPLETED');
    assert.deepEqual([only(root, 'work').pollCount, only(root, 'work').endTime], [2, T0 + 2000]);
    assert.deepEqual(only(root, 'call').outputData, { step: 2 });
  });

  void test('the mock request is never changed, so it can be sent again', () => {
    const mocks = { greet: [{ output: { hi: 1 } }] };
    const def = workflowDef([simple('greet')]);
    assert.equal(runVirtually(def, { taskRefToMockOutput: mocks }).root.status, 'COMPLETED');
    assert.deepEqual(mocks, { greet: [{ output: { hi: 1 } }] });
    assert.equal(runVirtually(def, { taskRefToMockOutput: mocks }).root.status, 'COMPLETED');
  });
});

void describe('stopping', () => {
  void test('a task without a mock stops the run once the other branches went as far as they can', () => {
    const def = workflowDef([
      {
        name: 'fork',
        taskReferenceName: 'fork',
        type: 'FORK_JOIN',
        forkTasks: [[simple('mocked'), simple('after')], [simple('unmocked')]],
      },
      { name: 'join', taskReferenceName: 'join', type: 'JOIN', joinOn: ['after', 'unmocked'] },
    ]);
    const run = runVirtually(def, {
      taskRefToMockOutput: { mocked: [{}], after: [{ executionTime: 5000 }] },
    });
    const reason = `${STOP_PREFIX} no mock output for task 'unmocked' (SIMPLE)`;
    assert.equal(run.root.status, 'TERMINATED');
    assert.equal(run.root.reasonForIncompletion, reason);
    assert.equal(run.stopReason, reason);
    assert.equal(only(run.root, 'mocked').status, 'COMPLETED');
    // `after` would need the clock to move while `unmocked` waits for a worker: the run stops first.
    assert.equal(only(run.root, 'after').status, 'CANCELED');
    assert.equal(only(run.root, 'unmocked').status, 'CANCELED');
    assert.equal(run.root.endTime, T0);
  });

  void test(`more than ${MAX_TEST_STEPS} steps stop the run`, () => {
    const def = workflowDef([simple('busy')]);
    const forever = Array.from({ length: MAX_TEST_STEPS + 1 }, () => ({ status: 'IN_PROGRESS' as const }));
    const run = runVirtually(def, { taskRefToMockOutput: { busy: forever } });
    assert.equal(run.root.status, 'TERMINATED');
    assert.match(run.root.reasonForIncompletion!, /^Workflow test stopped: more than 20000 steps/);
    assert.equal(run.steps, MAX_TEST_STEPS);
  });

  void test('a wait beyond 10 virtual years stops the run', () => {
    const def = workflowDef([wait('nap', '3660 days')]);
    const run = runVirtually(def);
    assert.equal(run.root.status, 'TERMINATED');
    assert.equal(
      run.root.reasonForIncompletion,
      `${STOP_PREFIX} the virtual clock would pass 10 years after the start`,
    );
    assert.equal(only(run.root, 'nap').status, 'CANCELED');
  });

  void test('advancing before answering the last request is refused', () => {
    const def = workflowDef([
      {
        name: 'calc',
        taskReferenceName: 'calc',
        type: 'INLINE',
        inputParameters: { evaluatorType: 'javascript', expression: '1 + 1' },
      },
    ]);
    let ids = 0;
    const run = new VirtualRun(
      def,
      { name: def.name },
      {
        startTime: T0,
        taskDef: () => undefined,
        newId: () => `id-${++ids}`,
        executedTypes: new Set(['INLINE']),
      },
    );
    const progress = run.advance();
    assert.equal(progress.kind, 'request');
    assert.throws(() => run.advance(), /answer the last request/);
    if (progress.kind !== 'request' || progress.request.kind !== 'execute')
      throw new Error('expected execute');
    progress.request.answer({ status: 'COMPLETED', outputData: { result: 2 } });
    const done = run.advance();
    assert.equal(done.kind, 'finished');
    if (done.kind === 'finished') assert.deepEqual(done.result.root.output, { result: 2 });
  });
});

void describe('other workflows of the run', () => {
  const child = workflowDef([simple('inner')], { name: 'child' });
  const parent = workflowDef([
    {
      name: 'child',
      taskReferenceName: 'sub',
      type: 'SUB_WORKFLOW',
      subWorkflowParam: { name: 'child', version: 1 },
    },
  ]);

  void test('a child runs with subWorkflowTestRequest[ref], on the same clock', () => {
    const run = runVirtually(
      parent,
      {
        taskRefToMockOutput: { sub: [{ output: { ignored: true } }] },
        subWorkflowTestRequest: {
          sub: { taskRefToMockOutput: { inner: [{ executionTime: 7000, output: { x: 1 } }] } },
        },
      },
      { definitions: [child] },
    );
    assert.equal(run.root.status, 'COMPLETED');
    assert.deepEqual(run.requests, ['definition:child']);
    const [, started] = run.workflows;
    assert.equal(started!.workflowName, 'child');
    assert.equal(started!.parentWorkflowId, run.root.workflowId);
    assert.equal(started!.status, 'COMPLETED');
    assert.equal(only(run.root, 'sub').endTime, T0 + 7000);
    assert.equal(only(run.root, 'sub').outputData.x, 1);
  });

  void test("without a child request, the SUB_WORKFLOW task's own mock stands for the child", () => {
    const run = runVirtually(
      parent,
      { taskRefToMockOutput: { sub: [{ status: 'FAILED' }] } },
      { definitions: [child] },
    );
    assert.equal(run.workflows.length, 1, 'no child started');
    assert.equal(run.root.status, 'FAILED');
    assert.deepEqual(run.requests, []);
  });

  void test('an unmocked child that needs a worker stops every workflow of the run', () => {
    const run = runVirtually(parent, {}, { definitions: [child] });
    const reason = `${STOP_PREFIX} no mock output for task 'inner' (SIMPLE)`;
    assert.deepEqual(
      run.workflows.map((w) => [w.workflowName, w.status, w.reasonForIncompletion]),
      [
        ['wf', 'TERMINATED', reason],
        ['child', 'TERMINATED', reason],
      ],
    );
  });

  void test('a missing child definition fails the SUB_WORKFLOW task for good', () => {
    const run = runVirtually(parent, {}, { definitions: [] });
    assert.equal(run.root.status, 'FAILED');
    assert.equal(only(run.root, 'sub').status, 'FAILED_WITH_TERMINAL_ERROR');
    assert.match(only(run.root, 'sub').reasonForIncompletion!, /No such workflow found by name: child/);
  });

  void test('START_WORKFLOW targets and failure workflows run too, unmocked unless asked', () => {
    const notify = workflowDef(
      [{ name: 'n', taskReferenceName: 'n', type: 'SET_VARIABLE', inputParameters: { done: true } }],
      { name: 'notify' },
    );
    const def = workflowDef(
      [
        {
          name: 'kick',
          taskReferenceName: 'kick',
          type: 'START_WORKFLOW',
          inputParameters: { startWorkflow: { name: 'notify', version: 1 } },
        },
        simple('doomed'),
      ],
      { failureWorkflow: 'notify' },
    );
    const run = runVirtually(
      def,
      { taskRefToMockOutput: { doomed: [{ status: 'FAILED' }] } },
      { definitions: [notify], taskDefs: [taskDef('doomed')] },
    );
    assert.equal(run.root.status, 'FAILED');
    assert.deepEqual(
      run.workflows.map((w) => [w.workflowName, w.status]),
      [
        ['wf', 'FAILED'],
        ['notify', 'COMPLETED'],
        ['notify', 'COMPLETED'],
      ],
    );
    assert.equal(only(run.root, 'kick').outputData.workflowId, run.workflows[1]!.workflowId);
    assert.equal(
      run.workflows[2]!.input.workflowId,
      run.root.workflowId,
      'the failure workflow knows who failed',
    );
  });
});
