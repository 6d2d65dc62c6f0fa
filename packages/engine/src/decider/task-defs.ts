/**
 * The task definition in force for a task (§4.6): the inline `WorkflowTask.taskDefinition`, else the
 * registered one, else a synthesized one; missing fields get Conductor's TaskDef defaults.
 */
import type { RetryLogic, TaskDef, TaskTimeoutPolicy, WorkflowTask } from '@baton/protocol';
import type { DeciderContext } from '../contract.js';

export interface EffectiveTaskDef extends TaskDef {
  retryCount: number;
  retryLogic: RetryLogic;
  retryDelaySeconds: number;
  backoffScaleFactor: number;
  maxRetryDelaySeconds: number;
  backoffJitterMs: number;
  timeoutSeconds: number;
  totalTimeoutSeconds: number;
  responseTimeoutSeconds: number;
  pollTimeoutSeconds: number;
  timeoutPolicy: TaskTimeoutPolicy;
  concurrentExecLimit: number;
  rateLimitPerFrequency: number;
  rateLimitFrequencyInSeconds: number;
}

/** Results for frozen definitions (shared snapshots, registered ones): they cannot change, so neither can this. */
const effectiveOfFrozen = new WeakMap<TaskDef, EffectiveTaskDef>();

/**
 * Fills Conductor's TaskDef defaults into whatever fields `def` leaves out (or sets to null). For a frozen `def`
 * the result is shared and frozen too: copy it to change it.
 */
export function withTaskDefDefaults(def: TaskDef): EffectiveTaskDef {
  if (!Object.isFrozen(def)) return fillDefaults(def);
  let effective = effectiveOfFrozen.get(def);
  if (!effective) {
    effective = Object.freeze(fillDefaults(def));
    effectiveOfFrozen.set(def, effective);
  }
  return effective;
}

function fillDefaults(def: TaskDef): EffectiveTaskDef {
  return {
    ...def,
    retryCount: def.retryCount ?? 3,
    retryLogic: def.retryLogic ?? 'FIXED',
    retryDelaySeconds: def.retryDelaySeconds ?? 60,
    backoffScaleFactor: def.backoffScaleFactor || 1,
    maxRetryDelaySeconds: def.maxRetryDelaySeconds ?? 0,
    backoffJitterMs: def.backoffJitterMs ?? 0,
    timeoutSeconds: def.timeoutSeconds ?? 0,
    totalTimeoutSeconds: def.totalTimeoutSeconds ?? 0,
    responseTimeoutSeconds: def.responseTimeoutSeconds ?? 3600,
    pollTimeoutSeconds: def.pollTimeoutSeconds ?? 0,
    timeoutPolicy: def.timeoutPolicy ?? 'TIME_OUT_WF',
    concurrentExecLimit: def.concurrentExecLimit ?? 0,
    rateLimitPerFrequency: def.rateLimitPerFrequency ?? 0,
    rateLimitFrequencyInSeconds: def.rateLimitFrequencyInSeconds || 1,
  };
}

/**
 * @param workerDefaults Unregistered worker tasks get the full TaskDef defaults (3 retries, 60 s apart);
 *   other types get no retries and no response timeout.
 */
export function effectiveTaskDef(
  workflowTask: WorkflowTask,
  workerDefaults: boolean,
  ctx: DeciderContext,
): EffectiveTaskDef {
  const known = workflowTask.taskDefinition ?? ctx.taskDef(workflowTask.name);
  // Passed as is when named, so a frozen (registered or snapshot) definition's defaults are filled in once.
  if (known?.name) return withTaskDefDefaults(known);
  // An inline definition may have no name (Conductor does not validate it); the task's name stands in.
  if (known) return withTaskDefDefaults({ ...known, name: workflowTask.name });
  const synthesized = withTaskDefDefaults({ name: workflowTask.name });
  return workerDefaults ? synthesized : { ...synthesized, retryCount: 0, responseTimeoutSeconds: 0 };
}
