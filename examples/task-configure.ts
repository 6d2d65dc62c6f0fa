/**
 * Task configuration: retries, timeouts, concurrency and rate limits live in the task definition on the server,
 * not in the worker. Registers `task_with_retries`, reads it back, then runs a worker that fails twice: the
 * server retries the task (LINEAR_BACKOFF: 1 s, then 2 s) and the third attempt completes the workflow.
 * Run: CONDUCTOR_SERVER_URL=http://localhost:8080/api npx tsx examples/task-configure.ts
 *
 * Expected output:
 *   registered task_with_retries: retryCount=3 retryLogic=LINEAR_BACKOFF retryDelaySeconds=1 ...
 *   attempt 0: failing on purpose
 *   attempt 1: failing on purpose
 *   attempt 2: succeeding
 *   workflow COMPLETED after 3 attempts: FAILED, FAILED, COMPLETED
 */
import { ConductorWorkflow, OrkesClients, TaskHandler, worker, type TaskDef } from '@baton/sdk';

const taskDef: TaskDef = {
  name: 'task_with_retries',
  retryCount: 3,
  retryLogic: 'LINEAR_BACKOFF',
  retryDelaySeconds: 1,
  backoffScaleFactor: 1,
  // only allow 3 tasks at a time to be in the IN_PROGRESS status
  concurrentExecLimit: 3,
  // time out the task if not polled within 60 seconds of scheduling
  pollTimeoutSeconds: 60,
  // time out the task if it does not COMPLETE within 2 minutes
  timeoutSeconds: 120,
  // for long-running tasks: time out if not updated (COMPLETED or IN_PROGRESS) within 60 seconds of the last update
  responseTimeoutSeconds: 60,
  timeoutPolicy: 'TIME_OUT_WF',
  // only allow 100 executions in a 10-second window (on top of concurrentExecLimit)
  rateLimitPerFrequency: 100,
  rateLimitFrequencyInSeconds: 10,
};

// Fails its first two attempts; the server, not the worker, decides when to try again.
const withRetries = worker({ taskDefName: 'task_with_retries' }, (_input: object, ctx) => {
  if (ctx.retryCount < 2) {
    console.log(`attempt ${ctx.retryCount}: failing on purpose`);
    throw new Error(`attempt ${ctx.retryCount} failed`);
  }
  console.log(`attempt ${ctx.retryCount}: succeeding`);
  return { attempts: ctx.retryCount + 1 };
});

async function main(): Promise<void> {
  const clients = new OrkesClients(); // configured from the environment
  const metadata = clients.getMetadataClient();

  await metadata.registerTaskDef(taskDef);
  const stored = await metadata.getTaskDef('task_with_retries');
  const shown = [
    'retryCount',
    'retryLogic',
    'retryDelaySeconds',
    'concurrentExecLimit',
    'pollTimeoutSeconds',
    'timeoutSeconds',
    'responseTimeoutSeconds',
    'rateLimitPerFrequency',
    'rateLimitFrequencyInSeconds',
  ] as const;
  console.log(`registered task_with_retries: ${shown.map((key) => `${key}=${stored[key]}`).join(' ')}`);

  const wf = new ConductorWorkflow<Record<string, never>>({
    name: 'task_with_retries_workflow',
    executor: clients.getWorkflowExecutor(),
  });
  wf.add(withRetries.task('task_with_retries_ref', {}));

  const handler = new TaskHandler({ configuration: clients.configuration, workers: [withRetries] });
  await handler.start();
  try {
    const run = await wf.execute({}, { waitForSeconds: 20 });
    const attempts = (run.tasks ?? []).filter((t) => t.referenceTaskName === 'task_with_retries_ref');
    console.log(
      `workflow ${run.status} after ${attempts.length} attempts: ${attempts.map((t) => t.status).join(', ')}`,
    );
    // How long after each failure the next attempt started (informational: includes the worker's poll delay).
    const delays = attempts.slice(1).map((t, i) => ((t.startTime ?? 0) - (attempts[i]?.endTime ?? 0)) / 1000);
    console.log(`retried after: ${delays.map((d) => `${d.toFixed(1)} s`).join(', ')}`);
  } finally {
    await handler.stop();
  }
}

await main();
