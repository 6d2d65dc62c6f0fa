/**
 * Testing workflows, with node:test (any test framework works):
 *   - a worker is a plain function: unit-test it directly;
 *   - a workflow with mocked task outputs: POST /api/workflow/test runs it on the server, no workers needed;
 *   - a day of WAIT and backoff retries, tested in an instant: Baton runs tests on a virtual clock;
 *   - the same workflow for real, with its worker, once per SWITCH branch.
 * Run: CONDUCTOR_SERVER_URL=http://localhost:8080/api npx tsx examples/test-workflows.ts
 *
 * Expected output (among the test runner's report):
 *   mocked run status: COMPLETED
 *   mocked run tasks: http HTTP COMPLETED, hello_ref_1 hello FAILED, hello_ref_1 hello COMPLETED, switch_ref SWITCH COMPLETED, hello_ref_2 hello COMPLETED
 *   virtual clock: COMPLETED, 24 h 30 min of workflow time
 *   virtual clock: wait_a_day COMPLETED after 24 h 0 min
 *   virtual clock: remind attempt 0 FAILED at 24 h 0 min, attempt 1 FAILED at 24 h 10 min, attempt 2 COMPLETED at 24 h 30 min
 *   real run (city NYC): COMPLETED via hello_ref_2
 *   real run (city Paris): COMPLETED via hello_ref_3
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { before, test } from 'node:test';
import {
  ConductorWorkflow,
  HttpTask,
  OrkesClients,
  SimpleTask,
  SwitchTask,
  TaskHandler,
  WaitTask,
  worker,
  type TaskMock,
  type WorkflowExecutor,
} from '@baton/sdk';

/** The worker function, kept apart from its registration so tests can call it like any function. */
function greet({ name }: { name: string }): string {
  return `Hello my friend ${name}`;
}

/** HTTP call, then `hello_ref_1`; its `city` output picks the SWITCH branch: NYC → hello_ref_2, else hello_ref_3. */
function unitTestingWorkflow(executor: WorkflowExecutor, uri: string): ConductorWorkflow<{ city?: string }> {
  const wf = new ConductorWorkflow<{ city?: string }>({ name: 'unit_testing_example', version: 1, executor });
  const task1 = new SimpleTask('hello', 'hello_ref_1', { city: wf.input('city') });
  const task2 = new SimpleTask('hello', 'hello_ref_2');
  const task3 = new SimpleTask('hello', 'hello_ref_3');
  const decision = new SwitchTask('switch_ref', task1.outputPath('city'))
    .switchCase('NYC', task2)
    .defaultCase(task3);
  const http = new HttpTask('http', { uri });
  return wf.add(http, task1, decision);
}

const clients = new OrkesClients(); // configured from the environment
const executor = clients.getWorkflowExecutor();

// hello_ref_1's mocks are two attempts (a failure, then a success): the task definition allows one retry.
before(() =>
  clients.getMetadataClient().registerTaskDef({ name: 'hello', retryCount: 1, retryDelaySeconds: 0 }),
);

void test('the greet worker is a plain function', () => {
  assert.equal(greet({ name: 'test' }), 'Hello my friend test');
});

void test('the workflow with mocked task outputs (no workers)', async () => {
  const wf = unitTestingWorkflow(executor, 'https://orkes-api-tester.orkesconductor.com/api');
  const mocks: Record<string, TaskMock[]> = {
    // hello_ref_1 has two attempts: the first fails, the second succeeds with city NYC
    hello_ref_1: [
      { status: 'FAILED', output: { key: 'failed' } },
      { status: 'COMPLETED', output: { city: 'NYC' } },
    ],
    hello_ref_2: [{ status: 'COMPLETED', output: { key: 'task2.output' } }],
    http: [{ status: 'COMPLETED', output: { key: 'http.output' } }],
  };
  const run = await wf.test(mocks, {});
  console.log(`mocked run status: ${run.status}`);
  console.log(
    `mocked run tasks: ${run.tasks.map((x) => `${x.referenceTaskName} ${x.taskType} ${x.status}`).join(', ')}`,
  );
  assert.equal(run.status, 'COMPLETED');
  assert.equal(run.tasks[0]?.taskType, 'HTTP');
  assert.equal(run.tasks[1]?.status, 'FAILED');
  assert.equal(run.tasks[2]?.status, 'COMPLETED');
  assert.equal(run.tasks.at(-1)?.referenceTaskName, 'hello_ref_2'); // the NYC branch ran
});

/** "24 h 10 min" from milliseconds. */
const span = (ms: number): string => `${Math.floor(ms / 3_600_000)} h ${Math.floor(ms / 60_000) % 60} min`;

void test('a day of waiting and retries, tested in an instant (virtual clock)', async () => {
  // Sending a reminder may fail; it is retried after 10, then 20 minutes (exponential backoff).
  await clients.getMetadataClient().registerTaskDef({
    name: 'send_reminder',
    retryCount: 2,
    retryLogic: 'EXPONENTIAL_BACKOFF',
    retryDelaySeconds: 600,
  });
  const wf = new ConductorWorkflow({ name: 'reminder_example', version: 1, executor });
  wf.add(new WaitTask('wait_a_day', { duration: '24 hours' }), new SimpleTask('send_reminder', 'remind'));

  // Baton runs the test on a virtual clock: the day and the backoff pass at once, at exact times.
  const run = await wf.test({
    remind: [{ status: 'FAILED' }, { status: 'FAILED' }, { output: { sent: true } }],
  });
  const since = (time = 0): number => time - (run.startTime ?? 0);
  const wait = run.tasks.find((x) => x.referenceTaskName === 'wait_a_day')!;
  const reminders = run.tasks.filter((x) => x.referenceTaskName === 'remind');
  console.log(`virtual clock: ${run.status}, ${span(since(run.endTime))} of workflow time`);
  console.log(
    `virtual clock: wait_a_day ${wait.status} after ${span(since(wait.endTime) - since(wait.startTime))}`,
  );
  console.log(
    `virtual clock: remind ${reminders.map((x) => `attempt ${x.retryCount} ${x.status} at ${span(since(x.startTime))}`).join(', ')}`,
  );
  assert.equal(run.status, 'COMPLETED');
  assert.equal(since(run.endTime), (24 * 60 + 30) * 60_000);
  assert.deepEqual(
    reminders.map((x) => since(x.startTime)),
    [24 * 60, 24 * 60 + 10, 24 * 60 + 30].map((minutes) => minutes * 60_000),
  );
});

void test('the workflow for real, with its worker, down each branch', async (t) => {
  // A local service for the HTTP task (the server must reach 127.0.0.1, as a local server does).
  const service = createServer((_req, res) =>
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}'),
  );
  await new Promise<void>((resolve) => service.listen(0, '127.0.0.1', resolve));
  t.after(() => service.close());
  const uri = `http://127.0.0.1:${(service.address() as AddressInfo).port}/`;

  // hello_ref_1 echoes its city; the others greet.
  const hello = worker({ taskDefName: 'hello', registerTaskDef: true }, ({ city }: { city?: string }, ctx) =>
    ctx.task.referenceTaskName === 'hello_ref_1'
      ? { city }
      : { result: greet({ name: ctx.task.referenceTaskName }) },
  );
  const handler = new TaskHandler({ configuration: clients.configuration, workers: [hello] });
  await handler.start();
  t.after(() => handler.stop());

  const wf = unitTestingWorkflow(executor, uri);
  for (const [city, branch] of [
    ['NYC', 'hello_ref_2'],
    ['Paris', 'hello_ref_3'],
  ] as const) {
    const run = await wf.execute({ city }, { waitForSeconds: 10 });
    const last = run.tasks?.at(-1)?.referenceTaskName;
    console.log(`real run (city ${city}): ${run.status} via ${last}`);
    assert.equal(run.status, 'COMPLETED');
    assert.equal(last, branch);
  }
});
