/**
 * The in-memory runtime of a virtual-clock test run: it holds every workflow of the run, decides, and carries
 * out the decider's commands as the server's runtime does, except that whatever would wait (a queued task, a
 * timer, a child's start, an evaluation) becomes an item on the agenda, and that a queued task takes its
 * outcome from the mocks (one per attempt) instead of a worker.
 */
import {
  isTerminalTaskStatus,
  isTerminalWorkflowStatus,
  TaskType,
  type Task,
  type TaskMock,
  type TaskResult,
  type Workflow,
  type WorkflowDef,
} from '@baton/protocol';
import type { Command, DeciderContext, NewExecution, WorkflowEvent } from '../contract.js';
import { createExecution } from '../decider/create-execution.js';
import { decide } from '../decider/decide.js';
import { nextDeadline } from '../decider/deadlines.js';
import { handOut } from '../poll.js';
import { executionOf, moduleOf } from '../tasks/registry.js';
import { childWorkflowResult } from '../tasks/sub-workflow.js';
import { Agenda } from './agenda.js';
import { MockBook } from './mock-book.js';
import type { ExecutionOutcome, VirtualRunOptions } from './run-contract.js';
import type { RunItem, StartCommand } from './run-items.js';
import { seededRandom } from './seeded-random.js';

/** Tasks that wait for an outside update: a mock completes them, and without one they stop the run. */
const WAITING_FOR_UPDATE: ReadonlySet<string> = new Set([
  TaskType.WAIT,
  TaskType.HUMAN,
  TaskType.YIELD,
  TaskType.PULL_WORKFLOW_MESSAGES,
]);

export class VirtualRuntime {
  now: number;
  /** Decides made (the run adds its requests). */
  steps = 0;
  readonly agenda = new Agenda<RunItem>();
  /** In the order they started. */
  readonly workflows = new Map<string, Workflow>();
  /** Tasks that need an outcome nobody will give (no mock left), in the order found. */
  readonly stuck: Array<{ workflowId: string; taskId: string }> = [];
  private readonly books = new Map<string, MockBook>();
  /** Each workflow's armed timer (the decider's one `setTimer`). */
  private readonly timers = new Map<string, number | null>();
  /** WAIT/HUMAN/YIELD tasks already looked at for a mock. */
  private readonly watched = new Set<string>();
  private readonly random: () => number;

  constructor(private readonly options: VirtualRunOptions) {
    this.now = options.startTime;
    this.random = seededRandom(options.seed ?? 1);
  }

  context(): DeciderContext {
    return {
      now: this.now,
      taskDef: (name) => this.options.taskDef(name),
      newId: () => this.options.newId(),
      random: this.random,
      // No worker ever polls in a test run: a domain list falls to its last entry (§4.8).
      lastPollTime: () => undefined,
    };
  }

  startExecution(def: WorkflowDef, start: NewExecution, book: MockBook): void {
    const execution = createExecution(
      def,
      { ...start, request: { ...start.request, input: start.request.input ?? {} } },
      this.context(),
    );
    this.books.set(execution.workflowId, book);
    this.workflows.set(execution.workflowId, execution);
    this.decideOn(execution, { type: 'start' });
  }

  /** A start asked for by a decision, once its definition is known (undefined: there is none). */
  startRequested(command: StartCommand, def: WorkflowDef | undefined, book: MockBook): void {
    const { request, workflowId, parentWorkflowId, parentWorkflowTaskId, reportTo } = command;
    const target = parentWorkflowTaskId
      ? { workflowId: parentWorkflowId!, taskId: parentWorkflowTaskId }
      : reportTo;
    if (!def) {
      // As the server's runtime answers a start of a missing definition.
      const reason = `No such workflow found by name: ${request.name}, version: ${request.version ?? 'latest'}`;
      if (target)
        this.report(target, { status: 'FAILED_WITH_TERMINAL_ERROR', reasonForIncompletion: reason });
      return;
    }
    this.startExecution(
      def,
      {
        workflowId,
        request,
        ...(parentWorkflowId !== undefined && { parentWorkflowId }),
        ...(parentWorkflowTaskId !== undefined && { parentWorkflowTaskId }),
      },
      book,
    );
    if (reportTo) this.report(reportTo, { status: 'COMPLETED', outputData: { workflowId } });
  }

  /** Tells the parent of an ended child, unless its task moved on. */
  childEnded(childId: string): void {
    const child = this.workflows.get(childId);
    const parent = child?.parentWorkflowId ? this.workflows.get(child.parentWorkflowId) : undefined;
    const task = parent?.tasks.find((t) => t.taskId === child!.parentWorkflowTaskId);
    if (!child || !parent || !task || isTerminalTaskStatus(task.status)) return;
    this.decideOn(parent, childWorkflowResult(task, child));
  }

  report(target: { workflowId: string; taskId: string }, outcome: ExecutionOutcome): void {
    const result: TaskResult = { ...outcome, workflowInstanceId: target.workflowId, taskId: target.taskId };
    this.decideFor(target.workflowId, { type: 'taskResult', result });
  }

  decideFor(workflowId: string, event: WorkflowEvent): void {
    const workflow = this.workflows.get(workflowId);
    if (workflow) this.decideOn(workflow, event);
  }

  /**
   * Hands a queued task to its (virtual) worker or executor, as the runtime's poll does; undefined when stale.
   * An executor's task offered again (it reported IN_PROGRESS) is handed out as it is.
   */
  handOut(workflowId: string, taskId: string): Task | undefined {
    const workflow = this.workflows.get(workflowId);
    const task = workflow?.tasks.find((t) => t.taskId === taskId);
    if (!workflow || !task || isTerminalWorkflowStatus(workflow.status)) return undefined;
    if (task.status === 'IN_PROGRESS' && executionOf(task) === 'async') return task;
    if (task.status !== 'SCHEDULED' && task.status !== 'IN_PROGRESS') return undefined;
    const polled = handOut(task, undefined, this.now);
    const after = { ...workflow, tasks: workflow.tasks.map((t) => (t.taskId === taskId ? polled : t)) };
    this.workflows.set(workflowId, after);
    // The attempt's timeouts start now (the runtime arms the timer at a hand-out too).
    const deadline = nextDeadline(after, this.context());
    if (deadline !== null) this.armTimer(workflowId, deadline, { onlyEarlier: true });
    return polled;
  }

  /** A timer item: a `tick` if it is still the workflow's armed timer. */
  timerFired(workflowId: string, at: number): void {
    const workflow = this.workflows.get(workflowId);
    if (!workflow || this.timers.get(workflowId) !== at) return;
    this.timers.set(workflowId, null);
    if (!isTerminalWorkflowStatus(workflow.status)) this.decideOn(workflow, { type: 'tick' });
  }

  mockResult(task: Task, mock: TaskMock): RunItem {
    const result: TaskResult = {
      workflowInstanceId: task.workflowInstanceId,
      taskId: task.taskId,
      status: mock.status ?? 'COMPLETED',
      outputData: mock.output ?? {},
    };
    return { kind: 'event', workflowId: task.workflowInstanceId, event: { type: 'taskResult', result } };
  }

  // ---- deciding and carrying out commands --------------------------------------------------------------

  private decideOn(workflow: Workflow, event: WorkflowEvent): void {
    this.steps++;
    const decision = decide(workflow, event, this.context());
    const after = decision.workflow;
    this.workflows.set(after.workflowId, after);
    for (const command of decision.commands) this.carryOut(after, command);
    if (after !== workflow) this.watchWaitingTasks(workflow, after);
  }

  private carryOut(workflow: Workflow, command: Command): void {
    const workflowId = workflow.workflowId;
    switch (command.type) {
      case 'queueTask':
        this.queued(workflow, command.taskId, this.now + command.delayMs);
        break;
      case 'setTimer':
        this.armTimer(workflowId, command.at, { onlyEarlier: false });
        break;
      case 'evaluate':
        this.agenda.push(this.now, { kind: 'evaluate', workflowId, command });
        break;
      case 'startWorkflow':
        this.startWorkflow(workflow, command);
        break;
      case 'terminateWorkflow':
        this.agenda.push(this.now, {
          kind: 'event',
          workflowId: command.workflowId,
          event: { type: 'terminate', reason: command.reason },
        });
        break;
      case 'workflowEnded':
        if (workflow.parentWorkflowId)
          this.agenda.push(this.now, { kind: 'childEnded', childId: workflowId });
        break;
      case 'dequeueTask':
      case 'removeTasks':
        // Nothing is queued or stored while the run goes: a hand-out checks that its task still waits.
        break;
    }
  }

  /** Each workflow has one timer; an item stays in the agenda for every instant armed, stale ones are skipped. */
  private armTimer(workflowId: string, at: number | null, { onlyEarlier }: { onlyEarlier: boolean }): void {
    const current = this.timers.get(workflowId) ?? null;
    if (current === at || (onlyEarlier && current !== null && at !== null && current <= at)) return;
    this.timers.set(workflowId, at);
    if (at !== null) this.agenda.push(at, { kind: 'timer', workflowId, at });
  }

  /** A task became available at `visibleAt`: its next mock, a real execution, or nobody (it is stuck). */
  private queued(workflow: Workflow, taskId: string, visibleAt: number): void {
    const task = workflow.tasks.find((t) => t.taskId === taskId);
    if (!task) return;
    const workflowId = workflow.workflowId;
    const mock = this.books.get(workflowId)!.take(task.referenceTaskName);
    if (mock) {
      this.agenda.push(visibleAt + (mock.queueWaitTime ?? 0), { kind: 'handOut', workflowId, taskId, mock });
    } else if (executionOf(task) === 'async' && this.options.executedTypes.has(task.taskType)) {
      this.agenda.push(visibleAt, { kind: 'execute', workflowId, taskId });
    } else {
      this.stuck.push({ workflowId, taskId });
    }
  }

  /**
   * SUB_WORKFLOW and START_WORKFLOW: the started workflow runs with `subWorkflowTestRequest[ref]`; without
   * one, a mock of the task itself stands for the whole workflow; without either it runs unmocked. Other
   * starts (failure workflows) run unmocked.
   */
  private startWorkflow(workflow: Workflow, command: StartCommand): void {
    const askingTaskId = command.parentWorkflowTaskId ?? command.reportTo?.taskId;
    const asking = askingTaskId ? workflow.tasks.find((t) => t.taskId === askingTaskId) : undefined;
    const book = this.books.get(workflow.workflowId)!;
    const childBook = asking ? book.childBook(asking.referenceTaskName) : undefined;
    const mock = asking && !childBook ? book.take(asking.referenceTaskName) : undefined;
    if (asking && mock) {
      this.agenda.push(this.mockedEnd(mock), this.mockResult(asking, mock));
      return;
    }
    this.agenda.push(this.now, { kind: 'start', command, book: childBook ?? new MockBook() });
  }

  /** A WAIT, HUMAN or YIELD that just started takes its mock; without one, only a WAIT with an end goes on. */
  private watchWaitingTasks(before: Workflow, after: Workflow): void {
    const unchanged = new Set(before.tasks);
    for (const task of after.tasks) {
      if (unchanged.has(task) || task.status !== 'IN_PROGRESS' || !WAITING_FOR_UPDATE.has(task.taskType))
        continue;
      if (this.watched.has(task.taskId)) continue;
      this.watched.add(task.taskId);
      const mock = this.books.get(after.workflowId)!.take(task.referenceTaskName);
      if (mock) {
        this.agenda.push(this.mockedEnd(mock), this.mockResult(task, mock));
      } else if (moduleOf(task).wakeUpAt?.(task) === undefined) {
        this.stuck.push({ workflowId: after.workflowId, taskId: task.taskId });
      }
    }
  }

  /** When a mocked task that is not queued (a WAIT, a SUB_WORKFLOW, ...) ends: both of its times count. */
  private mockedEnd(mock: TaskMock): number {
    return this.now + (mock.queueWaitTime ?? 0) + (mock.executionTime ?? 0);
  }
}
