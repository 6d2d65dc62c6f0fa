/**
 * The runtime ties the pure decider to the store: every operation loads an execution inside a
 * (group-committed) transaction, asks the decider, persists the result and carries out its commands.
 * After commit it wakes long-polls and emits events. It also owns polling (hand-outs, rate limits) and the
 * sweeper that fires durable timers.
 *
 * States: created -> started (sweeper running) -> stopped (sweeper off, long-polls released).
 */
import {
  createExecution,
  decide,
  EVALUATION_RETRY_MS,
  isSystemTaskType,
  queueNameFor,
  type DeciderContext,
  type NewExecution,
  type WorkflowEvent,
} from '@baton/engine';
import {
  checkJsonDepth,
  isTerminalTaskStatus,
  type JsonObject,
  type TaskResultStatus,
  type StartWorkflowRequest,
  type Task,
  type TaskDef,
  type TaskResult,
  type Workflow,
  type WorkflowDef,
} from '@baton/protocol';
import type { Store, StoreTx } from '@baton/store';
import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { ApiError, BadRequestError, ConflictError, ErrorCode, NotFoundError } from '../errors.js';
import type { MetadataService } from '../metadata/metadata-service.js';
import type { SystemTaskExecutor } from '../executors/executor.js';
import {
  asStored,
  ExternalPayloads,
  type PayloadRun,
  taskPayloadTooLarge,
  workflowPayloadTooLarge,
} from '../payloads/external-payloads.js';
import { payloadLimits } from '../payloads/payload-limits.js';
import type { ScriptResult, ScriptSandbox } from '../sandbox/contract.js';
import { applyDecision, newEffects, type ApplyOptions, type Effects, type Unit } from './apply-decision.js';
import { deliverSignal, signalsOf } from './cluster-signals.js';
import { crossWorkflowHandlers, type UnitOps } from './follow-ups.js';
import { handOutInTx } from './hand-out.js';
import { newId } from './ids.js';
import { idempotentStart } from './idempotency.js';
import { WorkflowOperations } from './operations.js';
import { RuntimeEvents } from './events.js';
import { PollTracker } from './poll-tracker.js';
import { PollWaiters, type Claim } from './poll-waiters.js';
import { Sweeper } from './sweeper.js';
import { SynchronousCalls } from './synchronous.js';
import { SystemTaskRunner, type SystemPollOptions } from './system-task-runner.js';
import { logLine, MAX_LOGS_PER_UPDATE } from './task-logs.js';
import { WorkflowWatch } from './workflow-watch.js';
import { batchSizeOf, MAX_QUEUED_MESSAGES, waitingPull } from './workflow-messages.js';
import { WorkflowTester } from '../workflow-test/workflow-tester.js';
import type { RevealedTask } from '../secrets/task-inputs.js';

export interface RuntimeDeps {
  store: Store;
  metadata: MetadataService;
  logger: FastifyBaseLogger;
  /** Epoch ms; injectable so tests can move time. */
  clock?: () => number;
  /** Runs operators' JavaScript (SWITCH, DO_WHILE conditions). Without it such evaluations fail. */
  scripts?: ScriptSandbox;
  /** The server's own executors for asynchronous system tasks (HTTP, INLINE, ...). */
  executors?: readonly SystemTaskExecutor[];
  /** Size thresholds and hard limits of payloads (external payload storage). Default: Conductor's. */
  payloads?: ExternalPayloads;
  /** Fills `${workflow.secrets.X}` / `${workflow.env.X}` into the copy of a task handed out (secrets/task-inputs.ts). */
  taskInputs?: { reveal(task: Task): Promise<RevealedTask> };
}

export interface PollRequest {
  taskType: string;
  workerId?: string;
  domain?: string;
  count: number;
  /** How long to wait for a task when none is ready (long-poll), ms. */
  timeoutMs: number;
}

/** A popped worker message stays invisible this long; it is acked in the same transaction, so this only
 * matters if that transaction fails. */
const POP_VISIBILITY_MS = 30_000;
const SYSTEM_WORKER_ID = 'baton-server';
/**
 * With several servers on one database a long-poll also re-checks its queue this often, in case a wake-up from
 * another server was missed (more often while the store says its signals are unreliable).
 */
const SHARED_RECHECK_MS = 1000;
const UNRELIABLE_RECHECK_MS = 100;

/** A long-poll's hand-out, run in its own transaction or in the one that queued its task (a claim). */
type TakeTasks = (unit: Unit) => Promise<Task[]>;
type PollClaim = Claim<TakeTasks, Task[]> & { handed?: Task[] };

export class Runtime {
  readonly events = new RuntimeEvents();
  private readonly waiters = new PollWaiters<TakeTasks, Task[]>();
  private readonly polls = new PollTracker();
  private readonly sweeper: Sweeper;
  private readonly systemTasks: SystemTaskRunner;
  private readonly now: () => number;
  /** Sandboxed evaluations in flight, so `stop` can wait for them. */
  private readonly evaluating = new Set<Promise<void>>();
  private readonly unitOps: UnitOps;
  private unsubscribe: (() => void) | undefined;
  /** Pause, resume, terminate, retry, restart, rerun, skip, variables, ... (§1.2). */
  readonly operations: WorkflowOperations;
  /** Synchronous execute and signals: calls that wait until a workflow ends or blocks (§1.2, §1.3). */
  readonly synchronous: SynchronousCalls;
  /** Who waits on which workflow, woken by `workflowChanged` (exposed so tests can see nothing leaks). */
  readonly watch = new WorkflowWatch(this.events, () => this.recheckMs());
  /** Workflow runs with mocked task outputs on a virtual clock (`POST /api/workflow/test`). */
  readonly tests: WorkflowTester;
  /** Where large payloads go, and the limits they are held to. */
  readonly payloads: ExternalPayloads;

  constructor(readonly deps: RuntimeDeps) {
    this.now = deps.clock ?? Date.now;
    this.payloads = deps.payloads ?? new ExternalPayloads(payloadLimits());
    this.unitOps = {
      startInTx: (unit, def, start) => this.startInTx(unit, def, start),
      decideInTx: (unit, workflow, event) => this.decideInTx(unit, workflow, event),
      logger: deps.logger,
    };
    this.operations = new WorkflowOperations({
      transact: (fn) => this.transact(fn),
      loadWorkflow: (tx, id) => this.loadWorkflow(tx, id),
      decide: (unit, workflow, event) => decide(workflow, event, this.context(unit.now)),
      apply: (unit, before, decision) => applyDecision(unit.tx, before, decision, this.applyOptions(unit)),
      decideInTx: (unit, workflow, event) => this.decideInTx(unit, workflow, event),
      latestDefinition: (name) => this.deps.metadata.getWorkflowDef(name, undefined),
    });
    this.synchronous = new SynchronousCalls({
      store: deps.store,
      watch: this.watch,
      now: this.now,
      startWorkflow: (request) => this.startWorkflow(request),
      transact: (fn) => this.transact(fn),
      loadWorkflow: (tx, id) => this.loadWorkflow(tx, id),
      updateFoundTask: (unit, workflow, task, status, output) =>
        this.updateFoundTask(unit, workflow, task, status, output, undefined),
    });
    this.tests = new WorkflowTester({
      store: deps.store,
      metadata: deps.metadata,
      scripts: deps.scripts,
      executors: deps.executors ?? [],
      clock: this.now,
    });
    this.sweeper = new Sweeper(
      this.deps.store,
      (id) => this.decideWorkflow(id),
      deps.logger,
      this.now,
      (pass) => this.events.emit('timersSwept', pass),
    );
    this.systemTasks = new SystemTaskRunner(this, deps.executors ?? [], deps.logger);
  }

  /** Starts the sweeper and the system-task executors, and listens to the other servers' signals. */
  start(): void {
    this.unsubscribe ??= this.deps.store.signals.subscribe((signal) =>
      deliverSignal(signal, {
        taskQueued: (queueName, visibleAt) => this.waiters.notify(queueName, visibleAt, this.now()),
        workflowChanged: (workflowId) => this.events.emit('workflowChanged', { workflowId }),
        definitionsChanged: () => this.deps.metadata.forgetCached(),
        polled: (queueName, lastPollTime) => this.polls.observe(queueName, lastPollTime),
      }),
    );
    this.sweeper.start();
    this.systemTasks.start();
  }

  /** Stops the sweeper and executors and releases waiting long-polls (they answer with nothing). */
  async stop(): Promise<void> {
    this.unsubscribe?.();
    this.waiters.close();
    this.synchronous.close();
    await this.systemTasks.stop();
    await this.sweeper.stop();
    await Promise.allSettled([...this.evaluating]);
  }

  /**
   * Starts a workflow from a request (registered or inline definition); returns its id. With an
   * `idempotencyKey` a workflow of that name already carries: ConflictError, or that workflow's id
   * (RETURN_EXISTING), see idempotency.ts.
   */
  async startWorkflow(request: StartWorkflowRequest): Promise<string> {
    const def =
      request.workflowDef ?? (await this.deps.metadata.getWorkflowDef(request.name, request.version));
    await this.payloads.storeAhead(this.deps.store, 'WORKFLOW_INPUT', request.input);
    return this.transact((unit) => this.startRequestInTx(unit, def, request));
  }

  /**
   * Runs `fn` in one transaction in which `start` starts workflows (the scheduler claims a tick, starts its
   * workflow and records the tick at once). Throws what `startWorkflow` throws; then nothing is written.
   */
  async transactWithStarts<T>(
    fn: (tx: StoreTx, start: (request: StartWorkflowRequest) => Promise<string>) => Promise<T>,
  ): Promise<T> {
    return this.transact((unit) =>
      fn(unit.tx, async (request) => {
        const def =
          request.workflowDef ?? (await this.deps.metadata.getWorkflowDef(request.name, request.version));
        return this.startRequestInTx(unit, def, request);
      }),
    );
  }

  /** Applies a worker's (or an executor's) result. Throws NotFoundError for an unknown task. */
  async updateTask(result: TaskResult): Promise<Task> {
    await this.storeResultAhead(result);
    return this.transact((unit) => this.updateInTx(unit, result));
  }

  /**
   * Applies a worker's result and, if the task ended, hands the same worker the next task of that type and
   * domain (POST /api/tasks/update-v2), in one transaction.
   */
  async updateTaskAndPoll(result: TaskResult): Promise<Task | undefined> {
    await this.storeResultAhead(result);
    const next = await this.transact(async (unit) => {
      const task = await this.updateInTx(unit, result);
      if (result.extendLease || result.status === 'IN_PROGRESS' || result.status === undefined)
        return undefined;
      const [handed] = await this.handOutToWorker(unit, queueNameFor(task), task, result.workerId, 1);
      return handed;
    });
    // Workers get large inputs by path, as from Conductor (the SDKs download them).
    return next && asStored((await this.revealTask(next)).task);
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
    // The transaction names the output stored ahead if the task had no output yet.
    await this.storeOutputAhead(
      output,
      async () => (await this.deps.store.getWorkflow(workflowId, false)) !== undefined,
    );
    return this.transact(async (unit) => {
      const workflow = await this.loadWorkflow(unit.tx, workflowId);
      const pending = workflow.tasks.filter((t) => !isTerminalTaskStatus(t.status));
      const task =
        pending.find((t) => t.referenceTaskName === taskRefName) ??
        pending.find((t) => t.referenceTaskName.replace(/__\d+$/, '') === taskRefName);
      if (!task) return undefined;
      await this.updateFoundTask(unit, workflow, task, status, output, workerId);
      return task.taskId;
    });
  }

  /**
   * Posts a message to a RUNNING workflow's queue (`POST /api/workflow/{id}/messages`); a PULL_WORKFLOW_MESSAGES
   * task waiting there takes it at once. Returns the message id.
   */
  async postWorkflowMessage(workflowId: string, payload: JsonObject): Promise<string> {
    return this.transact(async (unit) => {
      const workflow = await this.loadWorkflow(unit.tx, workflowId);
      if (workflow.status !== 'RUNNING')
        throw new ConflictError(
          `Cannot push message to workflow in state ${workflow.status}. Workflow must be RUNNING.`,
        );
      if ((await unit.tx.workflowMessageCount(workflowId)) >= MAX_QUEUED_MESSAGES)
        throw new ApiError(
          429,
          ErrorCode.CONFLICT,
          `WMQ for workflow ${workflowId} is full (${MAX_QUEUED_MESSAGES} messages). Cannot push.`,
        );
      const id = randomUUID();
      await unit.tx.pushWorkflowMessage({
        id,
        workflowId,
        payload,
        receivedAt: new Date(unit.now).toISOString(),
      });
      await this.deliverMessages(unit, workflow);
      return id;
    });
  }

  /** Batch poll with long-poll: returns as soon as at least one task is handed out, or [] at the deadline. */
  async poll(request: PollRequest): Promise<Task[]> {
    // The server's own queues (HTTP, INLINE, ...) are never handed to external workers.
    if (isSystemTaskType(request.taskType)) return [];
    this.events.emit('pollRequested', { taskType: request.taskType, domain: request.domain });
    const queueName = request.domain ? `${request.domain}:${request.taskType}` : request.taskType;
    const tasks = await this.longPoll(
      queueName,
      request.timeoutMs,
      (unit) => this.handOutToWorker(unit, queueName, request, request.workerId, request.count),
      (now) => !this.polls.touch(queueName, request.workerId, now),
    );
    // Workers get large inputs by path, as from Conductor (the SDKs download them).
    return Promise.all(tasks.map(async (task) => asStored((await this.revealTask(task)).task)));
  }

  /** Long-polls parked on a queue (`domain:type` or `type`) now, waiting for a task. */
  parkedPolls(queueName: string): number {
    return this.waiters.waiting(queueName);
  }

  /** The copy of a task its worker or executor gets: secret and env references filled in. */
  async revealTask(task: Task): Promise<RevealedTask> {
    return this.deps.taskInputs ? this.deps.taskInputs.reveal(task) : { task, revealed: [] };
  }

  /**
   * The server's own executors take their tasks here; the message stays, hidden for the lease, until the
   * result arrives (a crash runs the task again after the lease).
   */
  async pollSystemTasks(
    taskType: string,
    count: number,
    timeoutMs: number,
    options: SystemPollOptions,
  ): Promise<Task[]> {
    return this.longPoll(
      taskType,
      timeoutMs,
      (unit) =>
        handOutInTx(unit.tx, {
          queueName: taskType,
          count,
          workerId: SYSTEM_WORKER_ID,
          now: unit.now,
          visibilityMs: options.leaseMs,
          keepMessage: true,
          taskDefOf: (t) => this.taskDefOf(t),
          admit: options.admission?.(),
        }),
      () => true,
    );
  }

  /** Runs a decide pass (sweeper, timers, `PUT /api/workflow/decide/{id}`). */
  async decideWorkflow(workflowId: string): Promise<void> {
    await this.transact(async (unit) => {
      // A fired timer is spent: the pass arms the next deadline, if any, from scratch (see armTimer).
      await unit.tx.setTimer(workflowId, null);
      const workflow = await unit.tx.getWorkflow(workflowId, true);
      if (!workflow) return;
      await this.decideInTx(unit, workflow, { type: 'tick' });
    });
  }

  /**
   * A large output measured off the loop is stored before the transaction (see ExternalPayloads.storeAhead), if
   * the result can apply: one naming no task of ours is refused without writing megabytes first.
   */
  private storeResultAhead(result: TaskResult): Promise<void> {
    return this.storeOutputAhead(result.outputData, async () => {
      const task = await this.deps.store.getTask(result.taskId);
      return task?.workflowInstanceId === result.workflowInstanceId && !isTerminalTaskStatus(task.status);
    });
  }

  /** `output` stored ahead when it is large and `applies` (read only then) says its request can apply. */
  private async storeOutputAhead(
    output: JsonObject | undefined,
    applies: () => Promise<boolean>,
  ): Promise<void> {
    if (this.payloads.storesAhead('TASK_OUTPUT', output) && (await applies()))
      await this.payloads.storeAhead(this.deps.store, 'TASK_OUTPUT', output);
  }

  // ---- inside a transaction ------------------------------------------------------------------------

  private async startRequestInTx(
    unit: Unit,
    def: WorkflowDef,
    request: StartWorkflowRequest,
  ): Promise<string> {
    const verdict = await idempotentStart(unit.tx, def.name, request);
    if (verdict.kind === 'conflict') throw new ConflictError(verdict.message);
    if (verdict.kind === 'existing') return verdict.workflowId;
    const workflowId = newId(unit.now);
    const path = request.externalInputPayloadStoragePath;
    const input = path ? await this.payloads.read(unit.tx, path) : (request.input ?? {});
    const tooLarge = this.payloads.overLimit('WORKFLOW_INPUT', input);
    if (tooLarge)
      throw new BadRequestError(workflowPayloadTooLarge(tooLarge.size, workflowId, tooLarge.maxBytes));
    await this.startInTx(unit, def, { workflowId, request: { ...request, input } });
    return workflowId;
  }

  private async startInTx(unit: Unit, def: WorkflowDef, start: NewExecution): Promise<void> {
    const ctx = this.context(unit.now);
    const workflow = createExecution(def, start, ctx);
    const decision = decide(workflow, { type: 'start' }, ctx);
    await applyDecision(unit.tx, undefined, decision, this.applyOptions(unit));
    await this.deliverMessages(unit, decision.workflow);
  }

  private async updateInTx(unit: Unit, result: TaskResult): Promise<Task> {
    const { tx, now } = unit;
    const task = await tx.getTask(result.taskId);
    if (!task) throw new NotFoundError(`No such task found by id: ${result.taskId}`);
    if (task.workflowInstanceId !== result.workflowInstanceId) {
      // A caller must know both ids: a result naming another workflow (or none) changes nothing.
      const exists = (await tx.getWorkflow(result.workflowInstanceId, false)) !== undefined;
      throw new NotFoundError(
        exists
          ? `No such task found by id: ${result.taskId} in workflow ${result.workflowInstanceId}`
          : `No such workflow found by id: ${result.workflowInstanceId}`,
      );
    }
    const workflow = await this.loadWorkflow(tx, task.workflowInstanceId);
    if (result.logs && result.logs.length > 0) {
      await tx.addTaskLogs(
        result.logs.slice(0, MAX_LOGS_PER_UPDATE).map((l) => ({
          log: logLine(l.log),
          taskId: task.taskId,
          createdTime: l.createdTime ?? now,
        })),
      );
    }
    const checked = await this.withPayloadLimits(unit.tx, result);
    const after = await this.decideInTx(unit, workflow, { type: 'taskResult', result: checked });
    return after.tasks.find((t) => t.taskId === task.taskId) ?? task;
  }

  /** A task result from outside the workflow (an API caller, a signal): `output` is merged into the task's. */
  private async updateFoundTask(
    unit: Unit,
    workflow: Workflow,
    task: Task,
    status: TaskResultStatus,
    output: JsonObject,
    workerId: string | undefined,
  ): Promise<void> {
    const result: TaskResult = {
      workflowInstanceId: workflow.workflowId,
      taskId: task.taskId,
      status,
      // The very object when there is nothing to merge: one stored ahead keeps its path.
      outputData: Object.keys(task.outputData).length === 0 ? output : { ...task.outputData, ...output },
      workerId,
    };
    await this.decideInTx(unit, workflow, {
      type: 'taskResult',
      result: await this.withPayloadLimits(unit.tx, result),
    });
  }

  /**
   * A result as the decider should see it: an output uploaded to external storage read back in, and an output over
   * the hard limit replaced by a terminal failure with Conductor's reason.
   */
  private async withPayloadLimits(tx: StoreTx, result: TaskResult): Promise<TaskResult> {
    const path = result.externalOutputPayloadStoragePath;
    if (path) return { ...result, outputData: await this.payloads.read(tx, path) };
    // Too deep to be measured (JSON.stringify would overflow the stack): the decider fails the task for it.
    if (checkJsonDepth(result.outputData)) return result;
    const tooLarge = result.outputData && this.payloads.overLimit('TASK_OUTPUT', result.outputData);
    if (!tooLarge) return result;
    return {
      ...result,
      status: 'FAILED_WITH_TERMINAL_ERROR',
      outputData: {},
      reasonForIncompletion: taskPayloadTooLarge(
        tooLarge.size,
        result.taskId,
        result.workflowInstanceId,
        tooLarge.maxBytes,
      ),
    };
  }

  private async decideInTx(unit: Unit, workflow: Workflow, event: WorkflowEvent): Promise<Workflow> {
    const decision = decide(workflow, event, this.context(unit.now));
    await applyDecision(unit.tx, workflow, decision, this.applyOptions(unit));
    return (await this.deliverMessages(unit, decision.workflow)) ?? decision.workflow;
  }

  /**
   * Completes the workflow's waiting PULL_WORKFLOW_MESSAGES task with queued messages, if both exist; returns
   * the workflow after that, or undefined when nothing was delivered.
   */
  private async deliverMessages(unit: Unit, workflow: Workflow): Promise<Workflow | undefined> {
    const task = waitingPull(workflow);
    if (!task) return undefined;
    const messages = await unit.tx.takeWorkflowMessages(workflow.workflowId, batchSizeOf(task));
    if (messages.length === 0) return undefined;
    const result: TaskResult = {
      workflowInstanceId: workflow.workflowId,
      taskId: task.taskId,
      status: 'COMPLETED',
      outputData: { messages: messages as unknown as JsonObject[], count: messages.length },
    };
    return this.decideInTx(unit, workflow, { type: 'taskResult', result });
  }

  private async handOutToWorker(
    unit: Unit,
    queueName: string,
    who: { taskType: string; domain?: string },
    workerId: string | undefined,
    count: number,
  ): Promise<Task[]> {
    const { tx, now } = unit;
    if (this.polls.record(queueName, workerId, now)) {
      await tx.recordPoll({ queueName: who.taskType, domain: who.domain, workerId, lastPollTime: now });
      if (this.deps.store.shared) await tx.notify([{ type: 'polled', queueName, lastPollTime: now }]);
    }
    const tasks = await handOutInTx(tx, {
      queueName,
      count,
      workerId,
      now,
      visibilityMs: POP_VISIBILITY_MS,
      keepMessage: false,
      taskDefOf: (t) => this.taskDefOf(t),
    });
    for (const task of tasks) {
      unit.effects.polled.push({ task, workerId });
      // The hand-out made it IN_PROGRESS outside the decider: a status listener hears of it here. With its tasks,
      // as the hand-out read it: the transaction's cached execution, not a copy without them.
      const workflow = await tx.getWorkflow(task.workflowInstanceId, true);
      if (workflow?.workflowDefinition.workflowStatusListenerEnabled)
        unit.effects.statusChanges.push({ workflow, task });
    }
    return tasks;
  }

  private async loadWorkflow(tx: StoreTx, workflowId: string): Promise<Workflow> {
    const workflow = await tx.getWorkflow(workflowId, true);
    if (!workflow) throw new NotFoundError(`No such workflow found by id: ${workflowId}`);
    return workflow;
  }

  // ---- after commit --------------------------------------------------------------------------------

  /**
   * Runs an operator's JavaScript in the sandbox, in its workflow's turn, and feeds the answer back as an
   * `evaluated` event. A sandbox too busy to queue it gets no answer: the decider asks again after
   * EVALUATION_RETRY_MS, so the workflow waits instead of failing.
   */
  private evaluate(command: Effects['evaluations'][number]): void {
    const run = async (): Promise<void> => {
      const scripts = this.deps.scripts;
      const outcome: ScriptResult = scripts
        ? await scripts.evaluate(command.expression, command.input, { workflowId: command.workflowId })
        : { ok: false, error: 'JavaScript evaluation is not available on this server' };
      if (!outcome.ok && outcome.busy) {
        this.deps.logger.warn(
          { workflowId: command.workflowId, taskId: command.taskId, retryInMs: EVALUATION_RETRY_MS },
          outcome.error,
        );
        return;
      }
      const event: WorkflowEvent = outcome.ok
        ? { type: 'evaluated', taskId: command.taskId, purpose: command.purpose, result: outcome.value }
        : { type: 'evaluated', taskId: command.taskId, purpose: command.purpose, error: outcome.error };
      await this.transact(async (unit) => {
        const workflow = await unit.tx.getWorkflow(command.workflowId, true);
        if (workflow) await this.decideInTx(unit, workflow, event);
      });
    };
    const running = run()
      .catch((err: unknown) => this.deps.logger.error({ err, taskId: command.taskId }, 'evaluation failed'))
      .finally(() => this.evaluating.delete(running));
    this.evaluating.add(running);
  }

  // ---- plumbing ------------------------------------------------------------------------------------

  /**
   * `take` runs at once, then again each time the queue may have something. A re-check first asks the read
   * connection whether a message is visible and skips the transaction when none is and `mayIdle(now)` agrees:
   * under load most wake-ups find the task already taken by an update-v2 hand-out. While parked, the
   * transaction that queues a task for it may run `take` itself (see `handToParkedPolls`).
   */
  private async longPoll(
    queueName: string,
    timeoutMs: number,
    take: TakeTasks,
    mayIdle: (now: number) => boolean,
  ): Promise<Task[]> {
    const deadline = this.now() + timeoutMs;
    for (let first = true; ; first = false) {
      const seen = this.waiters.version(queueName);
      let now = this.now();
      let nextVisible = first ? now : await this.deps.store.nextVisibleAt(queueName, now);
      if ((nextVisible !== undefined && nextVisible <= now) || !mayIdle(now)) {
        const tasks = await this.transact(take);
        now = this.now();
        if (tasks.length > 0 || now >= deadline) return tasks;
        nextVisible = await this.deps.store.nextVisibleAt(queueName, now);
      } else if (now >= deadline) {
        return [];
      }
      let until = nextVisible === undefined ? deadline : Math.min(deadline, nextVisible);
      const { shared, signals } = this.deps.store;
      if (shared)
        until = Math.min(until, now + (signals.reliable ? SHARED_RECHECK_MS : UNRELIABLE_RECHECK_MS));
      const woke = await this.waiters.wait(queueName, until - now, seen, take);
      if (typeof woke === 'object') return woke.handed;
      if (this.waiters.isClosed) return [];
    }
  }

  /** How long a waiter may trust wake-ups alone: for ever on its own database, not with other servers. */
  private recheckMs(): number {
    const { shared, signals } = this.deps.store;
    if (!shared) return Infinity;
    return signals.reliable ? SHARED_RECHECK_MS : UNRELIABLE_RECHECK_MS;
  }

  private taskDefOf(task: Task): TaskDef | undefined {
    return task.workflowTask.taskDefinition ?? this.deps.metadata.taskDef(task.taskDefName);
  }

  private context(now: number): DeciderContext {
    return {
      now,
      taskDef: (name) => this.deps.metadata.taskDef(name),
      newId: () => newId(now),
      random: Math.random,
      lastPollTime: this.polls.lastPollTime,
    };
  }

  private applyOptions(unit: Unit): ApplyOptions {
    return {
      now: unit.now,
      effects: unit.effects,
      followUps: unit.followUps,
      handlers: crossWorkflowHandlers(unit, this.unitOps),
    };
  }

  /**
   * Runs `fn` and its follow-ups in one transaction, then publishes the effects. The store may run the
   * function again (a deadlock between servers): each run collects its own effects, and only the run that
   * committed publishes them; other servers learn of them through the store's signals.
   */
  private async transact<T>(fn: (unit: Unit) => Promise<T>): Promise<T> {
    const shared = this.deps.store.shared;
    // Parked long-polls this call's (latest) run handed tasks to; a run that did not commit lets them look again.
    let claims: PollClaim[] = [];
    const release = (): void => {
      for (const claim of claims) claim.settle();
      claims = [];
    };
    let committed;
    let payloadRun: PayloadRun | undefined;
    try {
      committed = await this.deps.store.transact(async (storeTx) => {
        release();
        const now = this.now();
        payloadRun = this.payloads.wrap(storeTx, now);
        const { tx } = payloadRun;
        const unit: Unit = { tx, effects: newEffects(), followUps: [], now };
        const value = await fn(unit);
        for (let next = unit.followUps.shift(); next; next = unit.followUps.shift()) await next(tx);
        await this.handToParkedPolls(unit, claims);
        if (shared) await tx.notify(signalsOf(unit.effects));
        return { value, effects: unit.effects };
      });
    } catch (err) {
      release();
      throw err;
    }
    payloadRun?.committed(); // the run that returned is the one that committed
    this.publish(committed.effects, claims);
    return committed.value;
  }

  /**
   * Hands each task this transaction queued, visible now, to a long-poll parked on its queue, by running that
   * poll's hand-out here: the commit that queues the task also hands it out, and the poll answers right after
   * it instead of after a wake-up and a transaction of its own.
   */
  private async handToParkedPolls(unit: Unit, claims: PollClaim[]): Promise<void> {
    let handed: Set<string> | undefined;
    for (const q of unit.effects.queued) {
      if (q.visibleAt > unit.now || handed?.has(q.taskId)) continue;
      const claim: PollClaim | undefined = this.waiters.claim(q.queueName);
      if (!claim) continue;
      claims.push(claim);
      claim.handed = await claim.take(unit);
      for (const task of claim.handed) (handed ??= new Set()).add(task.taskId);
    }
  }

  private publish(effects: Effects, claims: readonly PollClaim[]): void {
    // The parked polls first: their workers are what the workflow waits for.
    let handed: Set<string> | undefined;
    for (const claim of claims) {
      const tasks = claim.handed;
      claim.settle(tasks && tasks.length > 0 ? tasks : undefined);
      for (const task of tasks ?? []) (handed ??= new Set()).add(task.taskId);
    }
    const now = this.now();
    for (const q of effects.queued) {
      // A task already handed out wakes nobody; the event still tells that it was queued.
      if (!handed?.has(q.taskId)) this.waiters.notify(q.queueName, q.visibleAt, now);
      this.events.emit('taskQueued', q);
    }
    for (const p of effects.polled) this.events.emit('taskPolled', p);
    for (const task of effects.endedTasks) this.events.emit('taskEnded', { task });
    for (const s of effects.started) this.events.emit('workflowStarted', s);
    for (const e of effects.ended) this.events.emit('workflowEnded', e);
    for (const [workflowId, workflow] of effects.changed)
      this.events.emit('workflowChanged', { workflowId, workflow });
    for (const { workflow, task } of effects.statusChanges) {
      if (task) this.events.emit('taskStatusChanged', { workflow, task });
      else this.events.emit('workflowStatusChanged', { workflow });
    }
    for (const e of effects.evaluations) this.evaluate(e);
  }
}
