/**
 * FORK_JOIN_DYNAMIC (§5): a FORK (runtime type `FORK`) whose branches come from its input (see
 * `planDynamicFork`); the FORK's input gains `forkedTasks` (refs) and `forkedTaskDefs`. Moving past it
 * schedules one task per branch and the following JOIN, whose `joinOn` is those tasks. Bad input or
 * duplicate refs fail the FORK for good, which fails the workflow.
 */
import { TaskType, type JsonObject, type Task, type Workflow, type WorkflowTask } from '@baton/protocol';
import { allRefs, locate } from '../decider/def-tree.js';
import { isJsonObject } from '../expressions/json-values.js';
import { planDynamicFork } from './dynamic-fork-plan.js';
import { loopSuffixOf } from './loop-refs.js';
import type { TaskTypeModule } from './module.js';
import { ended, newTask } from './new-task.js';

export const forkJoinDynamicTask: TaskTypeModule = {
  type: TaskType.FORK_JOIN_DYNAMIC,
  execution: 'sync',
  isOperator: true,
  schedule(request) {
    const { workflow, workflowTask, loopSuffix, ctx } = request;
    const task = newTask(request, TaskType.FORK);
    const fail = (reason: string): Task[] => [
      { ...task, ...ended(task, ctx.now, 'FAILED_WITH_TERMINAL_ERROR', {}, reason) },
    ];
    const taken = (ref: string): boolean =>
      workflow.tasks.some((t) => t.referenceTaskName === ref + loopSuffix);
    const plan = planDynamicFork(workflowTask, task.inputData, taken);
    if (!plan.ok) return fail(plan.reason);
    if (joinAfter(workflow, workflowTask)?.type !== TaskType.JOIN) {
      return fail('Dynamic join definition is not followed by a join task. Check the workflow definition.');
    }
    const defRefs = allRefs(workflow.workflowDefinition.tasks);
    const refs = plan.branches.map((b) => b.workflowTask.taskReferenceName);
    const clash = refs.find((ref) => defRefs.has(ref) || taken(ref));
    if (clash !== undefined) return fail(`Duplicate task reference name '${clash}' in dynamic fork tasks`);
    const inputData: JsonObject = {
      ...task.inputData,
      forkedTasks: refs.map((ref) => ref + loopSuffix),
      forkedTaskDefs: plan.branches.map((b) => b.workflowTask),
    };
    return [{ ...task, inputData, ...ended(task, ctx.now, 'COMPLETED') }];
  },
  scheduleNext(task, run) {
    const loopSuffix = loopSuffixOf(task.referenceTaskName);
    const branches = forkedTaskDefs(task);
    for (const workflowTask of branches) {
      const extraInput = branchInput(task, workflowTask.taskReferenceName);
      run.schedule(workflowTask, { loopSuffix, ...(extraInput && { extraInput }) });
    }
    const join = joinAfter(run.workflow, task.workflowTask);
    if (join?.type !== TaskType.JOIN) {
      run.scheduleSuccessor(task);
      return;
    }
    run.schedule({ ...join, joinOn: branches.map((b) => b.taskReferenceName) }, { loopSuffix });
  },
};

/** The task right after the fork in its list (validation requires a JOIN there). */
function joinAfter(workflow: Workflow, fork: WorkflowTask): WorkflowTask | undefined {
  const path = locate(workflow.workflowDefinition.tasks, fork.taskReferenceName);
  const here = path?.[path.length - 1];
  return here?.list[here.index + 1];
}

function forkedTaskDefs(task: Task): WorkflowTask[] {
  const defs = task.inputData.forkedTaskDefs;
  return Array.isArray(defs) ? (defs as WorkflowTask[]) : [];
}

/** Modes (a) and legacy hand each branch an input map, laid over its resolved inputParameters. */
function branchInput(fork: Task, ref: string): JsonObject | undefined {
  const { dynamicForkTasksParam, dynamicForkTasksInputParamName, dynamicForkJoinTasksParam } =
    fork.workflowTask;
  if (dynamicForkTasksParam) {
    const inputs = dynamicForkTasksInputParamName
      ? fork.inputData[dynamicForkTasksInputParamName]
      : undefined;
    const input = isJsonObject(inputs) ? inputs[ref] : undefined;
    return isJsonObject(input) ? input : undefined;
  }
  if (dynamicForkJoinTasksParam) {
    const entries = fork.inputData[dynamicForkJoinTasksParam];
    const entry: unknown = Array.isArray(entries)
      ? entries.find((e) => isJsonObject(e) && e.referenceName === ref)
      : undefined;
    return isJsonObject(entry) && isJsonObject(entry.input) ? entry.input : undefined;
  }
  return undefined;
}
