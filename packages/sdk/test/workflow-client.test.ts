/**
 * WorkflowClient against a real Baton server. Calls whose endpoint the server does not have yet are skipped with
 * the reason (they run as soon as the endpoint exists).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ConductorError, type TaskClient, type WorkflowClient, type WorkflowDef } from '../src/index.js';
import { orSkip, startTestServer, unique, waitForWorkflow, type TestServer } from './support/baton.js';

const NEEDS = {
  execute: 'needs server: POST /api/workflow/execute (execute-sync, later issue)',
  terminate: 'needs server: terminate (issue 5)',
  pauseResume: 'needs server: pause/resume (issue 5)',
  retry: 'needs server: retry (issue 5)',
  restart: 'needs server: restart (issue 5)',
  rerun: 'needs server: rerun (issue 5)',
  skip: 'needs server: skip task (issue 5)',
  variables: 'needs server: POST /api/workflow/{id}/variables (update variables)',
  test: 'needs server: POST /api/workflow/test (later issue)',
} as const;

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
    void it('through the server endpoint', async (t) => {
      const { name, types } = await registerChain();
      // works the task if the execute call started a workflow (it does not where the endpoint is missing)
      const worker = tasks.batchPollTasks(types[0]!, { timeoutMs: 3000 }).then(async ([task]) => {
        if (task) {
          await tasks.updateTask({
            workflowInstanceId: task.workflowInstanceId,
            taskId: task.taskId,
            status: 'COMPLETED',
            outputData: { result: 'hi' },
          });
        }
      });
      const run = await orSkip(t, NEEDS.execute, () =>
        workflows.executeWorkflow({ name, version: 1, input: {} }, { via: 'server', waitForSeconds: 10 }),
      );
      await worker;
      if (!run) return;
      assert.equal(run.value.status, 'COMPLETED');
      assert.deepEqual(run.value.output, { last: 'hi' });
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
      assert.equal(run.signalTimeout, undefined);
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

  void it('terminates a running workflow with a reason', async (t) => {
    const { name } = await registerChain();
    const id = await workflows.startWorkflow({ name, input: {} });
    if (!(await orSkip(t, NEEDS.terminate, () => workflows.terminateWorkflow(id, 'Cancelled by user'))))
      return;
    const workflow = await workflows.getWorkflow(id);
    assert.equal(workflow.status, 'TERMINATED');
    assert.match(workflow.reasonForIncompletion ?? '', /Cancelled by user/);
    assert.equal(workflow.tasks[0]!.status, 'CANCELED');
  });

  void it('pauses and resumes a workflow', async (t) => {
    const { name, types } = await registerChain(2);
    const id = await workflows.startWorkflow({ name, input: {} });
    if (!(await orSkip(t, NEEDS.pauseResume, () => workflows.pauseWorkflow(id)))) return;
    assert.equal((await workflows.getWorkflow(id)).status, 'PAUSED');
    await work(types[0]!, 'COMPLETED'); // running tasks may finish, nothing new is scheduled
    assert.equal((await workflows.getWorkflow(id)).tasks.length, 1);
    await workflows.resumeWorkflow(id);
    const resumed = await waitForWorkflow(workflows, id, (w) => w.tasks.length === 2);
    assert.equal(resumed.status, 'RUNNING');
  });

  void it('retries a failed workflow from its failed task', async (t) => {
    const { name, types } = await registerChain();
    const id = await workflows.startWorkflow({ name, input: {} });
    await work(types[0]!, 'FAILED');
    assert.equal((await waitForWorkflow(workflows, id)).status, 'FAILED');
    if (!(await orSkip(t, NEEDS.retry, () => workflows.retryWorkflow(id, false)))) return;
    const retried = await workflows.getWorkflow(id);
    assert.equal(retried.status, 'RUNNING');
    assert.deepEqual(
      retried.tasks.map((x) => x.status),
      ['FAILED', 'SCHEDULED'],
    );
  });

  void it('restarts a completed workflow from the beginning', async (t) => {
    const { name, types } = await registerChain();
    const id = await workflows.startWorkflow({ name, input: {} });
    await work(types[0]!, 'COMPLETED');
    await waitForWorkflow(workflows, id);
    if (!(await orSkip(t, NEEDS.restart, () => workflows.restartWorkflow(id, true)))) return;
    const restarted = await workflows.getWorkflow(id);
    assert.equal(restarted.status, 'RUNNING');
    assert.deepEqual(
      restarted.tasks.map((x) => x.status),
      ['SCHEDULED'],
    );
  });

  void it('reruns a workflow from a given task with new task input', async (t) => {
    const { name, types } = await registerChain(2);
    const id = await workflows.startWorkflow({ name, input: {} });
    await work(types[0]!, 'COMPLETED');
    await work(types[1]!, 'FAILED');
    const failed = await waitForWorkflow(workflows, id);
    const secondTaskId = failed.tasks[1]!.taskId;
    const rerun = await orSkip(t, NEEDS.rerun, () =>
      workflows.rerunWorkflow(id, { reRunFromTaskId: secondTaskId, taskInput: { name: 'again' } }),
    );
    if (!rerun) return;
    assert.equal(rerun.value, id);
    const again = await workflows.getWorkflow(id);
    assert.equal(again.status, 'RUNNING');
    assert.equal(again.tasks.at(-1)!.status, 'SCHEDULED');
    assert.deepEqual(again.tasks.at(-1)!.inputData, { name: 'again' });
  });

  void it('skips a task that is not scheduled yet', async (t) => {
    const { name, types } = await registerChain(2);
    const id = await workflows.startWorkflow({ name, input: {} });
    if (!(await orSkip(t, NEEDS.skip, () => workflows.skipTaskFromWorkflow(id, 'step1')))) return;
    await work(types[0]!, 'COMPLETED');
    const done = await waitForWorkflow(workflows, id);
    assert.equal(done.status, 'COMPLETED');
    assert.equal(done.tasks.find((x) => x.referenceTaskName === 'step1')?.status, 'SKIPPED');
  });

  void it('updates workflow variables', async (t) => {
    const { name } = await registerChain(1, { variables: { a: 1 } });
    const id = await workflows.startWorkflow({ name, input: {} });
    if (!(await orSkip(t, NEEDS.variables, () => workflows.updateVariables(id, { b: 2 })))) return;
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
    assert.match(summary!.startTime!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    const none = await workflows.search({ query: `workflowType = "${name}" AND status = "FAILED"` });
    assert.equal(none.totalHits, 0);
    await assert.rejects(
      workflows.search({ query: 'status = RUNNING' }),
      (e: unknown) => e instanceof ConductorError && e.status === 400,
    );
  });

  void it('runs a workflow test with mocked task outputs', async (t) => {
    const name = unique('tested');
    const def: WorkflowDef = {
      name,
      version: 1,
      schemaVersion: 2,
      tasks: [{ name: 'greet', taskReferenceName: 'greet_ref', type: 'SIMPLE', inputParameters: {} }],
      outputParameters: { greeting: '${greet_ref.output.result}' },
    };
    const run = await orSkip(t, NEEDS.test, () =>
      workflows.testWorkflow({
        name,
        version: 1,
        workflowDef: def,
        taskRefToMockOutput: {
          greet_ref: [{ status: 'COMPLETED', output: { result: 'Hello, Orkes' } }],
        },
      }),
    );
    if (!run) return;
    assert.equal(run.value.status, 'COMPLETED');
    assert.deepEqual(run.value.output, { greeting: 'Hello, Orkes' });
  });
});
