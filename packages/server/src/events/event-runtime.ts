/** What the event system needs from the runtime. */
import type { StartWorkflowRequest, Task, TaskResult } from '@baton/protocol';

export interface EventRuntime {
  startWorkflow(request: StartWorkflowRequest): Promise<string>;
  updateTask(result: TaskResult): Promise<Task>;
  readonly operations: {
    terminateWorkflow(workflowId: string, reason: string): Promise<void>;
    updateWorkflowVariables(
      workflowId: string,
      variables: Record<string, unknown>,
      appendArray: boolean,
    ): Promise<void>;
  };
}

/** The runtime itself, or a getter for it (the runtime is built after the executors it is given). */
export type EventRuntimeRef = EventRuntime | (() => EventRuntime);

export function runtimeOf(ref: EventRuntimeRef): EventRuntime {
  return typeof ref === 'function' ? ref() : ref;
}
