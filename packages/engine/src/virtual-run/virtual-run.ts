/**
 * A workflow test run on a virtual clock (§2.10, extended): the decider is driven in memory (see
 * `VirtualRuntime`) and time jumps from one scheduled instant to the next, so WAITs, retry delays and
 * timeouts pass at once and always the same way. Pure and synchronous: what needs the outside world (a
 * sandboxed script, an INLINE or JQ execution, a registered definition) is handed to the caller as a request.
 *
 * Tasks take their outcome from the mocks (one per attempt). A task that needs a worker (or an HTTP/EVENT
 * execution, a HUMAN or YIELD, a WAIT without an end) and has no mock left stops the run as soon as the clock
 * would have to move: every workflow of the run still running is then TERMINATED with the reason. So are runs
 * that take more than 20,000 steps or more than 10 virtual years.
 *
 * @example
 * const run = new VirtualRun(def, request, options);
 * let progress = run.advance();
 * while (progress.kind === 'request') {
 *   await answer(progress.request); // calls progress.request.answer(...)
 *   progress = run.advance();
 * }
 * progress.result.root; // the ended root workflow
 */
import {
  isTerminalWorkflowStatus,
  type StartWorkflowRequest,
  type WorkflowDef,
  type WorkflowMocks,
} from '@baton/protocol';
import { MockBook } from './mock-book.js';
import type { RunProgress, RunRequest, RunResult, VirtualRunOptions } from './run-contract.js';
import { firstPendingTask, firstStuckTask, terminateRunning } from './run-ending.js';
import type { EvaluateCommand, RunItem, StartCommand } from './run-items.js';
import { MAX_TEST_STEPS, MAX_VIRTUAL_MS, stopReasons } from './stop-reasons.js';
import { VirtualRuntime } from './virtual-runtime.js';

export class VirtualRun {
  private readonly runtime: VirtualRuntime;
  private readonly rootId: string;
  private awaitingAnswer = false;
  private result: RunResult | undefined;

  constructor(
    def: WorkflowDef,
    request: StartWorkflowRequest & WorkflowMocks,
    private readonly options: VirtualRunOptions,
  ) {
    this.runtime = new VirtualRuntime(options);
    const { taskRefToMockOutput: _mocks, subWorkflowTestRequest: _children, ...start } = request;
    this.rootId = options.newId();
    this.runtime.startExecution(def, { workflowId: this.rootId, request: start }, new MockBook(request));
  }

  /** Runs until the caller has to answer a request, or to the end of the run. */
  advance(): RunProgress {
    if (this.result) return { kind: 'finished', result: this.result };
    if (this.awaitingAnswer) throw new Error('answer the last request before advancing the run');
    const runtime = this.runtime;
    for (;;) {
      const next = runtime.agenda.peek();
      if (next === undefined || next.at > runtime.now) {
        // The clock is about to move (or nothing is left): first see whether the run is over.
        const workflows = [...runtime.workflows.values()];
        if (workflows.every((w) => isTerminalWorkflowStatus(w.status))) return this.finish(undefined);
        const stuck = firstStuckTask(runtime.workflows, runtime.stuck);
        if (stuck) return this.finish(stopReasons.noMock(stuck));
        if (next === undefined) return this.finish(stopReasons.idle(firstPendingTask(workflows)));
        if (next.at - this.options.startTime > MAX_VIRTUAL_MS) return this.finish(stopReasons.tooLong());
        runtime.now = next.at;
      }
      if (runtime.steps >= MAX_TEST_STEPS) return this.finish(stopReasons.tooManySteps());
      runtime.agenda.pop();
      const request = this.process(next.item);
      if (request) {
        runtime.steps++;
        this.awaitingAnswer = true;
        return { kind: 'request', request };
      }
    }
  }

  private process(item: RunItem): RunRequest | undefined {
    const runtime = this.runtime;
    switch (item.kind) {
      case 'handOut': {
        const task = runtime.handOut(item.workflowId, item.taskId);
        if (task)
          runtime.agenda.push(
            runtime.now + (item.mock.executionTime ?? 0),
            runtime.mockResult(task, item.mock),
          );
        return undefined;
      }
      case 'execute':
        return this.execute(item.workflowId, item.taskId);
      case 'event': {
        const workflow = runtime.workflows.get(item.workflowId);
        // A terminate of an ended workflow would turn FAILED into TERMINATED; the runtime skips it too.
        if (item.event.type === 'terminate' && workflow && isTerminalWorkflowStatus(workflow.status))
          return undefined;
        runtime.decideFor(item.workflowId, item.event);
        return undefined;
      }
      case 'timer':
        runtime.timerFired(item.workflowId, item.at);
        return undefined;
      case 'evaluate':
        return this.evaluate(item.workflowId, item.command);
      case 'start':
        return this.start(item.command, item.book);
      case 'childEnded':
        runtime.childEnded(item.childId);
        return undefined;
    }
  }

  private execute(workflowId: string, taskId: string): RunRequest | undefined {
    const task = this.runtime.handOut(workflowId, taskId);
    if (!task) return undefined;
    return {
      kind: 'execute',
      task,
      answer: (outcome) => this.answered(() => this.runtime.report({ workflowId, taskId }, outcome)),
    };
  }

  private evaluate(workflowId: string, command: EvaluateCommand): RunRequest | undefined {
    const workflow = this.runtime.workflows.get(workflowId);
    // An ended workflow would ignore the answer: no user script runs for it.
    if (!workflow || isTerminalWorkflowStatus(workflow.status)) return undefined;
    const { taskId, purpose, expression, input } = command;
    return {
      kind: 'evaluate',
      expression,
      input,
      answer: (answer) =>
        this.answered(() =>
          this.runtime.decideFor(workflowId, { type: 'evaluated', taskId, purpose, ...answer }),
        ),
    };
  }

  private start(command: StartCommand, book: MockBook): RunRequest | undefined {
    // Child ids are deterministic: a start that already happened is not doubled.
    if (this.runtime.workflows.has(command.workflowId)) return undefined;
    const { request } = command;
    if (request.workflowDef) {
      this.runtime.startRequested(command, request.workflowDef, book);
      return undefined;
    }
    return {
      kind: 'definition',
      name: request.name,
      version: request.version,
      answer: (def) => this.answered(() => this.runtime.startRequested(command, def, book)),
    };
  }

  private answered(apply: () => void): void {
    this.awaitingAnswer = false;
    apply();
  }

  /** Ends the run; with a reason, every workflow still running is TERMINATED with it. */
  private finish(reason: string | undefined): RunProgress {
    const { workflows } = this.runtime;
    const stopped =
      reason === undefined ? [] : terminateRunning(workflows.values(), reason, this.runtime.context());
    for (const workflow of stopped) workflows.set(workflow.workflowId, workflow);
    this.result = {
      root: workflows.get(this.rootId)!,
      workflows: [...workflows.values()],
      ...(stopped.length > 0 && { stopReason: reason }),
      steps: this.runtime.steps,
    };
    return { kind: 'finished', result: this.result };
  }
}
