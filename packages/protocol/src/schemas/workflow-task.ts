/**
 * Field types of a WorkflowTask (§2.2), recursive through decisionCases, defaultCase, forkTasks and loopOver.
 * An inline `taskDefinition` or sub-workflow `workflowDefinition` is only required to be an object here:
 * the TaskDef / WorkflowDef validators check their insides, so each error is reported once.
 */
import { Type } from '@sinclair/typebox';
import { IdempotencyStrategy } from '../enums.js';
import { JsonObjectSchema, OneOf, Opt, StringListSchema, StringMapSchema } from './common.js';

export const SubWorkflowParamsSchema = Type.Object({
  name: Opt(Type.String()),
  version: Opt(Type.Integer()),
  taskToDomain: Opt(StringMapSchema),
  workflowDefinition: Opt(Type.Union([JsonObjectSchema, Type.String()])),
  idempotencyKey: Opt(Type.String()),
  idempotencyStrategy: Opt(OneOf(IdempotencyStrategy)),
  // A number, or an expression resolved at schedule time.
  priority: Opt(Type.Union([Type.Integer(), Type.String()])),
});

export const WorkflowTaskSchema = Type.Recursive((Self) =>
  Type.Object({
    name: Opt(Type.String()),
    taskReferenceName: Opt(Type.String()),
    description: Opt(Type.String()),
    type: Opt(Type.String()),
    inputParameters: Opt(JsonObjectSchema),
    dynamicTaskNameParam: Opt(Type.String()),
    caseValueParam: Opt(Type.String()),
    caseExpression: Opt(Type.String()),
    scriptExpression: Opt(Type.String()),
    decisionCases: Opt(Type.Record(Type.String(), Type.Array(Self))),
    defaultCase: Opt(Type.Array(Self)),
    forkTasks: Opt(Type.Array(Type.Array(Self))),
    dynamicForkTasksParam: Opt(Type.String()),
    dynamicForkTasksInputParamName: Opt(Type.String()),
    dynamicForkJoinTasksParam: Opt(Type.String()),
    joinOn: Opt(StringListSchema),
    defaultExclusiveJoinTask: Opt(StringListSchema),
    loopCondition: Opt(Type.String()),
    loopOver: Opt(Type.Array(Self)),
    items: Opt(Type.String()),
    subWorkflowParam: Opt(SubWorkflowParamsSchema),
    sink: Opt(Type.String()),
    startDelay: Opt(Type.Integer()),
    optional: Opt(Type.Boolean()),
    permissive: Opt(Type.Boolean()),
    asyncComplete: Opt(Type.Boolean()),
    taskDefinition: Opt(JsonObjectSchema),
    rateLimited: Opt(Type.Boolean()),
    retryCount: Opt(Type.Integer()),
    evaluatorType: Opt(Type.String()),
    expression: Opt(Type.String()),
    onStateChange: Opt(Type.Record(Type.String(), Type.Array(Type.Unknown()))),
    joinStatus: Opt(Type.String()),
    joinMode: Opt(Type.String()),
    cacheConfig: Opt(JsonObjectSchema),
    metadata: Opt(JsonObjectSchema),
  }),
);
