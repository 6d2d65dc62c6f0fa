/**
 * One workflow definition (`/definitions/workflow/{name}?version=N`): drawn as a graph, shown as JSON,
 * edited (validate, register as the next version, update this version) and run with an input.
 * `/definitions/new-workflow` is the same editor for a definition that does not exist yet.
 */
import { useMemo, useState } from 'react';
import type { WorkflowDef } from '../api/types.js';
import {
  listWorkflowDefs,
  registerWorkflowDef,
  updateWorkflowDef,
  validateWorkflowDef,
} from '../api/metadata.js';
import { startWorkflow } from '../api/workflows.js';
import { DefinitionEditor } from '../components/DefinitionEditor.js';
import { ErrorBox } from '../components/ErrorBox.js';
import { JsonEditor } from '../components/JsonEditor.js';
import { JsonView } from '../components/JsonView.js';
import { Empty, Loading } from '../components/States.js';
import { Tabs } from '../components/Tabs.js';
import { WorkflowGraph } from '../components/WorkflowGraph.js';
import { toJson } from '../format.js';
import { buildWorkflowGraph } from '../graph/model.js';
import { useAsync } from '../hooks/useAsync.js';
import { parseJsonObject } from '../json-text.js';
import { Link, navigate, type Location } from '../router.js';
import { paths } from '../routes.js';

type Tab = 'graph' | 'json' | 'edit' | 'run';

export function WorkflowDefPage({ name, location }: { name: string; location: Location }) {
  const all = useAsync((signal) => listWorkflowDefs(signal), [name]);
  const versions = useMemo(
    () => (all.data ?? []).filter((d) => d.name === name).sort((a, b) => (a.version ?? 1) - (b.version ?? 1)),
    [all.data, name],
  );
  const wanted = Number(location.query.get('version'));
  const def = versions.find((d) => d.version === wanted) ?? versions.at(-1);
  const [tab, setTab] = useState<Tab>('graph');

  if (all.error) return <ErrorBox error={all.error} title="Could not load the definition" />;
  if (!all.data) return <Loading what="the definition" />;
  if (!def) {
    return (
      <div className="page">
        <h1>{name}</h1>
        <Empty>
          No workflow definition named “{name}”. <Link to={paths.definitions}>All definitions</Link>
        </Empty>
      </div>
    );
  }
  const maxVersion = versions.at(-1)?.version ?? 1;
  const version = def.version ?? 1;

  return (
    <div className="page">
      <header className="page-header">
        <h1>
          {def.name}
          <select
            aria-label="Version"
            className="version-select"
            value={version}
            onChange={(e) => navigate(paths.workflowDef(name, Number(e.target.value)), { replace: true })}
          >
            {versions.map((v) => (
              <option key={v.version ?? 1} value={v.version ?? 1}>
                v{v.version ?? 1}
              </option>
            ))}
          </select>
        </h1>
        <Link to={paths.definitions}>All definitions</Link>
      </header>
      {def.description && <p className="muted">{def.description}</p>}
      <Tabs
        active={tab}
        onChange={setTab}
        tabs={[
          { id: 'graph', label: 'Graph' },
          { id: 'json', label: 'JSON' },
          { id: 'edit', label: 'Edit' },
          { id: 'run', label: 'Run' },
        ]}
      />
      {tab === 'graph' && <DefinitionGraph def={def} />}
      {tab === 'json' && <JsonView value={def} label="Workflow definition JSON" />}
      {tab === 'edit' && (
        <DefinitionEditor
          key={`${name}:${version}`}
          label="Workflow definition"
          initialText={toJson(editable(def))}
          actions={[
            {
              label: 'Validate',
              run: async (value) => {
                await validateWorkflowDef(value);
                return 'The server accepts this definition.';
              },
            },
            {
              label: `Register as version ${maxVersion + 1}`,
              primary: true,
              run: async (value) => {
                const next = { ...value, version: maxVersion + 1 };
                await registerWorkflowDef(next);
                await all.reload();
                navigate(
                  paths.workflowDef(typeof value.name === 'string' ? value.name : name, maxVersion + 1),
                );
                return `Registered version ${maxVersion + 1}.`;
              },
            },
            {
              label: `Update version ${version}`,
              run: async (value) => {
                await updateWorkflowDef({ ...value, version });
                await all.reload();
                return `Version ${version} updated. Runs already started keep the definition they started with.`;
              },
            },
          ]}
        />
      )}
      {tab === 'run' && <RunForm def={def} />}
    </div>
  );
}

export function NewWorkflowDefPage() {
  return (
    <div className="page">
      <header className="page-header">
        <h1>New workflow definition</h1>
        <Link to={paths.definitions}>All definitions</Link>
      </header>
      <DefinitionEditor
        label="Workflow definition"
        initialText={toJson(TEMPLATE)}
        actions={[
          {
            label: 'Validate',
            run: async (value) => {
              await validateWorkflowDef(value);
              return 'The server accepts this definition.';
            },
          },
          {
            label: 'Register',
            primary: true,
            run: async (value) => {
              await registerWorkflowDef(value);
              navigate(paths.workflowDef(String(value.name), Number(value.version ?? 1)));
              return 'Registered.';
            },
          },
        ]}
      />
    </div>
  );
}

const TEMPLATE: WorkflowDef = {
  name: 'my_workflow',
  description: 'What this workflow does',
  version: 1,
  schemaVersion: 2,
  inputParameters: ['orderId'],
  tasks: [
    {
      name: 'my_task',
      taskReferenceName: 'my_task_ref',
      type: 'SIMPLE',
      inputParameters: { orderId: '${workflow.input.orderId}' },
    },
  ],
  outputParameters: { result: '${my_task_ref.output}' },
};

/** The fields a person edits; audit fields are the server's. */
function editable(def: WorkflowDef): WorkflowDef {
  const { createTime: _c, updateTime: _u, createdBy: _cb, updatedBy: _ub, ...rest } = def;
  return rest;
}

function DefinitionGraph({ def }: { def: WorkflowDef }) {
  const graph = useMemo(() => buildWorkflowGraph(def), [def]);
  return <WorkflowGraph graph={graph} mode="definition" />;
}

function RunForm({ def }: { def: WorkflowDef }) {
  const [input, setInput] = useState(() =>
    toJson(Object.fromEntries((def.inputParameters ?? []).map((key) => [key, null]))),
  );
  const [correlationId, setCorrelationId] = useState('');
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);

  const run = async (): Promise<void> => {
    const parsed = parseJsonObject(input);
    if (!parsed.ok) {
      setError(new Error(`Input: ${parsed.message}`));
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      const workflowId = await startWorkflow({
        name: def.name,
        version: def.version,
        input: parsed.value as Record<string, unknown>,
        ...(correlationId && { correlationId }),
      });
      navigate(paths.execution(workflowId));
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  return (
    <div className="run-form" data-needs="workflow:run">
      <JsonEditor label="Workflow input" value={input} onChange={setInput} rows={14} />
      <label className="field">
        Correlation id (optional)
        <input value={correlationId} onChange={(e) => setCorrelationId(e.target.value)} />
      </label>
      <div className="button-row">
        <button type="button" className="primary" disabled={busy} onClick={() => void run()}>
          {busy ? 'Starting…' : `Run ${def.name} v${def.version ?? 1}`}
        </button>
      </div>
      <ErrorBox error={error} title="Could not start the run" />
    </div>
  );
}
