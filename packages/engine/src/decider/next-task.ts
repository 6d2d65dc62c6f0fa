/**
 * The structural successor of a task in the definition (§4.1.4): the next sibling in its list; at the end
 * of a nested list the owning task's module says what follows (by default: whatever follows the owner).
 */
import type { WorkflowDef, WorkflowTask } from '@baton/protocol';
import { moduleFor } from '../tasks/registry.js';
import { locate } from './def-tree.js';

export function nextWorkflowTask(def: WorkflowDef, ref: string): WorkflowTask | undefined {
  const path = locate(def.tasks, ref);
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
