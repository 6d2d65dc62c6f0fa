/** A workflow's output when it ends (§4.3). */
import { isSuccessfulTaskStatus, TaskType, type JsonObject, type Task, type Workflow } from '@baton/protocol';
import { buildExpressionContext, resolveParameters } from '../expressions/index.js';

/**
 * The output of a successful TERMINATE task when there is one; else resolved `outputParameters` when the
 * definition has any; else the output of `from` (default: the last task by seq).
 */
export function workflowOutput(workflow: Workflow, from?: Task): JsonObject {
  const terminate = workflow.tasks.find(
    (t) => t.taskType === TaskType.TERMINATE && isSuccessfulTaskStatus(t.status),
  );
  if (terminate) return terminate.outputData;
  const parameters = workflow.workflowDefinition.outputParameters;
  if (parameters && Object.keys(parameters).length > 0) {
    return resolveParameters(parameters, buildExpressionContext(workflow));
  }
  return (from ?? lastBySeq(workflow.tasks))?.outputData ?? {};
}

function lastBySeq(tasks: readonly Task[]): Task | undefined {
  let last: Task | undefined;
  for (const t of tasks) if (!last || t.seq > last.seq) last = t;
  return last;
}
