// The kitchensink end-to-end test's parts: its definitions, the event handler, a JSON HTTP service for the
// HTTP task, and a worker that polls and completes tasks over HTTP against a server URL that can change.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { JsonObject, Task, TaskDef, TaskResult, WorkflowDef, WorkflowTask } from '@baton/protocol';

const task = (
  type: string,
  ref: string,
  inputParameters: JsonObject = {},
  extra: Partial<WorkflowTask> = {},
): WorkflowTask => ({ name: ref, taskReferenceName: ref, type, inputParameters, ...extra });

const worker = (name: string, ref: string, inputParameters: JsonObject = {}): WorkflowTask => ({
  name,
  taskReferenceName: ref,
  type: 'SIMPLE',
  inputParameters,
});

/** The child of SUB_WORKFLOW and START_WORKFLOW: one worker task; `fail: true` makes the worker refuse it. */
export const CHILD: WorkflowDef = {
  name: 'ks_child',
  version: 1,
  schemaVersion: 2,
  tasks: [
    worker('ks_child_task', 'child_work', { x: '${workflow.input.x}', fail: '${workflow.input.fail}' }),
  ],
  outputParameters: { childResult: '${child_work.output.tripled}' },
};

/** A parent whose child fails terminally: the SUB_WORKFLOW task fails, and with it the parent. */
export const FRAGILE_PARENT: WorkflowDef = {
  name: 'ks_fragile_parent',
  version: 1,
  schemaVersion: 2,
  tasks: [
    task(
      'SUB_WORKFLOW',
      'fragile_child',
      { x: 1, fail: true },
      { subWorkflowParam: { name: 'ks_child', version: 1 } },
    ),
    task('NOOP', 'never_reached'),
  ],
};

/** DYNAMIC resolves its task name to a registered TaskDef. */
export const DYNAMIC_TASK_DEF: TaskDef = { name: 'ks_dyn', retryCount: 0, responseTimeoutSeconds: 60 };

/**
 * Every task type in one workflow. Input: `name`, `mode` ('fanout'), `n` (21), `items` (list of {n}),
 * `quoteUrl`, `dynamicTask` ('ks_dyn') and `wait` (the WAIT duration).
 */
export const KITCHENSINK: WorkflowDef = {
  name: 'kitchensink',
  version: 1,
  schemaVersion: 2,
  tasks: [
    task('SET_VARIABLE', 'vars', { stage: 'started', customer: '${workflow.input.name}' }),
    // Early, so that after a restart during it nearly everything runs on the new server.
    task('WAIT', 'pause', { duration: '${workflow.input.wait}' }),
    task('INLINE', 'pick', {
      evaluatorType: 'value-param',
      expression: 'mode',
      mode: '${workflow.input.mode}',
    }),
    task(
      'SWITCH',
      'route',
      { choice: '${pick.output.result}' },
      {
        evaluatorType: 'value-param',
        expression: 'choice',
        decisionCases: {
          fanout: [
            task(
              'FORK_JOIN',
              'fork',
              {},
              {
                forkTasks: [
                  [
                    task('HTTP', 'call', {
                      http_request: {
                        uri: '${workflow.input.quoteUrl}?customer=${workflow.input.name}',
                        method: 'GET',
                      },
                    }),
                  ],
                  [worker('ks_worker', 'work', { name: '${workflow.input.name}' })],
                  [
                    task(
                      'EVENT',
                      'notify',
                      { note: 'gate for ${workflow.input.name}' },
                      { sink: 'conductor' },
                    ),
                  ],
                  // No duration: waits until the event handler completes it.
                  [task('WAIT', 'gate')],
                ],
              },
            ),
            task('JOIN', 'join', {}, { joinOn: ['call', 'work', 'notify', 'gate'] }),
          ],
        },
        defaultCase: [task('NOOP', 'route_default')],
      },
    ),
    task(
      'DECISION',
      'legacy',
      { n: '${workflow.input.n}' },
      {
        caseExpression: "$.n > 10 ? 'big' : 'small'",
        decisionCases: {
          big: [task('LAMBDA', 'lambda', { n: '${workflow.input.n}', scriptExpression: 'return $.n * 2;' })],
          small: [task('NOOP', 'small_noop')],
        },
      },
    ),
    task('EXCLUSIVE_JOIN', 'xjoin', {}, { joinOn: ['lambda'], defaultExclusiveJoinTask: ['small_noop'] }),
    task(
      'SWITCH',
      'sizing',
      { items: '${workflow.input.items}' },
      {
        evaluatorType: 'javascript',
        expression: "$.items.length >= 3 ? 'many' : 'few'",
        decisionCases: {
          many: [
            task('FORK_JOIN_DYNAMIC', 'dynfork', {
              forkTaskName: 'ks_item',
              forkTaskInputs: '${workflow.input.items}',
            }),
            task('JOIN', 'dynjoin'),
          ],
        },
        defaultCase: [task('NOOP', 'few_noop')],
      },
    ),
    task(
      'DO_WHILE',
      'loop',
      {},
      {
        loopCondition: '$.loop.iteration < 3',
        loopOver: [
          task('JSON_JQ_TRANSFORM', 'square', { queryExpression: '.i * .i', i: '${loop.output.iteration}' }),
          task('INLINE', 'acc', {
            evaluatorType: 'javascript',
            expression: '$.sq + 1',
            sq: '${square.output.result}',
          }),
        ],
      },
    ),
    task(
      'DYNAMIC',
      'dyn',
      { taskToRun: '${workflow.input.dynamicTask}' },
      { dynamicTaskNameParam: 'taskToRun' },
    ),
    task(
      'SUB_WORKFLOW',
      'child',
      { x: '${xjoin.output.result}', fail: false },
      {
        subWorkflowParam: { name: 'ks_child', version: 1 },
      },
    ),
    task('START_WORKFLOW', 'starter', {
      startWorkflow: { name: 'ks_child', version: 1, input: { x: 5, fail: false } },
    }),
    task('HUMAN', 'human', { question: 'Ship it?' }),
    task('SET_VARIABLE', 'vars_after', { stage: 'approved', approver: '${human.output.approver}' }),
    // Waits for a signal (POST /api/tasks/{workflowId}/COMPLETED/signal), as YIELD does in Conductor 3.x.
    task('YIELD', 'yielded'),
    // Takes the message the test posts to the workflow (POST /api/workflow/{id}/messages).
    task('PULL_WORKFLOW_MESSAGES', 'inbox', { batchSize: 5 }),
    task('NOOP', 'noop'),
    task('TERMINATE', 'done', {
      terminationStatus: 'COMPLETED',
      workflowOutput: {
        customer: '${workflow.variables.customer}',
        stage: '${workflow.variables.stage}',
        route: '${route.output.selectedCase}',
        quote: '${call.output.response.body}',
        greeting: '${join.output.work.greeting}',
        gate: '${gate.output.via}',
        notified: '${notify.output.event_produced}',
        doubled: '${xjoin.output.result}',
        sizing: '${sizing.output.selectedCase}',
        items: '${dynjoin.output}',
        iterations: '${loop.output.iteration}',
        lastAcc: '${acc.output.result}',
        dynamic: '${dyn.output.handledBy}',
        childResult: '${child.output.childResult}',
        approver: '${human.output.approver}',
      },
    }),
  ],
};

/** Completes the kitchensink's `gate` WAIT when its `notify` EVENT task publishes. */
export const OPEN_GATE_HANDLER: JsonObject = {
  name: 'ks_open_gate',
  event: 'conductor:kitchensink:notify',
  condition: "$.workflowType == 'kitchensink'",
  active: true,
  actions: [
    {
      action: 'complete_task',
      complete_task: {
        workflowId: '${workflowInstanceId}',
        taskRefName: 'gate',
        output: { via: 'event handler', note: '${note}' },
      },
    },
  ],
};

/** What the worker does with each task type it polls. */
export function workerOutcome(t: Task): Pick<TaskResult, 'status' | 'outputData' | 'reasonForIncompletion'> {
  const input = t.inputData;
  switch (t.taskType) {
    case 'ks_worker':
      return { status: 'COMPLETED', outputData: { greeting: `Hello ${String(input.name)}` } };
    case 'ks_item':
      return {
        status: 'COMPLETED',
        outputData: { doubled: Number(input.n) * 2, index: input.__index ?? null },
      };
    case 'ks_dyn':
      return { status: 'COMPLETED', outputData: { handledBy: `${t.taskType} worker` } };
    case 'ks_child_task':
      return input.fail === true
        ? { status: 'FAILED_WITH_TERMINAL_ERROR', reasonForIncompletion: 'child refused' }
        : { status: 'COMPLETED', outputData: { tripled: Number(input.x) * 3 } };
    default:
      return { status: 'FAILED_WITH_TERMINAL_ERROR', reasonForIncompletion: `unexpected ${t.taskType}` };
  }
}

export const WORKER_TASK_TYPES = ['ks_worker', 'ks_item', 'ks_dyn', 'ks_child_task'];

/**
 * Polls every worker task type in its own loop and completes what it gets over HTTP. `url` may change
 * (a restarted server); `suspend()` lets the requests in flight finish and stops new ones until `resume`.
 */
export class HttpWorker {
  /** Anything that went wrong that a test should see (an update refused, a poll answering 5xx). */
  readonly problems: string[] = [];
  /** Every task handed out, in order. */
  readonly handedOut: Task[] = [];
  private url: string | undefined;
  private running = true;
  private readonly steps = new Map<string, Promise<void>>();
  private readonly loops: Promise<void>[];

  constructor(
    url: string,
    readonly workerId = 'ks-worker',
  ) {
    this.url = url;
    this.loops = WORKER_TASK_TYPES.map((type) => this.loop(type));
  }

  async suspend(): Promise<void> {
    this.url = undefined;
    await Promise.all(this.steps.values());
  }

  resume(url: string): void {
    this.url = url;
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
  }

  private async loop(type: string): Promise<void> {
    while (this.running) {
      const step = this.step(type);
      this.steps.set(type, step);
      await step;
    }
  }

  private async step(type: string): Promise<void> {
    const url = this.url;
    if (url === undefined) {
      await sleep(20);
      return;
    }
    let tasks: Task[];
    try {
      const res = await fetch(
        `${url}/api/tasks/poll/batch/${type}?workerid=${this.workerId}&count=5&timeout=200`,
      );
      if (res.status !== 200) {
        this.problems.push(`poll ${type}: HTTP ${res.status} ${await res.text()}`);
        await sleep(50);
        return;
      }
      tasks = (await res.json()) as Task[];
    } catch {
      await sleep(50); // the server is going away or not there yet
      return;
    }
    for (const t of tasks) {
      this.handedOut.push(t);
      try {
        await this.complete(url, t);
      } catch (err) {
        this.problems.push(`update ${t.taskType} ${t.taskId}: ${String(err)}`);
      }
    }
  }

  private async complete(url: string, t: Task): Promise<void> {
    const result: TaskResult = {
      workflowInstanceId: t.workflowInstanceId,
      taskId: t.taskId,
      workerId: this.workerId,
      ...workerOutcome(t),
    };
    const res = await fetch(`${url}/api/tasks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(result),
    });
    const body = await res.text();
    if (res.status !== 200 || body !== t.taskId) {
      this.problems.push(`update ${t.taskType} ${t.taskId}: HTTP ${res.status} ${body}`);
    }
  }
}

/** A JSON service for the HTTP task: GET /quote?customer=... answers a price for that customer. */
export async function startQuoteService(): Promise<{
  url: string;
  requests: string[];
  close(): Promise<void>;
}> {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== '/quote') {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ customer: url.searchParams.get('customer'), price: 7.5, currency: 'EUR' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/quote`,
    requests,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
