// Crash safety: a real server process is SIGKILLed a third of the way through 300 three-step workflows and
// restarted on the same database (an SQLite file, and a PostgreSQL database). Every workflow must still finish with exactly the output its chain computes,
// and no task id may ever be handed out twice (a lease is a task's IN_PROGRESS life; a retry is a new task).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Task, Workflow } from '@baton/protocol';
import { STORES, freshDatabase } from './support/databases.js';
import { killHard, spawnServer } from './support/server-process.js';

const WORKFLOWS = 300;
const TASK_TYPES = ['t1', 't2', 't3'] as const;
const POLLERS_PER_TYPE = 3;

/** What each worker computes; the workflow's output is therefore a pure function of its input. */
const WORK: Record<string, (input: { v: number; s: string }) => { v: number; s: string }> = {
  t1: ({ v, s }) => ({ v: v + 1, s: `${s}>t1` }),
  t2: ({ v, s }) => ({ v: v * 3, s: `${s}>t2` }),
  t3: ({ v, s }) => ({ v: v - 2, s: `${s}>t3` }),
};

function expectedOutput(n: number): { v: number; s: string } {
  return { v: (n + 1) * 3 - 2, s: `wf${n}>t1>t2>t3` };
}

/**
 * Workers living in the test process. They follow `url` (the test points it at the restarted server), treat
 * connection errors as "server away", and keep retrying an update until the server answers it.
 */
class ChainWorkers {
  url: string;
  stopped = false;
  completed = 0;
  /** taskId → when a poll handed it out. */
  readonly handedOut = new Map<string, number>();
  readonly handedOutTwice: string[] = [];
  readonly unexpectedResponses: string[] = [];
  private loops: Promise<void>[] = [];

  constructor(url: string) {
    this.url = url;
  }

  start(): void {
    for (const type of TASK_TYPES) {
      for (let i = 0; i < POLLERS_PER_TYPE; i++) this.loops.push(this.pollLoop(type, `${type}-worker-${i}`));
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.loops);
  }

  /**
   * Polls as a worker whose reply never arrives: the tasks stay IN_PROGRESS with nobody working them, as when the
   * server dies between committing a poll and delivering its answer. They must time out and be retried.
   */
  async pollAndAbandon(type: string, count: number): Promise<Task[]> {
    return (await this.poll(type, 'lost-reply-worker', count, 100)) ?? [];
  }

  private async pollLoop(type: string, workerId: string): Promise<void> {
    while (!this.stopped) {
      const tasks = await this.poll(type, workerId, 5, 500);
      if (tasks === undefined) {
        await sleep(50); // the server is down (or being killed): try again, possibly at a new URL
        continue;
      }
      await Promise.all(tasks.map((task) => this.complete(task, workerId)));
    }
  }

  /** One batch poll; records what it hands out. Undefined when the server could not be reached. */
  private async poll(
    type: string,
    workerId: string,
    count: number,
    timeoutMs: number,
  ): Promise<Task[] | undefined> {
    let tasks: Task[];
    try {
      const res = await fetch(
        `${this.url}/api/tasks/poll/batch/${type}?count=${count}&timeout=${timeoutMs}&workerid=${workerId}`,
      );
      if (res.status !== 200) {
        this.unexpectedResponses.push(`poll ${type}: ${res.status} ${await res.text()}`);
        return undefined;
      }
      tasks = (await res.json()) as Task[];
    } catch {
      return undefined;
    }
    const receivedAt = Date.now();
    for (const task of tasks) {
      const firstHandedOut = this.handedOut.get(task.taskId);
      if (firstHandedOut !== undefined) {
        this.handedOutTwice.push(
          `${task.taskId} (${task.referenceTaskName}) at ${firstHandedOut} and ${receivedAt}`,
        );
      } else {
        this.handedOut.set(task.taskId, receivedAt);
      }
    }
    return tasks;
  }

  private async complete(task: Task, workerId: string): Promise<void> {
    const outputData = WORK[task.taskType]!(task.inputData as { v: number; s: string });
    const body = JSON.stringify({
      workflowInstanceId: task.workflowInstanceId,
      taskId: task.taskId,
      status: 'COMPLETED',
      workerId,
      outputData,
    });
    while (!this.stopped) {
      try {
        const res = await fetch(`${this.url}/api/tasks`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
        });
        const text = await res.text();
        if (res.ok) {
          this.completed++;
          return;
        }
        this.unexpectedResponses.push(`update ${task.taskId}: ${res.status} ${text}`);
        if (res.status < 500) return;
      } catch {
        // Connection refused or reset: the update may or may not have landed; it is safe to send again.
      }
      await sleep(50);
    }
  }
}

async function postJson(url: string, body: unknown): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

async function register(url: string): Promise<void> {
  const taskDefs = TASK_TYPES.map((name) => ({
    name,
    retryCount: 5,
    retryLogic: 'FIXED',
    retryDelaySeconds: 0,
    responseTimeoutSeconds: 3,
    timeoutSeconds: 30,
    timeoutPolicy: 'RETRY',
  }));
  let res = await postJson(`${url}/api/metadata/taskdefs`, taskDefs);
  assert.equal(res.status, 200, await res.text());

  const chainStep = (name: string, from: string) => ({
    name,
    taskReferenceName: `${name}_ref`,
    type: 'SIMPLE',
    inputParameters: { v: `\${${from}.v}`, s: `\${${from}.s}` },
  });
  res = await postJson(`${url}/api/metadata/workflow`, {
    name: 'crash_chain',
    version: 1,
    schemaVersion: 2,
    tasks: [
      chainStep('t1', 'workflow.input'),
      chainStep('t2', 't1_ref.output'),
      chainStep('t3', 't2_ref.output'),
    ],
    outputParameters: { v: '${t3_ref.output.v}', s: '${t3_ref.output.s}' },
  });
  assert.equal(res.status, 200, await res.text());
}

async function startWorkflows(url: string): Promise<string[]> {
  const ids: string[] = new Array<string>(WORKFLOWS);
  let next = 0;
  const starter = async (): Promise<void> => {
    while (next < WORKFLOWS) {
      const n = next++;
      const res = await postJson(`${url}/api/workflow/crash_chain`, { v: n, s: `wf${n}` });
      const text = await res.text();
      assert.equal(res.status, 200, text);
      ids[n] = text;
    }
  };
  await Promise.all(Array.from({ length: 10 }, starter));
  return ids;
}

/** Re-reads every unfinished workflow until all are COMPLETED; fails on another terminal state or at the deadline. */
async function awaitAllCompleted(
  url: () => string,
  ids: string[],
  deadline: number,
): Promise<Map<string, Workflow>> {
  const done = new Map<string, Workflow>();
  while (done.size < ids.length) {
    const pending = ids.filter((id) => !done.has(id));
    for (let i = 0; i < pending.length; i += 50) {
      await Promise.all(
        pending.slice(i, i + 50).map(async (id) => {
          const res = await fetch(`${url()}/api/workflow/${id}?includeTasks=false`);
          assert.equal(res.status, 200, `GET workflow ${id}`);
          const wf = (await res.json()) as Workflow;
          if (wf.status === 'COMPLETED') done.set(id, wf);
          else if (wf.status !== 'RUNNING')
            assert.fail(`workflow ${id} ended ${wf.status}: ${wf.reasonForIncompletion}`);
        }),
      );
    }
    if (done.size === ids.length) break;
    assert.ok(
      Date.now() < deadline,
      `${ids.length - done.size} of ${ids.length} workflows still RUNNING at the deadline`,
    );
    await sleep(250);
  }
  return done;
}

for (const kind of STORES)
  void test(
    `SIGKILL mid-run loses no workflow and never hands a task out twice (${kind})`,
    { timeout: 120_000 },
    async (t) => {
      const dbPath = await freshDatabase(t, kind);
      let server = await spawnServer(dbPath);
      const workers = new ChainWorkers(server.url);
      try {
        await register(server.url);
        const ids = await startWorkflows(server.url);
        assert.equal(new Set(ids).size, WORKFLOWS);

        workers.start();
        const totalTasks = WORKFLOWS * TASK_TYPES.length;
        while (workers.completed < totalTasks / 3) await sleep(5);
        const abandoned = (
          await Promise.all(TASK_TYPES.map((type) => workers.pollAndAbandon(type, 2)))
        ).flat();
        assert.ok(abandoned.length > 0, 'some tasks were still queued to abandon');
        await killHard(server);
        const completedBeforeCrash = workers.completed;
        assert.ok(completedBeforeCrash < totalTasks, 'the crash happened while work was left');

        server = await spawnServer(dbPath);
        workers.url = server.url;

        const finished = await awaitAllCompleted(() => server.url, ids, Date.now() + 60_000);
        ids.forEach((id, n) =>
          assert.deepEqual(finished.get(id)!.output, expectedOutput(n), `output of workflow #${n}`),
        );

        // The abandoned leases ended by response timeout after the restart, and a retry (a new task id) did the work.
        for (const lost of abandoned) {
          const res = await fetch(`${server.url}/api/tasks/${lost.taskId}`);
          assert.equal(res.status, 200);
          const task = (await res.json()) as Task;
          assert.equal(task.status, 'TIMED_OUT', `abandoned task ${lost.taskId}`);
        }
        assert.ok(
          workers.handedOut.size >= totalTasks + abandoned.length,
          `${workers.handedOut.size} tasks handed out for ${totalTasks} steps and ${abandoned.length} lost replies`,
        );

        t.diagnostic(
          `${completedBeforeCrash} of ${totalTasks} steps completed before the kill; ` +
            `${abandoned.length} abandoned leases; ${workers.handedOut.size - totalTasks} extra attempts in all ` +
            '(the abandoned ones, plus leases that expired while the server was down)',
        );
        assert.deepEqual(workers.handedOutTwice, [], 'task ids handed out more than once');
        assert.deepEqual(workers.unexpectedResponses, []);
      } finally {
        await killHard(server);
        await workers.stop();
      }
    },
  );
