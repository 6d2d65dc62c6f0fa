/** Retrying a failed attempt (§4.4): whether it may be retried, and the new attempt. */
import { isRetriableTaskStatus, type Task } from '@baton/protocol';
import { moduleOf } from '../tasks/registry.js';
import { resolveTaskInput } from '../tasks/task-input.js';
import type { Pass } from './pass.js';
import { retryDelayMs, retryDelaySeconds } from './retry-delay.js';
import { addScheduledTask } from './schedule.js';
import type { EffectiveTaskDef } from './task-defs.js';
import { firstScheduledTime } from './timeout-rules.js';

export function canRetry(pass: Pass, task: Task, def: EffectiveTaskDef): boolean {
  const allowed = task.workflowTask.retryCount ?? def.retryCount;
  return (
    isRetriableTaskStatus(task.status) &&
    !moduleOf(task).isOperator &&
    task.retryCount < allowed &&
    !totalTimeoutElapsed(pass.now, task, def)
  );
}

export function totalTimeoutElapsed(now: number, task: Task, def: EffectiveTaskDef): boolean {
  return def.totalTimeoutSeconds > 0 && now - firstScheduledTime(task) >= def.totalTimeoutSeconds * 1000;
}

/**
 * Marks `failed` as retried and schedules its next attempt after the retry delay (none for a manual
 * workflow retry, `immediately`); returns the new attempt.
 */
export function retryTask(pass: Pass, failed: Task, def: EffectiveTaskDef, immediately = false): Task {
  const { ctx } = pass;
  const delaySeconds = immediately ? 0 : retryDelaySeconds(def, failed.retryCount);
  const delayMs = immediately ? 0 : retryDelayMs(def, failed.retryCount, () => ctx.random());
  pass.updateTask(failed, { retried: true, updateTime: pass.now });
  const taskId = ctx.newId();
  const {
    reasonForIncompletion: _reason,
    workerId: _worker,
    subWorkflowId: _sub,
    firstStartTime: _firstStart,
    executionMetadata: _metadata,
    externalOutputPayloadStoragePath: _outputPath,
    ...carried
  } = failed;
  const attempt: Task = {
    ...carried,
    taskId,
    retryCount: failed.retryCount + 1,
    retriedTaskId: failed.taskId,
    status: 'SCHEDULED',
    retried: false,
    executed: false,
    pollCount: 0,
    inputData: { ...failed.inputData, ...resolveTaskInput(pass.workflow, failed.workflowTask, def, taskId) },
    outputData: {},
    scheduledTime: pass.now,
    firstScheduledTime: firstScheduledTime(failed),
    startTime: 0,
    endTime: 0,
    updateTime: pass.now,
    startDelayInSeconds: delaySeconds,
    callbackAfterSeconds: delaySeconds,
    queueWaitTime: 0,
  };
  return addScheduledTask(pass, moduleOf(attempt), attempt, delayMs);
}
