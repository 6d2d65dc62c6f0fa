/**
 * DECISION (deprecated, §5): the case is the input value named by `caseValueParam`, or the value of the
 * JavaScript `caseExpression` with `$` = input. Output `caseOutput: [case]`; an empty matched branch also
 * falls back to the default branch.
 */
import { TaskType } from '@baton/protocol';
import { caseOperatorModule } from './case-branch.js';

export const decisionTask = caseOperatorModule({
  type: TaskType.DECISION,
  purpose: 'decision',
  caseSource(task) {
    const { caseValueParam, caseExpression } = task.workflowTask;
    if (caseValueParam) return { kind: 'value', value: task.inputData[caseValueParam] };
    if (caseExpression) return { kind: 'script', evaluatorType: 'javascript', expression: caseExpression };
    return { kind: 'value', value: null };
  },
  output: (caseValue) => ({ caseOutput: [caseValue] }),
  chosenCase(task) {
    const chosen: unknown = Array.isArray(task.outputData.caseOutput)
      ? task.outputData.caseOutput[0]
      : undefined;
    return typeof chosen === 'string' ? chosen : undefined;
  },
  emptyBranchUsesDefault: true,
});
