/**
 * One task definition (`/definitions/task/{name}`) as JSON, edited in place (PUT); and
 * `/definitions/new-task` to register a new one (POST, which also overwrites an existing name).
 */
import type { TaskDef } from '../api/types.js';
import { getTaskDef, registerTaskDef, updateTaskDef } from '../api/metadata.js';
import { DefinitionEditor } from '../components/DefinitionEditor.js';
import { ErrorBox } from '../components/ErrorBox.js';
import { Loading } from '../components/States.js';
import { toJson } from '../format.js';
import { useAsync } from '../hooks/useAsync.js';
import { Link, navigate } from '../router.js';
import { paths } from '../routes.js';

export function TaskDefPage({ name }: { name: string }) {
  const def = useAsync((signal) => getTaskDef(name, signal), [name]);
  return (
    <div className="page">
      <header className="page-header">
        <h1>{name}</h1>
        <Link to={paths.taskDefinitions}>All task definitions</Link>
      </header>
      {def.error ? (
        <ErrorBox error={def.error} title="Could not load the task definition" />
      ) : !def.data ? (
        <Loading what="the task definition" />
      ) : (
        <DefinitionEditor
          key={name}
          label="Task definition"
          initialText={toJson(editable(def.data))}
          actions={[
            {
              label: 'Save',
              primary: true,
              run: async (value) => {
                await updateTaskDef(value);
                if (value.name !== name) navigate(paths.taskDef(String(value.name)));
                return 'Saved. Tasks scheduled from now on use it.';
              },
            },
          ]}
        />
      )}
    </div>
  );
}

export function NewTaskDefPage() {
  return (
    <div className="page">
      <header className="page-header">
        <h1>New task definition</h1>
        <Link to={paths.taskDefinitions}>All task definitions</Link>
      </header>
      <DefinitionEditor
        label="Task definition"
        initialText={toJson(TEMPLATE)}
        actions={[
          {
            label: 'Register',
            primary: true,
            run: async (value) => {
              await registerTaskDef(value);
              navigate(paths.taskDef(String(value.name)));
              return 'Registered.';
            },
          },
        ]}
      />
    </div>
  );
}

const TEMPLATE: TaskDef = {
  name: 'my_task',
  description: 'What a worker of this task does',
  retryCount: 3,
  retryLogic: 'FIXED',
  retryDelaySeconds: 10,
  timeoutSeconds: 300,
  timeoutPolicy: 'TIME_OUT_WF',
  responseTimeoutSeconds: 60,
};

function editable(def: TaskDef): TaskDef {
  const { createTime: _c, updateTime: _u, createdBy: _cb, updatedBy: _ub, ...rest } = def;
  return rest;
}
