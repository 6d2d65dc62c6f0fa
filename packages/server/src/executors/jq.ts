/**
 * JSON_JQ_TRANSFORM (§5): runs the jq program `queryExpression` over the whole task input (the query key
 * included, as Conductor does). Output: `result` (the first output, or null) and `resultList` (all outputs;
 * null when there are none, as in Conductor).
 */
import type { Task } from '@baton/protocol';
import type { JqSandbox } from '../sandbox/contract.js';
import type { SystemTaskExecutor, SystemTaskOutcome } from './executor.js';
import { failed, sandboxBusy, unlessAborted } from './outcomes.js';
import { SANDBOX_TASK_CONCURRENCY } from './sandbox-concurrency.js';

export function jqExecutor(sandbox: JqSandbox): SystemTaskExecutor {
  return {
    type: 'JSON_JQ_TRANSFORM',
    concurrency: SANDBOX_TASK_CONCURRENCY,
    async execute(task: Task, signal: AbortSignal): Promise<SystemTaskOutcome> {
      const input = task.inputData ?? {};
      const query = input.queryExpression;
      if (typeof query !== 'string' || query.trim() === '') {
        return failed("Missing 'queryExpression' in input parameters");
      }
      const run = await unlessAborted(
        sandbox.run(query, input, { workflowId: task.workflowInstanceId }),
        signal,
      );
      if (!run) return failed('The jq run was canceled');
      if (!run.ok) return run.busy ? sandboxBusy(run.error) : failed(run.error);
      const results = run.results;
      return {
        status: 'COMPLETED',
        outputData: { result: results[0] ?? null, resultList: results.length > 0 ? results : null },
      };
    },
  };
}
