/**
 * The branches of a FORK_JOIN_DYNAMIC (§5), read from its resolved input in one of three ways:
 * (a) `dynamicForkTasksParam` names an input holding WorkflowTask[], `dynamicForkTasksInputParamName` one
 *     holding `{ref: input}`;
 * (b) `forkTaskName` / `forkTaskType` / `forkTaskWorkflow` (+ `forkTaskWorkflowVersion`) / `forkTaskInputs`:
 *     one branch per input element, refs `_{name}_{i}`, each input with `__index`;
 * (legacy) `dynamicForkJoinTasksParam` names an input holding `[{taskName, workflowName, referenceName, input, type}]`.
 */
import { TaskType, type JsonObject, type WorkflowTask } from '@baton/protocol';
import { isJsonObject } from '../expressions/json-values.js';

export interface DynamicBranch {
  workflowTask: WorkflowTask;
  /** Input laid over the branch task's resolved input (modes a and legacy). */
  input?: JsonObject;
}

export type DynamicForkPlan = { ok: true; branches: DynamicBranch[] } | { ok: false; reason: string };

/**
 * @param input The fork task's resolved input.
 * @param isTakenRef Whether a reference name is already used in the workflow (mode b then prefixes the
 *   fork's own ref, as Conductor does for a second dynamic fork).
 */
export function planDynamicFork(
  fork: WorkflowTask,
  input: JsonObject,
  isTakenRef: (ref: string) => boolean,
): DynamicForkPlan {
  if (fork.dynamicForkTasksParam) return fromTaskList(fork, input);
  if (fork.dynamicForkJoinTasksParam) return fromLegacyList(fork, input);
  return fromForkInputs(fork, input, isTakenRef);
}

function fromTaskList(fork: WorkflowTask, input: JsonObject): DynamicForkPlan {
  const param = fork.dynamicForkTasksParam!;
  const tasks = input[param];
  if (!Array.isArray(tasks) || !tasks.every(isWorkflowTaskLike)) {
    return invalid(`Input '${param}' of dynamic fork '${fork.taskReferenceName}' is not a list of tasks`);
  }
  const inputsParam = fork.dynamicForkTasksInputParamName;
  const inputs = inputsParam ? (input[inputsParam] ?? {}) : {};
  if (!isJsonObject(inputs)) {
    return invalid(`Input '${String(inputsParam)}' of dynamic fork '${fork.taskReferenceName}' is not a map`);
  }
  const branches: DynamicBranch[] = [];
  for (const task of tasks) {
    const branchInput = inputs[task.taskReferenceName] ?? {};
    if (!isJsonObject(branchInput)) {
      return invalid(`Input to the dynamically forked task '${task.taskReferenceName}' is not a map`);
    }
    branches.push({ workflowTask: { type: TaskType.SIMPLE, ...task }, input: branchInput });
  }
  return checked(branches);
}

function fromLegacyList(fork: WorkflowTask, input: JsonObject): DynamicForkPlan {
  const param = fork.dynamicForkJoinTasksParam!;
  const entries = input[param];
  if (!Array.isArray(entries) || !entries.every(isLegacyEntry)) {
    return invalid(
      `Input '${param}' of dynamic fork '${fork.taskReferenceName}' is not a list of dynamic fork tasks`,
    );
  }
  return checked(
    entries.map((entry) => {
      const workflowTask: WorkflowTask = {
        name: entry.taskName,
        taskReferenceName: entry.referenceName,
        type: typeof entry.type === 'string' ? entry.type : TaskType.SIMPLE,
      };
      if (typeof entry.workflowName === 'string') {
        workflowTask.type = TaskType.SUB_WORKFLOW;
        workflowTask.subWorkflowParam = { name: entry.workflowName };
      }
      return { workflowTask, input: isJsonObject(entry.input) ? entry.input : {} };
    }),
  );
}

function fromForkInputs(
  fork: WorkflowTask,
  input: JsonObject,
  isTakenRef: (ref: string) => boolean,
): DynamicForkPlan {
  const elements = input.forkTaskInputs;
  if (!Array.isArray(elements)) {
    return invalid(`Input 'forkTaskInputs' of dynamic fork '${fork.taskReferenceName}' is not a list`);
  }
  const type = stringOr(input.forkTaskType, TaskType.SIMPLE);
  const subWorkflow = stringOr(input.forkTaskWorkflow, '');
  const name = stringOr(input.forkTaskName, isSystemType(type) ? type : fork.taskReferenceName);
  const givenVersion = input.forkTaskWorkflowVersion;
  const version = typeof givenVersion === 'number' ? givenVersion : Number.parseInt(String(givenVersion), 10);
  const prefixed = elements.some((_, i) => isTakenRef(`_${name}_${i}`));
  const branches = elements.map((element, i): DynamicBranch => {
    const workflowTask: WorkflowTask = {
      name,
      taskReferenceName: prefixed ? `_${fork.taskReferenceName}_${name}_${i}` : `_${name}_${i}`,
      type: subWorkflow ? TaskType.SUB_WORKFLOW : type,
      inputParameters: { ...(isJsonObject(element) ? element : { input: element }), __index: i },
    };
    if (subWorkflow) {
      workflowTask.subWorkflowParam = { name: subWorkflow, ...(Number.isFinite(version) && { version }) };
    }
    return { workflowTask };
  });
  return checked(branches);
}

function checked(branches: DynamicBranch[]): DynamicForkPlan {
  const seen = new Set<string>();
  for (const { workflowTask } of branches) {
    const ref = workflowTask.taskReferenceName;
    if (seen.has(ref)) return invalid(`Duplicate task reference name '${ref}' in dynamic fork tasks`);
    seen.add(ref);
  }
  return { ok: true, branches };
}

function invalid(reason: string): DynamicForkPlan {
  return { ok: false, reason };
}

function isWorkflowTaskLike(value: unknown): value is WorkflowTask {
  return (
    isJsonObject(value) &&
    typeof value.name === 'string' &&
    typeof value.taskReferenceName === 'string' &&
    value.taskReferenceName !== ''
  );
}

interface LegacyEntry {
  taskName: string;
  referenceName: string;
  workflowName?: unknown;
  input?: unknown;
  type?: unknown;
}

function isLegacyEntry(value: unknown): value is LegacyEntry {
  return isJsonObject(value) && typeof value.taskName === 'string' && typeof value.referenceName === 'string';
}

function stringOr(value: unknown, fallback: string): string {
  return typeof value === 'string' && value !== '' ? value : fallback;
}

/** Types a worker never polls (the fork's tasks are then named after the type). */
function isSystemType(type: string): boolean {
  return type !== TaskType.SIMPLE && Object.hasOwn(TaskType, type);
}
