/**
 * The runtime ties the pure decider to the store: every operation loads an execution inside a
 * (group-committed) transaction, asks the decider, persists the result and carries out its commands.
 * After commit it wakes long-polls and emits events. It also owns polling (hand-outs, rate limits) and the
 * sweeper that fires durable timers.
 *
 * States: created -> started (sweeper running) -> stopped (sweeper off, long-polls released).
 */
import { randomUUID } from 'node:crypto';
import {
  createExecution,
  decide,
  handOut,
  pollVerdict,
  queueNameFor,
  type DeciderContext,
  type NewExecution,
  type WorkflowEvent,
} from '@baton/engine';
import {
  isTerminalTaskStatus,
  isTerminalWorkflowStatus,
  type TaskResultStatus,
  type StartWorkflowRequest,
  type Task,
  type TaskDef,
  type TaskResult,
  type Workflow,
  type WorkflowDef,
} from '@baton/protocol';
import type { Store, StoreTx } from '@baton/store';
import type { FastifyBaseLogger } from 'fastify';
import { NotFoundError } from '../errors.js';
import type { MetadataService } from '../metadata/metadata-service.js';
import { applyDecision, newEffects, type Effects, type StartWorkflowCommand } from './apply-decision.js';
import { RuntimeEvents } from './events.js';
import { PollTracker } from './poll-tracker.js';
import { PollWaiters } from './poll-waiters.js';
import { Sweeper } from './sweeper.js';

export interface RuntimeDeps {
  store: Store;
  metadata: MetadataService;
  logger: FastifyBaseLogger;
  /** Epoch ms; injectable so tests can move time. */
  clock?: () => number;
}

export interface PollRequest {
  taskType: string;
  workerId?: string;
  domain?: string;
  count: number;
  /** How long to wait for a task when none is ready (long-poll), ms. */
  timeoutMs: number;
}

/** A popped message stays invisible this long; it is acked in the same transaction, so this only matters
 * if that transaction fails. */
const POP_VISIBILITY_MS = 30_000;
/** Task logs kept per update call (Conductor's taskExecLogSizeLimit). */
const MAX_LOGS_PER_UPDATE = 10;

export class Runtime {
  readonly events = new RuntimeEvents();
  private readonly waiters = new PollWaiters();
  private readonly polls = new PollTracker();
  private readonly sweeper: Sweeper;
  private readonly now: () => number;

  constructor(readonly deps: RuntimeDeps) {
    this.now = deps.clock ?? Date.now;
    this.sweeper = new Sweeper(this.deps.store, (id) => this.decideWorkflow(id), deps.logger, this.now);
  }

  /** Starts the sweeper. */
  start(): void {
    this.sweeper.start();
  }

  /** Stops the sweeper and releases waiting long-polls (they answer with nothing). */
  async stop(): Promise<void> {
    this.waiters.close();
    await this.sweeper.stop();
  }

  /** Starts a workflow from a request (registered or inline definition); returns its id. */
  async startWorkflow(request: StartWorkflowRequest): Promise<string> {
    const def =
      request.workflowDef ?? (await this.deps.metadata.getWorkflowDef(request.name, request.version));
    const workflowId = randomUUID();
    await this.transact((tx, effects, now) =>
      this.startInTx(
        tx,
        def,
        { workflowId, request: { ...request, input: request.input ?? {} } },
        effects,
        now,
      ),
    );
    return workflowId;
  }

  /** Applies a worker's result. Throws NotFoundError for an unknown task. */
  async updateTask(result: TaskResult): Promise<Task> {
    return this.transact((tx, effects, now) => this.updateInTx(tx, result, effects, now));
  }

  /**
   * Applies a worker's result and, if the task ended, hands the same worker the next task of that type and
   * domain (POST /api/tasks/update-v2), in one transaction.
   */
  async updateTaskAndPoll(result: TaskResult): Promise<Task | undefined> {
    return this.transact(async (tx, effects, now) => {
      const task = await this.updateInTx(tx, result, effects, now);
      if (result.extendLease || result.status === 'IN_PROGRESS' || result.status === undefined)
        return undefined;
      const [next] = await this.pollInTx(tx, queueNameFor(task), task, result.workerId, 1, effects, now);
      return next;
    });
  }

  /**
   * Completes (or fails, ...) the first non-terminal task with that reference name (a loop iteration
   * `ref__N` also matches `ref`), merging `output` into its output. Returns its id, or undefined if none.
   */
  async updateTaskByRef(
    workflowId: string,
    taskRefName: string,
    status: TaskResultStatus,
    output: Record<string, unknown>,
    workerId: string | undefined,
  ): Promise<string | undefined> {
    return this.transact(async (tx, effects, now) => {
      const workflow = await tx.getWorkflow(workflowId, true);
      if (!workflow) throw new NotFoundError(`No such workflow found by id: ${workflowId}`);
      const pending = workflow.tasks.filter((t) => !isTerminalTaskStatus(t.status));
      const task =
        pending.find((t) => t.referenceTaskName === taskRefName) ??
        pending.find((t) => t.referenceTaskName.replace(/__\d+$/, '') === taskRefName);
      if (!task) return undefined;
      const result: TaskResult = {
        workflowInstanceId: workflowId,
        taskId: task.taskId,
        status,
        outputData: { ...task.outputData, ...output },
        workerId,
      };
      await this.decideInTx(tx, workflow, { type: 'taskResult', result }, effects, now);
      return task.taskId;
    });
  }

  /** Batch poll with long-poll: returns as soon as at least one task is handed out, or [] at the deadline. */
  async poll(request: PollRequest): Promise<Task[]> {
    const queueName = request.domain ? `${request.domain}:${request.taskType}` : request.taskType;
    const deadline = this.now() + request.timeoutMs;
    for (;;) {
      const seen = this.waiters.version(queueName);
      const tasks = await this.transact((tx, effects, now) =>
        this.pollInTx(tx, queueName, request, request.workerId, request.count, effects, now),
      );
      const now = this.now();
      if (tasks.length > 0 || now >= deadline) return tasks;
      const nextVisible = await this.deps.store.nextVisibleAt(queueName, now);
      const until = nextVisible === undefined ? deadline : Math.min(deadline, nextVisible);
      await this.waiters.wait(queueName, until - now, seen);
    }
  }

  /** Runs a decide pass (sweeper, timers, `PUT /api/workflow/decide/{id}`). */
  async decideWorkflow(workflowId: string): Promise<void> {
    await this.transact(async (tx, effects, now) => {
      const workflow = await tx.getWorkflow(workflowId, true);
      if (!workflow) {
        await tx.setTimer(workflowId, null);
        return;
      }
      await this.decideInTx(tx, workflow, { type: 'tick' }, effects, now);
    });
  }

  // ---- inside a transaction ------------------------------------------------------------------------

  private async startInTx(
    tx: StoreTx,
    def: WorkflowDef,
    start: NewExecution,
    effects: Effects,
    now: number,
  ): Promise<void> {
    const ctx = this.context(now);
    const workflow = createExecution(def, start, ctx);
    const decision = decide(workflow, { type: 'start' }, ctx);
    await applyDecision(tx, undefined, decision, this.applyOptions(effects, now));
  }

  private async updateInTx(tx: StoreTx, result: TaskResult, effects: Effects, now: number): Promise<Task> {
    const task = await tx.getTask(result.taskId);
    if (!task) throw new NotFoundError(`No such task found by id: ${result.taskId}`);
    const workflow = await tx.getWorkflow(task.workflowInstanceId, true);
    if (!workflow) throw new NotFoundError(`No such workflow found by id: ${task.workflowInstanceId}`);
    if (result.logs && result.logs.length > 0) {
      await tx.addTaskLogs(
        result.logs.slice(0, MAX_LOGS_PER_UPDATE).map((l) => ({
          log: l.log,
          taskId: task.taskId,
          createdTime: l.createdTime ?? now,
        })),
      );
    }
    const after = await this.decideInTx(tx, workflow, { type: 'taskResult', result }, effects, now);
    return after.tasks.find((t) => t.taskId === task.taskId) ?? task;
  }

  private async decideInTx(
    tx: StoreTx,
    workflow: Workflow,
    event: WorkflowEvent,
    effects: Effects,
    now: number,
  ): Promise<Workflow> {
    const decision = decide(workflow, event, this.context(now));
    await applyDecision(tx, workflow, decision, this.applyOptions(effects, now));
    return decision.workflow;
  }

  private async pollInTx(
    tx: StoreTx,
    queueName: string,
    who: { taskType: string; domain?: string },
    workerId: string | undefined,
    count: number,
    effects: Effects,
    now: number,
  ): Promise<Task[]> {
    if (this.polls.record(queueName, workerId, now)) {
      await tx.recordPoll({ queueName: who.taskType, domain: who.domain, workerId, lastPollTime: now });
    }
    const ids = await tx.queuePop(queueName, count, now, POP_VISIBILITY_MS);
    const handed: Task[] = [];
    for (const taskId of ids) {
      const task = await tx.getTask(taskId);
      const workflow = task && (await tx.getWorkflow(task.workflowInstanceId, false));
      if (!task || !workflow || task.status !== 'SCHEDULED' || isTerminalWorkflowStatus(workflow.status)) {
        await tx.queueAck(queueName, taskId); // stale message: the task moved on without it
        continue;
      }
      const def = this.taskDefOf(task);
      if (def && ((def.concurrentExecLimit ?? 0) > 0 || (def.rateLimitPerFrequency ?? 0) > 0)) {
        const windowMs = (def.rateLimitFrequencyInSeconds || 1) * 1000;
        const verdict = pollVerdict(
          def,
          {
            inProgress: (def.concurrentExecLimit ?? 0) > 0 ? await tx.countInProgress(task.taskDefName) : 0,
            recentHandouts:
              (def.rateLimitPerFrequency ?? 0) > 0
                ? await tx.recentHandouts(task.taskDefName, now - windowMs)
                : [],
          },
          now,
        );
        if (!verdict.handOut) {
          await tx.queuePush(queueName, taskId, workflow.priority, now + verdict.postponeMs);
          continue;
        }
        if ((def.rateLimitPerFrequency ?? 0) > 0) await tx.recordHandout(task.taskDefName, now);
      }
      const polled = handOut(task, workerId, now);
      await tx.updateWorkflow(workflow, [polled]);
      await tx.queueAck(queueName, taskId);
      // The response-timeout clock starts now; make sure the workflow's timer fires by then.
      await tx.setTimerIfEarlier(workflow.workflowId, now + polled.responseTimeoutSeconds * 1000);
      effects.polled.push({ task: polled, workerId });
      handed.push(polled);
    }
    return handed;
  }

  // ---- plumbing ------------------------------------------------------------------------------------

  private taskDefOf(task: Task): TaskDef | undefined {
    return task.workflowTask.taskDefinition ?? this.deps.metadata.taskDef(task.taskDefName);
  }

  private context(now: number): DeciderContext {
    return {
      now,
      taskDef: (name) => this.deps.metadata.taskDef(name),
      newId: randomUUID,
      random: Math.random,
      lastPollTime: this.polls.lastPollTime,
    };
  }

  private applyOptions(effects: Effects, now: number) {
    return {
      now,
      effects,
      startWorkflow: (tx: StoreTx, command: StartWorkflowCommand) =>
        this.startChildInTx(tx, command, effects, now),
    };
  }

  /** Failure workflows: a missing definition must not undo the ending of the failed workflow. */
  private async startChildInTx(tx: StoreTx, command: StartWorkflowCommand, effects: Effects, now: number) {
    const { request } = command;
    const def = request.workflowDef ?? (await tx.getWorkflowDef(request.name, request.version));
    if (!def) {
      this.deps.logger.warn({ workflow: request.name }, 'cannot start workflow: no such definition');
      return;
    }
    await this.startInTx(
      tx,
      def,
      { workflowId: command.workflowId, request, parentWorkflowId: command.parentWorkflowId },
      effects,
      now,
    );
  }

  /** Runs `fn` in a group-committed transaction, then publishes its effects. */
  private async transact<T>(fn: (tx: StoreTx, effects: Effects, now: number) => Promise<T>): Promise<T> {
    const effects = newEffects();
    const result = await this.deps.store.transact((tx) => fn(tx, effects, this.now()));
    this.publish(effects);
    return result;
  }

  private publish(effects: Effects): void {
    const now = this.now();
    for (const q of effects.queued) {
      this.waiters.notify(q.queueName, q.visibleAt, now);
      this.events.emit('taskQueued', q);
    }
    for (const p of effects.polled) this.events.emit('taskPolled', p);
    for (const task of effects.endedTasks) this.events.emit('taskEnded', { task });
    for (const s of effects.started) this.events.emit('workflowStarted', s);
    for (const e of effects.ended) this.events.emit('workflowEnded', e);
  }
}
