/**
 * SET_VARIABLE (§5): merges its resolved input into `workflow.variables` (shallow, overwriting). Variables
 * over 256 KB serialized fail the task for good and change nothing.
 */
import { TaskType } from '@baton/protocol';
import type { TaskTypeModule } from './module.js';
import { ended, newTask } from './new-task.js';

export const MAX_VARIABLES_BYTES = 256 * 1024;

export const setVariableTask: TaskTypeModule = {
  type: TaskType.SET_VARIABLE,
  execution: 'sync',
  isOperator: false,
  schedule: (request) => [newTask(request, TaskType.SET_VARIABLE)],
  execute(task, run) {
    const variables = { ...run.workflow.variables, ...task.inputData };
    const size = new TextEncoder().encode(JSON.stringify(variables)).length;
    if (size > MAX_VARIABLES_BYTES) {
      const reason = `The variables payload size: ${size} of workflow: ${run.workflow.workflowId} is greater than the permissible limit: ${MAX_VARIABLES_BYTES} bytes`;
      run.update(task, ended(task, run.now, 'FAILED_WITH_TERMINAL_ERROR', task.outputData, reason));
      return;
    }
    run.setVariables(variables);
    run.update(task, ended(task, run.now, 'COMPLETED'));
  },
};
