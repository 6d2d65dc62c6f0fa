/**
 * The defaults Conductor fills in when it stores a definition (§2.1, §2.3), so what we store and return
 * matches what Conductor returns. Explicit nulls count as absent and are dropped (Jackson NON_NULL).
 */
import type { TaskDef, WorkflowDef } from './models.js';

const taskDefDefaults = () => ({
  retryCount: 3,
  retryLogic: 'FIXED' as const,
  retryDelaySeconds: 60,
  backoffScaleFactor: 1,
  maxRetryDelaySeconds: 0,
  backoffJitterMs: 0,
  timeoutSeconds: 0,
  totalTimeoutSeconds: 0,
  responseTimeoutSeconds: 3600,
  timeoutPolicy: 'TIME_OUT_WF' as const,
  rateLimitPerFrequency: 0,
  rateLimitFrequencyInSeconds: 1,
  inputKeys: [] as string[],
  outputKeys: [] as string[],
  inputTemplate: {} as Record<string, unknown>,
});

const workflowDefDefaults = () => ({
  version: 1,
  schemaVersion: 2,
  restartable: true,
  workflowStatusListenerEnabled: false,
  timeoutPolicy: 'ALERT_ONLY' as const,
  timeoutSeconds: 0,
  inputParameters: [] as string[],
  outputParameters: {} as Record<string, unknown>,
  variables: {} as Record<string, unknown>,
  inputTemplate: {} as Record<string, unknown>,
});

export type TaskDefWithDefaults = TaskDef & Required<Pick<TaskDef, keyof ReturnType<typeof taskDefDefaults>>>;
export type WorkflowDefWithDefaults = WorkflowDef &
  Required<Pick<WorkflowDef, keyof ReturnType<typeof workflowDefDefaults>>>;

/** @example applyTaskDefDefaults({ name: 'greet' }).responseTimeoutSeconds // 3600 */
export function applyTaskDefDefaults(def: TaskDef): TaskDefWithDefaults {
  return withDefaults(def, taskDefDefaults());
}

/** @example applyWorkflowDefDefaults({ name: 'w', tasks: [] }).timeoutPolicy // 'ALERT_ONLY' */
export function applyWorkflowDefDefaults(def: WorkflowDef): WorkflowDefWithDefaults {
  return withDefaults(def, workflowDefDefaults());
}

/** A shallow copy of `value` without its null fields, with each absent default filled in. */
function withDefaults<T extends object, D extends Record<string, unknown>>(value: T, defaults: D): T & D {
  const result: Record<string, unknown> = { ...defaults };
  for (const [key, field] of Object.entries(value)) {
    if (field !== null && field !== undefined) result[key] = field;
  }
  return result as T & D;
}
