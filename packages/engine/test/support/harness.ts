/**
 * Drives the pure decider by hand: a clock you advance, counter ids (`id-1`, `id-2`, ...), a seeded
 * random (or queued values), registered TaskDefs and recorded poll times. Keeps the current workflow.
 */
import type {
  TaskDef,
  TaskResult,
  Task,
  Workflow,
  WorkflowDef,
  WorkflowTask,
  StartWorkflowRequest,
} from '@baton/protocol';
import {
  childWorkflowResult,
  createExecution,
  decide,
  handOut,
  seededRandom,
  type ChildEndedEvent,
  type Command,
  type DeciderContext,
  type Decision,
  type WorkflowEvent,
} from '../../src/index.js';

export const T0 = 1_700_000_000_000;

export class Harness {
  now = T0;
  readonly taskDefs = new Map<string, TaskDef>();
  readonly lastPolls = new Map<string, number>();
  /** Values `random()` returns first; after them a seeded generator takes over. */
  readonly randomValues: number[] = [];
  private ids = 0;
  private readonly seeded = seededRandom(42);
  workflow!: Workflow;
  last!: Decision;

  constructor(taskDefs: TaskDef[] = []) {
    for (const d of taskDefs) this.taskDefs.set(d.name, d);
  }

  get ctx(): DeciderContext {
    return {
      now: this.now,
      taskDef: (name) => this.taskDefs.get(name),
      newId: () => `id-${++this.ids}`,
      random: () => this.randomValues.shift() ?? this.seeded(),
      lastPollTime: (queueName) => this.lastPolls.get(queueName),
    };
  }

  advance(ms: number): this {
    this.now += ms;
    return this;
  }

  start(def: WorkflowDef, request: Partial<StartWorkflowRequest> = {}): Decision {
    this.workflow = createExecution(
      def,
      { workflowId: 'wf-1', request: { name: def.name, ...request } },
      this.ctx,
    );
    return this.send({ type: 'start' });
  }

  /** Every decide gets a deeply frozen workflow, so any mutation of its input throws. */
  send(event: WorkflowEvent): Decision {
    this.last = decide(deepFreeze(this.workflow), event, this.ctx);
    this.workflow = this.last.workflow;
    return this.last;
  }

  tick(): Decision {
    return this.send({ type: 'tick' });
  }

  result(ref: string, result: Partial<TaskResult>): Decision {
    const task = this.task(ref);
    return this.send({
      type: 'taskResult',
      result: { workflowInstanceId: this.workflow.workflowId, taskId: task.taskId, ...result },
    });
  }

  complete(ref: string, outputData: Record<string, unknown> = {}): Decision {
    return this.result(ref, { status: 'COMPLETED', outputData });
  }

  fail(ref: string, reasonForIncompletion = 'boom', status: TaskResult['status'] = 'FAILED'): Decision {
    return this.result(ref, { status, reasonForIncompletion });
  }

  /** What the runtime does on a poll: the task goes IN_PROGRESS outside the decider. */
  poll(ref: string, workerId = 'worker-1'): Task {
    const polled = handOut(this.task(ref), workerId, this.now);
    this.workflow = {
      ...this.workflow,
      tasks: this.workflow.tasks.map((t) => (t.taskId === polled.taskId ? polled : t)),
    };
    return polled;
  }

  /** Answers an `evaluate` command of the last decision (the only one, or the one for `ref`'s task). */
  answer(answer: { result?: unknown; error?: string }, ref?: string): Decision {
    const pending = this.commands('evaluate').filter(
      (c) => ref === undefined || c.taskId === this.task(ref).taskId,
    );
    if (pending.length !== 1) throw new Error(`expected one evaluate command, got ${pending.length}`);
    const { taskId, purpose } = pending[0]!;
    return this.send({ type: 'evaluated', taskId, purpose, ...answer });
  }

  /**
   * What the runtime's sandbox does: runs every `evaluate` command (also those the answers lead to) as
   * JavaScript with `$` bound to the input, and feeds the answers back. Returns the scripts run.
   */
  runScripts(): Array<Extract<Command, { type: 'evaluate' }>> {
    const run: Array<Extract<Command, { type: 'evaluate' }>> = [];
    const pending = [...this.commands('evaluate')];
    for (let next = pending.shift(); next; next = pending.shift()) {
      run.push(next);
      let answer: { result?: unknown; error?: string };
      try {
        answer = { result: evaluateScript(next.expression, next.input) };
      } catch (err) {
        answer = { error: err instanceof Error ? err.message : String(err) };
      }
      this.send({ type: 'evaluated', taskId: next.taskId, purpose: next.purpose, ...answer });
      pending.push(...this.commands('evaluate'));
    }
    return run;
  }

  /** What the runtime does when the child started for SUB_WORKFLOW task `ref` ends. */
  childEnded(
    ref: string,
    status: ChildEndedEvent['status'],
    output: Record<string, unknown> = {},
    reasonForIncompletion?: string,
  ): Decision {
    const parentTask = this.task(ref);
    const child = {
      ...this.workflow,
      workflowId: parentTask.subWorkflowId!,
      status,
      output,
      ...(reasonForIncompletion !== undefined && { reasonForIncompletion }),
    };
    return this.send(childWorkflowResult(parentTask, child));
  }

  /** The latest attempt of `ref`. */
  task(ref: string): Task {
    const found = this.workflow.tasks.filter((t) => t.referenceTaskName === ref).at(-1);
    if (!found) throw new Error(`no task ${ref}`);
    return found;
  }

  commands<K extends Command['type']>(type: K): Array<Extract<Command, { type: K }>> {
    return this.last.commands.filter((c): c is Extract<Command, { type: K }> => c.type === type);
  }

  timer(): number | null {
    const timers = this.commands('setTimer');
    if (timers.length !== 1) throw new Error(`expected one setTimer, got ${timers.length}`);
    return timers[0]!.at;
  }
}

function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  Object.freeze(value);
  for (const item of Object.values(value)) deepFreeze(item);
  return value;
}

/** Test stand-in for the runtime's sandbox: plain `eval`, whose completion value is the result. */
export function evaluateScript(expression: string, input: Record<string, unknown>): unknown {
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  const run = new Function('$', 'expression', 'return eval(expression);') as (
    $: Record<string, unknown>,
    expression: string,
  ) => unknown;
  return run(structuredClone(input), expression);
}

export function simple(
  name: string,
  inputParameters: Record<string, unknown> = {},
  extra: Partial<WorkflowTask> = {},
): WorkflowTask {
  return { name, taskReferenceName: name, type: 'SIMPLE', inputParameters, ...extra };
}

export function workflowDef(tasks: WorkflowTask[], extra: Partial<WorkflowDef> = {}): WorkflowDef {
  return { name: 'wf', version: 1, schemaVersion: 2, tasks, ...extra };
}

/** A registered TaskDef without retries unless a test asks for them. */
export function taskDef(name: string, extra: Partial<TaskDef> = {}): TaskDef {
  return { name, retryCount: 0, ...extra };
}
