/**
 * What SWITCH and DECISION share (§5): find a case value (synchronously, or by asking for a script
 * evaluation), stringify it Java-style, and continue with the matching branch, the default branch, or
 * whatever follows the task.
 */
import { javaString, type JsonObject, type Task, type WorkflowTask } from '@baton/protocol';
import {
  isEvaluationOverdue,
  evaluationRetryAt,
  requestEvaluation,
  type EvaluationRequest,
} from './evaluation.js';
import { loopSuffixOf } from './loop-refs.js';
import type { TaskRun, TaskTypeModule } from './module.js';
import { ended, newTask } from './new-task.js';

/** How a case value is found for a task. */
export type CaseSource =
  | { kind: 'value'; value: unknown }
  | { kind: 'script'; evaluatorType: string; expression: string }
  | { kind: 'invalid'; reason: string };

export interface CaseOperator {
  type: string;
  /** The `evaluate` purpose when the case comes from a script. */
  purpose: string;
  caseSource(task: Task): CaseSource;
  /** The output recording the chosen case. */
  output(caseValue: string): JsonObject;
  /** Where the chosen case is read back from the output. */
  chosenCase(task: Task): string | undefined;
  /** DECISION: a matched but empty branch falls back to the default branch. */
  emptyBranchUsesDefault: boolean;
}

export function caseOperatorModule(operator: CaseOperator): TaskTypeModule {
  const decide = (task: Task, run: TaskRun, value: unknown): void => {
    const caseValue = javaString(value);
    run.update(task, {
      ...ended(task, run.now, 'COMPLETED', { ...task.outputData, ...operator.output(caseValue) }),
      inputData: { ...task.inputData, case: caseValue },
    });
  };
  const evaluation = (
    task: Task,
    source: { evaluatorType: string; expression: string },
  ): EvaluationRequest => ({
    purpose: operator.purpose,
    evaluatorType: source.evaluatorType,
    expression: source.expression,
    input: task.inputData,
  });
  return {
    type: operator.type,
    execution: 'sync',
    isOperator: true,
    schedule: (request) => [newTask(request, operator.type)],
    execute(task, run) {
      const source = operator.caseSource(task);
      if (task.status === 'IN_PROGRESS') {
        // Waiting for a script's answer; ask again if it never came.
        if (source.kind === 'script' && isEvaluationOverdue(task, run.now)) {
          requestEvaluation(task, run, evaluation(task, source));
        }
        return;
      }
      if (source.kind === 'value') decide(task, run, source.value);
      else if (source.kind === 'script') requestEvaluation(task, run, evaluation(task, source));
      else run.update(task, ended(task, run.now, 'FAILED', task.outputData, source.reason));
    },
    onEvaluated(task, answer, run) {
      if (task.status !== 'IN_PROGRESS' || answer.purpose !== operator.purpose) return false;
      if (answer.error !== undefined) {
        run.update(task, ended(task, run.now, 'FAILED', task.outputData, answer.error));
      } else {
        decide(task, run, answer.result);
      }
      return true;
    },
    wakeUpAt: (task) => (task.status === 'IN_PROGRESS' ? evaluationRetryAt(task) : undefined),
    scheduleNext(task, run) {
      const branch = chosenBranch(
        task.workflowTask,
        operator.chosenCase(task),
        operator.emptyBranchUsesDefault,
      );
      const first = branch?.[0];
      if (first) run.schedule(first, { loopSuffix: loopSuffixOf(task.referenceTaskName) });
      else run.scheduleSuccessor(task);
    },
  };
}

/** The branch for a case: the matching `decisionCases` entry, else `defaultCase`. */
function chosenBranch(
  workflowTask: WorkflowTask,
  caseValue: string | undefined,
  emptyBranchUsesDefault: boolean,
): WorkflowTask[] | undefined {
  if (caseValue === undefined) return undefined; // the task failed (optional): just move on
  const cases = workflowTask.decisionCases ?? {};
  const matched = Object.hasOwn(cases, caseValue) ? cases[caseValue] : undefined;
  if (matched && (matched.length > 0 || !emptyBranchUsesDefault)) return matched;
  return workflowTask.defaultCase;
}
