/**
 * WorkflowClient against a real Baton server. Calls whose endpoint the server does not have yet are skipped with
 * the reason (they run as soon as the endpoint exists).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ConductorError, type TaskClient, type WorkflowClient, type WorkflowDef } from '../src/index.js';
import { startTestServer, unique, waitForWorkflow, type TestServer } from './support/baton.js';

void describe('WorkflowClient', () => {
  let server: TestServer;
  let workflows: WorkflowClient;
  let tasks: TaskClient;

  /** Registers a workflow of SIMPLE tasks (one per name, in order) with unique task names. */
  async function registerChain(
    steps = 1,
    extra: Partial<WorkflowDef> = {},
  ): Promise<{ name: string; types: string[] }> {
    const name = unique('wf');
    const types = Array.from({ length: steps }, (_, i) => `${name}_t${i}`);
    await server.clients.getMetadataClient().registerTaskDef(types.map((t) => ({ name: t, retryCount: 0 })));
    await server.clients.getMetadataClient().registerWorkflowDef({
      name,
      version: 1,
      schemaVersion: 2,
      tasks: types.map((t, i) => ({
        name: t,
        taskReferenceName: `step${i}`,
        type: 'SIMPLE',
        inputParameters: { name: '${workflow.input.name}' },
      })),
      outputParameters: { last: `\${step${steps - 1}.output.result}` },
      ...extra,
    });
    return { name, types };
  }

  /** Polls one task of `type` and reports `status` with `output`. */
  async function work(
    type: string,
    status: 'COMPLETED' | 'FAILED',
    output: Record<string, unknown> = {},
  ): Promise<string> {
    const [task] = await tasks.batchPollTasks(type, { workerId: 'test', timeoutMs: 2000 });
    assert.ok(task, `no ${type} task to work`);
    await tasks.updateTask({
      workflowInstanceId: task.workflowInstanceId,
      taskId: task.taskId,
      status,
      outputData: output,
    });
    return task.taskId;
  }

  before(async () => {
    server = await startTestServer();
    workflows = server.clients.getWorkflowClient();
    tasks = server.clients.getTaskClient();
  });
  after(() => server.close());

  void it('starts a workflow from a StartWorkflowRequest and reads it with and without tasks', async () => {
    const { name } = await registerChain();
    const id = await workflows.startWorkflow({
      name,
      version: 1,
      input: { name: 'Orkes' },
      correlationId: 'order-1',
      priority: 5,
    });
    const withTasks = await workflows.getWorkflow(id, true);
    assert.equal(withTasks.workflowId, id);
    assert.equal(withTasks.status, 'RUNNING');
    assert.deepEqual(withTasks.input, { name: 'Orkes' });
    assert.equal(withTasks.correlationId, 'order-1');
    assert.equal(withTasks.priority, 5);
    assert.deepEqual(
      withTasks.tasks.map((t) => [t.referenceTaskName, t.status]),
      [['step0', 'SCHEDULED']],
    );
    const withoutTasks = await workflows.getWorkflow(id, false);
    assert.equal((withoutTasks.tasks ?? []).length, 0);
  });

  void it('starts a workflow by name with input as the body', async () => {
    const { name } = await registerChain();
    const id = await workflows.startWorkflowByName(
      name,
      { name: 'by-name' },
      { version: 1, correlationId: 'c-2' },
    );
    const workflow = await workflows.getWorkflow(id);
    assert.deepEqual(workflow.input, { name: 'by-name' });
    assert.equal(workflow.correlationId, 'c-2');
  });

  void it('starts a workflow with an inline definition (no registration)', async () => {
    const name = unique('inline');
    const id = await workflows.startWorkflow({
      name,
      input: {},
      workflowDef: {
        name,
        version: 1,
        schemaVersion: 2,
        tasks: [{ name: `${name}_t`, taskReferenceName: 'only', type: 'SIMPLE' }],
      },
    });
    assert.equal((await workflows.getWorkflow(id)).tasks[0]!.taskDefName, `${name}_t`);
  });

  void describe('idempotent start (idempotencyKey, idempotencyStrategy)', () => {
    const conflict = (id: string) => (e: unknown) => {
      assert.ok(e instanceof ConductorError);
      assert.equal(e.status, 409);
      assert.match(e.serverMessage, new RegExp(id));
      return true;
    };

    void it('FAIL (the default with a key): a second start is a 409 naming the first', async () => {
      const { name } = await registerChain();
      const key = unique('key');
      const id = await workflows.startWorkflow({ name, input: {}, idempotencyKey: key });
      assert.equal((await workflows.getWorkflow(id)).idempotencyKey, key);
      await assert.rejects(workflows.startWorkflow({ name, input: {}, idempotencyKey: key }), conflict(id));
      await assert.rejects(
        workflows.startWorkflow({ name, idempotencyKey: key, idempotencyStrategy: 'FAIL' }),
        conflict(id),
      );
    });

    void it('RETURN_EXISTING: the same id, nothing new started', async () => {
      const { name } = await registerChain();
      const key = unique('key');
      const request = {
        name,
        input: {},
        idempotencyKey: key,
        idempotencyStrategy: 'RETURN_EXISTING',
      } as const;
      const id = await workflows.startWorkflow(request);
      assert.equal(await workflows.startWorkflow(request), id);
      assert.deepEqual(await workflows.getRunningWorkflows(name, { version: 1 }), [id]);
    });

    void it('FAIL_ON_RUNNING: a 409 while it runs, a new workflow once it ended', async () => {
      const { name } = await registerChain();
      const key = unique('key');
      const request = {
        name,
        input: {},
        idempotencyKey: key,
        idempotencyStrategy: 'FAIL_ON_RUNNING',
      } as const;
      const id = await workflows.startWorkflow(request);
      await assert.rejects(workflows.startWorkflow(request), conflict(id));
      await workflows.terminateWorkflow(id, 'done with it');
      const next = await workflows.startWorkflow(request);
      assert.notEqual(next, id);
    });
  });

  void it('a start of an unknown workflow is a 404 ConductorError', async () => {
    await assert.rejects(workflows.startWorkflow({ name: unique('unknown') }), (e: unknown) => {
      assert.ok(e instanceof ConductorError);
      assert.equal(e.status, 404);
      return true;
    });
  });

  void it('reads status, output and variables without the tasks', async () => {
    const { name, types } = await registerChain(1, { variables: { attempts: 1 } });
    const id = await workflows.startWorkflow({ name, input: { name: 'x' } });
    await work(types[0]!, 'COMPLETED', { result: 'done' });
    await waitForWorkflow(workflows, id);
    const status = await workflows.getWorkflowStatus(id, { includeOutput: true, includeVariables: true });
    assert.equal(status.status, 'COMPLETED');
    assert.deepEqual(status.output, { last: 'done' });
    assert.deepEqual(status.variables, { attempts: 1 });
    const bare = await workflows.getWorkflowStatus(id);
    assert.equal(bare.output, undefined);
  });

  void it('finds executions by correlation id (running only unless includeClosed) and lists running ids', async () => {
    const { name, types } = await registerChain();
    const open = await workflows.startWorkflow({ name, input: {}, correlationId: 'shared' });
    const closed = await workflows.startWorkflow({ name, input: {}, correlationId: 'shared' });
    // complete the second one: take tasks until we have it
    for (;;) {
      const [task] = await tasks.batchPollTasks(types[0]!, { timeoutMs: 1000 });
      assert.ok(task);
      const done = task.workflowInstanceId === closed;
      await tasks.updateTask({
        workflowInstanceId: task.workflowInstanceId,
        taskId: task.taskId,
        status: done ? 'COMPLETED' : 'IN_PROGRESS',
        callbackAfterSeconds: 0,
      });
      if (done) break;
    }
    await waitForWorkflow(workflows, closed);

    const running = await workflows.getWorkflowsByCorrelationId(name, 'shared');
    assert.deepEqual(
      running.map((w) => w.workflowId),
      [open],
    );
    const all = await workflows.getWorkflowsByCorrelationId(name, 'shared', {
      includeClosed: true,
      includeTasks: true,
    });
    assert.deepEqual(all.map((w) => w.workflowId).sort(), [open, closed].sort());
    assert.ok(all.every((w) => w.tasks.length > 0));

    const batch = await workflows.getByCorrelationIds(name, ['shared', 'none'], { includeClosed: true });
    assert.equal(batch.shared?.length, 2);
    assert.deepEqual(batch.none, []);

    assert.deepEqual(await workflows.getRunningWorkflows(name, { version: 1 }), [open]);
  });

  void it('deletes an execution', async () => {
    const { name } = await registerChain();
    const id = await workflows.startWorkflow({ name, input: {} });
    await workflows.deleteWorkflow(id);
    await assert.rejects(
      workflows.getWorkflow(id),
      (e: unknown) => e instanceof ConductorError && e.status === 404,
    );
  });

  void it('decides a workflow on request', async () => {
    const { name } = await registerChain();
    const id = await workflows.startWorkflow({ name, input: {} });
    await workflows.decide(id);
    assert.equal((await workflows.getWorkflow(id)).status, 'RUNNING');
  });

  void describe('execute synchronously', () => {
    void it('through the server endpoint', async () => {
      const { name, types } = await registerChain();
      const worker = work(types[0]!, 'COMPLETED', { result: 'hi' });
      const run = await workflows.executeWorkflow(
        { name, version: 1, input: {} },
        { via: 'server', waitForSeconds: 10, requestId: 'req-9' },
      );
      await worker;
      assert.equal(run.status, 'COMPLETED');
      assert.deepEqual(run.output, { last: 'hi' });
      assert.equal(run.responseType, 'TARGET_WORKFLOW');
      assert.equal(run.requestId, 'req-9');
      assert.equal(run.signalTimeout, false);
    });

    void describe('every return strategy, on a WAIT inside a sub-workflow, from the server and by polling', () => {
      let parent: string;
      let child: string;
      before(async () => {
        parent = unique('parent');
        child = unique('child');
        const metadata = server.clients.getMetadataClient();
        await metadata.registerWorkflowDef({
          name: child,
          version: 1,
          schemaVersion: 2,
          tasks: [
            { name: 'wait', taskReferenceName: 'approval', type: 'WAIT', inputParameters: { ask: 'ok?' } },
          ],
        });
        await metadata.registerWorkflowDef({
          name: parent,
          version: 1,
          schemaVersion: 2,
          tasks: [
            {
              name: child,
              taskReferenceName: 'sub',
              type: 'SUB_WORKFLOW',
              subWorkflowParam: { name: child, version: 1 },
            },
          ],
        });
      });

      for (const via of ['server', 'polling'] as const) {
        void it(`TARGET_WORKFLOW and BLOCKING_WORKFLOW (${via})`, async () => {
          const target = await workflows.executeWorkflow(
            { name: parent, input: {} },
            { via, waitForSeconds: 10 },
          );
          assert.equal(target.responseType, 'TARGET_WORKFLOW');
          assert.equal(target.workflowId, target.targetWorkflowId);
          assert.equal(target.status, 'RUNNING');
          assert.equal(target.signalTimeout, false);
          assert.equal(target.tasks?.[0]?.referenceTaskName, 'sub');

          const blocking = await workflows.executeWorkflow(
            { name: parent, input: {} },
            { via, waitForSeconds: 10, returnStrategy: 'BLOCKING_WORKFLOW' },
          );
          assert.equal(blocking.responseType, 'BLOCKING_WORKFLOW');
          assert.notEqual(blocking.workflowId, blocking.targetWorkflowId);
          assert.equal(blocking.targetWorkflowStatus, 'RUNNING');
          assert.deepEqual(
            blocking.tasks?.map((t) => [t.referenceTaskName, t.status]),
            [['approval', 'IN_PROGRESS']],
          );
          const childRun = await workflows.getWorkflow(blocking.workflowId);
          assert.equal(childRun.parentWorkflowId, blocking.targetWorkflowId);
        });

        void it(`BLOCKING_TASK and BLOCKING_TASK_INPUT (${via})`, async () => {
          for (const returnStrategy of ['BLOCKING_TASK', 'BLOCKING_TASK_INPUT'] as const) {
            const task = await workflows.executeWorkflow(
              { name: parent, input: {} },
              { via, waitForSeconds: 10, returnStrategy },
            );
            assert.ok(task && 'taskId' in task);
            assert.equal(task.responseType, returnStrategy);
            assert.equal(task.referenceTaskName, 'approval');
            assert.equal(task.taskType, 'WAIT');
            assert.equal(task.status, 'IN_PROGRESS');
            assert.equal(task.workflowType, child);
            assert.deepEqual(task.input, { ask: 'ok?' });
            assert.notEqual(task.workflowId, task.targetWorkflowId);
            const stored = await tasks.getTask(task.taskId!);
            assert.equal(stored.workflowInstanceId, task.workflowId);
          }
        });

        void it(`a task strategy with no blocking task gives the ended workflow (${via})`, async () => {
          const { name, types } = await registerChain();
          const worker = work(types[0]!, 'COMPLETED', { result: 'x' });
          const none = await workflows.executeWorkflow(
            { name, input: {} },
            { via, waitForSeconds: 10, returnStrategy: 'BLOCKING_TASK' },
          );
          await worker;
          assert.equal(none?.responseType, 'BLOCKING_TASK');
          assert.equal(none?.workflowId, none?.targetWorkflowId);
          assert.equal(none?.targetWorkflowStatus, 'COMPLETED');
        });
      }
    });

    void it('by starting and polling from the client, until the workflow completes', async () => {
      const { name, types } = await registerChain(2);
      const worker = (async () => {
        await work(types[0]!, 'COMPLETED', { result: 'one' });
        await work(types[1]!, 'COMPLETED', { result: 'two' });
      })();
      const run = await workflows.executeWorkflow(
        { name, input: { name: 'n' } },
        { via: 'polling', waitForSeconds: 10, requestId: 'req-1' },
      );
      await worker;
      assert.equal(run.status, 'COMPLETED');
      assert.deepEqual(run.output, { last: 'two' });
      assert.equal(run.requestId, 'req-1');
      assert.equal(run.signalTimeout, false);
      assert.equal(run.tasks?.length, 2);
    });

    void it('returns once a waitUntilTaskRef task is done, with the workflow still running', async () => {
      const { name, types } = await registerChain(2);
      const worker = work(types[0]!, 'COMPLETED', { result: 'one' });
      const run = await workflows.executeWorkflow(
        { name, input: {} },
        { via: 'polling', waitUntilTaskRef: 'step0', waitForSeconds: 10 },
      );
      await worker;
      assert.equal(run.status, 'RUNNING');
      assert.equal(run.tasks?.find((x) => x.referenceTaskName === 'step0')?.status, 'COMPLETED');
    });

    void it('returns the running workflow with signalTimeout when the wait runs out', async () => {
      const { name } = await registerChain();
      const run = await workflows.executeWorkflow(
        { name, input: {} },
        { via: 'polling', waitForSeconds: 0.2 },
      );
      assert.equal(run.status, 'RUNNING');
      assert.equal(run.signalTimeout, true);
    });
  });

  void it('terminates a running workflow with a reason', async () => {
    const { name } = await registerChain();
    const id = await workflows.startWorkflow({ name, input: {} });
    await workflows.terminateWorkflow(id, 'Cancelled by user');
    const workflow = await workflows.getWorkflow(id);
    assert.equal(workflow.status, 'TERMINATED');
    assert.match(workflow.reasonForIncompletion ?? '', /Cancelled by user/);
    assert.equal(workflow.tasks[0]!.status, 'CANCELED');
  });

  void it('pauses and resumes a workflow', async () => {
    const { name, types } = await registerChain(2);
    const id = await workflows.startWorkflow({ name, input: {} });
    await workflows.pauseWorkflow(id);
    assert.equal((await workflows.getWorkflow(id)).status, 'PAUSED');
    await work(types[0]!, 'COMPLETED'); // running tasks may finish, nothing new is scheduled
    assert.equal((await workflows.getWorkflow(id)).tasks.length, 1);
    await workflows.resumeWorkflow(id);
    const resumed = await waitForWorkflow(workflows, id, (w) => w.tasks.length === 2);
    assert.equal(resumed.status, 'RUNNING');
  });

  void it('retries a failed workflow from its failed task', async () => {
    const { name, types } = await registerChain();
    const id = await workflows.startWorkflow({ name, input: {} });
    await work(types[0]!, 'FAILED');
    assert.equal((await waitForWorkflow(workflows, id)).status, 'FAILED');
    await workflows.retryWorkflow(id, false);
    const retried = await workflows.getWorkflow(id);
    assert.equal(retried.status, 'RUNNING');
    assert.deepEqual(
      retried.tasks.map((x) => x.status),
      ['FAILED', 'SCHEDULED'],
    );
  });

  void it('restarts a completed workflow from the beginning', async () => {
    const { name, types } = await registerChain();
    const id = await workflows.startWorkflow({ name, input: {} });
    await work(types[0]!, 'COMPLETED');
    await waitForWorkflow(workflows, id);
    await workflows.restartWorkflow(id, true);
    const restarted = await workflows.getWorkflow(id);
    assert.equal(restarted.status, 'RUNNING');
    assert.deepEqual(
      restarted.tasks.map((x) => x.status),
      ['SCHEDULED'],
    );
  });

  void it('reruns a workflow from a given task with new task input', async () => {
    const { name, types } = await registerChain(2);
    const id = await workflows.startWorkflow({ name, input: {} });
    await work(types[0]!, 'COMPLETED');
    await work(types[1]!, 'FAILED');
    const failed = await waitForWorkflow(workflows, id);
    const secondTaskId = failed.tasks[1]!.taskId;
    const rerun = await workflows.rerunWorkflow(id, {
      reRunFromTaskId: secondTaskId,
      taskInput: { name: 'again' },
    });
    assert.equal(rerun, id);
    const again = await workflows.getWorkflow(id);
    assert.equal(again.status, 'RUNNING');
    assert.equal(again.tasks.at(-1)!.status, 'SCHEDULED');
    assert.deepEqual(again.tasks.at(-1)!.inputData, { name: 'again' });
  });

  void it('skips a task that is not scheduled yet', async () => {
    const { name, types } = await registerChain(2);
    const id = await workflows.startWorkflow({ name, input: {} });
    await workflows.skipTaskFromWorkflow(id, 'step1');
    await work(types[0]!, 'COMPLETED');
    const done = await waitForWorkflow(workflows, id);
    assert.equal(done.status, 'COMPLETED');
    assert.equal(done.tasks.find((x) => x.referenceTaskName === 'step1')?.status, 'SKIPPED');
  });

  void it('updates workflow variables', async () => {
    const { name } = await registerChain(1, { variables: { a: 1 } });
    const id = await workflows.startWorkflow({ name, input: {} });
    await workflows.updateVariables(id, { b: 2 });
    assert.deepEqual((await workflows.getWorkflow(id)).variables, { a: 1, b: 2 });
  });

  void it('searches executions by query and free text', async () => {
    const { name } = await registerChain();
    const id = await workflows.startWorkflow({
      name,
      input: { name: 'searchable' },
      correlationId: 'find-me',
    });
    // The search reads what the start committed: no waiting.
    const page = await workflows.search({
      start: 0,
      size: 10,
      query: `workflowType = "${name}" AND status = "RUNNING"`,
      freeText: 'searchable',
    });
    assert.equal(page.totalHits, 1);
    const [summary] = page.results;
    assert.equal(summary!.workflowId, id);
    assert.equal(summary!.correlationId, 'find-me');
    assert.equal(summary!.input, '{name=searchable}');
    assert.match(summary!.startTime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    const none = await workflows.search({ query: `workflowType = "${name}" AND status = "FAILED"` });
    assert.equal(none.totalHits, 0);
    await assert.rejects(
      workflows.search({ query: 'status = RUNNING' }),
      (e: unknown) => e instanceof ConductorError && e.status === 400,
    );
  });

  void it('runs a workflow test with mocked task outputs', async () => {
    const name = unique('tested');
    const def: WorkflowDef = {
      name,
      version: 1,
      schemaVersion: 2,
      tasks: [{ name: 'greet', taskReferenceName: 'greet_ref', type: 'SIMPLE', inputParameters: {} }],
      outputParameters: { greeting: '${greet_ref.output.result}' },
    };
    const run = await workflows.testWorkflow({
      name,
      version: 1,
      workflowDef: def,
      taskRefToMockOutput: {
        greet_ref: [{ status: 'COMPLETED', output: { result: 'Hello, Orkes' } }],
      },
    });
    assert.equal(run.status, 'COMPLETED');
    assert.deepEqual(run.output, { greeting: 'Hello, Orkes' });
    // Stored like any execution.
    const stored = await workflows.getWorkflow(run.workflowId, true);
    assert.equal(stored.status, 'COMPLETED');
    assert.equal(stored.tasks[0]!.referenceTaskName, 'greet_ref');
  });
});
