/** Field types of the request bodies of §2.6–§2.8 and §2.10. An inline `workflowDef` is checked by the WorkflowDef validator. */
import { Type } from '@sinclair/typebox';
import { IdempotencyStrategy, TaskResultStatus } from '../enums.js';
import { JsonObjectSchema, OneOf, Opt, StringMapSchema } from './common.js';

export const StartWorkflowRequestSchema = Type.Object({
  name: Opt(Type.String()),
  version: Opt(Type.Integer()),
  correlationId: Opt(Type.String()),
  input: Opt(JsonObjectSchema),
  taskToDomain: Opt(StringMapSchema),
  workflowDef: Opt(JsonObjectSchema),
  externalInputPayloadStoragePath: Opt(Type.String()),
  priority: Opt(Type.Integer()),
  createdBy: Opt(Type.String()),
  idempotencyKey: Opt(Type.String()),
  idempotencyStrategy: Opt(OneOf(IdempotencyStrategy)),
});

export const TaskMockSchema = Type.Object({
  status: Opt(OneOf(TaskResultStatus)),
  output: Opt(JsonObjectSchema),
  executionTime: Opt(Type.Integer({ minimum: 0 })),
  queueWaitTime: Opt(Type.Integer({ minimum: 0 })),
});

/** §2.10: a start request plus mocks; nested `subWorkflowTestRequest` entries have the same shape. */
export const WorkflowTestRequestSchema = Type.Recursive((Self) =>
  Type.Object({
    ...StartWorkflowRequestSchema.properties,
    taskRefToMockOutput: Opt(Type.Record(Type.String(), Type.Array(TaskMockSchema))),
    subWorkflowTestRequest: Opt(Type.Record(Type.String(), Self)),
  }),
);

const TaskExecLogSchema = Type.Object({
  log: Opt(Type.String()),
  taskId: Opt(Type.String()),
  createdTime: Opt(Type.Integer()),
});

export const TaskResultSchema = Type.Object({
  workflowInstanceId: Opt(Type.String()),
  taskId: Opt(Type.String()),
  status: Opt(OneOf(TaskResultStatus)),
  outputData: Opt(JsonObjectSchema),
  reasonForIncompletion: Opt(Type.String()),
  callbackAfterSeconds: Opt(Type.Integer()),
  workerId: Opt(Type.String()),
  logs: Opt(Type.Array(TaskExecLogSchema)),
  externalOutputPayloadStoragePath: Opt(Type.String()),
  subWorkflowId: Opt(Type.String()),
  extendLease: Opt(Type.Boolean()),
  executionMetadata: Opt(JsonObjectSchema),
  supportsCancellation: Opt(Type.Boolean()),
});

export const RerunWorkflowRequestSchema = Type.Object({
  reRunFromWorkflowId: Opt(Type.String()),
  reRunFromTaskId: Opt(Type.String()),
  workflowInput: Opt(JsonObjectSchema),
  taskInput: Opt(JsonObjectSchema),
  correlationId: Opt(Type.String()),
});

export const SkipTaskRequestSchema = Type.Object({
  taskInput: Opt(JsonObjectSchema),
  taskOutput: Opt(JsonObjectSchema),
});
