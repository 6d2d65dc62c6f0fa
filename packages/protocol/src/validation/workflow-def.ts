/** WorkflowDef validation: field types plus the registration rules of §1.1 and the per-type checks of §5. */
import type { ValidationError } from '../models.js';
import { WorkflowDefSchema } from '../schemas/workflow-def.js';
import { ErrorCollector } from './error-collector.js';
import { propertyPath } from './paths.js';
import { isMissing, isRecord } from './values.js';
import { checkInputReferences, checkUniqueReferenceNames } from './references.js';
import { compileStructureCheck } from './structural.js';
import { collectTaskDefTypeErrors } from './task-def.js';
import { collectTaskNodes, type TaskNode } from './task-tree.js';
import { checkTaskType } from './task-types.js';

const checkStructure = compileStructureCheck(WorkflowDefSchema);

/**
 * Errors of a WorkflowDef as registered or started inline; empty when valid.
 * @example validateWorkflowDef({ name: 'w', tasks: [] }) // [{ path: 'tasks', message: 'WorkflowTask list cannot be empty' }]
 */
export function validateWorkflowDef(def: unknown): ValidationError[] {
  const out = new ErrorCollector();
  collectWorkflowDefErrors(def, '', out);
  return out.errors;
}

export function collectWorkflowDefErrors(def: unknown, basePath: string, out: ErrorCollector): void {
  checkStructure(def, basePath, out);
  if (!isRecord(def)) return;
  checkDefFields(def, basePath, out);

  const nodes = collectTaskNodes(def.tasks, propertyPath(basePath, 'tasks'));
  for (const node of nodes) checkTask(node, out);
  const knownRefs = checkUniqueReferenceNames(nodes, def.name, out);
  checkInputReferences(nodes, knownRefs, out);
}

function checkDefFields(def: Record<string, unknown>, basePath: string, out: ErrorCollector): void {
  const at = (field: string): string => propertyPath(basePath, field);
  if (isMissing(def.name)) {
    out.add(at('name'), 'WorkflowDef name cannot be null or empty', def.name ?? undefined);
  }
  if (def.tasks === undefined || def.tasks === null || (Array.isArray(def.tasks) && def.tasks.length === 0)) {
    out.add(at('tasks'), 'WorkflowTask list cannot be empty', def.tasks ?? undefined);
  }
  if (typeof def.schemaVersion === 'number' && def.schemaVersion !== 2) {
    out.add(at('schemaVersion'), 'workflowDef schemaVersion: 2 is only supported', def.schemaVersion);
  }
  if (
    def.timeoutPolicy === 'TIME_OUT_WF' &&
    !(typeof def.timeoutSeconds === 'number' && def.timeoutSeconds > 0)
  ) {
    out.add(
      at('timeoutSeconds'),
      'timeoutSeconds must be greater than 0 when timeoutPolicy is TIME_OUT_WF',
      def.timeoutSeconds ?? undefined,
    );
  }
}

function checkTask(node: TaskNode, out: ErrorCollector): void {
  const { task, path } = node;
  if (isMissing(task.name)) {
    out.add(propertyPath(path, 'name'), 'WorkflowTask name cannot be empty or null', task.name ?? undefined);
  }
  if (isMissing(task.taskReferenceName)) {
    out.add(
      propertyPath(path, 'taskReferenceName'),
      'WorkflowTask taskReferenceName name cannot be empty or null',
      task.taskReferenceName ?? undefined,
    );
  }
  checkTaskType(node, out);
  if (isRecord(task.taskDefinition)) {
    collectTaskDefTypeErrors(task.taskDefinition, propertyPath(path, 'taskDefinition'), out);
  }
  // An inline sub-workflow is a definition of its own, with its own reference-name namespace.
  const params = task.subWorkflowParam;
  if (isRecord(params) && isRecord(params.workflowDefinition)) {
    const paramsPath = propertyPath(path, 'subWorkflowParam');
    collectWorkflowDefErrors(params.workflowDefinition, propertyPath(paramsPath, 'workflowDefinition'), out);
  }
}
