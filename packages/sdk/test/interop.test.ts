/**
 * Interop with the official Conductor JS SDK (@io-orkes/conductor-javascript), side by side with this SDK on one
 * in-process Baton: the official SDK registers definitions, runs its TaskManager workers and manages workflows
 * while Baton SDK workers work other task types in the same workflows; each SDK reads what the other started.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  MetadataClient as OfficialMetadataClient,
  noopLogger,
  orkesConductorClient,
  TaskManager,
  WorkflowExecutor as OfficialWorkflowExecutor,
  type ConductorWorker,
  type Task as OfficialTask,
  type Workflow as OfficialWorkflow,
} from '@io-orkes/conductor-javascript';
import {
  ConductorWorkflow,
  JavascriptTask,
  SimpleTask,
  silentLogger,
  TaskHandler,
  WaitTask,
  Worker,
  type Workflow,
} from '../src/index.js';
import { startTestServer, waitForWorkflow, type TestServer } from './support/baton.js';

// The official SDK reads CONDUCTOR_SERVER_URL and credentials from the environment before its own config, and
// logs every task update to stdout when CI is set.
for (const key of ['CONDUCTOR_SERVER_URL', 'CONDUCTOR_AUTH_KEY', 'CONDUCTOR_AUTH_SECRET', 'CI']) {
  delete process.env[key];
}

const OFFICIAL_WORKER_ID = 'official-sdk';
const BATON_WORKER_ID = 'baton-sdk';

/** Task types the official SDK's TaskManager works. */
const officialWorkers: ConductorWorker[] = [
  {
    taskDefName: 'interop_official_upper',
    execute: (task: OfficialTask) =>
      Promise.resolve({
        status: 'COMPLETED' as const,
        outputData: { upper: String(task.inputData?.name).toUpperCase() },
      }),
  },
  {
    // Fails its first attempt of each workflow (the server retries it, as the task definition says).
    taskDefName: 'interop_official_flaky',
    execute: (task: OfficialTask) => {
      if ((task.retryCount ?? 0) === 0) return Promise.reject(new Error('first attempt fails'));
      return Promise.resolve({
        status: 'COMPLETED' as const,
        outputData: { length: String(task.inputData?.text).length },
      });
    },
  },
];

/** Task type this SDK's TaskHandler works, in the same workflows. */
const batonGreet = new Worker<{ upper: string }>(
  { taskDefName: 'interop_baton_greet', workerId: BATON_WORKER_ID, pollIntervalMs: 20, concurrency: 2 },
  ({ upper }) => ({ greeting: `Hello ${upper}` }),
);

/** Re-reads through the official SDK until the workflow is no longer running. */
async function officialUntilDone(executor: OfficialWorkflowExecutor, id: string): Promise<OfficialWorkflow> {
  for (const deadline = Date.now() + 15_000; ;) {
    const workflow = await executor.getWorkflow(id, true);
    if (workflow.status !== 'RUNNING' && workflow.status !== 'PAUSED') return workflow;
    if (Date.now() > deadline) throw new Error(`workflow ${id} still ${workflow.status}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** `ref taskType status` of every task attempt, in order, plus the worker id for worker (interop_*) tasks. */
function attempts(
  tasks: { referenceTaskName?: string; taskType?: string; status?: string; workerId?: string }[],
): string[] {
  return tasks.map((t) => {
    const line = `${t.referenceTaskName} ${t.taskType} ${t.status}`;
    return t.taskType?.startsWith('interop_') ? `${line} ${t.workerId}` : line;
  });
}

void describe('interop with the official Conductor JS SDK', () => {
  let server: TestServer;
  let official: Awaited<ReturnType<typeof orkesConductorClient>>;
  let officialExecutor: OfficialWorkflowExecutor;
  let officialMetadata: OfficialMetadataClient;
  let manager: TaskManager;
  let handler: TaskHandler;

  before(async () => {
    server = await startTestServer();
    official = await orkesConductorClient({ serverUrl: server.url, logger: noopLogger });
    officialExecutor = new OfficialWorkflowExecutor(official);
    officialMetadata = new OfficialMetadataClient(official);

    // The official SDK registers every task definition, Baton's worker's included.
    await officialMetadata.registerTasks([
      { name: 'interop_official_upper', retryCount: 0, timeoutSeconds: 60, responseTimeoutSeconds: 30 },
      {
        name: 'interop_official_flaky',
        retryCount: 1,
        retryLogic: 'FIXED',
        retryDelaySeconds: 0,
        timeoutSeconds: 60,
        responseTimeoutSeconds: 30,
      },
      { name: 'interop_baton_greet', retryCount: 0, timeoutSeconds: 60, responseTimeoutSeconds: 30 },
    ]);

    manager = new TaskManager(official, officialWorkers, {
      logger: noopLogger,
      options: { workerID: OFFICIAL_WORKER_ID, pollInterval: 20, concurrency: 2 },
    });
    manager.startPolling();
    handler = new TaskHandler({
      configuration: server.configuration,
      workers: [batonGreet],
      logger: silentLogger,
      handleSignals: false,
      metrics: false,
    });
    await handler.start();
  });

  after(async () => {
    await manager?.stopPolling();
    await handler?.stop();
    await server?.close();
  });

  void it('definitions registered by either SDK are read by the other', async () => {
    const viaBaton = await server.clients.getMetadataClient().getTaskDef('interop_official_flaky');
    assert.equal(viaBaton.retryCount, 1);
    assert.equal(viaBaton.retryLogic, 'FIXED');

    await server.clients.getMetadataClient().registerTaskDef({ name: 'interop_from_baton', retryCount: 2 });
    const viaOfficial = await officialMetadata.getTask('interop_from_baton');
    assert.equal(viaOfficial.name, 'interop_from_baton');
    assert.equal(viaOfficial.retryCount, 2);
  });

  void it('a workflow the official SDK registers and starts is worked by both SDKs and read by Baton', async () => {
    await officialMetadata.registerWorkflowDef(
      {
        name: 'interop_official_defined',
        version: 1,
        schemaVersion: 2,
        timeoutSeconds: 0,
        tasks: [
          {
            name: 'interop_official_upper',
            taskReferenceName: 'upper_ref',
            type: 'SIMPLE',
            inputParameters: { name: '${workflow.input.name}' },
          },
          {
            name: 'interop_baton_greet',
            taskReferenceName: 'greet_ref',
            type: 'SIMPLE',
            inputParameters: { upper: '${upper_ref.output.upper}' },
          },
          {
            name: 'interop_official_flaky',
            taskReferenceName: 'flaky_ref',
            type: 'SIMPLE',
            inputParameters: { text: '${greet_ref.output.greeting}' },
          },
        ],
        outputParameters: { greeting: '${greet_ref.output.greeting}', length: '${flaky_ref.output.length}' },
      },
      true,
    );

    const id = await officialExecutor.startWorkflow({
      name: 'interop_official_defined',
      version: 1,
      input: { name: 'ada' },
      correlationId: 'interop-1',
    });
    const seenByOfficial = await officialUntilDone(officialExecutor, id);
    assert.equal(seenByOfficial.status, 'COMPLETED');
    assert.deepEqual(seenByOfficial.output, { greeting: 'Hello ADA', length: 9 });
    assert.deepEqual(attempts(seenByOfficial.tasks ?? []), [
      `upper_ref interop_official_upper COMPLETED ${OFFICIAL_WORKER_ID}`,
      `greet_ref interop_baton_greet COMPLETED ${BATON_WORKER_ID}`,
      `flaky_ref interop_official_flaky FAILED ${OFFICIAL_WORKER_ID}`,
      `flaky_ref interop_official_flaky COMPLETED ${OFFICIAL_WORKER_ID}`,
    ]);
    assert.equal(seenByOfficial.tasks?.[2]?.reasonForIncompletion, 'first attempt fails');

    // Baton's client reads the same execution the same way.
    const seenByBaton: Workflow = await server.clients.getWorkflowClient().getWorkflow(id, true);
    assert.equal(seenByBaton.status, 'COMPLETED');
    assert.equal(seenByBaton.correlationId, 'interop-1');
    assert.deepEqual(seenByBaton.output, seenByOfficial.output);
    assert.deepEqual(attempts(seenByBaton.tasks), attempts(seenByOfficial.tasks ?? []));
    const status = await officialExecutor.getWorkflowStatus(id, true, false);
    assert.equal(status.status, 'COMPLETED');
    assert.deepEqual(status.output, seenByOfficial.output);
  });

  void it('a workflow Baton defines as code and starts is worked by both SDKs, signalled and read by the official SDK', async () => {
    const executor = server.clients.getWorkflowExecutor();
    const wf = new ConductorWorkflow<{ name: string }>({
      name: 'interop_baton_defined',
      version: 1,
      executor,
    });
    const upper = new SimpleTask<{ name: string }, { upper: string }>('interop_official_upper', 'upper_ref', {
      name: wf.input('name'),
    });
    const greet = batonGreet.task('greet_ref', { upper: upper.output('upper') });
    const approval = new WaitTask('approval_ref');
    const summary = new JavascriptTask<string>('summary_ref', '$.greeting + " (approved by " + $.by + ")"', {
      greeting: greet.outputPath('greeting'),
      by: approval.outputPath('by'),
    });
    await wf
      .add(upper, greet, approval, summary)
      .outputParameters({ summary: summary.output('result') })
      .register(true);

    const id = await wf.start({ name: 'grace' });
    const waiting = await waitForWorkflow(server.clients.getWorkflowClient(), id, (w) =>
      w.tasks.some((t) => t.referenceTaskName === 'approval_ref' && t.status === 'IN_PROGRESS'),
    );
    assert.equal(waiting.status, 'RUNNING');

    // The official SDK signals the WAIT task by reference name and reads the result.
    const running = await officialExecutor.getExecution(id);
    assert.equal(running.workflowName, 'interop_baton_defined');
    await officialExecutor.updateTaskByRefName('approval_ref', id, 'COMPLETED', { by: 'official-sdk' });
    const done = await officialUntilDone(officialExecutor, id);
    assert.equal(done.status, 'COMPLETED');
    assert.deepEqual(done.output, { summary: 'Hello GRACE (approved by official-sdk)' });
    assert.deepEqual(attempts(done.tasks ?? []), [
      `upper_ref interop_official_upper COMPLETED ${OFFICIAL_WORKER_ID}`,
      `greet_ref interop_baton_greet COMPLETED ${BATON_WORKER_ID}`,
      'approval_ref WAIT COMPLETED',
      'summary_ref INLINE COMPLETED',
    ]);
  });

  void it('many workflows started by both SDKs at once all complete, each task worked by its own SDK', async () => {
    const workflows = server.clients.getWorkflowClient();
    const names = Array.from({ length: 20 }, (_, i) => `n${i}`);
    const ids = await Promise.all(
      names.map((name, i) =>
        i % 2 === 0
          ? officialExecutor.startWorkflow({ name: 'interop_official_defined', version: 1, input: { name } })
          : workflows.startWorkflow({ name: 'interop_baton_defined', version: 1, input: { name } }),
      ),
    );
    // Baton-defined ones wait for their approval: give it through Baton's task client.
    await Promise.all(
      ids.map(async (id, i) => {
        if (i % 2 === 0) return;
        await waitForWorkflow(workflows, id, (w) =>
          w.tasks.some((t) => t.referenceTaskName === 'approval_ref' && t.status === 'IN_PROGRESS'),
        );
        await server.clients
          .getTaskClient()
          .updateTaskByRefName(id, 'approval_ref', 'COMPLETED', { by: 'baton' });
      }),
    );
    const outputs = await Promise.all(ids.map((id) => officialUntilDone(officialExecutor, id)));
    assert.deepEqual(
      outputs.map((w) => [w.status, w.output]),
      names.map((name, i) =>
        i % 2 === 0
          ? [
              'COMPLETED',
              { greeting: `Hello ${name.toUpperCase()}`, length: `Hello ${name.toUpperCase()}`.length },
            ]
          : ['COMPLETED', { summary: `Hello ${name.toUpperCase()} (approved by baton)` }],
      ),
    );
    for (const w of outputs) {
      for (const t of w.tasks ?? []) {
        if (t.taskType?.startsWith('interop_official')) assert.equal(t.workerId, OFFICIAL_WORKER_ID);
        if (t.taskType === 'interop_baton_greet') assert.equal(t.workerId, BATON_WORKER_ID);
      }
    }
  });
});
