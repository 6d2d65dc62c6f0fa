/**
 * The worker runner (TaskHandler + Poller) against a real Baton server: concurrency, errors, terminal errors,
 * callbacks, lease extension, graceful drain, update-v2 chaining, domains, task definition registration, metrics.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  NonRetryableError,
  silentLogger,
  TaskHandler,
  TaskInProgress,
  worker,
  type AnyWorker,
  type TaskDef,
  type TaskHandlerOptions,
  type TaskRunnerEventMap,
  type Workflow,
  type WorkflowClient,
} from '../src/index.js';
import {
  barrier,
  latch,
  metricValue,
  startTestServer,
  unique,
  waitForWorkflow,
  type TestServer,
} from './support/baton.js';

void describe('TaskHandler', () => {
  let server: TestServer;
  let workflows: WorkflowClient;
  const handlers: TaskHandler[] = [];

  before(async () => {
    server = await startTestServer();
    workflows = server.clients.getWorkflowClient();
  });
  after(async () => {
    await Promise.all(handlers.map((h) => h.stop()));
    await server.close();
  });

  /** A one-task workflow running `type` (with an optional task definition). */
  async function oneTaskWorkflow(type: string, taskDef?: Omit<TaskDef, 'name'>): Promise<string> {
    const name = `${type}_wf`;
    if (taskDef) await server.clients.getMetadataClient().registerTaskDef({ name: type, ...taskDef });
    await server.clients.getMetadataClient().registerWorkflowDef({
      name,
      version: 1,
      schemaVersion: 2,
      tasks: [
        {
          name: type,
          taskReferenceName: 'work',
          type: 'SIMPLE',
          inputParameters: { n: '${workflow.input.n}' },
        },
      ],
      outputParameters: { out: '${work.output}' },
    });
    return name;
  }

  async function startHandler(
    workers: AnyWorker[],
    options: Partial<TaskHandlerOptions> = {},
  ): Promise<TaskHandler> {
    const handler = new TaskHandler({
      configuration: server.configuration,
      workers,
      logger: silentLogger,
      handleSignals: false,
      ...options,
    });
    handlers.push(handler);
    await handler.start();
    return handler;
  }

  void it('works tasks and reports their output (object as is, primitive as {result})', async () => {
    const type = unique('greet');
    const name = await oneTaskWorkflow(type);
    const greet = worker({ taskDefName: type }, ({ n }: { n: number }) => `Hello ${n}`);
    await startHandler([greet]);
    const id = await workflows.startWorkflow({ name, input: { n: 7 } });
    const done = await waitForWorkflow(workflows, id);
    assert.equal(done.status, 'COMPLETED');
    assert.deepEqual(done.output, { out: { result: 'Hello 7' } });
  });

  void it('runs up to `concurrency` tasks at once, never more', async () => {
    const type = unique('parallel');
    const name = await oneTaskWorkflow(type);
    const ids = await Promise.all(
      Array.from({ length: 9 }, (_, n) => workflows.startWorkflow({ name, input: { n } })),
    );
    let running = 0;
    let most = 0;
    const firstThree = barrier(3);
    let calls = 0;
    const busy = worker({ taskDefName: type, concurrency: 3 }, async ({ n }: { n: number }) => {
      running++;
      most = Math.max(most, running);
      // the first three only finish once all three run together: impossible with less concurrency
      if (++calls <= 3) await firstThree.arrive();
      await new Promise((r) => setImmediate(r));
      running--;
      return { n };
    });
    await startHandler([busy]);
    const done = await Promise.all(ids.map((id) => waitForWorkflow(workflows, id)));
    assert.ok(done.every((w) => w.status === 'COMPLETED'));
    assert.equal(most, 3);
  });

  void it('a thrown error fails the attempt with its message; the server retries it', async () => {
    const type = unique('flaky');
    const name = await oneTaskWorkflow(type, { retryCount: 1, retryDelaySeconds: 0 });
    const attempts: number[] = [];
    const flaky = worker({ taskDefName: type }, (_input: object, ctx) => {
      attempts.push(ctx.retryCount);
      if (ctx.retryCount === 0) throw new Error('database unreachable');
      return { ok: true };
    });
    await startHandler([flaky]);
    const id = await workflows.startWorkflow({ name, input: {} });
    const done = await waitForWorkflow(workflows, id);
    assert.equal(done.status, 'COMPLETED');
    assert.deepEqual(attempts, [0, 1]);
    assert.deepEqual(
      done.tasks.map((t) => [t.status, t.reasonForIncompletion]),
      [
        ['FAILED', 'database unreachable'],
        ['COMPLETED', undefined],
      ],
    );
  });

  void it('a NonRetryableError fails the task for good, whatever its retryCount', async () => {
    const type = unique('validate');
    const name = await oneTaskWorkflow(type, { retryCount: 3, retryDelaySeconds: 0 });
    const validate = worker({ taskDefName: type }, () => {
      throw new NonRetryableError('Missing customer ID');
    });
    await startHandler([validate]);
    const id = await workflows.startWorkflow({ name, input: {} });
    const done = await waitForWorkflow(workflows, id);
    assert.equal(done.status, 'FAILED');
    assert.deepEqual(
      done.tasks.map((t) => [t.status, t.reasonForIncompletion]),
      [['FAILED_WITH_TERMINAL_ERROR', 'Missing customer ID']],
    );
  });

  void it('an input that does not match the worker’s schema fails terminally without calling it', async () => {
    const type = unique('typed');
    const name = await oneTaskWorkflow(type, { retryCount: 2, retryDelaySeconds: 0 });
    let called = false;
    const typed = worker(
      {
        taskDefName: type,
        inputSchema: { type: 'object', required: ['n'], properties: { n: { type: 'integer' } } },
      },
      ({ n }: { n: number }) => {
        called = true;
        return n;
      },
    );
    await startHandler([typed]);
    const id = await workflows.startWorkflow({ name, input: { n: 'seven' } });
    const done = await waitForWorkflow(workflows, id);
    assert.equal(done.status, 'FAILED');
    assert.equal(done.tasks[0]!.status, 'FAILED_WITH_TERMINAL_ERROR');
    assert.match(done.tasks[0]!.reasonForIncompletion!, /\$\.n: expected integer, got string/);
    assert.equal(called, false);
  });

  void it('TaskInProgress brings the task back later; logs reach the server', async () => {
    const type = unique('progress');
    const name = await oneTaskWorkflow(type);
    const seen: number[] = [];
    const slow = worker({ taskDefName: type }, (_input: object, ctx) => {
      seen.push(ctx.pollCount);
      ctx.addLog(`poll ${ctx.pollCount}`);
      return ctx.pollCount < 2 ? new TaskInProgress(0, { percent: 50 }) : { percent: 100 };
    });
    await startHandler([slow]);
    const id = await workflows.startWorkflow({ name, input: {} });
    const done = await waitForWorkflow(workflows, id);
    assert.equal(done.status, 'COMPLETED');
    assert.deepEqual(seen, [1, 2]);
    assert.deepEqual(done.tasks.at(-1)!.outputData, { percent: 100 });
    const logs = await server.clients.getTaskClient().getTaskLogs(done.tasks.at(-1)!.taskId);
    assert.deepEqual(
      logs.map((l) => l.log),
      ['poll 1', 'poll 2'],
    );
  });

  void describe('lease extension', () => {
    // responseTimeoutSeconds 2 with no retries: a task silent for longer than that times out and fails the workflow
    const shortLease = { retryCount: 0, responseTimeoutSeconds: 2, timeoutSeconds: 0 } as const;

    void it('keeps a task that runs past its response timeout alive', async () => {
      const type = unique('long');
      const name = await oneTaskWorkflow(type, shortLease);
      const long = worker(
        { taskDefName: type, leaseExtendEnabled: true, leaseExtendIntervalMs: 250 },
        async () => {
          // Past the response timeout by far more than the 250 ms between extensions.
          await new Promise((r) => setTimeout(r, 3500));
          return { finished: true };
        },
      );
      const handler = await startHandler([long]);
      const id = await workflows.startWorkflow({ name, input: {} });
      const done = await waitForWorkflow(workflows, id);
      assert.equal(done.status, 'COMPLETED');
      assert.deepEqual(
        done.tasks.map((t) => t.status),
        ['COMPLETED'],
      );
      assert.ok(
        (metricValue(await handler.metrics(), `task_lease_extend_total{taskType="${type}"}`) ?? 0) > 0,
      );
    });

    void it('without it, the same task times out (the control case)', async () => {
      const type = unique('long_unleased');
      const name = await oneTaskWorkflow(type, shortLease);
      const finished = latch();
      // Silent until the server has timed the task out (however slow a loaded machine is), then it answers.
      const long = worker({ taskDefName: type }, async (_input, { task }) => {
        const timedOut = (w: Workflow) => w.tasks[0]?.status === 'TIMED_OUT';
        await waitForWorkflow(workflows, task.workflowInstanceId, timedOut, 60_000);
        finished.release();
        return { finished: true };
      });
      await startHandler([long]);
      const id = await workflows.startWorkflow({ name, input: {} });
      const done = await waitForWorkflow(workflows, id, undefined, 60_000);
      assert.notEqual(done.status, 'COMPLETED');
      assert.equal(done.tasks[0]!.status, 'TIMED_OUT');
      await finished.promise;
      // The late answer changes nothing.
      assert.equal((await workflows.getWorkflow(id, true)).tasks[0]!.status, 'TIMED_OUT');
    });
  });

  void it('stop() drains: in-flight tasks finish and are reported, no new task is taken', async () => {
    const type = unique('drain');
    const name = await oneTaskWorkflow(type);
    const bothRunning = barrier(2);
    const release = latch();
    const gated = worker({ taskDefName: type, concurrency: 2 }, async ({ n }: { n: number }) => {
      await bothRunning.arrive();
      await release.promise;
      return { n };
    });
    const handler = await startHandler([gated]);
    const first = await Promise.all([0, 1].map((n) => workflows.startWorkflow({ name, input: { n } })));
    await bothRunning.opened;
    let stopped = false;
    const stopping = handler.stop().then(() => (stopped = true));
    const late = await workflows.startWorkflow({ name, input: { n: 2 } });
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(stopped, false, 'stop() waits for the running tasks');
    release.release();
    await stopping;
    for (const id of first) {
      const workflow = await workflows.getWorkflow(id);
      assert.equal(workflow.status, 'COMPLETED');
    }
    assert.equal((await workflows.getWorkflow(late)).tasks[0]!.status, 'SCHEDULED');
    assert.equal(handler.inFlight, 0);
  });

  void it('chains tasks through update-v2 instead of polling for each', async () => {
    const type = unique('chain');
    const name = await oneTaskWorkflow(type);
    const ids = await Promise.all(
      Array.from({ length: 6 }, (_, n) => workflows.startWorkflow({ name, input: { n } })),
    );
    const echo = worker({ taskDefName: type, pollTimeoutMs: 2000 }, ({ n }: { n: number }) => ({ n }));
    const handler = await startHandler([echo]);
    await Promise.all(ids.map((id) => waitForWorkflow(workflows, id)));
    const text = await handler.metrics();
    const polls = metricValue(text, `task_poll_total{taskType="${type}"}`) ?? 0;
    assert.equal(metricValue(text, `task_received_total{taskType="${type}"}`), 6);
    assert.ok(polls < 6, `6 tasks took ${polls} polls`);
  });

  void it('polls the queue of its domain only', async () => {
    const type = unique('domained');
    const name = await oneTaskWorkflow(type);
    const blue = worker({ taskDefName: type, domain: 'blue' }, () => ({ by: 'blue' }));
    await startHandler([blue]);
    const inBlue = await workflows.startWorkflow({ name, input: {}, taskToDomain: { [type]: 'blue' } });
    const unmapped = await workflows.startWorkflow({ name, input: {} });
    const done = await waitForWorkflow(workflows, inBlue);
    assert.deepEqual(done.output, { out: { by: 'blue' } });
    assert.equal(done.tasks[0]!.domain, 'blue');
    assert.equal((await workflows.getWorkflow(unmapped)).tasks[0]!.status, 'SCHEDULED');
  });

  void it('takes its domain and concurrency from the environment over its code', async () => {
    const type = unique('from_env');
    const name = await oneTaskWorkflow(type);
    const coded = worker({ taskDefName: type, domain: 'green', concurrency: 1 }, () => ({ by: 'env' }));
    const handler = await startHandler([coded], {
      env: {
        [`CONDUCTOR_WORKER_${type.toUpperCase()}_DOMAIN`]: 'blue',
        CONDUCTOR_WORKER_ALL_THREAD_COUNT: '3',
      },
    });
    assert.deepEqual(
      handler.workers.map((w) => [w.domain, w.concurrency]),
      [['blue', 3]],
    );
    const done = await waitForWorkflow(
      workflows,
      await workflows.startWorkflow({ name, input: {}, taskToDomain: { [type]: 'blue' } }),
    );
    assert.deepEqual(done.output, { out: { by: 'env' } });
  });

  void it('registers task definitions at start, overwriting existing ones unless told not to', async () => {
    const [fresh, replaced, kept] = [unique('fresh'), unique('replaced'), unique('kept')];
    const metadata = server.clients.getMetadataClient();
    await metadata.registerTaskDef([
      { name: replaced, retryCount: 7 },
      { name: kept, retryCount: 7 },
    ]);
    await startHandler([
      worker(
        { taskDefName: fresh, registerTaskDef: true, taskDef: { retryCount: 5, responseTimeoutSeconds: 30 } },
        () => 1,
      ),
      worker({ taskDefName: replaced, registerTaskDef: true, taskDef: { retryCount: 1 } }, () => 1),
      worker(
        { taskDefName: kept, registerTaskDef: true, overwriteTaskDef: false, taskDef: { retryCount: 1 } },
        () => 1,
      ),
    ]);
    const registered = await metadata.getTaskDef(fresh);
    assert.equal(registered.retryCount, 5);
    assert.equal(registered.responseTimeoutSeconds, 30);
    assert.equal((await metadata.getTaskDef(replaced)).retryCount, 1, 'overwritten (the default)');
    assert.equal((await metadata.getTaskDef(kept)).retryCount, 7, 'left alone with overwriteTaskDef: false');
  });

  void it('creates a missing task definition with overwriteTaskDef: false', async () => {
    const type = unique('created');
    await startHandler([
      worker(
        { taskDefName: type, registerTaskDef: true, overwriteTaskDef: false, taskDef: { retryCount: 4 } },
        () => 1,
      ),
    ]);
    assert.equal((await server.clients.getMetadataClient().getTaskDef(type)).retryCount, 4);
  });

  void it('exposes Prometheus metrics per task type', async () => {
    const type = unique('measured');
    const name = await oneTaskWorkflow(type, { retryCount: 0 });
    const measured = worker({ taskDefName: type, concurrency: 2 }, ({ n }: { n: number }) => {
      if (n === 3) throw new RangeError('three is not allowed');
      return { n };
    });
    const handler = await startHandler([measured]);
    const ids = await Promise.all([0, 1, 2, 3].map((n) => workflows.startWorkflow({ name, input: { n } })));
    await Promise.all(ids.map((id) => waitForWorkflow(workflows, id)));
    const text = await handler.metrics();
    const label = `taskType="${type}"`;
    assert.equal(metricValue(text, `task_result_total{${label},status="COMPLETED"}`), 3);
    assert.equal(metricValue(text, `task_result_total{${label},status="FAILED"}`), 1);
    assert.equal(metricValue(text, `task_execute_error_total{${label},exception="RangeError"}`), 1);
    assert.equal(metricValue(text, `task_execute_time_seconds_count{${label}}`), 4);
    assert.equal(metricValue(text, `task_received_total{${label}}`), 4);
    assert.ok((metricValue(text, `task_poll_total{${label}}`) ?? 0) >= 1);
    assert.ok((metricValue(text, `task_poll_time_seconds_count{${label}}`) ?? 0) >= 1);
    assert.equal(metricValue(text, `task_in_flight{${label}}`), 0);
  });

  void it('publishes the task runner events in order: an empty poll, a success, a failure', async () => {
    const type = unique('observed');
    const name = await oneTaskWorkflow(type, { retryCount: 0 });
    const observed = worker(
      { taskDefName: type, concurrency: 1, pollTimeoutMs: 50, pollIntervalMs: 10 },
      ({ n }: { n: number }) => {
        if (n === 3) throw new RangeError('three is not allowed');
        return { n };
      },
    );
    const log: string[] = [];
    const events: Partial<TaskRunnerEventMap>[] = [];
    let emptyPoll: () => void = () => {};
    const sawEmptyPoll = new Promise<void>((resolve) => (emptyPoll = resolve));
    const record =
      <K extends keyof TaskRunnerEventMap>(name: K, label: (e: TaskRunnerEventMap[K]) => string) =>
      (e: TaskRunnerEventMap[K]) => {
        assert.equal(e.taskType, type);
        log.push(`${name}${label(e)}`);
        events.push({ [name]: e });
      };
    const handler = new TaskHandler({
      configuration: server.configuration,
      workers: [observed],
      logger: silentLogger,
      handleSignals: false,
      eventListeners: {
        pollStarted: record('pollStarted', (e) => `:${e.pollCount}:${e.workerId === observed.workerId}`),
        pollFailure: record('pollFailure', () => ''),
      },
    });
    handlers.push(handler);
    handler.on(
      'pollCompleted',
      record('pollCompleted', (e) => {
        if (e.tasksReceived === 0) emptyPoll();
        return `:${e.tasksReceived}`;
      }),
    );
    handler.on(
      'taskExecutionStarted',
      record('taskExecutionStarted', (e) => `:${e.workflowInstanceId}`),
    );
    handler.on(
      'taskExecutionCompleted',
      record('taskExecutionCompleted', (e) => `:${e.workflowInstanceId}:${e.status}:${e.outputSizeBytes}`),
    );
    handler.on(
      'taskExecutionFailure',
      record('taskExecutionFailure', (e) => `:${e.workflowInstanceId}:${e.status}:${String(e.cause)}`),
    );
    // A listener that throws is logged and skipped; the runner and the other listeners go on.
    handler.on('pollStarted', () => {
      throw new Error('a broken listener');
    });
    await handler.start();

    await sawEmptyPoll;
    assert.deepEqual(log.slice(0, 2), ['pollStarted:1:true', 'pollCompleted:0']);
    const ok = await workflows.startWorkflow({ name, input: { n: 1 } });
    assert.equal((await waitForWorkflow(workflows, ok)).status, 'COMPLETED');
    const failing = await workflows.startWorkflow({ name, input: { n: 3 } });
    assert.equal((await waitForWorkflow(workflows, failing)).status, 'FAILED');
    await handler.stop();

    // pollStarted and pollFailure were subscribed through the option, the rest with on(); no poll failed.
    assert.ok(!log.some((entry) => entry.startsWith('pollFailure')));
    const around = (id: string): string[] => {
      const started = log.indexOf(`taskExecutionStarted:${id}`);
      assert.ok(started >= 2, `no execution of ${id} in ${log.join(', ')}`);
      return log.slice(started - 2, started + 2);
    };
    const size = Buffer.byteLength(JSON.stringify({ n: 1 }));
    assert.deepEqual(around(ok), [
      'pollStarted:1:true',
      'pollCompleted:1',
      `taskExecutionStarted:${ok}`,
      `taskExecutionCompleted:${ok}:COMPLETED:${size}`,
    ]);
    assert.deepEqual(around(failing), [
      'pollStarted:1:true',
      'pollCompleted:1',
      `taskExecutionStarted:${failing}`,
      `taskExecutionFailure:${failing}:FAILED:RangeError: three is not allowed`,
    ]);
    // Every poll that started ended, and the metrics (another subscriber) saw the same executions.
    assert.equal(
      log.filter((e) => e.startsWith('pollStarted')).length,
      log.filter((e) => e.startsWith('pollCompleted')).length,
    );
    const completed = events.find((e) => e.taskExecutionCompleted)!.taskExecutionCompleted!;
    assert.ok(completed.durationMs >= 0 && completed.timestamp instanceof Date);
    assert.equal(completed.workerId, observed.workerId);
    const text = await handler.metrics();
    assert.equal(metricValue(text, `task_received_total{taskType="${type}"}`), 2);
    assert.equal(metricValue(text, `task_result_total{taskType="${type}",status="FAILED"}`), 1);
  });

  void it('serves the metrics over HTTP when given a port', async () => {
    const type = unique('served');
    const handler = await startHandler([worker({ taskDefName: type }, () => 1)], { metrics: { port: 0 } });
    assert.ok(handler.metricsRegistry);
    const response = await fetch(`http://127.0.0.1:${handler.metricsPort}/metrics`);
    assert.equal(response.status, 200);
    assert.match(await response.text(), new RegExp(`task_poll_total\\{taskType="${type}"\\}`));
  });
});
