/** Request bodies (§2.7, §2.8, §2.10), from @baton/protocol. */
export type {
  RerunWorkflowRequest,
  SkipTaskRequest,
  StartWorkflowRequest,
  TaskMock,
  WorkflowTestRequest,
} from '@baton/protocol';
