/** Validation of request bodies: StartWorkflowRequest, TaskResult, RerunWorkflowRequest, SkipTaskRequest, WorkflowTestRequest. */
import type { ValidationError } from '../models.js';
import {
  RerunWorkflowRequestSchema,
  SkipTaskRequestSchema,
  StartWorkflowRequestSchema,
  TaskResultSchema,
  WorkflowTestRequestSchema,
} from '../schemas/requests.js';
import { ErrorCollector } from './error-collector.js';
import { isMissing, isRecord } from './values.js';
import { compileStructureCheck, type StructureCheck } from './structural.js';
import { collectWorkflowDefErrors } from './workflow-def.js';

const checkStartRequest = compileStructureCheck(StartWorkflowRequestSchema);
const checkTaskResult = compileStructureCheck(TaskResultSchema);
const checkRerunRequest = compileStructureCheck(RerunWorkflowRequestSchema);
const checkSkipRequest = compileStructureCheck(SkipTaskRequestSchema);
const checkTestRequest = compileStructureCheck(WorkflowTestRequestSchema);

const MAX_PRIORITY = 99;

/**
 * @example validateStartWorkflowRequest({ name: 'greetings', priority: 100 }) // [{ path: 'priority', ... }]
 */
export function validateStartWorkflowRequest(req: unknown): ValidationError[] {
  const out = new ErrorCollector();
  checkStartRequest(req, '', out);
  if (isRecord(req)) checkStartFields(req, out);
  return out.errors;
}

/**
 * A start request plus its mocks (§2.10); nested `subWorkflowTestRequest` entries are checked for their shape
 * only, as nothing but their mocks is used.
 * @example
 * validateWorkflowTestRequest({ name: 'w', taskRefToMockOutput: { greet_ref: [{}, { status: 'DONE' }] } })
 * // [{ path: 'taskRefToMockOutput.greet_ref[1].status', ... }]
 */
export function validateWorkflowTestRequest(req: unknown): ValidationError[] {
  const out = new ErrorCollector();
  checkTestRequest(req, '', out);
  if (isRecord(req)) checkStartFields(req, out);
  return out.errors;
}

function checkStartFields(req: Record<string, unknown>, out: ErrorCollector): void {
  // With an inline workflowDef the name may come from the def, which is checked on its own.
  const inlineDef = req.workflowDef;
  if (isMissing(req.name) && !isRecord(inlineDef)) {
    out.add('name', 'Workflow name cannot be null or empty', req.name ?? undefined);
  }
  const { priority } = req;
  if (typeof priority === 'number' && priority < 0) {
    out.add('priority', `priority: ${priority} should be minimum 0`, priority);
  } else if (typeof priority === 'number' && priority > MAX_PRIORITY) {
    out.add('priority', `priority: ${priority} should be maximum ${MAX_PRIORITY}`, priority);
  }
  if (isRecord(inlineDef)) collectWorkflowDefErrors(inlineDef, 'workflowDef', out);
}

/**
 * Runs on every task update, so the valid case is one compiled check plus a few comparisons.
 * @example validateTaskResult({ workflowInstanceId: 'w', taskId: 't', status: 'DONE' }) // [{ path: 'status', ... }]
 */
export function validateTaskResult(result: unknown): ValidationError[] {
  const out = new ErrorCollector();
  checkTaskResult(result, '', out);
  if (!isRecord(result)) return out.errors;
  if (isMissing(result.workflowInstanceId)) {
    out.add(
      'workflowInstanceId',
      'Workflow Id cannot be null or empty',
      result.workflowInstanceId ?? undefined,
    );
  }
  if (isMissing(result.taskId)) {
    out.add('taskId', 'Task ID cannot be null or empty', result.taskId ?? undefined);
  }
  const callback = result.callbackAfterSeconds;
  if (typeof callback === 'number' && callback < 0) {
    out.add('callbackAfterSeconds', `callbackAfterSeconds: ${callback} must be >= 0`, callback);
  }
  return out.errors;
}

export function validateRerunRequest(req: unknown): ValidationError[] {
  return structureOnly(checkRerunRequest, req);
}

/** The skip body is optional in Conductor, so an absent (undefined or null) body is valid. */
export function validateSkipTaskRequest(req: unknown): ValidationError[] {
  if (req === undefined || req === null) return [];
  return structureOnly(checkSkipRequest, req);
}

function structureOnly(check: StructureCheck, value: unknown): ValidationError[] {
  const out = new ErrorCollector();
  check(value, '', out);
  return out.errors;
}
