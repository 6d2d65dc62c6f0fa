/**
 * The document `${...}` expressions are evaluated against (§4.2): `workflow` plus one entry per task
 * reference name. Entries are built on first use, since the decider builds a context on every step.
 */
import type { JsonObject, Task, Workflow } from '@baton/protocol';

export interface ExpressionContext {
  /** What `${CPEWF_TASK_ID}` resolves to: the id of the task being scheduled (undefined: left as text). */
  readonly taskId: string | undefined;
  /** A top-level entry of the document: `workflow` or a task key (ref without any `__N` loop suffix). */
  entry(key: string): JsonObject | undefined;
  /** The whole document; only needed by JSONPath features that can reach any entry (wildcards, scans). */
  document(): JsonObject;
}

export interface ExpressionContextOptions {
  /** The id of the task whose input is being resolved. */
  taskId?: string;
}

/**
 * @example
 * const ctx = buildExpressionContext(workflow, { taskId: newTaskId });
 * resolveParameters({ who: '${workflow.input.name}' }, ctx);
 */
export function buildExpressionContext(
  workflow: Workflow,
  options: ExpressionContextOptions = {},
): ExpressionContext {
  return new LazyExpressionContext(workflow, options.taskId);
}

// DO_WHILE body tasks are named `ref__1`, `ref__2`, ...; nested loops stack the suffixes.
const LOOP_ITERATION_SUFFIX = /(?:__\d+)+$/;

function taskKey(referenceTaskName: string): string {
  return referenceTaskName.includes('__')
    ? referenceTaskName.replace(LOOP_ITERATION_SUFFIX, '')
    : referenceTaskName;
}

class LazyExpressionContext implements ExpressionContext {
  private workflowEntry: JsonObject | undefined;
  private latestTaskByKey: Map<string, Task> | undefined;
  private readonly taskEntries = new Map<string, JsonObject>();
  private wholeDocument: JsonObject | undefined;

  constructor(
    private readonly workflow: Workflow,
    readonly taskId: string | undefined,
  ) {}

  entry(key: string): JsonObject | undefined {
    if (key === 'workflow') return (this.workflowEntry ??= workflowEntry(this.workflow));
    const cached = this.taskEntries.get(key);
    if (cached) return cached;
    const task = this.latestTasks().get(key);
    if (!task) return undefined;
    const built = taskEntry(task);
    this.taskEntries.set(key, built);
    return built;
  }

  document(): JsonObject {
    if (this.wholeDocument) return this.wholeDocument;
    const document: JsonObject = {};
    for (const key of this.latestTasks().keys()) document[key] = this.entry(key);
    document.workflow = this.entry('workflow');
    return (this.wholeDocument = document);
  }

  private latestTasks(): Map<string, Task> {
    if (this.latestTaskByKey) return this.latestTaskByKey;
    const latest = new Map<string, Task>();
    for (const task of this.workflow.tasks) {
      const key = taskKey(task.referenceTaskName);
      const current = latest.get(key);
      if (!current || isLaterAttempt(task, current)) latest.set(key, task);
    }
    return (this.latestTaskByKey = latest);
  }
}

/** The latest loop iteration wins, then the latest attempt (tasks carry increasing `seq`). */
function isLaterAttempt(candidate: Task, current: Task): boolean {
  const order = compareIterations(candidate, current);
  return order !== 0 ? order > 0 : candidate.seq >= current.seq;
}

/** Nested loops compare their stacked suffixes outermost first (`__2__1` is later than `__1__5`). */
function compareIterations(a: Task, b: Task): number {
  const left = iterationPath(a.referenceTaskName);
  const right = iterationPath(b.referenceTaskName);
  if (left.length === 0 && right.length === 0) return a.iteration - b.iteration;
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const difference = (left[i] ?? 0) - (right[i] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

function iterationPath(referenceTaskName: string): number[] {
  const suffix = LOOP_ITERATION_SUFFIX.exec(referenceTaskName)?.[0] ?? '';
  return suffix === '' ? [] : suffix.slice(2).split('__').map(Number);
}

function workflowEntry(workflow: Workflow): JsonObject {
  return {
    input: workflow.input,
    output: workflow.output,
    status: workflow.status,
    workflowId: workflow.workflowId,
    parentWorkflowId: workflow.parentWorkflowId ?? null,
    parentWorkflowTaskId: workflow.parentWorkflowTaskId ?? null,
    workflowType: workflow.workflowName,
    version: workflow.workflowVersion,
    correlationId: workflow.correlationId ?? null,
    reasonForIncompletion: workflow.reasonForIncompletion ?? null,
    schemaVersion: workflow.workflowDefinition.schemaVersion ?? 2,
    variables: workflow.variables,
  };
}

function taskEntry(task: Task): JsonObject {
  return {
    input: task.inputData,
    output: task.outputData,
    taskType: task.taskType,
    status: task.status,
    referenceTaskName: task.referenceTaskName,
    retryCount: task.retryCount,
    correlationId: task.correlationId ?? null,
    pollCount: task.pollCount,
    taskDefName: task.taskDefName,
    scheduledTime: task.scheduledTime,
    startTime: task.startTime,
    endTime: task.endTime,
    workflowInstanceId: task.workflowInstanceId,
    taskId: task.taskId,
    reasonForIncompletion: task.reasonForIncompletion ?? null,
    callbackAfterSeconds: task.callbackAfterSeconds,
    workerId: task.workerId ?? null,
    iteration: task.iteration,
  };
}
