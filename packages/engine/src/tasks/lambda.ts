/**
 * LAMBDA (deprecated, §5): input `scriptExpression` is a JavaScript function body (it must `return`),
 * run with `$` = input through an `evaluate` round trip. Output `result`; an error fails the task with
 * `error` in the output.
 */
import { TaskType, type Task } from '@baton/protocol';
import {
  evaluationRetryAt,
  isEvaluationOverdue,
  requestEvaluation,
  type EvaluationRequest,
} from './evaluation.js';
import type { TaskTypeModule } from './module.js';
import { ended, newTask } from './new-task.js';

const PURPOSE = 'lambda';

export const lambdaTask: TaskTypeModule = {
  type: TaskType.LAMBDA,
  execution: 'sync',
  isOperator: false,
  schedule: (request) => [newTask(request, TaskType.LAMBDA)],
  execute(task, run) {
    const script = task.inputData.scriptExpression;
    if (task.status === 'IN_PROGRESS') {
      if (isEvaluationOverdue(task, run.now)) requestEvaluation(task, run, evaluation(task, String(script)));
      return;
    }
    if (typeof script !== 'string' || script.trim() === '') {
      const reason =
        "Empty 'scriptExpression' in Lambda task's input parameters. A non-empty String value must be provided.";
      run.update(task, ended(task, run.now, 'FAILED', task.outputData, reason));
      return;
    }
    requestEvaluation(task, run, evaluation(task, script));
  },
  onEvaluated(task, answer, run) {
    if (task.status !== 'IN_PROGRESS' || answer.purpose !== PURPOSE) return false;
    if (answer.error !== undefined) {
      run.update(task, ended(task, run.now, 'FAILED', { error: answer.error }, answer.error));
    } else {
      run.update(task, ended(task, run.now, 'COMPLETED', { result: answer.result ?? null }));
    }
    return true;
  },
  wakeUpAt: (task) => (task.status === 'IN_PROGRESS' ? evaluationRetryAt(task) : undefined),
};

/** The body is wrapped in a function so that `return` works; the call is the script's completion value. */
function evaluation(task: Task, script: string): EvaluationRequest {
  return {
    purpose: PURPOSE,
    evaluatorType: 'javascript',
    expression: `function scriptFun(){${script}} scriptFun();`,
    input: task.inputData,
  };
}
