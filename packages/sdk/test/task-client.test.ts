/** TaskClient against a real Baton server. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ConductorError, type TaskClient, type WorkflowClient } from '../src/index.js';
import { startTestServer, unique, waitForWorkflow, type TestServer } from './support/baton.js';

void describe('TaskClient', () => {
  let server: TestServer;
  let tasks: TaskClient;
  let workflows: WorkflowClient;

  /** Registers a one- or two-step workflow of SIMPLE tasks with a unique task type; returns the type. */
  async function startOne(steps = 1): Promise<{ type: string; workflowId: string; name: string }> {
    const name = unique('wf');
    const type = `${name}_task`;
    await server.clients.getMetadataClient().registerTaskDef({ name: type, retryCount: 0 });
    await server.clients.getMetadataClient().registerWorkflowDef({
      name,
      version: 1,
      schemaVersion: 2,
      tasks: Array.from({ length: steps }, (_, i) => ({
        name: type,
        taskReferenceName: `step${i}`,
        type: 'SIMPLE',
        inputParameters: { n: i },
      })),
    });
    const workflowId = await workflows.startWorkflow({ name, input: {} });
    return { type, workflowId, name };
  }

  before(async () => {
    server = await startTestServer();
    tasks = server.clients.getTaskClient();
    workflows = server.clients.getWorkflowClient();
  });
  after(() => server.close());

  void it('polls one task, or nothing when the queue is empty', async () => {
    const { type, workflowId } = await startOne();
    const task = await tasks.pollTask(type, { workerId: 'worker-a' });
    assert.equal(task?.workflowInstanceId, workflowId);
    assert.equal(task?.status, 'IN_PROGRESS');
    assert.equal(task?.workerId, 'worker-a');
    assert.equal(await tasks.pollTask(type), undefined);
  });

  void it('batch-polls up to count tasks, and [] after a long poll with none', async () => {
    const name = unique('multi');
    const type = `${name}_task`;
    await server.clients.getMetadataClient().registerWorkflowDef({
      name,
      version: 1,
      schemaVersion: 2,
      tasks: [{ name: type, taskReferenceName: 'only', type: 'SIMPLE' }],
    });
    for (let i = 0; i < 3; i++) await workflows.startWorkflow({ name, input: {} });
    const batch = await tasks.batchPollTasks(type, { count: 2, timeoutMs: 500 });
    assert.equal(batch.length, 2);
    const rest = await tasks.batchPollTasks(type, { count: 5, timeoutMs: 500 });
    assert.equal(rest.length, 1);
    assert.deepEqual(await tasks.batchPollTasks(type, { count: 5, timeoutMs: 100 }), []);
  });

  void it('reports a result, reads the task back, and the workflow moves on', async () => {
    const { type, workflowId } = await startOne();
    const task = (await tasks.pollTask(type))!;
    const id = await tasks.updateTask({
      workflowInstanceId: workflowId,
      taskId: task.taskId,
      status: 'COMPLETED',
      outputData: { answer: 42 },
      logs: [{ log: 'worked it' }],
    });
    assert.equal(id, task.taskId);
    const stored = await tasks.getTask(task.taskId);
    assert.equal(stored.status, 'COMPLETED');
    assert.deepEqual(stored.outputData, { answer: 42 });
    assert.equal((await waitForWorkflow(workflows, workflowId)).status, 'COMPLETED');
    assert.deepEqual(
      (await tasks.getTaskLogs(task.taskId)).map((l) => l.log),
      ['worked it'],
    );
  });

  void it('update-v2 reports a result and hands back the next task of the same type', async () => {
    const { type, workflowId } = await startOne(2);
    const first = (await tasks.pollTask(type, { workerId: 'w' }))!;
    const next = await tasks.updateTaskV2({
      workflowInstanceId: workflowId,
      taskId: first.taskId,
      status: 'COMPLETED',
      workerId: 'w',
    });
    assert.ok(next);
    assert.equal(next.referenceTaskName, 'step1');
    assert.equal(next.status, 'IN_PROGRESS');
    const none = await tasks.updateTaskV2({
      workflowInstanceId: workflowId,
      taskId: next.taskId,
      status: 'COMPLETED',
      workerId: 'w',
    });
    assert.equal(none, undefined);
    assert.equal((await waitForWorkflow(workflows, workflowId)).status, 'COMPLETED');
  });

  void it('completes a pending task by workflow id and reference name', async () => {
    const { workflowId } = await startOne();
    const taskId = await tasks.updateTaskByRefName(
      workflowId,
      'step0',
      'COMPLETED',
      { approved: true },
      'api',
    );
    const done = await waitForWorkflow(workflows, workflowId);
    assert.equal(done.status, 'COMPLETED');
    assert.equal(done.tasks[0]!.taskId, taskId);
    assert.deepEqual(done.tasks[0]!.outputData, { approved: true });
  });

  void it('completes a pending task by reference name and returns the workflow (sync)', async () => {
    const { workflowId } = await startOne(2);
    const workflow = await tasks.updateTaskByRefNameSync(workflowId, 'step0', 'COMPLETED', { ok: 1 });
    assert.equal(workflow.workflowId, workflowId);
    assert.deepEqual(
      workflow.tasks.map((t) => [t.referenceTaskName, t.status]),
      [
        ['step0', 'COMPLETED'],
        ['step1', 'SCHEDULED'],
      ],
    );
    assert.deepEqual(workflow.tasks[0]!.outputData, { ok: 1 });
    await assert.rejects(
      tasks.updateTaskByRefNameSync(workflowId, 'step0', 'COMPLETED'),
      (e: unknown) => e instanceof ConductorError && e.status === 404,
    );
  });

  void describe('signals', () => {
    let name: string;
    before(async () => {
      name = unique('waiting');
      await server.clients.getMetadataClient().registerWorkflowDef({
        name,
        version: 1,
        schemaVersion: 2,
        tasks: [
          { name: 'wait', taskReferenceName: 'wait_ref', type: 'WAIT' },
          { name: 'wait', taskReferenceName: 'second_ref', type: 'WAIT', inputParameters: { step: 2 } },
        ],
      });
    });

    void it('a WAIT task waits IN_PROGRESS until signalled (async)', async () => {
      const workflowId = await workflows.startWorkflow({ name, input: {} });
      assert.equal((await workflows.getWorkflow(workflowId)).tasks[0]!.status, 'IN_PROGRESS');
      await tasks.signalAsync(workflowId, 'COMPLETED', { approved: false });
      const after = await waitForWorkflow(workflows, workflowId, (w) => w.tasks.length === 2);
      assert.deepEqual(after.tasks[0]!.outputData, { approved: false });
      assert.equal(after.tasks[0]!.status, 'COMPLETED');
    });

    void it('signal (sync) answers with the workflow blocked on the next WAIT, then completed', async () => {
      const workflowId = await workflows.startWorkflow({ name, input: {} });
      const response = await tasks.signal(workflowId, 'COMPLETED', { approved: true });
      assert.ok(response);
      assert.equal(response.responseType, 'TARGET_WORKFLOW');
      assert.equal(response.targetWorkflowId, workflowId);
      assert.equal(response.targetWorkflowStatus, 'RUNNING');
      assert.equal(response.signalTimeout, false);
      const done = await tasks.signal(workflowId, 'COMPLETED', {}, { timeoutMillis: 2000 });
      assert.equal(done?.targetWorkflowStatus, 'COMPLETED');
      assert.equal((await workflows.getWorkflow(workflowId)).status, 'COMPLETED');
    });

    void it('signal (sync) with BLOCKING_TASK answers with the next WAIT task, then the ended workflow', async () => {
      const workflowId = await workflows.startWorkflow({ name, input: {} });
      const next = await tasks.signal(workflowId, 'COMPLETED', {}, { returnStrategy: 'BLOCKING_TASK' });
      assert.ok(next && 'referenceTaskName' in next);
      assert.equal(next.referenceTaskName, 'second_ref');
      assert.deepEqual(next.input, { step: 2 });
      const last = await tasks.signal(workflowId, 'COMPLETED', {}, { returnStrategy: 'BLOCKING_TASK' });
      assert.equal(last?.responseType, 'BLOCKING_TASK');
      assert.equal(last?.workflowId, workflowId);
      assert.equal(last?.targetWorkflowStatus, 'COMPLETED');
    });

    void it('signalling a workflow that waits on nothing is a 404 ConductorError', async () => {
      const { workflowId } = await startOne();
      await assert.rejects(
        tasks.signal(workflowId, 'COMPLETED'),
        (e: unknown) => e instanceof ConductorError && e.status === 404,
      );
      await assert.rejects(
        tasks.signalAsync(workflowId, 'COMPLETED'),
        (e: unknown) => e instanceof ConductorError && e.status === 404,
      );
    });
  });

  void it('adds log lines to a task and reads them back ([] when none)', async () => {
    const { type } = await startOne();
    const task = (await tasks.pollTask(type))!;
    assert.deepEqual(await tasks.getTaskLogs(task.taskId), []);
    await tasks.addTaskLog(task.taskId, 'first line');
    await tasks.addTaskLog(task.taskId, 'second line');
    const logs = await tasks.getTaskLogs(task.taskId);
    assert.deepEqual(
      logs.map((l) => l.log),
      ['first line', 'second line'],
    );
    assert.ok(logs.every((l) => l.taskId === task.taskId && typeof l.createdTime === 'number'));
  });

  void it('reports queue sizes and poll data', async () => {
    const { type } = await startOne();
    assert.equal(await tasks.getQueueSizeForTask(type), 1);
    assert.deepEqual(await tasks.getQueueSizes([type]), { [type]: 1 });
    await tasks.pollTask(type, { workerId: 'poller-1' });
    assert.equal(await tasks.getQueueSizeForTask(type), 0);
    const pollData = await tasks.getTaskPollData(type);
    assert.equal(pollData[0]?.queueName, type);
    assert.equal(pollData[0]?.workerId, 'poller-1');
  });

  void it('an unknown task is a 404 ConductorError', async () => {
    await assert.rejects(
      tasks.getTask('00000000-0000-4000-8000-000000000000'),
      (e: unknown) => e instanceof ConductorError && e.status === 404,
    );
  });

  void it('searches tasks', async () => {
    const { type, workflowId } = await startOne();
    const page = await tasks.search({ size: 5, query: `taskType = "${type}"`, sort: 'taskId:ASC' });
    assert.equal(page.totalHits, 1);
    assert.equal(page.results[0]!.taskDefName, type);
    assert.equal(page.results[0]!.workflowId, workflowId);
    assert.equal(page.results[0]!.status, 'SCHEDULED');
  });
});
