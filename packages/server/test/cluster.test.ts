// Three Baton servers on one PostgreSQL database, workers spread over all three, one server SIGKILLed mid-run and
// started again later. 1,000 workflows that each use a SIMPLE chain, FORK/JOIN, SUB_WORKFLOW, WAIT, DO_WHILE and
// INLINE must all complete with exactly the output they compute; no task id is handed to two workers; every WAIT
// fires once. Then, across servers: execute on one server returns when the workflow completes through another,
// concurrent idempotent starts spread over the servers start one workflow, and a concurrency cap holds
// cluster-wide.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Task, Workflow, WorkflowDef } from '@baton/protocol';
import { freshDatabase } from './support/databases.js';
import { killHard, spawnServer, type ServerProcess } from './support/server-process.js';

const WORKFLOWS = Number(process.env.BATON_CLUSTER_WORKFLOWS ?? 1000);
const SERVERS = 3;
const POLLERS_PER_TYPE = 4;
const TYPES = ['cl_add', 'cl_triple', 'cl_step'] as const;

/** What the workers compute: the workflow's output is a pure function of its input `n`. */
const WORK: Record<string, (input: { v: number }) => { v: number }> = {
  cl_add: ({ v }) => ({ v: v + 1 }),
  cl_triple: ({ v }) => ({ v: v * 3 }),
  cl_step: ({ v }) => ({ v: v + 10 }),
};

const CHILD: WorkflowDef = {
  name: 'cluster_child',
  version: 1,
  schemaVersion: 2,
  tasks: [
    {
      name: 'cl_triple',
      taskReferenceName: 'triple',
      type: 'SIMPLE',
      inputParameters: { v: '${workflow.input.v}' },
    },
  ],
  outputParameters: { v: '${triple.output.v}' },
};

const MIX: WorkflowDef = {
  name: 'cluster_mix',
  version: 1,
  schemaVersion: 2,
  tasks: [
    {
      name: 'double',
      taskReferenceName: 'double',
      type: 'INLINE',
      inputParameters: { evaluatorType: 'javascript', expression: '$.n * 2', n: '${workflow.input.n}' },
    },
    {
      name: 'fork',
      taskReferenceName: 'fork',
      type: 'FORK_JOIN',
      forkTasks: [
        [
          {
            name: 'cl_add',
            taskReferenceName: 'add',
            type: 'SIMPLE',
            inputParameters: { v: '${double.output.result}' },
          },
        ],
        [
          {
            name: 'child',
            taskReferenceName: 'child',
            type: 'SUB_WORKFLOW',
            inputParameters: { v: '${workflow.input.n}' },
            subWorkflowParam: { name: 'cluster_child', version: 1 },
          },
        ],
      ],
    },
    { name: 'join', taskReferenceName: 'join', type: 'JOIN', joinOn: ['add', 'child'] },
    { name: 'pause', taskReferenceName: 'pause', type: 'WAIT', inputParameters: { duration: '1 seconds' } },
    {
      name: 'loop',
      taskReferenceName: 'loop',
      type: 'DO_WHILE',
      loopCondition: "if ($.loop['iteration'] < 2) { true; } else { false; }",
      inputParameters: { loop: '${loop.output}' },
      loopOver: [
        {
          name: 'cl_step',
          taskReferenceName: 'step',
          type: 'SIMPLE',
          inputParameters: { v: '${add.output.v}' },
        },
      ],
    },
  ],
  outputParameters: { added: '${add.output.v}', tripled: '${child.output.v}', stepped: '${step.output.v}' },
};

function expectedOutput(n: number): Record<string, number> {
  return { added: n * 2 + 1, tripled: n * 3, stepped: n * 2 + 1 + 10 };
}

/** A load balancer's view: every live server, and calls that move on to the next one when one is down. */
class Cluster {
  readonly servers: Array<ServerProcess | undefined> = [];
  private turn = 0;

  constructor(readonly db: string) {}

  async start(index: number): Promise<void> {
    this.servers[index] = await spawnServer(this.db);
  }

  async kill(index: number): Promise<void> {
    const server = this.servers[index];
    this.servers[index] = undefined;
    if (server) await killHard(server);
  }

  /** The next live server's URL, round-robin. */
  next(): string {
    for (let i = 0; i < this.servers.length; i++) {
      const server = this.servers[this.turn++ % this.servers.length];
      if (server) return server.url;
    }
    throw new Error('no server is up');
  }

  url(index: number): string {
    const server = this.servers[index];
    if (!server) throw new Error(`server ${index} is down`);
    return server.url;
  }

  /** A request to the next live server; a refused connection tries another (the request never arrived). */
  async fetch(path: string, init?: RequestInit): Promise<Response> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await fetch(`${this.next()}${path}`, init);
      } catch (err) {
        if (attempt >= 20) throw err;
        await sleep(50);
      }
    }
  }

  async stopAll(): Promise<void> {
    await Promise.all(this.servers.map((s) => s && killHard(s)));
  }
}

const json = (body: unknown): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

/** Workers polling every server in turn; each records what it was handed. */
class Workers {
  stopped = false;
  readonly handedOut = new Map<string, string>();
  readonly handedOutTwice: string[] = [];
  readonly unexpected: string[] = [];
  private loops: Promise<void>[] = [];

  constructor(private readonly cluster: Cluster) {}

  start(): void {
    for (const type of TYPES) {
      for (let i = 0; i < POLLERS_PER_TYPE; i++) this.loops.push(this.loop(type, `${type}-${i}`));
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.loops);
  }

  private async loop(type: string, workerId: string): Promise<void> {
    while (!this.stopped) {
      let tasks: Task[];
      let url: string;
      try {
        url = this.cluster.next();
        const res = await fetch(
          `${url}/api/tasks/poll/batch/${type}?count=5&timeout=200&workerid=${workerId}`,
        );
        if (res.status !== 200) {
          this.unexpected.push(`poll ${type}: ${res.status} ${await res.text()}`);
          await sleep(50);
          continue;
        }
        tasks = (await res.json()) as Task[];
      } catch {
        await sleep(20); // that server is down: the next poll goes to another
        continue;
      }
      for (const task of tasks) {
        const first = this.handedOut.get(task.taskId);
        if (first) this.handedOutTwice.push(`${task.taskId} by ${first} and ${url}`);
        else this.handedOut.set(task.taskId, url);
      }
      await Promise.all(tasks.map((task) => this.complete(task, workerId)));
    }
  }

  private async complete(task: Task, workerId: string): Promise<void> {
    const result = {
      workflowInstanceId: task.workflowInstanceId,
      taskId: task.taskId,
      status: 'COMPLETED',
      workerId,
      outputData: WORK[task.taskType]!(task.inputData as { v: number }),
    };
    while (!this.stopped) {
      try {
        const res = await this.cluster.fetch('/api/tasks', json(result));
        const text = await res.text();
        if (res.ok) return;
        // A 503 is a database hiccup: retry; anything else is a finding.
        if (res.status !== 503) {
          this.unexpected.push(`update ${task.taskId}: ${res.status} ${text}`);
          return;
        }
      } catch {
        // the connection broke mid-request: the update may have landed; sending it again is safe
      }
      await sleep(50);
    }
  }
}

async function register(cluster: Cluster): Promise<void> {
  const taskDefs = TYPES.map((name) => ({
    name,
    retryCount: 5,
    retryLogic: 'FIXED',
    retryDelaySeconds: 0,
    responseTimeoutSeconds: 5,
    timeoutSeconds: 0,
  }));
  let res = await cluster.fetch('/api/metadata/taskdefs', json(taskDefs));
  assert.equal(res.status, 200, await res.text());
  for (const def of [CHILD, MIX]) {
    res = await cluster.fetch('/api/metadata/workflow', json(def));
    assert.equal(res.status, 200, await res.text());
  }
}

async function awaitAllEnded(
  cluster: Cluster,
  ids: readonly string[],
  deadline: number,
): Promise<Workflow[]> {
  const done = new Map<string, Workflow>();
  while (done.size < ids.length) {
    const pending = ids.filter((id) => !done.has(id));
    for (let i = 0; i < pending.length; i += 50) {
      await Promise.all(
        pending.slice(i, i + 50).map(async (id) => {
          const res = await cluster.fetch(`/api/workflow/${id}?includeTasks=true`);
          if (res.status !== 200) return;
          const wf = (await res.json()) as Workflow;
          if (wf.status !== 'RUNNING') done.set(id, wf);
        }),
      );
    }
    if (done.size === ids.length) break;
    assert.ok(Date.now() < deadline, `${ids.length - done.size} of ${ids.length} workflows still RUNNING`);
    await sleep(500);
  }
  return ids.map((id) => done.get(id)!);
}

void test(
  `${SERVERS} servers on one PostgreSQL, one SIGKILLed and restarted: ${WORKFLOWS} workflows complete exactly once`,
  { timeout: 600_000 },
  async (t) => {
    const cluster = new Cluster(await freshDatabase(t, 'postgres'));
    const workers = new Workers(cluster);
    try {
      await Promise.all(Array.from({ length: SERVERS }, (_, i) => cluster.start(i)));
      await register(cluster);
      workers.start();

      const ids: string[] = new Array<string>(WORKFLOWS);
      let next = 0;
      let killedAt = -1;
      const starter = async (): Promise<void> => {
        while (next < WORKFLOWS) {
          const n = next++;
          if (n === Math.floor(WORKFLOWS / 3)) {
            killedAt = n;
            await cluster.kill(1); // mid-run: tasks leased through it, timers it claimed, polls it holds
          }
          if (n === Math.floor((2 * WORKFLOWS) / 3)) await cluster.start(1);
          for (;;) {
            const res = await cluster.fetch('/api/workflow/cluster_mix', json({ n }));
            const text = await res.text();
            if (res.status === 200) {
              ids[n] = text;
              break;
            }
            assert.equal(res.status, 503, text);
          }
        }
      };
      await Promise.all(Array.from({ length: 8 }, starter));
      assert.ok(killedAt > 0);

      const ended = await awaitAllEnded(cluster, ids, Date.now() + 400_000);
      let completed = 0;
      const wrong: string[] = [];
      let waitsFiredTwice = 0;
      let timeoutsHandledTwice = 0;
      ended.forEach((wf, n) => {
        if (wf.status === 'COMPLETED') completed++;
        const output = wf.output as Record<string, number>;
        if (wf.status !== 'COMPLETED' || JSON.stringify(output) !== JSON.stringify(expectedOutput(n)))
          wrong.push(
            `#${n} ${wf.workflowId} ${wf.status} ${JSON.stringify(output)} ${wf.reasonForIncompletion ?? ''}`,
          );
        const waits = wf.tasks.filter((task) => task.referenceTaskName === 'pause');
        if (waits.length !== 1 || waits[0]!.status !== 'COMPLETED') waitsFiredTwice++;
        // A timed-out attempt is retried once: two retries of one attempt would mean its timeout fired twice.
        const retried = wf.tasks.map((task) => task.retriedTaskId).filter((id): id is string => !!id);
        if (new Set(retried).size !== retried.length) timeoutsHandledTwice++;
      });
      const timedOut = ended.flatMap((wf) => wf.tasks.filter((task) => task.status === 'TIMED_OUT')).length;
      t.diagnostic(
        `workflows: ${WORKFLOWS}, completed: ${completed}, wrong or stuck: ${wrong.length}; ` +
          `tasks handed out: ${workers.handedOut.size}, handed out twice: ${workers.handedOutTwice.length}; ` +
          `timed-out attempts retried: ${timedOut}; WAITs not fired exactly once: ${waitsFiredTwice}`,
      );
      assert.deepEqual(wrong.slice(0, 10), []);
      assert.equal(completed, WORKFLOWS);
      assert.deepEqual(workers.handedOutTwice, []);
      assert.equal(waitsFiredTwice, 0);
      assert.equal(timeoutsHandledTwice, 0);
      assert.deepEqual(workers.unexpected.slice(0, 10), []);
    } finally {
      await workers.stop();
      await cluster.stopAll();
    }
  },
);

void test(
  'across servers: wake-ups, execute, idempotent starts, a concurrency cap and a rate limit',
  { timeout: 180_000 },
  async (t) => {
    const cluster = new Cluster(await freshDatabase(t, 'postgres'));
    try {
      await Promise.all(Array.from({ length: SERVERS }, (_, i) => cluster.start(i)));
      const [a, b, c] = [cluster.url(0), cluster.url(1), cluster.url(2)];
      const one = (name: string, extra: object = {}): WorkflowDef => ({
        name: `${name}_wf`,
        version: 1,
        schemaVersion: 2,
        tasks: [{ name, taskReferenceName: 'only', type: 'SIMPLE', inputParameters: {} }],
        outputParameters: { done: '${only.output.done}' },
        ...extra,
      });
      const defs = [
        { name: 'x_wake', responseTimeoutSeconds: 60 },
        { name: 'x_exec', responseTimeoutSeconds: 60 },
        { name: 'x_cap', responseTimeoutSeconds: 60, concurrentExecLimit: 2 },
        {
          name: 'x_rate',
          responseTimeoutSeconds: 60,
          rateLimitPerFrequency: 3,
          rateLimitFrequencyInSeconds: 600,
        },
      ];
      let res = await fetch(`${a}/api/metadata/taskdefs`, json(defs));
      assert.equal(res.status, 200, await res.text());
      for (const def of defs) {
        res = await fetch(`${a}/api/metadata/workflow`, json(one(def.name)));
        assert.equal(res.status, 200, await res.text());
      }
      // Definitions registered through A are known to B and C at once (their caches followed A's signal).
      const taskDef = (await (await fetch(`${c}/api/metadata/taskdefs/x_cap`)).json()) as {
        concurrentExecLimit: number;
      };
      assert.equal(taskDef.concurrentExecLimit, 2);

      // A long-poll parked on B gets a task started through A, woken by A's signal.
      const latencies: number[] = [];
      for (let i = 0; i < 20; i++) {
        const poll = fetch(`${b}/api/tasks/poll/batch/x_wake?count=1&timeout=5000&workerid=w`);
        await sleep(100); // parked
        const startedAt = Date.now();
        res = await fetch(`${a}/api/workflow/x_wake_wf`, json({}));
        assert.equal(res.status, 200);
        const tasks = (await (await poll).json()) as Task[];
        assert.equal(tasks.length, 1, 'the poll on B got the task queued through A');
        latencies.push(Date.now() - startedAt);
      }
      latencies.sort((x, y) => x - y);
      t.diagnostic(`long-poll on B woken by a start on A: p50 ${latencies[9]} ms, max ${latencies[19]} ms`);

      // execute on A returns once the workflow completes through C.
      const executed = fetch(`${a}/api/workflow/execute/x_exec_wf/1?waitForSeconds=30`, json({ input: {} }));
      let handed: Task[] = [];
      while (handed.length === 0) {
        handed = (await (
          await fetch(`${c}/api/tasks/poll/batch/x_exec?count=1&timeout=1000`)
        ).json()) as Task[];
      }
      const done = { ...handed[0]!, status: 'COMPLETED', outputData: { done: true } };
      res = await fetch(`${c}/api/tasks`, json({ ...done, workflowInstanceId: done.workflowInstanceId }));
      assert.equal(res.status, 200, await res.text());
      const execution = (await (await executed).json()) as {
        status: string;
        output: unknown;
        workflowId: string;
      };
      assert.equal(execution.workflowId, handed[0]!.workflowInstanceId);
      assert.equal(execution.status, 'COMPLETED');
      assert.deepEqual(execution.output, { done: true });

      // 12 concurrent starts with one idempotency key, spread over the three servers: one workflow.
      const urls = [a, b, c];
      const starts = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          fetch(
            `${urls[i % 3]}/api/workflow`,
            json({
              name: 'x_wake_wf',
              input: {},
              idempotencyKey: 'once',
              idempotencyStrategy: 'RETURN_EXISTING',
            }),
          ).then(async (r) => ({ status: r.status, body: await r.text() })),
        ),
      );
      assert.deepEqual(new Set(starts.map((s) => s.status)), new Set([200]));
      assert.equal(new Set(starts.map((s) => s.body)).size, 1, 'every start answered the same workflow');
      const found = (await (
        await fetch(
          `${a}/api/workflow/search?query=${encodeURIComponent('workflowType IN (x_wake_wf)')}&size=100`,
        )
      ).json()) as { results: Array<{ workflowId: string; idempotencyKey?: string }> };
      assert.equal(found.results.filter((r) => r.workflowId === starts[0]!.body).length, 1);

      // A concurrency cap of 2 and a rate limit of 3 per 10 minutes hold across the three servers.
      for (const name of ['x_cap_wf', 'x_rate_wf']) {
        for (let i = 0; i < 8; i++)
          assert.equal((await fetch(`${urls[i % 3]}/api/workflow/${name}`, json({}))).status, 200);
      }
      const pollEverywhere = async (type: string): Promise<number> => {
        const rounds = await Promise.all(
          Array.from({ length: 12 }, (_, i) =>
            fetch(`${urls[i % 3]}/api/tasks/poll/batch/${type}?count=5&timeout=300&workerid=p${i}`).then(
              async (r) => ((await r.json()) as Task[]).length,
            ),
          ),
        );
        return rounds.reduce((x, y) => x + y, 0);
      };
      assert.equal(await pollEverywhere('x_cap'), 2, 'concurrentExecLimit 2 across the cluster');
      assert.equal(await pollEverywhere('x_cap'), 0, 'still 2 in progress: nothing more');
      assert.equal(await pollEverywhere('x_rate'), 3, 'rateLimitPerFrequency 3 across the cluster');
      assert.equal(await pollEverywhere('x_rate'), 0, 'the window is used up');
    } finally {
      await cluster.stopAll();
    }
  },
);
