import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { WorkflowTask } from '@baton/protocol';
import { isSystemTaskType } from '../src/index.js';
import { Harness, simple, taskDef, workflowDef } from './support/harness.js';

function system(
  type: string,
  ref: string,
  inputParameters: Record<string, unknown> = {},
  extra: Partial<WorkflowTask> = {},
): WorkflowTask {
  return { name: ref, taskReferenceName: ref, type, inputParameters, ...extra };
}

void describe('SET_VARIABLE', () => {
  void test('merges its input into workflow.variables (shallow, overwriting)', () => {
    const h = new Harness([taskDef('t')]);
    const def = workflowDef(
      [
        system('SET_VARIABLE', 'set', { count: '${workflow.input.n}', nested: { b: 2 } }),
        simple('t', { v: '${workflow.variables.count}' }),
      ],
      { variables: { keep: 'me', nested: { a: 1 } } },
    );
    h.start(def, { input: { n: 7 } });
    assert.equal(h.task('set').status, 'COMPLETED');
    assert.deepEqual(h.workflow.variables, { keep: 'me', nested: { b: 2 }, count: 7 });
    assert.deepEqual(h.task('t').inputData, { v: 7 }, 'the next task sees the new variables');
  });

  void test('over 256 KB fails the task for good and leaves the variables alone', () => {
    const h = new Harness();
    h.start(workflowDef([system('SET_VARIABLE', 'set', { big: 'x'.repeat(256 * 1024) })]), {});
    const task = h.task('set');
    assert.equal(task.status, 'FAILED_WITH_TERMINAL_ERROR');
    assert.match(
      task.reasonForIncompletion ?? '',
      /variables payload size: \d+ of workflow: wf-1 is greater than the permissible limit: 262144 bytes/,
    );
    assert.deepEqual(h.workflow.variables, {});
    assert.equal(h.workflow.status, 'FAILED');
  });
});

void describe('TERMINATE', () => {
  const terminate = (input: Record<string, unknown>): WorkflowTask => system('TERMINATE', 'end', input);
  const defs = [taskDef('a'), taskDef('never')];

  void test('COMPLETED: ends the workflow with workflowOutput as its output; later tasks never run', () => {
    const h = new Harness(defs);
    h.start(
      workflowDef([
        terminate({ terminationStatus: 'COMPLETED', workflowOutput: { done: '${workflow.input.x}' } }),
        simple('never'),
      ]),
      {
        input: { x: 1 },
      },
    );
    assert.equal(h.workflow.status, 'COMPLETED');
    assert.deepEqual(h.workflow.output, { done: 1 });
    assert.deepEqual(h.task('end').outputData, { done: 1 });
    assert.equal(
      h.workflow.reasonForIncompletion,
      `Workflow is COMPLETED by TERMINATE task: ${h.task('end').taskId}`,
    );
    assert.deepEqual(
      h.workflow.tasks.map((t) => t.referenceTaskName),
      ['end'],
    );
  });

  void test('its output wins over outputParameters', () => {
    const h = new Harness(defs);
    h.start(
      workflowDef([terminate({ terminationStatus: 'COMPLETED', workflowOutput: { a: 1 } })], {
        outputParameters: { b: 2 },
      }),
    );
    assert.deepEqual(h.workflow.output, { a: 1 });
  });

  void test('FAILED: reason, output, other running tasks canceled, failure workflow started', () => {
    const h = new Harness(defs);
    const def = workflowDef(
      [
        {
          name: 'f',
          taskReferenceName: 'f',
          type: 'FORK_JOIN',
          forkTasks: [
            [simple('a')],
            [
              terminate({
                terminationStatus: 'FAILED',
                terminationReason: 'bad input',
                workflowOutput: 'plain',
              }),
            ],
          ],
        },
        { name: 'j', taskReferenceName: 'j', type: 'JOIN', joinOn: ['a', 'end'] },
      ],
      { failureWorkflow: 'cleanup' },
    );
    h.start(def);
    assert.equal(h.workflow.status, 'FAILED');
    assert.equal(h.workflow.reasonForIncompletion, 'bad input');
    assert.deepEqual(h.workflow.output.output, 'plain');
    assert.equal(h.task('a').status, 'CANCELED');
    assert.deepEqual(
      h.commands('dequeueTask').map((c) => c.queueName),
      ['a'],
    );
    const [failure] = h.commands('startWorkflow');
    assert.equal(failure!.request.name, 'cleanup');
    assert.equal(failure!.request.input?.reason, 'bad input');
  });

  void test('TERMINATED: default reason and the failure workflow', () => {
    const h = new Harness(defs);
    h.start(workflowDef([terminate({ terminationStatus: 'TERMINATED' })], { failureWorkflow: 'cleanup' }));
    assert.equal(h.workflow.status, 'TERMINATED');
    assert.equal(
      h.workflow.reasonForIncompletion,
      `Workflow is TERMINATED by TERMINATE task: ${h.task('end').taskId}`,
    );
    assert.equal(h.commands('startWorkflow').length, 1);
  });

  void test('an invalid status fails the task (and so the workflow) instead', () => {
    const h = new Harness(defs);
    h.start(workflowDef([terminate({ terminationStatus: 'DONE' })]));
    assert.equal(h.task('end').status, 'FAILED');
    assert.equal(h.task('end').reasonForIncompletion, 'given termination status is not valid');
    assert.equal(h.workflow.status, 'FAILED');
  });
});

void describe('NOOP', () => {
  void test('completes at once', () => {
    const h = new Harness();
    h.start(workflowDef([system('NOOP', 'n')]));
    assert.equal(h.task('n').status, 'COMPLETED');
    assert.equal(h.workflow.status, 'COMPLETED');
  });
});

void describe('DYNAMIC', () => {
  const dynamic = system(
    'DYNAMIC',
    'dyn',
    { taskToRun: '${workflow.input.which}', x: 1 },
    { dynamicTaskNameParam: 'taskToRun' },
  );

  void test('becomes a worker task of the named, registered type', () => {
    const h = new Harness([
      taskDef('resize', { retryCount: 1, retryDelaySeconds: 0, responseTimeoutSeconds: 20 }),
    ]);
    h.start(workflowDef([dynamic]), { input: { which: 'resize' }, taskToDomain: { resize: 'gpu' } });
    const task = h.task('dyn');
    assert.equal(task.taskType, 'resize');
    assert.equal(task.taskDefName, 'resize');
    assert.equal(task.workflowTask.name, 'resize');
    assert.equal(task.responseTimeoutSeconds, 20);
    assert.equal(task.domain, 'gpu');
    assert.deepEqual(task.inputData, { taskToRun: 'resize', x: 1 });
    assert.deepEqual(
      h.commands('queueTask').map((c) => c.queueName),
      ['gpu:resize'],
    );
    h.fail('dyn', 'once');
    assert.equal(h.task('dyn').retryCount, 1, "the named TaskDef's retries apply");
    h.complete('dyn', { out: true });
    assert.equal(h.workflow.status, 'COMPLETED');
  });

  void test('an unregistered name or a missing name fails the workflow', () => {
    const unknown = new Harness();
    unknown.start(workflowDef([dynamic]), { input: { which: 'nope' } });
    assert.equal(unknown.workflow.status, 'FAILED');
    assert.match(
      unknown.workflow.reasonForIncompletion ?? '',
      /Cannot find task by name nope in the task definitions/,
    );
    assert.deepEqual(unknown.commands('queueTask'), []);
    const missing = new Harness();
    missing.start(workflowDef([dynamic]), { input: {} });
    assert.match(
      missing.workflow.reasonForIncompletion ?? '',
      /Cannot map a dynamic task based on the parameter and input\. Parameter= taskToRun/,
    );
  });
});

void describe('LAMBDA', () => {
  void test('runs the function body through evaluate and outputs result', () => {
    const h = new Harness();
    h.start(workflowDef([system('LAMBDA', 'l', { v: 20, scriptExpression: 'return $.v + 1;' })]));
    const [ask] = h.commands('evaluate');
    assert.deepEqual(ask, {
      type: 'evaluate',
      taskId: h.task('l').taskId,
      purpose: 'lambda',
      evaluatorType: 'javascript',
      expression: 'function scriptFun(){return $.v + 1;} scriptFun();',
      input: { v: 20, scriptExpression: 'return $.v + 1;' },
    });
    h.runScripts();
    assert.equal(h.task('l').status, 'COMPLETED');
    assert.deepEqual(h.task('l').outputData, { result: 21 });
  });

  void test('an error fails the task with error in the output', () => {
    const h = new Harness();
    h.start(workflowDef([system('LAMBDA', 'l', { scriptExpression: 'throw new Error("nope")' })]));
    h.runScripts();
    assert.equal(h.task('l').status, 'FAILED');
    assert.deepEqual(h.task('l').outputData, { error: 'nope' });
    assert.equal(h.workflow.status, 'FAILED');
  });
});

void describe('INLINE', () => {
  void test('value-param runs in the decider: result = the input value named by expression', () => {
    const h = new Harness();
    h.start(
      workflowDef([
        system('INLINE', 'i', { evaluatorType: 'value-param', expression: 'v', v: { deep: [1] } }),
      ]),
    );
    assert.equal(h.task('i').status, 'COMPLETED');
    assert.deepEqual(h.task('i').outputData, { result: { deep: [1] } });
    assert.deepEqual(h.commands('queueTask'), []);
  });

  void test('javascript goes to the INLINE queue for the executor, whose result completes it', () => {
    const h = new Harness();
    h.start(
      workflowDef([
        system(
          'INLINE',
          'i',
          { evaluatorType: 'javascript', expression: '$.a' },
          { taskDefinition: { name: 'i', responseTimeoutSeconds: 5 } },
        ),
      ]),
    );
    assert.equal(h.task('i').status, 'SCHEDULED');
    assert.deepEqual(h.commands('queueTask'), [
      { type: 'queueTask', queueName: 'INLINE', taskId: h.task('i').taskId, delayMs: 0, priority: 0 },
    ]);
    h.complete('i', { result: 3 });
    assert.equal(h.workflow.status, 'COMPLETED');
  });

  void test('an empty or unknown evaluatorType, or an empty expression, fails for good at scheduling', () => {
    for (const [input, reason] of [
      [
        { expression: '1' },
        "Empty 'evaluatorType' in INLINE task's input parameters. A non-empty String value must be provided.",
      ],
      [{ evaluatorType: 'python', expression: '1' }, "Unknown evaluator 'python' in INLINE task."],
      [
        { evaluatorType: 'javascript', expression: ' ' },
        "Empty 'expression' in INLINE task's input parameters. A non-empty String value must be provided.",
      ],
    ] as const) {
      const h = new Harness();
      h.start(workflowDef([system('INLINE', 'i', input)]));
      assert.equal(h.task('i').status, 'FAILED_WITH_TERMINAL_ERROR');
      assert.equal(h.task('i').reasonForIncompletion, reason);
      assert.deepEqual(h.commands('queueTask'), [], 'never queued');
      assert.equal(h.workflow.status, 'FAILED');
    }
  });
});

void describe('HTTP, JSON_JQ_TRANSFORM and EVENT (server executors)', () => {
  void test('are queued on the queue named after their type, without domains, and complete by task result', () => {
    const h = new Harness();
    h.start(
      workflowDef([
        system('HTTP', 'h', { http_request: { uri: 'http://x', method: 'GET' } }),
        system('JSON_JQ_TRANSFORM', 'jq', { queryExpression: '.a', a: '${h.output.response.body}' }),
        system('EVENT', 'ev', { p: 1 }, { sink: 'conductor:${workflow.input.q}' }),
      ]),
      { input: { q: 'queue' }, taskToDomain: { '*': 'blue' } },
    );
    assert.deepEqual(
      h.commands('queueTask').map((c) => c.queueName),
      ['HTTP'],
    );
    h.complete('h', { response: { statusCode: 200, body: 5 } });
    assert.deepEqual(
      h.commands('queueTask').map((c) => c.queueName),
      ['JSON_JQ_TRANSFORM'],
    );
    assert.deepEqual(h.task('jq').inputData, { queryExpression: '.a', a: 5 });
    h.complete('jq', { result: 5 });
    assert.deepEqual(
      h.commands('queueTask').map((c) => c.queueName),
      ['EVENT'],
    );
    assert.deepEqual(h.task('ev').inputData, { p: 1, sink: 'conductor:queue', asyncComplete: false });
    h.complete('ev', { event_produced: 'conductor:wf:queue' });
    assert.equal(h.workflow.status, 'COMPLETED');
    for (const type of ['HTTP', 'INLINE', 'JSON_JQ_TRANSFORM', 'EVENT']) assert.ok(isSystemTaskType(type));
    assert.ok(!isSystemTaskType('WAIT'));
  });

  void test('IN_PROGRESS from an executor re-offers the task after callbackAfterSeconds, unless asyncComplete', () => {
    const h = new Harness();
    h.start(workflowDef([system('HTTP', 'h'), system('HTTP', 'h2', {}, { asyncComplete: true })]));
    h.result('h', { status: 'IN_PROGRESS', callbackAfterSeconds: 5 });
    assert.equal(h.task('h').status, 'IN_PROGRESS');
    assert.deepEqual(
      h.commands('queueTask').map((c) => [c.queueName, c.delayMs]),
      [['HTTP', 5000]],
    );
    h.complete('h');
    h.result('h2', { status: 'IN_PROGRESS', outputData: { sent: true } });
    assert.equal(h.task('h2').status, 'IN_PROGRESS');
    assert.deepEqual(h.commands('queueTask'), [], 'waits for an outside update');
    h.complete('h2', { done: true });
    assert.equal(h.workflow.status, 'COMPLETED');
  });
});

void describe('HUMAN', () => {
  void test('IN_PROGRESS, never queued, until a task result', () => {
    const h = new Harness();
    h.start(workflowDef([system('HUMAN', 'approve', { doc: 1 })]));
    assert.equal(h.task('approve').status, 'IN_PROGRESS');
    assert.deepEqual(h.commands('queueTask'), []);
    assert.equal(h.timer(), null);
    h.tick();
    assert.equal(h.task('approve').status, 'IN_PROGRESS');
    h.complete('approve', { approved: true });
    assert.equal(h.workflow.status, 'COMPLETED');
    assert.deepEqual(h.workflow.output, { approved: true });
  });
});

void describe('terminate event (API terminate, or a parent ending its child)', () => {
  void test('ends the workflow TERMINATED, cancels what runs, and starts the failure workflow only on request', () => {
    const plain = new Harness([taskDef('a')]);
    plain.start(workflowDef([simple('a')], { failureWorkflow: 'cleanup' }));
    plain.send({ type: 'terminate', reason: 'by API' });
    assert.equal(plain.workflow.status, 'TERMINATED');
    assert.equal(plain.workflow.reasonForIncompletion, 'by API');
    assert.equal(plain.task('a').status, 'CANCELED');
    assert.deepEqual(
      plain.commands('dequeueTask').map((c) => c.queueName),
      ['a'],
    );
    assert.deepEqual(plain.commands('startWorkflow'), []);
    assert.deepEqual(plain.commands('workflowEnded'), [
      { type: 'workflowEnded', workflowId: 'wf-1', status: 'TERMINATED' },
    ]);

    const triggering = new Harness([taskDef('a')]);
    triggering.start(workflowDef([simple('a')], { failureWorkflow: 'cleanup' }));
    triggering.send({ type: 'terminate', reason: 'parent ended', triggerFailureWorkflow: true });
    assert.equal(triggering.commands('startWorkflow')[0]!.request.name, 'cleanup');
  });

  void test('is ignored once the workflow has ended', () => {
    const h = new Harness();
    h.start(workflowDef([system('NOOP', 'n')]));
    const before = h.workflow;
    const d = h.send({ type: 'terminate', reason: 'late' });
    assert.equal(d.workflow, before);
    assert.match(d.ignored ?? '', /already COMPLETED/);
  });
});
