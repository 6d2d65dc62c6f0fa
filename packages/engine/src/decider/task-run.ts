/** The `TaskRun` a module works through: the pass's state and the decider's scheduling and ending rules. */
import type { TaskRun } from '../tasks/module.js';
import { endWorkflow } from './complete.js';
import type { Pass } from './pass.js';
import { scheduleSuccessor, scheduleWorkflowTask } from './schedule.js';

export function taskRun(pass: Pass): TaskRun {
  return {
    ctx: pass.ctx,
    get now() {
      return pass.now;
    },
    get workflow() {
      return pass.workflow;
    },
    task: (taskId) => pass.task(taskId),
    update: (task, patch) => pass.updateTask(task, patch),
    schedule: (workflowTask, placement) => scheduleWorkflowTask(pass, workflowTask, 0, placement),
    scheduleSuccessor: (task) => scheduleSuccessor(pass, task),
    removeTasks(taskIds) {
      const present = taskIds.filter((id) => pass.task(id) !== undefined);
      if (present.length === 0) return;
      pass.removeTasks(present);
      pass.emit({ type: 'removeTasks', workflowId: pass.workflow.workflowId, taskIds: present });
    },
    setVariables: (variables) => pass.updateWorkflow({ variables }),
    emit: (command) => pass.emit(command),
    endWorkflow: (ending) => endWorkflow(pass, ending),
  };
}
