// Every task type in one workflow, end to end over HTTP against a real server, on each store: a worker
// polls and completes over HTTP, the HTTP task calls a local service, an event handler opens a WAIT, a human
// approves and a signal resumes a YIELD. Then the same across a server restart (the WAIT's durable timer fires in the new process), and a
// child workflow failing terminally fails its parent.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { isTerminalWorkflowStatus, TaskType, type Task, type Workflow } from '@baton/protocol';
import { createDatabase, STORES, type TestDatabase } from './support/databases.js';
import { startServer, type BatonServer } from '@baton/server';
import {
  CHILD,
  DYNAMIC_TASK_DEF,
  FRAGILE_PARENT,
  HttpWorker,
  KITCHENSINK,
  OPEN_GATE_HANDLER,
  startQuoteService,
} from './e2e-kitchensink-fixture.js';

const ITEMS = [{ n: 1 }, { n: 2 }, { n: 3 }];
const APPROVAL = { approver: 'Grace', approved: true };

/** What the kitchensink's TERMINATE hands back, wired from the outputs of most of its tasks. */
const EXPECTED_OUTPUT = {
  customer: 'Ada',
  stage: 'approved',
  route: 'fanout',
  quote: { customer: 'Ada', price: 7.5, currency: 'EUR' },
  greeting: 'Hello Ada',
  gate: 'event handler',
  notified: 'conductor:kitchensink:notify',
  doubled: 42,
  sizing: 'many',
  items: {
    _ks_item_0: { doubled: 2, index: 0 },
    _ks_item_1: { doubled: 4, index: 1 },
    _ks_item_2: { doubled: 6, index: 2 },
  },
  iterations: 3,
  lastAcc: 10,
  dynamic: 'ks_dyn worker',
  childResult: 126,
  approver: 'Grace',
};

/** Every task the run creates, as `ref taskType status` (sorted): branches not taken are absent. */
const EXPECTED_TASKS = [
  'vars SET_VARIABLE',
  'pick INLINE',
  'route SWITCH',
  'fork FORK',
  'call HTTP',
  'work ks_worker',
  'notify EVENT',
  'gate WAIT',
  'join JOIN',
  'legacy DECISION',
  'lambda LAMBDA',
  'xjoin EXCLUSIVE_JOIN',
  'sizing SWITCH',
  'dynfork FORK',
  '_ks_item_0 ks_item',
  '_ks_item_1 ks_item',
  '_ks_item_2 ks_item',
  'dynjoin JOIN',
  'loop DO_WHILE',
  'square__1 JSON_JQ_TRANSFORM',
  'acc__1 INLINE',
  'square__2 JSON_JQ_TRANSFORM',
  'acc__2 INLINE',
  'square__3 JSON_JQ_TRANSFORM',
  'acc__3 INLINE',
  'dyn ks_dyn',
  'child SUB_WORKFLOW',
  'starter START_WORKFLOW',
  'pause WAIT',
  'human HUMAN',
  'vars_after SET_VARIABLE',
  'yielded YIELD',
  'inbox PULL_WORKFLOW_MESSAGES',
  'noop NOOP',
  'done TERMINATE',
]
  .map((line) => `${line} COMPLETED`)
  .sort();

let database: TestDatabase;
let server: BatonServer;
let worker: HttpWorker;
let quotes: Awaited<ReturnType<typeof startQuoteService>>;

function api(path: string, init?: RequestInit): Promise<Response> {
  return fetch(`${server.url}/api${path}`, init);
}

async function post(path: string, body: unknown): Promise<Response> {
  const res = await api(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  assert.equal(res.status, 200, `POST ${path}: ${await res.clone().text()}`);
  return res;
}

async function getWorkflow(workflowId: string): Promise<Workflow> {
  const res = await api(`/workflow/${workflowId}`);
  assert.equal(res.status, 200, `GET workflow ${workflowId}: ${await res.clone().text()}`);
  return (await res.json()) as Workflow;
}

function describeTasks(wf: Workflow): string {
  const tasks = wf.tasks.map((t) => `${t.referenceTaskName}=${t.status}`).join(', ');
  return `workflow ${wf.workflowId} ${wf.status} (${wf.reasonForIncompletion ?? ''}); tasks: ${tasks}; worker problems: ${worker.problems.join(' | ')}`;
}

function taskByRef(wf: Workflow, ref: string): Task {
  const found = wf.tasks.find((t) => t.referenceTaskName === ref);
  assert.ok(found, `no task ${ref}: ${describeTasks(wf)}`);
  return found;
}

/** Re-reads the workflow until `done` holds (bounded; the failure lists every task's status). */
async function awaitWorkflow(
  workflowId: string,
  what: string,
  done: (wf: Workflow) => boolean,
  onPass: (wf: Workflow) => Promise<void> = async () => {},
): Promise<Workflow> {
  const deadline = Date.now() + 15_000;
  let wf = await getWorkflow(workflowId);
  while (!done(wf)) {
    if (isTerminalWorkflowStatus(wf.status)) assert.fail(`ended before ${what}: ${describeTasks(wf)}`);
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}: ${describeTasks(wf)}`);
    await onPass(wf);
    await sleep(40);
    wf = await getWorkflow(workflowId);
  }
  return wf;
}

/** Drives a kitchensink run to its end: the worker does its part, the test plays the human approver. */
async function awaitKitchensinkEnd(workflowId: string): Promise<Workflow> {
  let approved = false;
  let signalled = false;
  let messaged = false;
  return awaitWorkflow(
    workflowId,
    'the end',
    (wf) => isTerminalWorkflowStatus(wf.status),
    async (wf) => {
      const human = wf.tasks.find((t) => t.referenceTaskName === 'human');
      if (!approved && human?.status === 'IN_PROGRESS') {
        const res = await post(`/tasks/${workflowId}/human/COMPLETED?workerid=approver`, APPROVAL);
        assert.equal(await res.text(), human.taskId);
        approved = true;
      }
      if (!messaged) {
        const res = await post(`/workflow/${workflowId}/messages`, { note: 'for the inbox' });
        assert.equal(res.status, 200, await res.text());
        messaged = true;
      }
      const yielded = wf.tasks.find((t) => t.referenceTaskName === 'yielded');
      if (!signalled && yielded?.status === 'IN_PROGRESS') {
        const res = await post(`/tasks/${workflowId}/COMPLETED/signal`, { resumed: true });
        assert.equal(res.status, 200, await res.text());
        signalled = true;
      }
    },
  );
}

async function startKitchensink(correlationId: string, wait: string): Promise<string> {
  const res = await post('/workflow', {
    name: 'kitchensink',
    version: 1,
    correlationId,
    input: {
      name: 'Ada',
      mode: 'fanout',
      n: 21,
      items: ITEMS,
      quoteUrl: quotes.url,
      dynamicTask: 'ks_dyn',
      wait,
    },
  });
  return res.text();
}

/** What every completed kitchensink run must show, wherever it ran. */
async function assertKitchensinkCompleted(wf: Workflow, correlationId: string): Promise<void> {
  assert.equal(wf.status, 'COMPLETED', describeTasks(wf));
  assert.deepEqual(wf.output, EXPECTED_OUTPUT);
  assert.equal(
    wf.reasonForIncompletion,
    `Workflow is COMPLETED by TERMINATE task: ${taskByRef(wf, 'done').taskId}`,
  );
  assert.deepEqual(wf.variables, { stage: 'approved', customer: 'Ada', approver: 'Grace' });

  const tasks = wf.tasks.map((t) => `${t.referenceTaskName} ${t.taskType} ${t.status}`).sort();
  assert.deepEqual(tasks, EXPECTED_TASKS);
  const types = new Set(wf.tasks.map((t) => t.workflowTask.type ?? 'SIMPLE'));
  const allTypes = Object.values(TaskType).filter((type) => type !== 'FORK' && type !== 'KAFKA_PUBLISH');
  assert.deepEqual(
    allTypes.filter((type) => !types.has(type)),
    [],
    'every task type ran',
  );

  // The loop ran three iterations, each recorded under its number.
  const loop = taskByRef(wf, 'loop');
  assert.equal(loop.outputData.iteration, 3);
  assert.deepEqual(loop.outputData['3'], { square: { result: 9, resultList: [9] }, acc: { result: 10 } });
  assert.deepEqual(taskByRef(wf, 'legacy').outputData.caseOutput, ['big']);

  // The event handler, not a timer, completed the gate, for this workflow's message.
  const gate = taskByRef(wf, 'gate').outputData;
  assert.equal(gate.via, 'event handler');
  assert.equal(gate.note, 'gate for Ada');
  assert.equal(gate['conductor.event.name'], 'conductor:kitchensink:notify');
  assert.equal(gate['conductor.event.messageId'], taskByRef(wf, 'notify').taskId);

  assert.equal(taskByRef(wf, 'human').outputData.approver, 'Grace');
  assert.equal(taskByRef(wf, 'work').workerId, worker.workerId);
  assert.equal(taskByRef(wf, 'dyn').taskDefName, 'ks_dyn');

  // The SUB_WORKFLOW child is a real workflow that knows its parent.
  const childTask = taskByRef(wf, 'child');
  const childId = childTask.subWorkflowId;
  assert.ok(childId, 'the SUB_WORKFLOW task names its child');
  assert.equal(childTask.outputData.subWorkflowId, childId);
  const child = await getWorkflow(childId);
  assert.equal(child.status, 'COMPLETED', describeTasks(child));
  assert.equal(child.workflowName, 'ks_child');
  assert.equal(child.parentWorkflowId, wf.workflowId);
  assert.equal(child.parentWorkflowTaskId, childTask.taskId);
  assert.equal(child.correlationId, correlationId);
  assert.deepEqual(child.input, { x: 42, fail: false });
  assert.deepEqual(child.output, { childResult: 126 });

  // START_WORKFLOW started an independent run of the same child definition.
  const startedId = taskByRef(wf, 'starter').outputData.workflowId;
  assert.equal(typeof startedId, 'string');
  const started = await awaitWorkflow(String(startedId), 'the started workflow', (w) =>
    isTerminalWorkflowStatus(w.status),
  );
  assert.equal(started.status, 'COMPLETED', describeTasks(started));
  assert.equal(started.parentWorkflowId, undefined);
  assert.equal(started.correlationId, correlationId);
  assert.deepEqual(started.output, { childResult: 15 });
}

for (const kind of STORES)
  void describe(`on ${kind}`, () => {
    before(async () => {
      database = await createDatabase(kind);
      quotes = await startQuoteService();
      server = await startServer({ port: 0, db: database.db, logLevel: 'silent' });
      worker = new HttpWorker(server.url);

      await post('/metadata/taskdefs', [DYNAMIC_TASK_DEF]);
      for (const def of [CHILD, KITCHENSINK, FRAGILE_PARENT]) await post('/metadata/workflow', def);
      await post('/event', OPEN_GATE_HANDLER);
    });

    after(async () => {
      await worker?.stop();
      await server?.close();
      await quotes?.close();
      await database?.drop();
    });

    void describe('kitchensink over HTTP', () => {
      void test('a workflow using every task type runs to COMPLETED with its outputs wired through', async () => {
        const seenBefore = quotes.requests.length;
        const workflowId = await startKitchensink('ks-run', '2s');
        const wf = await awaitKitchensinkEnd(workflowId);

        await assertKitchensinkCompleted(wf, 'ks-run');
        assert.deepEqual(quotes.requests.slice(seenBefore), ['GET /quote?customer=Ada']);
        assert.deepEqual(worker.problems, []);
      });

      void test('a run survives a server restart: the durable WAIT timer fires in the new server', async () => {
        const seenBefore = quotes.requests.length;
        const workflowId = await startKitchensink('ks-restart', '3s');
        const waiting = await awaitWorkflow(workflowId, 'the WAIT to start', (wf) =>
          wf.tasks.some((t) => t.referenceTaskName === 'pause' && t.status === 'IN_PROGRESS'),
        );
        assert.deepEqual(
          waiting.tasks.map((t) => `${t.referenceTaskName} ${t.status}`),
          ['vars COMPLETED', 'pause IN_PROGRESS'],
          'nothing after the WAIT ran on the first server',
        );

        await worker.suspend();
        await server.close();
        const closedAt = Date.now();
        const handedOutBefore = worker.handedOut.length;
        server = await startServer({ port: 0, db: database.db, logLevel: 'silent' });
        worker.resume(server.url);

        const wf = await awaitKitchensinkEnd(workflowId);
        await assertKitchensinkCompleted(wf, 'ks-restart');
        assert.ok(
          taskByRef(wf, 'pause').endTime >= closedAt,
          'the WAIT ended after the first server was gone, so the second one fired it',
        );
        // The worker tasks, the HTTP call and the event handler all did their part through the new server.
        const workedAfter = worker.handedOut
          .slice(handedOutBefore)
          .filter((t) => t.workflowInstanceId === workflowId)
          .map((t) => t.referenceTaskName)
          .sort();
        assert.deepEqual(workedAfter, ['_ks_item_0', '_ks_item_1', '_ks_item_2', 'dyn', 'work']);
        assert.deepEqual(quotes.requests.slice(seenBefore), ['GET /quote?customer=Ada']);
        assert.ok(taskByRef(wf, 'gate').endTime >= closedAt);
        assert.deepEqual(worker.problems, []);
      });

      void test('a child workflow failing terminally fails its SUB_WORKFLOW task and the parent', async () => {
        const res = await post('/workflow/ks_fragile_parent', {});
        const parentId = await res.text();
        const parent = await awaitWorkflow(parentId, 'the parent to end', (wf) =>
          isTerminalWorkflowStatus(wf.status),
        );

        assert.equal(parent.status, 'FAILED', describeTasks(parent));
        assert.deepEqual(
          parent.tasks.map((t) => `${t.referenceTaskName} ${t.status}`),
          ['fragile_child FAILED'],
          'the task after the SUB_WORKFLOW never ran',
        );
        const subTask = taskByRef(parent, 'fragile_child');
        assert.match(subTask.reasonForIncompletion ?? '', /child refused/);
        assert.deepEqual(parent.failedReferenceTaskNames, ['fragile_child']);

        const child = await getWorkflow(subTask.subWorkflowId!);
        assert.equal(child.status, 'FAILED', describeTasks(child));
        assert.equal(child.parentWorkflowId, parentId);
        assert.deepEqual(
          child.tasks.map((t) => [t.referenceTaskName, t.status, t.reasonForIncompletion]),
          [['child_work', 'FAILED_WITH_TERMINAL_ERROR', 'child refused']],
        );
        assert.deepEqual(worker.problems, []);
      });
    });
  });
