/**
 * `POST /api/workflow/test` (§2.10): runs a workflow with mocked task outputs on a virtual clock (the engine's
 * `VirtualRun`) and stores the result like any execution, so it can be read, listed, retried. This side does
 * only the I/O the run asks for: JavaScript in the script sandbox, unmocked INLINE and JSON_JQ_TRANSFORM tasks
 * in their executors, child definitions from the registry.
 *
 * Unlike Conductor, nothing of a test run is left RUNNING and no queue message or timer is ever written: a run
 * that stops early (a task without a mock) is stored TERMINATED with the reason.
 */
import { randomUUID } from 'node:crypto';
import { VirtualRun, type RunRequest, type RunResult } from '@baton/engine';
import type { Workflow, WorkflowDef, WorkflowTestRequest } from '@baton/protocol';
import type { Store } from '@baton/store';
import { NotFoundError } from '../errors.js';
import { executeTask, type SystemTaskExecutor } from '../executors/executor.js';
import type { MetadataService } from '../metadata/metadata-service.js';
import type { ScriptSandbox } from '../sandbox/contract.js';

/** Unmocked system tasks a test runs for real: they compute and reach nothing outside (HTTP and EVENT would). */
const RUN_FOR_REAL: ReadonlySet<string> = new Set(['INLINE', 'JSON_JQ_TRANSFORM']);

export interface WorkflowTesterDeps {
  store: Store;
  metadata: MetadataService;
  /** Operators' JavaScript (SWITCH, DO_WHILE conditions); without it such evaluations fail. */
  scripts?: ScriptSandbox;
  executors: readonly SystemTaskExecutor[];
  /** Where the virtual clock of every run starts. */
  clock: () => number;
}

export class WorkflowTester {
  private readonly executors: ReadonlyMap<string, SystemTaskExecutor>;
  private readonly never = new AbortController().signal;

  constructor(private readonly deps: WorkflowTesterDeps) {
    this.executors = new Map(deps.executors.filter((e) => RUN_FOR_REAL.has(e.type)).map((e) => [e.type, e]));
  }

  /**
   * Runs the request's workflow (inline `workflowDef`, else the registered name and version; 404 when there is
   * none) to its end and returns it, stored.
   */
  async test(request: WorkflowTestRequest): Promise<Workflow> {
    const def =
      request.workflowDef ?? (await this.deps.metadata.getWorkflowDef(request.name, request.version));
    const run = new VirtualRun(def, request, {
      startTime: this.deps.clock(),
      taskDef: (name) => this.deps.metadata.taskDef(name),
      newId: randomUUID,
      executedTypes: new Set(this.executors.keys()),
    });
    const result = await this.drive(run);
    await this.deps.store.transact(async (tx) => {
      for (const workflow of result.workflows) await tx.createWorkflow(workflow);
    });
    return result.root;
  }

  private async drive(run: VirtualRun): Promise<RunResult> {
    for (;;) {
      const progress = run.advance();
      if (progress.kind === 'finished') return progress.result;
      await this.answer(progress.request);
    }
  }

  private async answer(request: RunRequest): Promise<void> {
    switch (request.kind) {
      case 'evaluate': {
        const outcome = this.deps.scripts
          ? await this.deps.scripts.evaluate(request.expression, request.input)
          : ({ ok: false, error: 'JavaScript evaluation is not available on this server' } as const);
        request.answer(outcome.ok ? { result: outcome.value } : { error: outcome.error });
        return;
      }
      case 'execute': {
        const executor = this.executors.get(request.task.taskType)!;
        request.answer(await executeTask(executor, request.task, this.never));
        return;
      }
      case 'definition':
        request.answer(await this.definition(request.name, request.version));
        return;
    }
  }

  private async definition(name: string, version: number | undefined): Promise<WorkflowDef | undefined> {
    try {
      return await this.deps.metadata.getWorkflowDef(name, version);
    } catch (error) {
      if (error instanceof NotFoundError) return undefined;
      throw error;
    }
  }
}
