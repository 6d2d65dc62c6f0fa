/** The workflow scheduler's models (`/api/scheduler`, Conductor OSS 3.x and Orkes). */
import type { StartWorkflowRequest } from './requests.js';

/** A schedule as the server keeps it (also `WorkflowScheduleModel` in lists). */
export interface WorkflowSchedule {
  name: string;
  /** Spring cron with seconds: `second minute hour day-of-month month day-of-week`, e.g. `0 0 9 * * MON-FRI`. */
  cronExpression: string;
  /** After downtime, run every missed tick (true) or one run for the gap (false). */
  runCatchupScheduleInstances: boolean;
  paused: boolean;
  pausedReason?: string;
  startWorkflowRequest: StartWorkflowRequest;
  /** IANA zone the cron expression is read in (UTC by default). */
  zoneId: string;
  /** Epoch ms: no tick before. */
  scheduleStartTime?: number;
  /** Epoch ms: no tick after. */
  scheduleEndTime?: number;
  createTime?: number;
  updatedTime?: number;
  createdBy?: string;
  updatedBy?: string;
  description?: string;
  /** Epoch ms of the next tick; absent once the schedule has ended. */
  nextRunTime?: number;
}

/** What `saveSchedule` takes: a schedule without the fields the server fills in. */
export interface SaveScheduleRequest {
  name: string;
  cronExpression: string;
  startWorkflowRequest: StartWorkflowRequest;
  zoneId?: string;
  runCatchupScheduleInstances?: boolean;
  paused?: boolean;
  scheduleStartTime?: number;
  scheduleEndTime?: number;
  description?: string;
  createdBy?: string;
  updatedBy?: string;
}

export type ScheduleExecutionState = 'POLLED' | 'FAILED' | 'EXECUTED';

/** One tick of a schedule: the workflow it started, or why it could not. */
export interface WorkflowScheduleExecutionModel {
  executionId: string;
  scheduleName: string;
  scheduledTime: number;
  executionTime: number;
  workflowName: string;
  workflowId?: string;
  reason?: string;
  stackTrace?: string;
  startWorkflowRequest: StartWorkflowRequest;
  state: ScheduleExecutionState;
  zoneId: string;
  orgId?: string;
}
