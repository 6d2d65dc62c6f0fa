/**
 * INLINE (§5) reads `evaluatorType` and `expression` from its input. `value-param` runs in the decider
 * (output `result` = the input value named by `expression`); `javascript`/`graaljs` go to the INLINE queue
 * for the server's script executor. An empty or unknown evaluator, or an empty expression, fails the task
 * for good when it is scheduled.
 */
import { TaskType, type Task } from '@baton/protocol';
import { JAVASCRIPT_EVALUATORS } from './evaluation.js';
import type { TaskTypeModule } from './module.js';
import { ended, newTask } from './new-task.js';

const VALUE_PARAM = 'value-param';

export const inlineTask: TaskTypeModule = {
  type: TaskType.INLINE,
  execution: 'async',
  executionOf: (task) => (task.inputData.evaluatorType === VALUE_PARAM ? 'sync' : 'async'),
  isOperator: false,
  schedule(request) {
    const task = newTask(request, TaskType.INLINE);
    const problem = inputProblem(task);
    if (problem === undefined) return [task];
    return [{ ...task, ...ended(task, request.ctx.now, 'FAILED_WITH_TERMINAL_ERROR', {}, problem) }];
  },
  execute(task, run) {
    const result = task.inputData[String(task.inputData.expression)] ?? null;
    run.update(task, ended(task, run.now, 'COMPLETED', { result }));
  },
};

function inputProblem(task: Task): string | undefined {
  const { evaluatorType, expression } = task.inputData;
  if (typeof evaluatorType !== 'string' || evaluatorType.trim() === '') {
    return "Empty 'evaluatorType' in INLINE task's input parameters. A non-empty String value must be provided.";
  }
  if (evaluatorType !== VALUE_PARAM && !JAVASCRIPT_EVALUATORS.has(evaluatorType)) {
    return `Unknown evaluator '${evaluatorType}' in INLINE task.`;
  }
  if (typeof expression !== 'string' || expression.trim() === '') {
    return "Empty 'expression' in INLINE task's input parameters. A non-empty String value must be provided.";
  }
  return undefined;
}
