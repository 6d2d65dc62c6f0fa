/**
 * The structural successor of a task in the definition (§4.1.4): the next sibling in its list; at the end
 * of a nested list the owning task's module says what follows (by default: whatever follows the owner).
 * Loop iteration tasks are looked up without their `__N` suffix, and their successor keeps the suffix of
 * the loops it is still inside.
 */
import type { WorkflowDef, WorkflowTask } from '@baton/protocol';
import { baseRefOf, loopSuffixOf, outerLoopSuffix } from '../tasks/loop-refs.js';
import { moduleFor } from '../tasks/registry.js';
import { locate, loopDepth } from './def-tree.js';

export function nextWorkflowTask(def: WorkflowDef, ref: string): WorkflowTask | undefined {
  const path = locate(def.tasks, baseRefOf(ref));
  if (!path) return undefined;
  for (let level = path.length - 1; level >= 0; level--) {
    const { list, index, owner } = path[level]!;
    const sibling = list[index + 1];
    if (sibling) return sibling;
    if (!owner) return undefined;
    const end = moduleFor(owner.type).afterChildList?.(owner) ?? { kind: 'ownerSuccessor' };
    if (end.kind === 'none') return undefined;
    if (end.kind === 'owner') return owner;
    // ownerSuccessor: the owner sits in the list one level up; continue from there.
  }
  return undefined;
}

export interface PlacedWorkflowTask {
  workflowTask: WorkflowTask;
  loopSuffix: string;
}

/** The successor of the task named `ref`, with the loop suffix its task gets. */
export function successorOf(def: WorkflowDef, ref: string): PlacedWorkflowTask | undefined {
  const next = nextWorkflowTask(def, ref);
  if (!next) return undefined;
  const depth = loopDepth(def.tasks, next.taskReferenceName);
  return { workflowTask: next, loopSuffix: outerLoopSuffix(loopSuffixOf(ref), depth) };
}
