/** The workflow scheduler's models (`/api/scheduler`, Conductor OSS 3.x and Orkes), from @baton/protocol. */
export type {
  SaveScheduleRequest,
  ScheduleExecutionState,
  WorkflowSchedule,
  WorkflowScheduleExecutionModel,
} from '@baton/protocol';
