/**
 * Schedules (`/schedules`): every schedule with its next run, pause and resume; a form to create or edit one (cron
 * with seconds, zone, workflow, input) with a preview of its next runs; and the latest executions, of the selected
 * schedule or of all. Refreshed every 5 s.
 */
import type { WorkflowSchedule } from '@baton/protocol';
import { useState, type FormEvent } from 'react';
import {
  deleteSchedule,
  listSchedules,
  nextRuns,
  pauseSchedule,
  recentExecutions,
  resumeSchedule,
  saveSchedule,
} from '../api/schedules.js';
import { ErrorBox } from '../components/ErrorBox.js';
import { Empty, Loading } from '../components/States.js';
import { formatTime } from '../format.js';
import { useAsync, useInterval } from '../hooks/useAsync.js';
import { useTimeZoneMode } from '../preferences/store.js';
import { Link } from '../router.js';
import { paths } from '../routes.js';

const REFRESH_MS = 5000;

interface Draft {
  name: string;
  cronExpression: string;
  zoneId: string;
  workflowName: string;
  workflowVersion: string;
  input: string;
  runCatchupScheduleInstances: boolean;
}

const EMPTY_DRAFT: Draft = {
  name: '',
  cronExpression: '0 0 9 * * MON-FRI',
  zoneId: 'UTC',
  workflowName: '',
  workflowVersion: '',
  input: '{}',
  runCatchupScheduleInstances: false,
};

function draftOf(s: WorkflowSchedule): Draft {
  return {
    name: s.name,
    cronExpression: s.cronExpression,
    zoneId: s.zoneId,
    workflowName: s.startWorkflowRequest.name,
    workflowVersion: s.startWorkflowRequest.version?.toString() ?? '',
    input: JSON.stringify(s.startWorkflowRequest.input ?? {}, null, 2),
    runCatchupScheduleInstances: s.runCatchupScheduleInstances,
  };
}

export function SchedulesPage() {
  const schedules = useAsync((signal) => listSchedules(signal), []);
  const [selected, setSelected] = useState<string | undefined>(undefined);
  const executions = useAsync((signal) => recentExecutions(selected, signal), [selected]);
  const [draft, setDraft] = useState<Draft>(EMPTY_DRAFT);
  const [actionError, setActionError] = useState<unknown>(undefined);
  const zone = useTimeZoneMode();
  useInterval(
    () => {
      void schedules.reload();
      void executions.reload();
    },
    REFRESH_MS,
    true,
  );

  const act = async (action: () => Promise<void>) => {
    setActionError(undefined);
    try {
      await action();
    } catch (err) {
      setActionError(err);
    }
    await Promise.all([schedules.reload(), executions.reload()]);
  };

  const rows = [...(schedules.data ?? [])].sort((a, b) => a.name.localeCompare(b.name));
  return (
    <div className="page">
      <header className="page-header">
        <h1>Schedules</h1>
        <span className="muted">Refreshes every {REFRESH_MS / 1000} s</span>
      </header>
      <ErrorBox error={schedules.error} title="Could not load the schedules" />
      <ErrorBox error={actionError} />
      {!schedules.data ? (
        !schedules.error && <Loading what="schedules" />
      ) : rows.length === 0 ? (
        <Empty>No schedule yet: create one below.</Empty>
      ) : (
        <table className="table" aria-label="Schedules">
          <thead>
            <tr>
              <th>Name</th>
              <th>Workflow</th>
              <th>Cron</th>
              <th>Zone</th>
              <th>Next run</th>
              <th>State</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {rows.map((s) => (
              <tr key={s.name} data-schedule={s.name}>
                <td className="mono">{s.name}</td>
                <td>
                  <Link to={paths.workflowDef(s.startWorkflowRequest.name)}>
                    {s.startWorkflowRequest.name}
                  </Link>
                </td>
                <td className="mono">{s.cronExpression}</td>
                <td>{s.zoneId}</td>
                <td>{s.nextRunTime === undefined ? 'none (ended)' : formatTime(s.nextRunTime, zone)}</td>
                <td>{s.paused ? `paused${s.pausedReason ? `: ${s.pausedReason}` : ''}` : 'active'}</td>
                <td className="button-row">
                  <button
                    type="button"
                    className="button"
                    onClick={() =>
                      void act(() => (s.paused ? resumeSchedule(s.name) : pauseSchedule(s.name)))
                    }
                  >
                    {s.paused ? 'Resume' : 'Pause'}
                  </button>
                  <button type="button" className="button" onClick={() => setDraft(draftOf(s))}>
                    Edit
                  </button>
                  <button type="button" className="button" onClick={() => setSelected(s.name)}>
                    Executions
                  </button>
                  <button
                    type="button"
                    className="button"
                    onClick={() => void act(() => deleteSchedule(s.name))}
                  >
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="two-columns">
        <ScheduleForm
          draft={draft}
          onChange={setDraft}
          onSave={(schedule) => act(async () => void (await saveSchedule(schedule)))}
        />
        <section>
          <div className="section-header">
            <h2>{selected ? `Executions of ${selected}` : 'Latest executions'}</h2>
            {selected && (
              <button type="button" className="button" onClick={() => setSelected(undefined)}>
                All schedules
              </button>
            )}
          </div>
          <ErrorBox error={executions.error} title="Could not load the executions" />
          {!executions.data ? (
            !executions.error && <Loading what="executions" />
          ) : executions.data.results.length === 0 ? (
            <Empty>No execution yet.</Empty>
          ) : (
            <table className="table" aria-label="Schedule executions">
              <thead>
                <tr>
                  <th>Schedule</th>
                  <th>Scheduled for</th>
                  <th>State</th>
                  <th>Workflow</th>
                </tr>
              </thead>
              <tbody>
                {executions.data.results.map((e) => (
                  <tr key={e.executionId} data-execution-state={e.state}>
                    <td className="mono">{e.scheduleName}</td>
                    <td>{formatTime(e.scheduledTime, zone)}</td>
                    <td>{e.state}</td>
                    <td>
                      {e.workflowId ? (
                        <Link to={paths.execution(e.workflowId)}>{e.workflowId}</Link>
                      ) : (
                        <span className="reason">{e.reason}</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      </div>
    </div>
  );
}

function ScheduleForm({
  draft,
  onChange,
  onSave,
}: {
  draft: Draft;
  onChange: (draft: Draft) => void;
  onSave: (schedule: unknown) => Promise<void>;
}) {
  const zone = useTimeZoneMode();
  const preview = useAsync(
    (signal) => nextRuns(draft.cronExpression, draft.zoneId, signal),
    [draft.cronExpression, draft.zoneId],
  );
  const [inputError, setInputError] = useState<unknown>(undefined);
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => onChange({ ...draft, [key]: value });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    let input: unknown;
    try {
      input = JSON.parse(draft.input || '{}');
      setInputError(undefined);
    } catch (err) {
      setInputError(
        new Error(`Workflow input is not JSON: ${err instanceof Error ? err.message : String(err)}`),
      );
      return;
    }
    void onSave({
      name: draft.name,
      cronExpression: draft.cronExpression,
      zoneId: draft.zoneId,
      runCatchupScheduleInstances: draft.runCatchupScheduleInstances,
      startWorkflowRequest: {
        name: draft.workflowName,
        version: draft.workflowVersion === '' ? undefined : Number(draft.workflowVersion),
        input,
      },
    });
  };

  return (
    <section>
      <div className="section-header">
        <h2>Create or edit a schedule</h2>
      </div>
      <form className="run-form" aria-label="Schedule" onSubmit={submit}>
        <label className="field">
          Name
          <input value={draft.name} onChange={(e) => set('name', e.target.value)} />
        </label>
        <label className="field">
          Cron (second minute hour day month weekday)
          <input
            className="mono"
            value={draft.cronExpression}
            onChange={(e) => set('cronExpression', e.target.value)}
          />
        </label>
        <label className="field">
          Time zone
          <input value={draft.zoneId} onChange={(e) => set('zoneId', e.target.value)} />
        </label>
        <label className="field">
          Workflow
          <input value={draft.workflowName} onChange={(e) => set('workflowName', e.target.value)} />
        </label>
        <label className="field">
          Version (empty: the latest)
          <input value={draft.workflowVersion} onChange={(e) => set('workflowVersion', e.target.value)} />
        </label>
        <label className="field">
          Workflow input (JSON)
          <textarea
            className="mono"
            rows={4}
            value={draft.input}
            onChange={(e) => set('input', e.target.value)}
          />
        </label>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={draft.runCatchupScheduleInstances}
            onChange={(e) => set('runCatchupScheduleInstances', e.target.checked)}
          />
          run every tick missed while the server was down
        </label>
        <div className="field" aria-label="Next runs">
          Next runs
          {preview.error ? (
            <span className="reason">
              {preview.error instanceof Error ? preview.error.message : 'invalid'}
            </span>
          ) : (
            <ul className="next-runs">
              {(preview.data ?? []).map((t) => (
                <li key={t}>{formatTime(t, zone)}</li>
              ))}
            </ul>
          )}
        </div>
        <ErrorBox error={inputError} />
        <div className="button-row">
          <button type="submit" className="button primary">
            Save
          </button>
          <button type="button" className="button" onClick={() => onChange(EMPTY_DRAFT)}>
            New
          </button>
        </div>
      </form>
    </section>
  );
}
