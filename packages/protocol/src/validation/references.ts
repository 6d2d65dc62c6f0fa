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

/**
 * Walks one input value iteratively (a deep value cannot overflow the stack). `key` is the nearest map key,
 * which Conductor's message names (list items report their list's key).
 */
function checkInputValue(value: unknown, key: string, valuePath: string, context: InputContext): void {
  const pending: { value: unknown; key: string; path: string }[] = [{ value, key, path: valuePath }];
  for (let item = pending.pop(); item !== undefined; item = pending.pop()) {
    if (typeof item.value === 'string') {
      reportUnknownRefs(item.value, item.key, item.path, context);
    } else if (Array.isArray(item.value)) {
      // Pushed last first, so items are checked (and reported) in order.
      for (let i = item.value.length - 1; i >= 0; i--) {
        pending.push({ value: item.value[i], key: item.key, path: indexPath(item.path, i) });
      }
    } else if (isRecord(item.value)) {
      const entries = Object.entries(item.value);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [innerKey, inner] = entries[i]!;
        pending.push({ value: inner, key: innerKey, path: propertyPath(item.path, innerKey) });
      }
    }
  }
}

function reportUnknownRefs(text: string, key: string, path: string, context: InputContext): void {
  for (const ref of referencedTaskNames(text)) {
    if (context.knownRefs.has(ref)) continue;
    context.out.add(
      path,
      `taskReferenceName: ${ref} for given task: ${context.taskName} input value: ${key} of input parameter: ${text} is not defined in workflow definition.`,
      text,
    );
  }
}
