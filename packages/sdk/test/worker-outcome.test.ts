/** What a worker function's return value, thrown error or context calls become in the TaskResult. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InputValidationError, NonRetryableError, TaskInProgress, Worker, type Task } from '../src/index.js';
import { executeTask } from '../src/worker/execute-task.js';

// The fields a worker reads; a real server sends more (the rest of Task), which the SDK ignores.
function polledTask(inputData: Record<string, unknown> = {}, extra: Partial<Task> = {}): Task {
  return {
    taskId: 't1',
    taskType: 'demo',
    taskDefName: 'demo',
    referenceTaskName: 'demo_ref',
    status: 'IN_PROGRESS',
    inputData,
    outputData: {},
    workflowInstanceId: 'w1',
    workflowType: 'wf',
    retryCount: 2,
    pollCount: 1,
    ...extra,
  } as Task;
}

const run = (fn: (input: never, ctx: never) => unknown, input?: Record<string, unknown>, options = {}) =>
  executeTask(
    new Worker({ taskDefName: 'demo', workerId: 'w-1', ...options }, fn as never),
    polledTask(input),
  );

void describe('worker outcomes', () => {
  void it('an object return value is the output, COMPLETED', async () => {
    const result = await run(() => ({ email: 'a@b' }));
    assert.deepEqual(result, {
      workflowInstanceId: 'w1',
      taskId: 't1',
      workerId: 'w-1',
      status: 'COMPLETED',
      outputData: { email: 'a@b' },
    });
  });

  void it('a primitive or array return value becomes {result}', async () => {
    assert.deepEqual((await run(() => 'Hello')).outputData, { result: 'Hello' });
    assert.deepEqual((await run(() => 42)).outputData, { result: 42 });
    assert.deepEqual((await run(() => [1, 2])).outputData, { result: [1, 2] });
    assert.deepEqual((await run(() => null)).outputData, { result: null });
    assert.deepEqual((await run(() => Promise.resolve(true))).outputData, { result: true });
    assert.deepEqual((await run(() => undefined)).outputData, {});
  });

  void it('passes the task input, and the context with ids and counters', async () => {
    let seen: unknown;
    const result = await run(
      (
        input: { name: string },
        ctx: { retryCount: number; taskId: string; workflowInstanceId: string; pollCount: number },
      ) => {
        seen = [input.name, ctx.retryCount, ctx.taskId, ctx.workflowInstanceId, ctx.pollCount];
        return `Hello ${input.name}`;
      },
      { name: 'Orkes' },
    );
    assert.deepEqual(seen, ['Orkes', 2, 't1', 'w1', 1]);
    assert.deepEqual(result.outputData, { result: 'Hello Orkes' });
  });

  void it('a thrown error fails the task with its message and logs the stack', async () => {
    const result = await run(() => {
      throw new Error('database unreachable');
    });
    assert.equal(result.status, 'FAILED');
    assert.equal(result.reasonForIncompletion, 'database unreachable');
    assert.match(result.logs![0]!.log, /database unreachable[\s\S]*at /);
  });

  void it('a NonRetryableError fails the task with a terminal error', async () => {
    const result = await run(() => Promise.reject(new NonRetryableError('Missing customer ID')));
    assert.equal(result.status, 'FAILED_WITH_TERMINAL_ERROR');
    assert.equal(result.reasonForIncompletion, 'Missing customer ID');
  });

  void it('keeps reasons within the 500 characters the server stores', async () => {
    const result = await run(() => {
      throw new Error('x'.repeat(2000));
    });
    assert.equal(result.reasonForIncompletion!.length, 500);
  });

  void it('TaskInProgress and setCallbackAfter keep the task IN_PROGRESS with a callback', async () => {
    const viaReturn = await run(() => new TaskInProgress(30, { percent: 40 }));
    assert.equal(viaReturn.status, 'IN_PROGRESS');
    assert.equal(viaReturn.callbackAfterSeconds, 30);
    assert.deepEqual(viaReturn.outputData, { percent: 40 });

    const viaContext = await run((_: never, ctx: { setCallbackAfter(s: number): void }) => {
      ctx.setCallbackAfter(5);
      return { step: 1 };
    });
    assert.equal(viaContext.status, 'IN_PROGRESS');
    assert.equal(viaContext.callbackAfterSeconds, 5);
    assert.deepEqual(viaContext.outputData, { step: 1 });
  });

  void it('addLog lines travel with the result', async () => {
    const result = await run((_: never, ctx: { addLog(m: string): void }) => {
      ctx.addLog('first');
      ctx.addLog('second');
      return {};
    });
    assert.deepEqual(
      result.logs!.map((l) => [l.log, l.taskId]),
      [
        ['first', 't1'],
        ['second', 't1'],
      ],
    );
  });
});

void describe('worker input schemas', () => {
  const orderSchema = {
    type: 'object',
    required: ['orderId', 'quantity'],
    properties: {
      orderId: { type: 'integer' },
      sku: { type: 'string', minLength: 1 },
      quantity: { type: 'integer', minimum: 1 },
    },
  } as const;

  void it('a JSON Schema mismatch is a terminal failure naming every problem', async () => {
    const result = await run(() => 'never runs', { orderId: 'abc', sku: '' }, { inputSchema: orderSchema });
    assert.equal(result.status, 'FAILED_WITH_TERMINAL_ERROR');
    assert.match(result.reasonForIncompletion!, /\$\.orderId: expected integer, got string/);
    assert.match(result.reasonForIncompletion!, /\$\.sku: must have at least 1 characters/);
    assert.match(result.reasonForIncompletion!, /\$\.quantity: is required/);
  });

  void it('a valid input reaches the function unchanged', async () => {
    const result = await run(
      (input: { orderId: number }) => `order: ${input.orderId}`,
      { orderId: 7, quantity: 1 },
      {
        inputSchema: orderSchema,
      },
    );
    assert.deepEqual(result.outputData, { result: 'order: 7' });
  });

  void it('a parse() schema converts the input, and its error is terminal', async () => {
    const parser = {
      parse(input: unknown): { when: Date } {
        const value = (input as { when?: unknown }).when;
        if (typeof value !== 'string') throw new Error('when must be a string');
        return { when: new Date(value) };
      },
    };
    const ok = await run(
      (input: { when: Date }) => input.when.getUTCFullYear(),
      { when: '2030-01-01T00:00:00Z' },
      {
        inputSchema: parser,
      },
    );
    assert.deepEqual(ok.outputData, { result: 2030 });
    const bad = await run(() => 0, { when: 5 }, { inputSchema: parser });
    assert.equal(bad.status, 'FAILED_WITH_TERMINAL_ERROR');
    assert.match(bad.reasonForIncompletion!, /when must be a string/);
  });

  void it('a Standard Schema reports its issues with their paths', async () => {
    const standard = {
      '~standard': {
        version: 1 as const,
        vendor: 'test',
        validate: (value: unknown) =>
          typeof (value as { n?: unknown }).n === 'number'
            ? { value: value as { n: number } }
            : { issues: [{ message: 'Expected number', path: ['n'] }] },
      },
    };
    const bad = await run(() => 0, { n: 'x' }, { inputSchema: standard });
    assert.equal(bad.status, 'FAILED_WITH_TERMINAL_ERROR');
    assert.match(bad.reasonForIncompletion!, /n: Expected number/);
    assert.ok(new InputValidationError('t', ['a']) instanceof NonRetryableError);
  });
});
