/**
 * One typed map of everything observable in the runtime. Long-poll wake-ups, metrics, logs and (later)
 * the UI subscribe here instead of being called from everywhere. Events fire only after the transaction
 * that caused them committed.
 */
import { EventEmitter } from 'node:events';
import type { Task, Workflow } from '@baton/protocol';

export interface RuntimeEventMap {
  /** A task message was put on `queueName`, visible from `visibleAt` (epoch ms). */
  taskQueued: [{ queueName: string; taskId: string; visibleAt: number }];
  /** A task was handed to a worker. */
  taskPolled: [{ task: Task; workerId: string | undefined }];
  /** A task reached a terminal status. */
  taskEnded: [{ task: Task }];
  workflowStarted: [{ workflowId: string; workflowName: string }];
  workflowEnded: [{ workflowId: string; workflowName: string; status: Workflow['status'] }];
  /** A worker asked for tasks of a type (whether or not it got any). */
  pollRequested: [{ taskType: string; domain: string | undefined }];
  /** The sweeper fired `fired` due timers in one pass, `lagMs` after the pass was due. */
  timersSwept: [{ fired: number; lagMs: number; durationMs: number }];
  /**
   * A workflow was created or changed (its status, tasks, variables ...); `workflow` is its state as committed,
   * when this server committed the change (not when another server's signal told of it).
   */
  workflowChanged: [{ workflowId: string; workflow?: Workflow }];
  /** A workflow with `workflowStatusListenerEnabled` got a new status (started included), as it then was. */
  workflowStatusChanged: [{ workflow: Workflow }];
  /** A task of a workflow with `workflowStatusListenerEnabled` got a new status (scheduled included). */
  taskStatusChanged: [{ workflow: Workflow; task: Task }];
}

export class RuntimeEvents extends EventEmitter<RuntimeEventMap> {}
