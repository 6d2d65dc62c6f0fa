/**
 * SWITCH (§5): `evaluatorType` `value-param` (the case is the input value named by `expression`) or
 * `javascript`/`graaljs` (the case is the script's value with `$` = input), both read from the
 * WorkflowTask fields. Output `evaluationResult: [case]`, `selectedCase`; input gains `case`.
 */
import { TaskType } from '@baton/protocol';
import { caseOperatorModule } from './case-branch.js';
import { JAVASCRIPT_EVALUATORS } from './evaluation.js';

export const switchTask = caseOperatorModule({
  type: TaskType.SWITCH,
  purpose: 'switch',
  caseSource(task) {
    const { evaluatorType, expression = '' } = task.workflowTask;
    if (evaluatorType === 'value-param') return { kind: 'value', value: task.inputData[expression] };
    if (evaluatorType && JAVASCRIPT_EVALUATORS.has(evaluatorType)) {
      return { kind: 'script', evaluatorType, expression };
    }
    return { kind: 'invalid', reason: `No evaluator registered for type: ${evaluatorType ?? 'null'}` };
  },
  output: (caseValue) => ({ evaluationResult: [caseValue], selectedCase: caseValue }),
  chosenCase: (task) => stringAt(task.outputData.selectedCase),
  emptyBranchUsesDefault: false,
});

function stringAt(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
