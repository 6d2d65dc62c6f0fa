/**
 * Work on other workflows that a decision asks for, run as follow-ups in the same transaction: starting a
 * child (SUB_WORKFLOW), a START_WORKFLOW target or a failure workflow; terminating a child; telling a parent
 * that its child ended. Results go back to the asking task as ordinary task results.
 *
 * Starts with an idempotency key follow idempotency.ts: a refused start fails the asking task; an existing
 * workflow is the START_WORKFLOW task's result, or the workflow a SUB_WORKFLOW task follows instead of a
 * child of its own (it is told of that workflow's end like a parent is).
 */
import { childWorkflowResult, type NewExecution, type WorkflowEvent } from '@baton/engine';
import {
  isTerminalTaskStatus,
  isTerminalWorkflowStatus,
  type TaskResultStatus,
  type Workflow,
  type WorkflowDef,
} from '@baton/protocol';
import type { FastifyBaseLogger } from 'fastify';
import type { CrossWorkflowHandlers, StartWorkflowCommand, Unit } from './apply-decision.js';
import { idempotentStart } from './idempotency.js';

/** What the follow-ups need from the runtime. */
export interface UnitOps {
  startInTx(unit: Unit, def: WorkflowDef, start: NewExecution): Promise<void>;
  decideInTx(unit: Unit, workflow: Workflow, event: WorkflowEvent): Promise<Workflow>;
  readonly logger: FastifyBaseLogger;
}

type TaskRef = { workflowId: string; taskId: string };

export function crossWorkflowHandlers(unit: Unit, ops: UnitOps): CrossWorkflowHandlers {
  const report = async (
    target: TaskRef,
    status: TaskResultStatus,
    outputData: Record<string, unknown>,
    reasonForIncompletion?: string,
    subWorkflowId?: string,
  ): Promise<void> => {
    const workflow = await unit.tx.getWorkflow(target.workflowId, true);
    if (!workflow) return;
    const result = {
      workflowInstanceId: target.workflowId,
      taskId: target.taskId,
      status,
      outputData,
      reasonForIncompletion,
      subWorkflowId,
    };
    await ops.decideInTx(unit, workflow, { type: 'taskResult', result });
  };

  /** Feeds a workflow's end to a SUB_WORKFLOW task waiting on it (its parent's, or a follower). */
  const tellEnded = async (target: TaskRef, child: Workflow): Promise<void> => {
    const parent = await unit.tx.getWorkflow(target.workflowId, true);
    const task = parent?.tasks.find((t) => t.taskId === target.taskId);
    if (!parent || !task || isTerminalTaskStatus(task.status)) return;
    await ops.decideInTx(unit, parent, childWorkflowResult(task, child));
  };

  /** The SUB_WORKFLOW task waits on `workflowId`, an existing workflow, instead of a child of its own. */
  const follow = async (target: TaskRef, workflowId: string): Promise<void> => {
    await unit.tx.followWorkflow(workflowId, target);
    await report(target, 'IN_PROGRESS', { subWorkflowId: workflowId }, undefined, workflowId);
    const existing = await unit.tx.getWorkflow(workflowId, false);
    if (existing && isTerminalWorkflowStatus(existing.status)) await tellEnded(target, existing);
  };

  return {
    async startWorkflow(_tx, command: StartWorkflowCommand) {
      const { request, workflowId, parentWorkflowTaskId, reportTo } = command;
      // Deterministic child ids make this idempotent: a start that already happened is not doubled.
      if (await unit.tx.getWorkflow(workflowId, false)) return;
      const def = request.workflowDef ?? (await unit.tx.getWorkflowDef(request.name, request.version));
      const target = parentWorkflowTaskId
        ? { workflowId: command.parentWorkflowId!, taskId: parentWorkflowTaskId }
        : reportTo;
      if (!def) {
        const reason = `No such workflow found by name: ${request.name}, version: ${request.version ?? 'latest'}`;
        if (target) await report(target, 'FAILED_WITH_TERMINAL_ERROR', {}, reason);
        else ops.logger.warn({ workflow: request.name }, 'cannot start workflow: no such definition');
        return;
      }
      const verdict = await idempotentStart(unit.tx, def.name, request);
      if (verdict.kind === 'conflict') {
        if (target) await report(target, 'FAILED', {}, verdict.message);
        else ops.logger.warn({ workflow: request.name }, verdict.message);
        return;
      }
      if (verdict.kind === 'existing') {
        if (reportTo) await report(reportTo, 'COMPLETED', { workflowId: verdict.workflowId });
        else if (target) await follow(target, verdict.workflowId);
        return;
      }
      await ops.startInTx(unit, def, {
        workflowId,
        request: { ...request, input: request.input ?? {} },
        parentWorkflowId: command.parentWorkflowId,
        parentWorkflowTaskId,
      });
      if (reportTo) await report(reportTo, 'COMPLETED', { workflowId });
    },

    async terminateWorkflow(_tx, workflowId, reason) {
      const workflow = await unit.tx.getWorkflow(workflowId, true);
      if (!workflow || isTerminalWorkflowStatus(workflow.status)) return;
      await ops.decideInTx(unit, workflow, { type: 'terminate', reason });
    },

    async childEnded(_tx, child) {
      if (child.parentWorkflowId && child.parentWorkflowTaskId) {
        await tellEnded({ workflowId: child.parentWorkflowId, taskId: child.parentWorkflowTaskId }, child);
      }
      if (!child.idempotencyKey) return;
      for (const follower of await unit.tx.workflowFollowers(child.workflowId))
        await tellEnded(follower, child);
    },
  };
}
