/** Request bodies the clients send (§2.7, §2.8, §2.10). */
import type { JsonObject, WorkflowDef } from './definitions.js';
import type { IdempotencyStrategy, TaskResultStatus } from './enums.js';

/** Starts a workflow by name (registered) or with an inline `workflowDef`. */
export interface StartWorkflowRequest<I = JsonObject> {
  name: string;
  /** Omitted: the latest version. */
  version?: number;
  correlationId?: string;
  input?: I;
  taskToDomain?: Record<string, string>;
  workflowDef?: WorkflowDef;
  externalInputPayloadStoragePath?: string;
  /** 0–99; higher is polled first. */
  priority?: number;
  createdBy?: string;
  idempotencyKey?: string;
  idempotencyStrategy?: IdempotencyStrategy;
}

/** Reruns a terminal workflow, from the start or from one task. */
export interface RerunWorkflowRequest {
  reRunFromWorkflowId?: string;
  /** Omitted: rerun the whole workflow. */
  reRunFromTaskId?: string;
  workflowInput?: JsonObject;
  taskInput?: JsonObject;
  correlationId?: string;
}

export interface SkipTaskRequest {
  taskInput?: JsonObject;
  taskOutput?: JsonObject;
}

/** A mocked outcome of one task attempt in a workflow test. */
export interface TaskMock {
  /** Default COMPLETED. */
  status?: TaskResultStatus;
  output?: JsonObject;
  /** Milliseconds the mocked attempt pretends to have run. */
  executionTime?: number;
  queueWaitTime?: number;
}

/** `POST /api/workflow/test`: runs a workflow with mocked task outputs, no workers needed. */
export interface WorkflowTestRequest<I = JsonObject> extends StartWorkflowRequest<I> {
  /** Per task reference name, one mock per attempt, consumed in order. */
  taskRefToMockOutput?: Record<string, TaskMock[]>;
  subWorkflowTestRequest?: Record<string, WorkflowTestRequest>;
}
