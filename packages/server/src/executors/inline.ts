/**
 * INLINE (§5): evaluates `expression` with the evaluator named by `evaluatorType`, both read from the task
 * input; the whole input is `$` (so `$.value` reads the input key `value`). Output: `{ result }`.
 */
import type { Task } from '@baton/protocol';
import type { ScriptSandbox } from '../sandbox/contract.js';
import type { SystemTaskExecutor, SystemTaskOutcome } from './executor.js';
import { failed, sandboxBusy, terminalFailure, unlessAborted } from './outcomes.js';
import { SANDBOX_TASK_CONCURRENCY } from './sandbox-concurrency.js';

const JAVASCRIPT_EVALUATORS = new Set(['javascript', 'graaljs']);

export function inlineExecutor(sandbox: ScriptSandbox): SystemTaskExecutor {
  return {
    type: 'INLINE',
    concurrency: SANDBOX_TASK_CONCURRENCY,
    async execute(task: Task, signal: AbortSignal): Promise<SystemTaskOutcome> {
      const input = task.inputData ?? {};
      const { evaluatorType, expression } = input;
      if (typeof evaluatorType !== 'string' || evaluatorType.trim() === '') {
        return terminalFailure(
          "Empty 'evaluatorType' in INLINE task's input parameters. A non-empty String value must be provided.",
        );
      }
      if (typeof expression !== 'string' || expression.trim() === '') {
        return terminalFailure(
          "Empty 'expression' in INLINE task's input parameters. A non-empty String value must be provided.",
        );
      }
      if (evaluatorType === 'value-param') {
        return { status: 'COMPLETED', outputData: { result: input[expression] ?? null } };
      }
      if (!JAVASCRIPT_EVALUATORS.has(evaluatorType)) {
        return terminalFailure(`Unknown evaluator '${evaluatorType}' in INLINE task.`);
      }
      const evaluation = await unlessAborted(
        sandbox.evaluate(expression, input, { workflowId: task.workflowInstanceId }),
        signal,
      );
      if (!evaluation) return failed('The evaluation was canceled');
      if (!evaluation.ok) return evaluation.busy ? sandboxBusy(evaluation.error) : failed(evaluation.error);
      return { status: 'COMPLETED', outputData: { result: evaluation.value } };
    },
  };
}
