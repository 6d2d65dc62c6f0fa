/** SUB_WORKFLOW: runs another workflow (registered, or defined inline) as one step and waits for it. */
import type { JsonObject, SubWorkflowParams, WorkflowDef, WorkflowTask } from '../../model/definitions.js';
import type { IdempotencyStrategy } from '../../model/enums.js';
import { TaskBuilder } from '../task-builder.js';

/** Anything that can produce a workflow definition (a ConductorWorkflow). */
export interface WorkflowDefSource {
  toWorkflowDef(): WorkflowDef;
}

export interface SubWorkflowOptions {
  /** With a workflow name: the version to run (default: the latest). */
  version?: number;
  /** Input of the child workflow. */
  inputs?: object;
  taskToDomain?: Record<string, string>;
  idempotencyKey?: string;
  idempotencyStrategy?: IdempotencyStrategy;
  priority?: number | string;
}

/**
 * The output is the child's output plus `subWorkflowId`.
 *
 * @example
 * const byName = new SubWorkflowTask('charge_ref', 'charge_payment', { version: 2, inputs: { amount: 10 } });
 * const inline = new SubWorkflowTask('child_ref', childWorkflow); // a ConductorWorkflow: sent inline
 */
export class SubWorkflowTask<O = JsonObject> extends TaskBuilder<O & { subWorkflowId: string }> {
  private readonly params: SubWorkflowParams;

  constructor(
    taskReferenceName: string,
    workflow: string | WorkflowDef | WorkflowDefSource,
    options: SubWorkflowOptions = {},
  ) {
    super(taskReferenceName, taskReferenceName, 'SUB_WORKFLOW', options.inputs ?? {});
    const params: SubWorkflowParams = {};
    if (typeof workflow === 'string') {
      params.name = workflow;
      if (options.version !== undefined) params.version = options.version;
    } else {
      const def = 'toWorkflowDef' in workflow ? workflow.toWorkflowDef() : workflow;
      params.name = def.name;
      if (def.version !== undefined) params.version = def.version;
      params.workflowDefinition = def;
    }
    if (options.taskToDomain) params.taskToDomain = options.taskToDomain;
    if (options.idempotencyKey !== undefined) params.idempotencyKey = options.idempotencyKey;
    if (options.idempotencyStrategy !== undefined) params.idempotencyStrategy = options.idempotencyStrategy;
    if (options.priority !== undefined) params.priority = options.priority;
    this.params = params;
  }

  protected override extraFields(): Partial<WorkflowTask> {
    return { subWorkflowParam: { ...this.params } };
  }
}
