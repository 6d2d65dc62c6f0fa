/** Field types of a WorkflowDef (§2.1). Rules across fields live in validation/workflow-def.ts. */
import { Type } from '@sinclair/typebox';
import { WorkflowTimeoutPolicy } from '../enums.js';
import { AuditFields, JsonObjectSchema, OneOf, Opt, StringListSchema } from './common.js';
import { WorkflowTaskSchema } from './workflow-task.js';

export const WorkflowDefSchema = Type.Object({
  ...AuditFields,
  name: Opt(Type.String()),
  description: Opt(Type.String()),
  version: Opt(Type.Integer()),
  tasks: Opt(Type.Array(WorkflowTaskSchema)),
  inputParameters: Opt(StringListSchema),
  outputParameters: Opt(JsonObjectSchema),
  failureWorkflow: Opt(Type.String()),
  failureWorkflowVersion: Opt(Type.Integer()),
  schemaVersion: Opt(Type.Integer()),
  restartable: Opt(Type.Boolean()),
  workflowStatusListenerEnabled: Opt(Type.Boolean()),
  workflowStatusListenerSink: Opt(Type.String()),
  ownerEmail: Opt(Type.String()),
  timeoutPolicy: Opt(OneOf(WorkflowTimeoutPolicy)),
  timeoutSeconds: Opt(Type.Integer()),
  variables: Opt(JsonObjectSchema),
  inputTemplate: Opt(JsonObjectSchema),
  rateLimitConfig: Opt(JsonObjectSchema),
  inputSchema: Opt(JsonObjectSchema),
  outputSchema: Opt(JsonObjectSchema),
  enforceSchema: Opt(Type.Boolean()),
  metadata: Opt(JsonObjectSchema),
  cacheConfig: Opt(JsonObjectSchema),
  maskedFields: Opt(StringListSchema),
});
