/** SWITCH: runs the branch whose case matches a value (or a JavaScript expression), else the default branch. */
import type { WorkflowTask } from '../../model/definitions.js';
import { TaskBuilder, toWorkflowTasks } from '../task-builder.js';

export interface SwitchOutput {
  evaluationResult: string[];
  selectedCase?: string;
}

/**
 * @example
 * const route = new SwitchTask('route_ref', wf.input('country'))
 *   .switchCase('US', usShipping)
 *   .switchCase('CA', [caShipping, caCustoms])
 *   .defaultCase(intlShipping);
 * // JavaScript: new SwitchTask('big_ref', '$.amount > 100 ? "big" : "small"', true).inputParameter('amount', ...)
 */
export class SwitchTask extends TaskBuilder<SwitchOutput> {
  private readonly cases = new Map<string, TaskBuilder<unknown>[]>();
  private defaultTasks: TaskBuilder<unknown>[] = [];
  private readonly evaluatorType: string;
  private readonly expression: string;

  /** `caseExpression`: a value or expression to match (value-param), or JavaScript when `useJavascript`. */
  constructor(taskReferenceName: string, caseExpression: string, useJavascript = false) {
    super(
      taskReferenceName,
      taskReferenceName,
      'SWITCH',
      useJavascript ? {} : { switchCaseValue: caseExpression },
    );
    this.evaluatorType = useJavascript ? 'javascript' : 'value-param';
    this.expression = useJavascript ? caseExpression : 'switchCaseValue';
  }

  /** The tasks run when the value equals `caseValue` (compared as strings). */
  switchCase(
    caseValue: string | number | boolean,
    tasks: TaskBuilder<unknown> | TaskBuilder<unknown>[],
  ): this {
    this.cases.set(String(caseValue), Array.isArray(tasks) ? tasks : [tasks]);
    return this;
  }

  /** The tasks run when no case matches. */
  defaultCase(tasks: TaskBuilder<unknown> | TaskBuilder<unknown>[]): this {
    this.defaultTasks = Array.isArray(tasks) ? tasks : [tasks];
    return this;
  }

  protected override extraFields(): Partial<WorkflowTask> {
    const decisionCases: Record<string, WorkflowTask[]> = {};
    for (const [value, tasks] of this.cases) decisionCases[value] = toWorkflowTasks(tasks);
    return {
      evaluatorType: this.evaluatorType,
      expression: this.expression,
      decisionCases,
      defaultCase: toWorkflowTasks(this.defaultTasks),
    };
  }
}
