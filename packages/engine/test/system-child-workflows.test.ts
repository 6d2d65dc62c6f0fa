import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { WorkflowTask } from '@baton/protocol';
import { nameUuid } from '../src/tasks/name-uuid.js';
import { Harness, T0, simple, taskDef, workflowDef } from './support/harness.js';

const UUID_V3 = /^[0-9a-f]{8}-[0-9a-f]{4}-3[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function subWorkflow(extra: Partial<WorkflowTask> = {}): WorkflowTask {
  return {
    name: 'child_task',
    taskReferenceName: 'sub',
    type: 'SUB_WORKFLOW',
    subWorkflowParam: { name: 'child', version: 2 },
    inputParameters: { who: '${workflow.input.who}' },
    ...extra,
  };
}

function startParent(sub: WorkflowTask, after: WorkflowTask[] = []): Harness {
  const h = new Harness([taskDef('after')]);
  h.start(workflowDef([sub, ...after]), {
    input: { who: 'Ada' },
    correlationId: 'corr',
    taskToDomain: { '*': 'blue' },
    priority: 5,
  });
  return h;
}

void describe('SUB_WORKFLOW', () => {
  void test('name-based UUIDs are Java nameUUIDFromBytes', () => {
    assert.equal(nameUuid('hello'), '5d41402a-bc4b-3a76-b971-9d911017c592');
  });

  void test('starts the child with a deterministic id and waits IN_PROGRESS with subWorkflowId', () => {
    const h = startParent(subWorkflow());
    const task = h.task('sub');
    const childId = nameUuid(`subworkflow:wf-1:${task.taskId}:0`);
    assert.match(childId, UUID_V3);
    assert.equal(task.status, 'IN_PROGRESS');
    assert.equal(task.subWorkflowId, childId);
    assert.deepEqual(task.outputData, { subWorkflowId: childId });
    assert.deepEqual(task.inputData, {
      subWorkflowName: 'child',
      subWorkflowVersion: 2,
      subWorkflowTaskToDomain: { '*': 'blue' },
      priority: 5,
      workflowInput: { who: 'Ada' },
    });
    assert.deepEqual(h.commands('startWorkflow'), [
      {
        type: 'startWorkflow',
        workflowId: childId,
        request: {
          name: 'child',
          version: 2,
          input: { who: 'Ada' },
          correlationId: 'corr',
          taskToDomain: { '*': 'blue' },
          priority: 5,
        },
        parentWorkflowId: 'wf-1',
        parentWorkflowTaskId: task.taskId,
      },
    ]);
    assert.deepEqual(h.commands('queueTask'), [], 'never queued');
    assert.equal(h.timer(), null, 'nothing to wake up for: the child reports its end');
  });

  void test('the same workflow started twice asks for the same child id', () => {
    const one = startParent(subWorkflow()).commands('startWorkflow')[0]!.workflowId;
    const two = startParent(subWorkflow()).commands('startWorkflow')[0]!.workflowId;
    assert.equal(one, two);
  });

  void test('subWorkflowParam overrides: taskToDomain, priority expression, latest version, inline definition', () => {
    const inline = workflowDef([simple('inner')], { name: 'inline_child', version: 4 });
    const h = startParent(
      subWorkflow({
        subWorkflowParam: {
          name: 'ignored',
          taskToDomain: { inner: 'green' },
          priority: '${workflow.input.prio}',
          workflowDefinition: inline,
        },
      }),
    );
    const [start] = h.commands('startWorkflow');
    assert.deepEqual(start!.request, {
      name: 'inline_child',
      version: 4,
      input: { who: 'Ada' },
      correlationId: 'corr',
      taskToDomain: { inner: 'green' },
      workflowDef: inline,
      priority: 5,
    });
    const latest = startParent(subWorkflow({ subWorkflowParam: { name: '${workflow.input.who}' } }));
    assert.equal(latest.commands('startWorkflow')[0]!.request.name, 'Ada');
    assert.equal(
      latest.commands('startWorkflow')[0]!.request.version,
      undefined,
      'the runtime picks the latest',
    );
  });

  void test('a workflowDefinition given as an expression is resolved to the object', () => {
    const inline = workflowDef([simple('inner')], { name: 'from_input' });
    const h = new Harness();
    h.start(
      workflowDef([subWorkflow({ subWorkflowParam: { workflowDefinition: '${workflow.input.def}' } })]),
      {
        input: { def: inline },
      },
    );
    assert.deepEqual(h.commands('startWorkflow')[0]!.request.workflowDef, inline);
    assert.equal(h.commands('startWorkflow')[0]!.request.name, 'from_input');
  });

  void test('child COMPLETED: the task completes with the child output merged in; the parent goes on', () => {
    const h = startParent(subWorkflow(), [simple('after', { got: '${sub.output.result}' })]);
    h.childEnded('sub', 'COMPLETED', { result: 42 });
    const task = h.task('sub');
    assert.equal(task.status, 'COMPLETED');
    assert.deepEqual(task.outputData, { subWorkflowId: task.subWorkflowId, result: 42 });
    assert.deepEqual(h.task('after').inputData, { got: 42 });
  });

  void test('child FAILED / TIMED_OUT / TERMINATED map to FAILED / TIMED_OUT / CANCELED with its reason', () => {
    const cases = [
      ['FAILED', 'FAILED', 'FAILED'],
      ['TIMED_OUT', 'TIMED_OUT', 'TIMED_OUT'],
      ['TERMINATED', 'CANCELED', 'TERMINATED'],
    ] as const;
    for (const [childStatus, taskStatus, parentStatus] of cases) {
      const h = startParent(subWorkflow());
      h.childEnded('sub', childStatus, { partial: true }, `child says ${childStatus}`);
      const task = h.task('sub');
      assert.equal(task.status, taskStatus);
      assert.equal(task.reasonForIncompletion, `child says ${childStatus}`);
      assert.equal(task.outputData.partial, true);
      assert.equal(h.workflow.status, parentStatus);
      assert.equal(
        h.workflow.reasonForIncompletion,
        `Task ${task.taskId} failed with status: ${parentStatus} and reason: 'child says ${childStatus}'`,
      );
    }
  });

  void test("an old child's end (not the task's current subWorkflowId) is ignored", () => {
    const h = startParent(subWorkflow());
    const d = h.send({
      type: 'childEnded',
      taskId: h.task('sub').taskId,
      childWorkflowId: 'someone-else',
      status: 'COMPLETED',
      output: {},
    });
    assert.match(d.ignored ?? '', /not waiting for workflow someone-else/);
    assert.equal(h.task('sub').status, 'IN_PROGRESS');
  });

  void test('a retry starts a fresh child with a new deterministic id', () => {
    const h = new Harness([taskDef('child_task', { retryCount: 1, retryDelaySeconds: 0 })]);
    h.start(workflowDef([subWorkflow()]));
    const first = h.task('sub');
    h.childEnded('sub', 'FAILED', {}, 'first try');
    const retry = h.task('sub');
    assert.equal(retry.retryCount, 1);
    assert.notEqual(retry.subWorkflowId, first.subWorkflowId);
    assert.equal(retry.subWorkflowId, nameUuid(`subworkflow:wf-1:${retry.taskId}:1`));
    assert.equal(h.commands('startWorkflow')[0]!.workflowId, retry.subWorkflowId);
    h.childEnded('sub', 'COMPLETED', { ok: 1 });
    assert.equal(h.workflow.status, 'COMPLETED');
  });

  void test('a child that cannot start (missing definition) fails the parent through a task result', () => {
    const h = startParent(subWorkflow());
    h.fail('sub', 'No such workflowDef found by name: child, version: 2', 'FAILED_WITH_TERMINAL_ERROR');
    assert.equal(h.workflow.status, 'FAILED');
  });

  void test('terminating the parent terminates the running child', () => {
    const h = startParent(subWorkflow());
    const childId = h.task('sub').subWorkflowId!;
    h.send({ type: 'terminate', reason: 'stop it' });
    assert.equal(h.workflow.status, 'TERMINATED');
    assert.equal(h.task('sub').status, 'CANCELED');
    assert.deepEqual(h.commands('terminateWorkflow'), [
      {
        type: 'terminateWorkflow',
        workflowId: childId,
        reason: 'Parent workflow has been terminated with reason: stop it',
      },
    ]);
    assert.deepEqual(h.commands('startWorkflow'), [], 'API terminate starts no failure workflow');
  });

  void test('an existing workflow given to the task (idempotent start) is followed, never terminated', () => {
    const h = startParent(subWorkflow({ subWorkflowParam: { name: 'child', idempotencyKey: 'k1' } }));
    h.result('sub', {
      status: 'IN_PROGRESS',
      subWorkflowId: 'existing',
      outputData: { subWorkflowId: 'existing' },
    });
    assert.equal(h.task('sub').status, 'IN_PROGRESS');
    assert.equal(h.task('sub').subWorkflowId, 'existing');
    h.send({ type: 'terminate', reason: 'stop it' });
    assert.equal(h.task('sub').status, 'CANCELED');
    assert.deepEqual(h.commands('terminateWorkflow'), [], "the existing workflow is not this task's child");
  });

  void test("the followed workflow's end ends the task like its own child would", () => {
    const h = startParent(subWorkflow());
    h.result('sub', {
      status: 'IN_PROGRESS',
      subWorkflowId: 'existing',
      outputData: { subWorkflowId: 'existing' },
    });
    h.childEnded('sub', 'COMPLETED', { shared: true });
    assert.equal(h.task('sub').status, 'COMPLETED');
    assert.deepEqual(h.task('sub').outputData, { subWorkflowId: 'existing', shared: true });
    assert.equal(h.workflow.status, 'COMPLETED');
  });

  void test('startDelay postpones the start; the timer fires it', () => {
    const h = startParent(subWorkflow({ startDelay: 30 }));
    assert.equal(h.task('sub').status, 'SCHEDULED');
    assert.deepEqual(h.commands('startWorkflow'), []);
    assert.equal(h.timer(), T0 + 30_000);
    h.advance(30_000).tick();
    assert.equal(h.task('sub').status, 'IN_PROGRESS');
    assert.equal(h.commands('startWorkflow').length, 1);
  });
});

void describe('START_WORKFLOW', () => {
  const starter = (startWorkflow: unknown): WorkflowTask => ({
    name: 'starter',
    taskReferenceName: 'starter',
    type: 'START_WORKFLOW',
    inputParameters: { startWorkflow: startWorkflow as Record<string, unknown> },
  });

  void test('asks the runtime to start the workflow and report back; inherits correlationId and taskToDomain', () => {
    const h = startParent(starter({ name: 'other', input: { who: '${workflow.input.who}' } }));
    const task = h.task('starter');
    assert.equal(task.status, 'IN_PROGRESS');
    const [start] = h.commands('startWorkflow');
    assert.deepEqual(start, {
      type: 'startWorkflow',
      workflowId: start!.workflowId,
      request: { name: 'other', input: { who: 'Ada' }, correlationId: 'corr', taskToDomain: { '*': 'blue' } },
      reportTo: { workflowId: 'wf-1', taskId: task.taskId },
    });
    h.complete('starter', { workflowId: start.workflowId });
    assert.equal(h.workflow.status, 'COMPLETED');
    assert.deepEqual(h.workflow.output, { workflowId: start.workflowId });
  });

  void test('given correlationId and taskToDomain are kept', () => {
    const h = startParent(starter({ name: 'other', correlationId: 'own', taskToDomain: { x: 'y' } }));
    const request = h.commands('startWorkflow')[0]!.request;
    assert.equal(request.correlationId, 'own');
    assert.deepEqual(request.taskToDomain, { x: 'y' });
  });

  void test('a missing request fails the task; the runtime reports an invalid one as FAILED', () => {
    const h = startParent(starter(null));
    assert.equal(h.task('starter').status, 'FAILED');
    assert.equal(h.workflow.status, 'FAILED');
    assert.deepEqual(h.commands('startWorkflow'), []);

    const reported = startParent(starter({ name: 'unknown' }));
    reported.fail('starter', 'No such workflow');
    assert.equal(reported.workflow.status, 'FAILED');
  });
});
