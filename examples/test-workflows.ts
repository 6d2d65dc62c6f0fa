/**
 * Testing workflows, with node:test (any test framework works):
 *   - a worker is a plain function: unit-test it directly;
 *   - a workflow with mocked task outputs: POST /api/workflow/test runs it on the server, no workers needed;
 *   - the same workflow for real, with its worker, once per SWITCH branch.
 * Run: CONDUCTOR_SERVER_URL=http://localhost:8080/api npx tsx examples/test-workflows.ts
 *
 * Expected output (among the test runner's report):
 *   mocked run status: COMPLETED
 *   mocked run tasks: http HTTP COMPLETED, hello_ref_1 hello FAILED, hello_ref_1 hello COMPLETED, switch_ref SWITCH COMPLETED, hello_ref_2 hello COMPLETED
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
  worker,
  type TaskMock,
  type WorkflowExecutor,
} from '@baton/sdk';
import { unlessMissing } from './pending-feature.js';

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

void test('the workflow with mocked task outputs (no workers)', async (t) => {
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
  const run = await unlessMissing('mocked run', 'POST /api/workflow/test', () => wf.test(mocks, {}));
  if (run === undefined) {
    t.skip('needs POST /api/workflow/test');
    return;
  }
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
