/**
 * Task reference names: unique across a whole definition, and every `${ref.…}` expression in task inputs
 * must point at one of them (§1.1; expression syntax §4.2).
 */
import type { ErrorCollector } from './error-collector.js';
import { indexPath, propertyPath } from './paths.js';
import { isRecord } from './values.js';
import type { TaskNode } from './task-tree.js';

// Conductor's own split (ConstraintParamUtil): before each `${` not escaped as `$${`, and after each `}`.
const EXPRESSION_BOUNDARY = /(?=(?<!\$)\$\{)|(?<=\})/;

/** Names of the tasks a string's `${name.…}` expressions refer to (not `workflow`, not bare names). */
export function referencedTaskNames(text: string): string[] {
  if (!text.includes('${')) return [];
  const names: string[] = [];
  for (const piece of text.split(EXPRESSION_BOUNDARY)) {
    if (!piece.startsWith('${') || !piece.endsWith('}')) continue;
    const expression = piece.slice(2, -1);
    // Bare names (`${CPEWF_TASK_ID}`, env-like names) are not task references.
    if (!expression.includes('.')) continue;
    const name = expression.split(/[.[]/, 1)[0] ?? '';
    if (name !== 'workflow' && name !== '') names.push(name);
  }
  return names;
}

/** Reports every repeated taskReferenceName and returns the set of all names. */
export function checkUniqueReferenceNames(
  nodes: TaskNode[],
  workflowName: unknown,
  out: ErrorCollector,
): Set<string> {
  const names = new Set<string>();
  for (const { task, path } of nodes) {
    const ref = task.taskReferenceName;
    if (typeof ref !== 'string' || ref === '') continue;
    if (names.has(ref)) {
      out.add(
        propertyPath(path, 'taskReferenceName'),
        `taskReferenceName: ${ref} should be unique across tasks for a given workflowDefinition: ${String(workflowName)}`,
        ref,
      );
    }
    names.add(ref);
  }
  return names;
}

/** Reports each `${ref.…}` in a task's inputParameters (at any depth) naming a ref absent from the def. */
export function checkInputReferences(
  nodes: TaskNode[],
  knownRefs: ReadonlySet<string>,
  out: ErrorCollector,
): void {
  for (const { task, path } of nodes) {
    const { inputParameters } = task;
    if (!isRecord(inputParameters)) continue;
    const context: InputContext = { taskName: String(task.name), knownRefs, out };
    for (const [key, value] of Object.entries(inputParameters)) {
      checkInputValue(value, key, propertyPath(propertyPath(path, 'inputParameters'), key), context);
    }
  }
}

interface InputContext {
  taskName: string;
  knownRefs: ReadonlySet<string>;
  out: ErrorCollector;
}

/** `key` is the nearest map key, which Conductor's message names (list items report their list's key). */
function checkInputValue(value: unknown, key: string, valuePath: string, context: InputContext): void {
  if (typeof value === 'string') {
    for (const ref of referencedTaskNames(value)) {
      if (context.knownRefs.has(ref)) continue;
      context.out.add(
        valuePath,
        `taskReferenceName: ${ref} for given task: ${context.taskName} input value: ${key} of input parameter: ${value} is not defined in workflow definition.`,
        value,
      );
    }
  } else if (Array.isArray(value)) {
    value.forEach((item: unknown, i) => checkInputValue(item, key, indexPath(valuePath, i), context));
  } else if (isRecord(value)) {
    for (const [innerKey, inner] of Object.entries(value)) {
      checkInputValue(inner, innerKey, propertyPath(valuePath, innerKey), context);
    }
  }
}
