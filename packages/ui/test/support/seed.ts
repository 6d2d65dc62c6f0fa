/**
 * Real executions for the browser tests and the screenshots, made over HTTP the way workers make them:
 * poll a task, report its result. One completed order, one failed payment and one order still running
 * inside a fork, with its loop in its second iteration.
 */
import type { Task, TaskDef, Workflow, WorkflowDef, WorkflowTask } from '@baton/protocol';

export const ORDER_FLOW = 'ui_order_flow';
export const PAYMENT_FLOW = 'ui_payment';
export const WORKER_ID = 'ui-worker-7';

const simple = (name: string, inputParameters: Record<string, unknown> = {}): WorkflowTask => ({
  name,
  taskReferenceName: name,
  type: 'SIMPLE',
  inputParameters,
});

export const orderFlow: WorkflowDef = {
  name: ORDER_FLOW,
  description: 'Validates an order, ships it by the chosen speed, then packs, picks and notifies in parallel',
  version: 1,
  schemaVersion: 2,
  inputParameters: ['orderId', 'speed', 'items'],
  tasks: [
    simple('validate_order', { orderId: '${workflow.input.orderId}' }),
    {
      name: 'route_by_speed',
      taskReferenceName: 'route_by_speed',
      type: 'SWITCH',
      evaluatorType: 'value-param',
      expression: 'speed',
      inputParameters: { speed: '${workflow.input.speed}' },
      decisionCases: {
        express: [simple('ship_express', { orderId: '${workflow.input.orderId}' })],
        standard: [simple('ship_standard', { orderId: '${workflow.input.orderId}' })],
      },
      defaultCase: [simple('manual_review')],
    },
    {
      name: 'fulfil',
      taskReferenceName: 'fulfil',
      type: 'FORK_JOIN',
      forkTasks: [
        [
          simple('pack_box', { items: '${workflow.input.items}' }),
          {
            name: 'pick_loop',
            taskReferenceName: 'pick_loop',
            type: 'DO_WHILE',
            inputParameters: { items: '${workflow.input.items}' },
            loopCondition: '$.pick_loop.iteration < $.items',
            loopOver: [simple('pick_item', { round: '${pick_loop.output.iteration}' })],
          },
        ],
        [simple('notify_customer', { orderId: '${workflow.input.orderId}' })],
      ],
    },
    {
      name: 'fulfil_join',
      taskReferenceName: 'fulfil_join',
      type: 'JOIN',
      joinOn: ['pick_loop', 'notify_customer'],
    },
    simple('close_order', { orderId: '${workflow.input.orderId}' }),
  ],
  outputParameters: { closed: '${close_order.output.closed}' },
};

export const paymentFlow: WorkflowDef = {
  name: PAYMENT_FLOW,
  description: 'Charges a card',
  version: 1,
  schemaVersion: 2,
  inputParameters: ['orderId', 'amount'],
  tasks: [
    simple('charge_card', { orderId: '${workflow.input.orderId}', amount: '${workflow.input.amount}' }),
  ],
};

const taskDefs: TaskDef[] = [
  ...[
    'validate_order',
    'ship_express',
    'ship_standard',
    'manual_review',
    'pack_box',
    'pick_item',
    'notify_customer',
    'close_order',
  ].map((name) => ({ name, retryCount: 1, retryDelaySeconds: 0, responseTimeoutSeconds: 3600 })),
  // No retries: a declined card fails the run at once.
  { name: 'charge_card', retryCount: 0, responseTimeoutSeconds: 3600 },
];

export interface SeededRuns {
  completed: string;
  failed: string;
  running: string;
}

/** Registers the definitions and leaves three runs behind: completed, failed, and running. */
export async function seedRuns(api: Api): Promise<SeededRuns> {
  await api.send('POST', '/metadata/taskdefs', taskDefs);
  await api.send('POST', '/metadata/workflow', orderFlow);
  await api.send('POST', '/metadata/workflow', paymentFlow);

  // One run at a time, so each poll can only hand out a task of the run being driven.
  const completed = await api.start(
    ORDER_FLOW,
    { orderId: 'order-1001', speed: 'standard', items: 2 },
    'corr-1001',
  );
  await api.work('validate_order', { valid: true });
  await api.work('ship_standard', { carrier: 'post' });
  await api.work('pack_box', { box: 'M' });
  await api.work('notify_customer', { sent: true });
  await api.work('pick_item', { picked: 1 });
  await api.work('pick_item', { picked: 2 });
  await api.work('close_order', { closed: true });
  await api.waitFor(completed, (w) => w.status === 'COMPLETED');

  const failed = await api.start(PAYMENT_FLOW, { orderId: 'order-2002', amount: 125 }, 'corr-2002');
  await api.work('charge_card', { declined: true }, 'FAILED', 'card declined by issuer');
  await api.waitFor(failed, (w) => w.status === 'FAILED');

  const running = await api.start(
    ORDER_FLOW,
    { orderId: 'order-3003', speed: 'express', items: 3 },
    'corr-3003',
  );
  await api.work('validate_order', { valid: true });
  await api.work('ship_express', { carrier: 'courier' });
  await api.work('pack_box', { box: 'L' });
  await api.work('notify_customer', { sent: true });
  await api.work('pick_item', { picked: 1 });
  // The second pick is handed to a worker and not reported yet: the loop is in iteration 2.
  await api.poll('pick_item');
  await api.waitFor(running, (w) =>
    w.tasks.some((t) => t.referenceTaskName === 'pick_item__2' && t.status === 'IN_PROGRESS'),
  );
  return { completed, failed, running };
}

/** Conductor's REST API over fetch, as a worker and an operator use it. */
export class Api {
  constructor(readonly baseUrl: string) {}

  async send(method: string, path: string, body?: unknown): Promise<string> {
    const res = await fetch(`${this.baseUrl}/api${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return text;
  }

  async start(name: string, input: Record<string, unknown>, correlationId: string): Promise<string> {
    return this.send('POST', '/workflow', { name, input, correlationId });
  }

  async workflow(workflowId: string): Promise<Workflow> {
    return JSON.parse(await this.send('GET', `/workflow/${workflowId}`)) as Workflow;
  }

  /** Long-polls one task of `taskType` as the test worker (operators like SWITCH decide asynchronously). */
  async poll(taskType: string): Promise<Task> {
    for (let attempt = 0; attempt < 6; attempt++) {
      const batch = JSON.parse(
        await this.send('GET', `/tasks/poll/batch/${taskType}?count=1&timeout=2000&workerid=${WORKER_ID}`),
      ) as Task[];
      if (batch[0]) return batch[0];
    }
    throw new Error(`no ${taskType} task was handed out`);
  }

  /** Polls a task and reports a result for it, with a log line. */
  async work(
    taskType: string,
    outputData: Record<string, unknown>,
    status: 'COMPLETED' | 'FAILED' = 'COMPLETED',
    reasonForIncompletion?: string,
  ): Promise<Task> {
    const task = await this.poll(taskType);
    await this.report(task, outputData, status, reasonForIncompletion);
    return task;
  }

  async report(
    task: Task,
    outputData: Record<string, unknown>,
    status: 'COMPLETED' | 'FAILED' = 'COMPLETED',
    reasonForIncompletion?: string,
  ): Promise<void> {
    await this.send('POST', '/tasks', {
      workflowInstanceId: task.workflowInstanceId,
      taskId: task.taskId,
      status,
      outputData,
      workerId: WORKER_ID,
      reasonForIncompletion,
      logs: [
        {
          log: `${task.referenceTaskName}: ${status.toLowerCase()} by ${WORKER_ID}`,
          createdTime: Date.now(),
        },
      ],
    });
  }

  /** Re-reads a run until `done` holds; gives up after 15 s so a broken test cannot hang. */
  async waitFor(workflowId: string, done: (w: Workflow) => boolean): Promise<Workflow> {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const workflow = await this.workflow(workflowId);
      if (done(workflow)) return workflow;
      if (Date.now() > deadline) {
        const tasks = workflow.tasks.map((t) => `${t.referenceTaskName}:${t.status}`).join(', ');
        throw new Error(`run ${workflowId} is ${workflow.status} (${tasks})`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
