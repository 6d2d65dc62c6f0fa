/**
 * Registration checks specific to one task type (§5), limited to the cheap, unambiguous ones.
 * Messages follow Conductor's WorkflowTaskTypeConstraint.
 */
import { TaskType } from '../enums.js';
import type { ErrorCollector } from './error-collector.js';
import { propertyPath } from './paths.js';
import { isRecord } from './values.js';
import type { TaskNode } from './task-tree.js';

type TypeCheck = (node: TaskNode, report: Reporter) => void;
type Reporter = (field: string, message: string, invalidValue?: unknown) => void;

const TERMINATION_STATUSES: ReadonlySet<unknown> = new Set(['COMPLETED', 'FAILED', 'TERMINATED']);

export function checkTaskType(node: TaskNode, out: ErrorCollector): void {
  const { task, path } = node;
  const type = typeof task.type === 'string' ? task.type : TaskType.SIMPLE;
  const check = checksByType[type];
  if (check === undefined) return;
  check(node, (field, message, invalidValue) => {
    const fieldPath = field === '' ? path : field.split('.').reduce(propertyPath, path);
    out.add(fieldPath, message, invalidValue);
  });
}

const checksByType: Record<string, TypeCheck> = {
  [TaskType.SWITCH]: ({ task }, report) => {
    requireField(task, 'evaluatorType', report);
    requireField(task, 'expression', report);
    requireDecisionCases(task, report);
  },
  [TaskType.DECISION]: ({ task }, report) => {
    if (!isPresent(task.caseValueParam) && !isPresent(task.caseExpression)) {
      report('caseValueParam', required('caseValueParam or caseExpression', task));
    }
    requireDecisionCases(task, report);
  },
  [TaskType.FORK_JOIN]: (node, report) => {
    const { forkTasks } = node.task;
    if (!Array.isArray(forkTasks) || forkTasks.length === 0) {
      report(
        'forkTasks',
        `forkTasks should have atleast one task for taskType: FORK_JOIN taskName: ${nameOf(node.task)}`,
      );
    }
  },
  // Conductor registers a fork with no JOIN after it: a static fork's branches then run to the workflow's
  // end, a dynamic fork fails the workflow when it runs.
  [TaskType.FORK_JOIN_DYNAMIC]: (node, report) => checkDynamicForkInputs(node.task, report),
  [TaskType.DO_WHILE]: ({ task }, report) => {
    if (!Array.isArray(task.loopOver) || task.loopOver.length === 0)
      report('loopOver', required('loopOver', task));
    if (!isPresent(task.items)) requireField(task, 'loopCondition', report);
  },
  [TaskType.SUB_WORKFLOW]: ({ task }, report) => {
    const params = task.subWorkflowParam;
    if (!isRecord(params)) {
      report('subWorkflowParam', required('subWorkflowParam', task));
      return;
    }
    const definition = params.workflowDefinition;
    if (!isPresent(params.name) && !isPresent(definition)) {
      report(
        'subWorkflowParam.name',
        required('subWorkflowParam.name (or subWorkflowParam.workflowDefinition)', task),
      );
    }
    if (typeof definition === 'string' && definition !== '' && !isExpression(definition)) {
      report(
        'subWorkflowParam.workflowDefinition',
        `subWorkflowParam.workflowDefinition must be an object or a \${...} expression, taskName: ${nameOf(task)}`,
        definition,
      );
    }
  },
  [TaskType.DYNAMIC]: ({ task }, report) => requireField(task, 'dynamicTaskNameParam', report),
  [TaskType.TERMINATE]: ({ task }, report) => {
    if (task.optional === true)
      report('optional', `terminate task cannot be optional, taskName: ${nameOf(task)}`, true);
    const status = isRecord(task.inputParameters) ? task.inputParameters.terminationStatus : undefined;
    if (!TERMINATION_STATUSES.has(status)) {
      report(
        'inputParameters.terminationStatus',
        `terminate task must have an terminationStatus parameter and must be set to COMPLETED, FAILED or TERMINATED, taskName: ${nameOf(task)}`,
        status ?? undefined,
      );
    }
  },
};

function checkDynamicForkInputs(task: Record<string, unknown>, report: Reporter): void {
  const legacy = isPresent(task.dynamicForkJoinTasksParam);
  const tasksParam = isPresent(task.dynamicForkTasksParam);
  const inputParam = isPresent(task.dynamicForkTasksInputParamName);
  if (legacy && (tasksParam || inputParam)) {
    report(
      'dynamicForkJoinTasksParam',
      `dynamicForkJoinTasksParam or combination of dynamicForkTasksInputParamName and dynamicForkTasksParam can be used for taskType: FORK_JOIN_DYNAMIC taskName: ${nameOf(task)}`,
    );
    return;
  }
  if (legacy || (tasksParam && inputParam)) return;
  // Newer form: the fork is described by inputParameters (forkTaskName / forkTaskType / forkTaskWorkflow).
  const input = isRecord(task.inputParameters) ? task.inputParameters : {};
  if (['forkTaskName', 'forkTaskType', 'forkTaskWorkflow'].some((key) => isPresent(input[key]))) return;
  if (!tasksParam) report('dynamicForkTasksParam', required('dynamicForkTasksParam', task));
  if (!inputParam) report('dynamicForkTasksInputParamName', required('dynamicForkTasksInputParamName', task));
}

function requireDecisionCases(task: Record<string, unknown>, report: Reporter): void {
  const cases = task.decisionCases;
  if (!isRecord(cases)) {
    report('decisionCases', required('decisionCases', task));
  } else if (Object.keys(cases).length === 0) {
    report(
      'decisionCases',
      `decisionCases should have atleast one task for taskType: ${String(task.type)} taskName: ${nameOf(task)}`,
    );
  }
}

function requireField(task: Record<string, unknown>, field: string, report: Reporter): void {
  if (!isPresent(task[field])) report(field, required(field, task));
}

const required = (field: string, task: Record<string, unknown>): string =>
  `${field} field is required for taskType: ${String(task.type)} taskName: ${nameOf(task)}`;

const nameOf = (task: Record<string, unknown>): string => String(task.name);

/** Present for a required string parameter: not absent, not null, not empty. */
const isPresent = (value: unknown): boolean => value !== undefined && value !== null && value !== '';

const isExpression = (text: string): boolean => text.startsWith('${') && text.endsWith('}');
