/** Field types of a TaskDef (§2.3). Bounds and cross-field rules live in validation/task-def.ts. */
import { Type } from '@sinclair/typebox';
import { RetryLogic, TaskTimeoutPolicy } from '../enums.js';
import { AuditFields, JsonObjectSchema, OneOf, Opt, StringListSchema } from './common.js';

export const TaskDefSchema = Type.Object({
  ...AuditFields,
  name: Opt(Type.String()),
  description: Opt(Type.String()),
  retryCount: Opt(Type.Integer()),
  retryLogic: Opt(OneOf(RetryLogic)),
  retryDelaySeconds: Opt(Type.Integer()),
  backoffScaleFactor: Opt(Type.Integer()),
  maxRetryDelaySeconds: Opt(Type.Integer()),
  backoffJitterMs: Opt(Type.Integer()),
  timeoutSeconds: Opt(Type.Integer()),
  totalTimeoutSeconds: Opt(Type.Integer()),
  responseTimeoutSeconds: Opt(Type.Integer()),
  pollTimeoutSeconds: Opt(Type.Integer()),
  timeoutPolicy: Opt(OneOf(TaskTimeoutPolicy)),
  concurrentExecLimit: Opt(Type.Integer()),
  rateLimitPerFrequency: Opt(Type.Integer()),
  rateLimitFrequencyInSeconds: Opt(Type.Integer()),
  inputKeys: Opt(StringListSchema),
  outputKeys: Opt(StringListSchema),
  inputTemplate: Opt(JsonObjectSchema),
  isolationGroupId: Opt(Type.String()),
  executionNameSpace: Opt(Type.String()),
  ownerEmail: Opt(Type.String()),
  baseType: Opt(Type.String()),
  taskStatusListenerEnabled: Opt(Type.Boolean()),
  runtimeMetadata: Opt(StringListSchema),
  inputSchema: Opt(JsonObjectSchema),
  outputSchema: Opt(JsonObjectSchema),
  enforceSchema: Opt(Type.Boolean()),
});
