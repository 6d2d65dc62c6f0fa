/** The pages and the paths they live at. Pure, so the mapping is tested without a browser. */
export type Route =
  | { page: 'executions' }
  | { page: 'execution'; workflowId: string }
  | { page: 'definitions' }
  | { page: 'workflowDef'; name: string }
  | { page: 'newWorkflowDef' }
  | { page: 'taskDef'; name: string }
  | { page: 'newTaskDef' }
  | { page: 'queues' }
  | { page: 'tasks' }
  | { page: 'schedules' }
  | { page: 'notFound' };

export const paths = {
  executions: '/executions',
  execution: (workflowId: string): string => `/execution/${encodeURIComponent(workflowId)}`,
  definitions: '/definitions',
  taskDefinitions: '/definitions?tab=tasks',
  workflowDef: (name: string, version?: number): string =>
    `/definitions/workflow/${encodeURIComponent(name)}${version === undefined ? '' : `?version=${version}`}`,
  newWorkflowDef: '/definitions/new-workflow',
  taskDef: (name: string): string => `/definitions/task/${encodeURIComponent(name)}`,
  newTaskDef: '/definitions/new-task',
  queues: '/queues',
  tasks: '/tasks',
  schedules: '/schedules',
};

export function matchRoute(path: string): Route {
  const parts = path.split('/').filter(Boolean).map(decodeSegment);
  const [first, second, third] = parts;
  if (parts.length === 0 || (first === 'executions' && parts.length === 1)) return { page: 'executions' };
  if (first === 'execution' && second && parts.length === 2) return { page: 'execution', workflowId: second };
  if (first === 'definitions') {
    if (parts.length === 1) return { page: 'definitions' };
    if (second === 'new-workflow' && parts.length === 2) return { page: 'newWorkflowDef' };
    if (second === 'new-task' && parts.length === 2) return { page: 'newTaskDef' };
    if (second === 'workflow' && third && parts.length === 3) return { page: 'workflowDef', name: third };
    if (second === 'task' && third && parts.length === 3) return { page: 'taskDef', name: third };
  }
  if (first === 'queues' && parts.length === 1) return { page: 'queues' };
  if (first === 'tasks' && parts.length === 1) return { page: 'tasks' };
  if (first === 'schedules' && parts.length === 1) return { page: 'schedules' };
  return { page: 'notFound' };
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
