/** The effective TaskDef of a task already in the workflow. */
import type { Task } from '@baton/protocol';
import type { DeciderContext } from '../contract.js';
import { moduleOf } from '../tasks/registry.js';
import { effectiveTaskDef, type EffectiveTaskDef } from './task-defs.js';

export function taskDefOf(task: Task, ctx: DeciderContext): EffectiveTaskDef {
  return effectiveTaskDef(task.workflowTask, moduleOf(task).execution === 'worker', ctx);
}
