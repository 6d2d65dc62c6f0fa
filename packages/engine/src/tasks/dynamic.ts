/**
 * DYNAMIC (§5): the input named by `dynamicTaskNameParam` names a registered TaskDef; the task is then a
 * worker task of that type (runtime taskType, taskDefName and the embedded WorkflowTask's name are the
 * resolved name, so retries, timeouts and domains follow that TaskDef). No name or no TaskDef fails the
 * task for good, which fails the workflow.
 */
import { javaString, TaskType } from '@baton/protocol';
import { withTaskDefDefaults } from '../decider/task-defs.js';
import { buildExpressionContext, resolveParameters } from '../expressions/index.js';
import type { TaskTypeModule } from './module.js';
import { ended, newTask } from './new-task.js';

export const dynamicTask: TaskTypeModule = {
  type: TaskType.DYNAMIC,
  execution: 'worker',
  isOperator: false,
  schedule(request) {
    const { workflow, workflowTask, ctx } = request;
    const param = workflowTask.dynamicTaskNameParam ?? '';
    const value: unknown = resolveParameters(
      workflowTask.inputParameters?.[param] ?? null,
      buildExpressionContext(workflow),
    );
    const name = value === null || value === undefined ? '' : javaString(value);
    const definition = name === '' ? undefined : (workflowTask.taskDefinition ?? ctx.taskDef(name));
    if (!definition) {
      const task = newTask(request, TaskType.DYNAMIC);
      const reason =
        name === ''
          ? `Cannot map a dynamic task based on the parameter and input. Parameter= ${param}, input= ${JSON.stringify(task.inputData)}`
          : `Invalid task specified. Cannot find task by name ${name} in the task definitions`;
      return [{ ...task, ...ended(task, ctx.now, 'FAILED_WITH_TERMINAL_ERROR', {}, reason) }];
    }
    const resolvedTask = { ...workflowTask, name };
    return [
      newTask({ ...request, workflowTask: resolvedTask, taskDef: withTaskDefDefaults(definition) }, name),
    ];
  },
};
