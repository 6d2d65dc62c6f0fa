/**
 * Workflow operations: start an execution, read its status, signal it (its pending WAIT task completes),
 * execute synchronously, and manage executions: pause, resume, update variables, terminate, retry, restart,
 * rerun and search. A part the server has no endpoint for prints "skipped (<part>): needs <endpoint>".
 * Run: CONDUCTOR_SERVER_URL=http://localhost:8080/api npx tsx examples/workflow-ops.ts
 *
 * Expected output:
 *   started <id>: RUNNING, waiting on wait_for_signal (WAIT IN_PROGRESS)
 *   after pause: PAUSED
 *   after resume: RUNNING
 *   variables: {"approver":"Alice"}
 *   after signal: COMPLETED {"approved":true}
 *   execute returned at the WAIT: RUNNING
 *   after terminate: TERMINATED (Cancelled by user)
 *   flaky workflow: FAILED (first attempt fails)
 *   after retry: COMPLETED
 *   after restart: COMPLETED
 *   after rerun: COMPLETED
 *   search found 1 execution(s) of ops_flaky_workflow
 */
import { setTimeout as sleep } from 'node:timers/promises';
import {
  ConductorWorkflow,
  JavascriptTask,
  OrkesClients,
  TaskHandler,
  WaitTask,
  worker,
  type Workflow,
  type WorkflowClient,
} from '@baton/sdk';
import { unlessMissing } from './pending-feature.js';

// Fails the first attempt of each execution; every later attempt (retry, restart, rerun) succeeds.
const seen = new Set<string>();
const flaky = worker(
  { taskDefName: 'ops_flaky', registerTaskDef: true, taskDef: { retryCount: 0 } },
  (_input: object, ctx) => {
    const first = !seen.has(ctx.task.workflowInstanceId);
    seen.add(ctx.task.workflowInstanceId);
    if (first) throw new Error('first attempt fails');
    return { attempt: 'later' };
  },
);

async function untilDone(workflows: WorkflowClient, workflowId: string): Promise<Workflow> {
  for (const deadline = Date.now() + 15_000; ;) {
    const workflow = await workflows.getWorkflow(workflowId, true);
    if (!['RUNNING', 'PAUSED'].includes(workflow.status) || Date.now() > deadline) return workflow;
    await sleep(50);
  }
}

async function main(): Promise<void> {
  const clients = new OrkesClients(); // configured from the environment
  const executor = clients.getWorkflowExecutor();
  const workflows = clients.getWorkflowClient();
  const tasks = clients.getTaskClient();

  // A workflow that waits for a signal, then echoes what the signal carried.
  const signalWf = new ConductorWorkflow<Record<string, never>>({ name: 'ops_signal_workflow', executor });
  const wait = new WaitTask('wait_for_signal');
  const echo = new JavascriptTask('after_signal', '$.approved', { approved: wait.outputPath('approved') });
  await signalWf
    .add(wait, echo)
    .outputParameters({ approved: echo.output('result') })
    .register(true);

  // A workflow whose only task fails on its first attempt.
  const flakyWf = new ConductorWorkflow<Record<string, never>>({ name: 'ops_flaky_workflow', executor });
  await flakyWf.add(flaky.task('flaky_ref', {})).register(true);

  const handler = new TaskHandler({ configuration: clients.configuration, workers: [flaky] });
  await handler.start();
  try {
    // Start asynchronously and read the execution.
    const id = await workflows.startWorkflow({ name: 'ops_signal_workflow', version: 1, input: {} });
    const status = await workflows.getWorkflowStatus(id);
    const waiting = (await workflows.getWorkflow(id, true)).tasks.at(-1);
    console.log(
      `started ${id}: ${status.status}, waiting on ${waiting?.referenceTaskName} (${waiting?.taskType} ${waiting?.status})`,
    );

    await unlessMissing('pause/resume', 'PUT /api/workflow/{workflowId}/pause and /resume', async () => {
      await workflows.pauseWorkflow(id);
      console.log(`after pause: ${(await workflows.getWorkflowStatus(id)).status}`);
      await workflows.resumeWorkflow(id);
      console.log(`after resume: ${(await workflows.getWorkflowStatus(id)).status}`);
    });

    await unlessMissing('update variables', 'POST /api/workflow/{workflowId}/variables', async () => {
      await workflows.updateVariables(id, { approver: 'Alice' });
      const read = await workflows.getWorkflowStatus(id, { includeVariables: true });
      console.log(`variables: ${JSON.stringify(read.variables)}`);
    });

    // Signal the workflow: its pending WAIT task completes with this output, and the call answers once the
    // workflow has ended or waits again. (tasks.updateTaskByRefName completes a task by reference name.)
    const signalled = await tasks.signal(id, 'COMPLETED', { approved: true });
    console.log(`after signal: ${signalled?.status} ${JSON.stringify(signalled?.output)}`);

    // Execute synchronously: returns when the workflow ends or, as here, blocks on a WAIT task.
    const run = await workflows.executeWorkflow(
      { name: 'ops_signal_workflow', version: 1, input: {} },
      { waitForSeconds: 10 },
    );
    console.log(`execute returned at the WAIT: ${run.status}`);

    await unlessMissing('terminate', 'DELETE /api/workflow/{workflowId}', async () => {
      await workflows.terminateWorkflow(run.workflowId, 'Cancelled by user');
      const terminated = await workflows.getWorkflow(run.workflowId, false);
      console.log(`after terminate: ${terminated.status} (${terminated.reasonForIncompletion ?? ''})`);
    });

    const flakyId = await workflows.startWorkflow({ name: 'ops_flaky_workflow', version: 1, input: {} });
    const failed = await untilDone(workflows, flakyId);
    console.log(`flaky workflow: ${failed.status} (${failed.reasonForIncompletion ?? ''})`);

    await unlessMissing('retry', 'POST /api/workflow/{workflowId}/retry', async () => {
      await workflows.retryWorkflow(flakyId, false); // reschedules the failed task
      console.log(`after retry: ${(await untilDone(workflows, flakyId)).status}`);
    });

    await unlessMissing('restart', 'POST /api/workflow/{workflowId}/restart', async () => {
      await workflows.restartWorkflow(flakyId, false); // from the beginning, same id
      console.log(`after restart: ${(await untilDone(workflows, flakyId)).status}`);
    });

    await unlessMissing('rerun', 'POST /api/workflow/{workflowId}/rerun', async () => {
      const last = (await workflows.getWorkflow(flakyId, true)).tasks.at(-1);
      await workflows.rerunWorkflow(flakyId, { reRunFromTaskId: last?.taskId, taskInput: { rerun: true } });
      console.log(`after rerun: ${(await untilDone(workflows, flakyId)).status}`);
    });

    // Baton searches its own tables, so an execution is found as soon as its start returned; Conductor's
    // Elasticsearch index trails a little, hence the few retries.
    const query = 'workflowType = "ops_flaky_workflow"';
    let page = await workflows.search({ start: 0, size: 10, query, sort: 'startTime:DESC' });
    for (let i = 0; i < 40 && page.totalHits === 0; i++) {
      await sleep(50);
      page = await workflows.search({ start: 0, size: 10, query, sort: 'startTime:DESC' });
    }
    console.log(`search found ${page.totalHits} execution(s) of ops_flaky_workflow`);
  } finally {
    await handler.stop();
  }
}

await main();
