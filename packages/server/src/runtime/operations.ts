/**
 * Managing executions (§1.2, §4.3): pause, resume, terminate, retry, restart, rerun, skip, variables, reset
 * callbacks, terminate-and-remove. Each is one unit of work: the status rules that Conductor answers with
 * 404/409/500 are checked first, then the decider applies the operation as an event.
 */
import type { Decision, WorkflowEvent } from '@baton/engine';
import { isTerminalWorkflowStatus, type Workflow, type WorkflowDef } from '@baton/protocol';
import type { StoreTx } from '@baton/store';
import {
  BadRequestError,
  ConflictError,
  IllegalStateError,
  NotFoundError,
  type ApiError,
} from '../errors.js';
import type { Unit } from './apply-decision.js';
import { deepestFailedChild, endedChildOf, pathToTask } from './sub-workflow-paths.js';

/** RerunWorkflowRequest (§2.8) without the id, which comes from the path. */
export interface RerunRequest {
  reRunFromTaskId?: string;
  taskInput?: Record<string, unknown>;
  workflowInput?: Record<string, unknown>;
  correlationId?: string;
}

/** The unit-of-work plumbing the operations run on (the runtime provides it). */
export interface OperationsCore {
  transact<T>(fn: (unit: Unit) => Promise<T>): Promise<T>;
  loadWorkflow(tx: StoreTx, workflowId: string): Promise<Workflow>;
  decide(unit: Unit, workflow: Workflow, event: WorkflowEvent): Decision;
  apply(unit: Unit, before: Workflow, decision: Decision): Promise<void>;
  decideInTx(unit: Unit, workflow: Workflow, event: WorkflowEvent): Promise<Workflow>;
  latestDefinition(name: string): Promise<WorkflowDef>;
}

export class WorkflowOperations {
  constructor(private readonly core: OperationsCore) {}

  /**
   * Ends a running workflow as TERMINATED (canceling its tasks and child workflows); a FAILED or TIMED_OUT
   * one becomes TERMINATED, a TERMINATED one is left alone, a COMPLETED one is a conflict.
   */
  async terminateWorkflow(workflowId: string, reason: string, triggerFailureWorkflow = false): Promise<void> {
    await this.core.transact(async (unit) => {
      const workflow = await this.core.loadWorkflow(unit.tx, workflowId);
      if (workflow.status === 'COMPLETED') throw new ConflictError('Cannot terminate a COMPLETED workflow.');
      await this.core.decideInTx(unit, workflow, { type: 'terminate', reason, triggerFailureWorkflow });
    });
  }

  /** RUNNING → PAUSED; a paused workflow stays paused; an ended one is a conflict. */
  async pauseWorkflow(workflowId: string): Promise<void> {
    await this.operate(workflowId, { type: 'pause' }, (wf) =>
      isTerminalWorkflowStatus(wf.status)
        ? new ConflictError(`Workflow ${workflowId} has ended, status cannot be updated.`)
        : undefined,
    );
  }

  /** PAUSED → RUNNING and a decide pass; any other status is an illegal state (500). */
  async resumeWorkflow(workflowId: string): Promise<void> {
    await this.operate(workflowId, { type: 'resume' }, (wf) =>
      wf.status !== 'PAUSED'
        ? new IllegalStateError(`The workflow ${workflowId} is not PAUSED so cannot resume`)
        : undefined,
    );
  }

  /**
   * Retries an ended workflow's failed tasks (§4.3), reopening its parents up the chain; a running one is
   * "not found" (404, as Conductor). With `resumeSubworkflowTasks` the failure is followed down through
   * failed SUB_WORKFLOW tasks and the deepest failed sub-workflow is retried in place instead (its parents
   * wait on it again), as Conductor does; no new child is started.
   */
  async retryWorkflow(workflowId: string, resumeSubworkflowTasks = false): Promise<void> {
    await this.core.transact(async (unit) => {
      const workflow = await this.core.loadWorkflow(unit.tx, workflowId);
      if (!isTerminalWorkflowStatus(workflow.status)) {
        throw new NotFoundError(`Workflow is still running.  status=${workflow.status}`);
      }
      const target = resumeSubworkflowTasks ? await deepestFailedChild(unit.tx, workflow) : workflow;
      await this.decideOrRefuse(unit, target, { type: 'retry' }, (reason) => new ConflictError(reason));
      await this.reopenParents(unit, target);
    });
  }

  /** Wipes the tasks of an ended workflow and starts it over, with the latest definition if asked. */
  async restartWorkflow(workflowId: string, useLatestDefinitions: boolean): Promise<void> {
    await this.core.transact(async (unit) => {
      const workflow = await this.core.loadWorkflow(unit.tx, workflowId);
      if (!isTerminalWorkflowStatus(workflow.status)) {
        throw new ConflictError(`Workflow: ${workflowId} is not in terminal state, unable to restart.`);
      }
      if (workflow.status === 'COMPLETED' && workflow.workflowDefinition.restartable === false) {
        throw new NotFoundError(`Workflow: ${workflowId} is non-restartable`);
      }
      const def = useLatestDefinitions ? await this.core.latestDefinition(workflow.workflowName) : undefined;
      await this.core.decideInTx(unit, workflow, def ? { type: 'restart', def } : { type: 'restart' });
    });
  }

  /**
   * Reruns an ended workflow from the start or from one task (§4.3), reopening its parents; returns the
   * (same) workflow id. The task may belong to a sub-workflow at any depth: that one reruns from it and every
   * workflow between waits on its rerun child again. Rerunning from a SUB_WORKFLOW task whose child ended
   * reruns that child from its start.
   */
  async rerunWorkflow(workflowId: string, request: RerunRequest): Promise<string> {
    await this.core.transact(async (unit) => {
      const workflow = await this.core.loadWorkflow(unit.tx, workflowId);
      refuseRerun(workflow);
      await this.rerunInTx(unit, workflow, request);
      await this.reopenParents(unit, workflow);
    });
    return workflowId;
  }

  /** Records a not-yet-scheduled ref of a RUNNING workflow as SKIPPED; anything else is illegal (500). */
  async skipTask(
    workflowId: string,
    skip: Omit<Extract<WorkflowEvent, { type: 'skip' }>, 'type'>,
  ): Promise<void> {
    await this.operate(
      workflowId,
      { type: 'skip', ...skip },
      () => undefined,
      (reason) => new IllegalStateError(reason),
    );
  }

  /** Merges into a workflow's variables (`appendArray`: append to existing array variables). */
  async updateWorkflowVariables(
    workflowId: string,
    variables: Record<string, unknown>,
    appendArray = false,
  ): Promise<void> {
    await this.operate(workflowId, { type: 'updateVariables', variables, appendArray }, () => undefined);
  }

  /** SCHEDULED worker tasks waiting for their callback become due now; an ended workflow is a conflict. */
  async resetCallbacks(workflowId: string): Promise<void> {
    await this.operate(workflowId, { type: 'resetCallbacks' }, (wf) =>
      isTerminalWorkflowStatus(wf.status)
        ? new ConflictError(`Workflow is in terminal state. Status = ${wf.status}`)
        : undefined,
    );
  }

  /** Terminates the workflow unless it has ended, then deletes it with its tasks and queue messages. */
  async terminateAndRemove(workflowId: string, reason: string): Promise<void> {
    await this.core.transact(async (unit) => {
      const workflow = await this.core.loadWorkflow(unit.tx, workflowId);
      if (!isTerminalWorkflowStatus(workflow.status)) {
        await this.core.decideInTx(unit, workflow, { type: 'terminate', reason });
      }
      // Last, after the follow-ups that terminate its children, in the same transaction.
      unit.followUps.push(async (tx) => {
        await tx.removeWorkflow(workflowId);
      });
    });
  }

  /**
   * One workflow operation as a transaction: `refuse` checks the status first (its error is thrown as is),
   * and a decision the decider ignored becomes `whenIgnored(reason)` (not thrown without it: a no-op).
   */
  private async operate(
    workflowId: string,
    event: WorkflowEvent,
    refuse: (workflow: Workflow) => ApiError | undefined,
    whenIgnored?: (reason: string) => ApiError,
  ): Promise<void> {
    await this.core.transact(async (unit) => {
      const workflow = await this.core.loadWorkflow(unit.tx, workflowId);
      const refused = refuse(workflow);
      if (refused) throw refused;
      const decision = this.core.decide(unit, workflow, event);
      if (decision.ignored !== undefined && whenIgnored) throw whenIgnored(decision.ignored);
      await this.core.apply(unit, workflow, decision);
    });
  }

  private async rerunInTx(unit: Unit, workflow: Workflow, request: RerunRequest): Promise<void> {
    const taskId = request.reRunFromTaskId;
    const refused = (reason: string): ApiError => new BadRequestError(reason);
    const own = taskId === undefined ? undefined : workflow.tasks.find((t) => t.taskId === taskId);
    if (taskId === undefined || own) {
      const child = own && (await endedChildOf(unit.tx, own));
      await this.decideOrRefuse(unit, workflow, { type: 'rerun', ...request, childRerun: !!child }, refused);
      if (child) await this.decideOrRefuse(unit, child, { type: 'rerun' }, refused);
      return;
    }
    const path = await pathToTask(unit.tx, workflow, taskId);
    if (!path) throw refused(`Could not find the task ${taskId} in workflow ${workflow.workflowId}`);
    const { workflowInput, correlationId, taskInput } = request;
    for (const [i, { parent, subWorkflowTaskId, child }] of path.links.entries()) {
      refuseRerun(child);
      const event: WorkflowEvent = {
        type: 'rerun',
        reRunFromTaskId: subWorkflowTaskId,
        childRerun: true,
        // The new input and correlation id are the given workflow's, as in Conductor.
        ...(i === 0 && { workflowInput, correlationId }),
      };
      await this.decideOrRefuse(unit, parent, event, refused);
    }
    await this.decideOrRefuse(
      unit,
      path.owner,
      { type: 'rerun', reRunFromTaskId: taskId, taskInput },
      refused,
    );
  }

  /** Decides `event` on `workflow` and applies it; a decision the decider refused throws `refused(reason)`. */
  private async decideOrRefuse(
    unit: Unit,
    workflow: Workflow,
    event: WorkflowEvent,
    refused: (reason: string) => ApiError,
  ): Promise<void> {
    const decision = this.core.decide(unit, workflow, event);
    if (decision.ignored !== undefined) throw refused(decision.ignored);
    await this.core.apply(unit, workflow, decision);
  }

  /** A retried child's parents wait on it again, up the chain (a parent that moved on is left alone). */
  private async reopenParents(unit: Unit, child: Workflow): Promise<void> {
    for (let current = child; current.parentWorkflowId && current.parentWorkflowTaskId;) {
      const parent = await unit.tx.getWorkflow(current.parentWorkflowId, true);
      if (!parent) return;
      const event: WorkflowEvent = {
        type: 'childReopened',
        taskId: current.parentWorkflowTaskId,
        childWorkflowId: current.workflowId,
      };
      const decision = this.core.decide(unit, parent, event);
      if (decision.ignored !== undefined) return;
      await this.core.apply(unit, parent, decision);
      current = parent;
    }
  }
}

/** Only an ended workflow can be rerun (Conductor: 409). */
function refuseRerun(workflow: Workflow): void {
  if (!isTerminalWorkflowStatus(workflow.status)) {
    throw new ConflictError(`Workflow: ${workflow.workflowId} is not in terminal state, unable to rerun.`);
  }
}
