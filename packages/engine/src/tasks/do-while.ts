/**
 * DO_WHILE (§5). The body always runs once; its tasks are named `ref__N`. When every task of iteration N
 * has ended, the iteration's outputs go to output key "N" and the loop either asks for `loopCondition`
 * (`evaluate`, purpose `loopCondition`, `$` = resolved input + `$[loopRef]` = loop output + `$[bodyRef]` =
 * latest body outputs) or, in list mode (`items`), moves on while items remain (and the condition, if any,
 * holds). True or a number > 0 runs iteration N+1. `keepLastN` drops older iterations and their tasks.
 *
 * States of the task: SCHEDULED → IN_PROGRESS running iteration N → IN_PROGRESS waiting for the condition
 * (output has key "N") → next iteration, or COMPLETED / FAILED (a body task failed) /
 * FAILED_WITH_TERMINAL_ERROR (the condition could not be evaluated, or `items` is not a list).
 */
import { isSuccessfulTaskStatus, TaskType, type JsonObject, type Task } from '@baton/protocol';
import { buildExpressionContext, resolveParameters } from '../expressions/index.js';
import {
  evaluationRetryAt,
  isEvaluationOverdue,
  isTruthy,
  JAVASCRIPT_EVALUATORS,
  requestEvaluation,
  type EvaluationRequest,
} from './evaluation.js';
import { isSettled } from './latest-task.js';
import { baseRefOf } from './loop-refs.js';
import { LoopInstance } from './loop-iterations.js';
import type { TaskRun, TaskTypeModule } from './module.js';
import { ended, newTask } from './new-task.js';

const PURPOSE = 'loopCondition';

export const doWhileTask: TaskTypeModule = {
  type: TaskType.DO_WHILE,
  execution: 'sync',
  isOperator: true,
  schedule(request) {
    const task = newTask(request, TaskType.DO_WHILE);
    const { items } = request.workflowTask;
    if (items === undefined) return [task];
    const context = buildExpressionContext(request.workflow, { taskId: task.taskId });
    return [{ ...task, inputData: { ...task.inputData, _items: resolveParameters(items, context) } }];
  },
  execute(task, run) {
    if (task.status === 'SCHEDULED') start(task, run);
    else if (isWaitingForCondition(task)) {
      if (isEvaluationOverdue(task, run.now)) requestEvaluation(task, run, conditionRequest(task, run));
    } else {
      finishIterationIfDone(task, run);
    }
  },
  onEvaluated(task, answer, run) {
    if (answer.purpose !== PURPOSE || !isWaitingForCondition(task)) return false;
    if (answer.error !== undefined) {
      const reason = `Unable to evaluate condition ${task.workflowTask.loopCondition ?? ''}, exception ${answer.error}`;
      run.update(task, ended(task, run.now, 'FAILED_WITH_TERMINAL_ERROR', task.outputData, reason));
    } else if (isTruthy(answer.result)) {
      beginIteration(task, run, task.iteration + 1);
    } else {
      run.update(task, ended(task, run.now, 'COMPLETED'));
    }
    return true;
  },
  wakeUpAt: (task) => (isWaitingForCondition(task) ? evaluationRetryAt(task) : undefined),
  afterChildList: () => ({ kind: 'owner' }),
};

function start(task: Task, run: TaskRun): void {
  const items = listMode(task);
  if (items === 'invalid') {
    const reason = `The 'items' of DO_WHILE ${task.referenceTaskName} did not resolve to a list`;
    run.update(task, ended(task, run.now, 'FAILED_WITH_TERMINAL_ERROR', {}, reason));
  } else if (items?.length === 0 || (task.workflowTask.loopOver ?? []).length === 0) {
    run.update(task, ended(task, run.now, 'COMPLETED', { iteration: 0 }));
  } else {
    beginIteration(task, run, 1);
  }
}

function finishIterationIfDone(task: Task, run: TaskRun): void {
  const n = task.iteration;
  const body = [...new LoopInstance(task).iterationTasks(run.workflow, n).values()];
  const outputs: JsonObject = {};
  for (const t of body) outputs[baseRefOf(t.referenceTaskName)] = t.outputData;
  const outputData = { ...task.outputData, [String(n)]: outputs };
  const failed = body.filter((t) => isSettled(t) && !isSuccessfulTaskStatus(t.status));
  if (failed.length > 0) {
    const reason = failed
      .map((t) => t.reasonForIncompletion ?? `${t.referenceTaskName} ${t.status}`)
      .join(' ');
    // The iteration's outputs are not recorded: that key marks "waiting for the condition", and a
    // retry reopens the loop to wait for the retried body task instead.
    run.update(task, ended(task, run.now, 'FAILED', task.outputData, reason));
    return;
  }
  if (body.length === 0 || !body.every(isSettled)) return;
  const items = listMode(task);
  const hasCondition = (task.workflowTask.loopCondition ?? '').trim() !== '';
  if (Array.isArray(items) && n >= items.length) {
    run.update(task, ended(task, run.now, 'COMPLETED', outputData));
  } else if (hasCondition) {
    const waiting = run.update(task, { outputData });
    requestEvaluation(waiting, run, conditionRequest(waiting, run));
  } else if (Array.isArray(items)) {
    beginIteration(run.update(task, { outputData }), run, n + 1);
  } else {
    run.update(task, ended(task, run.now, 'COMPLETED', outputData));
  }
}

function beginIteration(task: Task, run: TaskRun, n: number): void {
  const loop = new LoopInstance(task);
  const items = listMode(task);
  let outputData: JsonObject = { ...task.outputData, iteration: n };
  if (Array.isArray(items)) outputData = { ...outputData, loopIndex: n - 1, loopItem: items[n - 1] };
  const keepLastN = Number(task.inputData.keepLastN);
  if (Number.isInteger(keepLastN) && keepLastN > 0 && n > keepLastN) {
    const dropUpTo = n - keepLastN;
    run.removeTasks(loop.tasksUpTo(run.workflow, dropUpTo).map((t) => t.taskId));
    outputData = Object.fromEntries(
      Object.entries(outputData).filter(([key]) => !(/^\d+$/.test(key) && Number(key) <= dropUpTo)),
    );
  }
  const current = run.task(task.taskId) ?? task;
  run.update(current, {
    status: 'IN_PROGRESS',
    startTime: current.startTime || run.now,
    updateTime: run.now,
    iteration: n,
    loopOverTask: true,
    outputData,
  });
  const first = task.workflowTask.loopOver?.[0];
  if (first) run.schedule(first, { loopSuffix: loop.suffixOf(n) });
}

/** Waiting for the condition of the current iteration: its outputs are recorded, the next has not begun. */
function isWaitingForCondition(task: Task): boolean {
  return task.status === 'IN_PROGRESS' && Object.hasOwn(task.outputData, String(task.iteration));
}

function conditionRequest(task: Task, run: TaskRun): EvaluationRequest {
  const context = buildExpressionContext(run.workflow, { taskId: task.taskId });
  const input: JsonObject = {
    ...task.inputData,
    ...resolveParameters(task.workflowTask.inputParameters ?? {}, context),
    [baseRefOf(task.referenceTaskName)]: task.outputData,
    ...new LoopInstance(task).latestOutputs(run.workflow),
  };
  return {
    purpose: PURPOSE,
    evaluatorType: JAVASCRIPT_EVALUATORS.has(task.workflowTask.evaluatorType ?? '')
      ? task.workflowTask.evaluatorType!
      : 'javascript',
    expression: task.workflowTask.loopCondition ?? '',
    input,
  };
}

/** The items of list mode; undefined without `items`. */
function listMode(task: Task): unknown[] | 'invalid' | undefined {
  if (task.workflowTask.items === undefined) return undefined;
  const items = task.inputData._items;
  return Array.isArray(items) ? items : 'invalid';
}
