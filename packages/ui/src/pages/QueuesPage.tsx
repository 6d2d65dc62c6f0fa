/**
 * Queues and workers (`/queues`): how many tasks wait in each queue, its polls, hand-outs and mean wait and run
 * times (the server's /metrics), when each worker last polled, and the running workflows per name.
 * Refreshed every 5 s so a stuck queue or a silent worker shows without reloading.
 */
import { useState } from 'react';
import { getServerMetrics, type QueueMetrics } from '../api/metrics.js';
import { getAllPollData, getQueueSizes } from '../api/tasks.js';
import { ErrorBox } from '../components/ErrorBox.js';
import { Empty, Loading } from '../components/States.js';
import { formatAgo, formatTime } from '../format.js';
import { useTimeZoneMode } from '../preferences/store.js';
import { useAsync, useInterval } from '../hooks/useAsync.js';

const REFRESH_MS = 5000;

export function QueuesPage() {
  const queues = useAsync((signal) => getQueueSizes(signal), []);
  const polls = useAsync((signal) => getAllPollData(signal), []);
  const metrics = useAsync((signal) => getServerMetrics(signal), []);
  const [onlyPending, setOnlyPending] = useState(false);
  useInterval(
    () => {
      void queues.reload();
      void polls.reload();
      void metrics.reload();
    },
    REFRESH_MS,
    true,
  );

  // The server lists queues holding messages; queues workers poll are shown too, at zero.
  const known: Record<string, number> = Object.fromEntries((polls.data ?? []).map((p) => [p.queueName, 0]));
  const counted: Record<string, number> = Object.fromEntries(
    Object.keys(metrics.data?.queues ?? {}).map((name) => [name, 0]),
  );
  const queueRows = Object.entries({ ...counted, ...known, ...queues.data })
    .filter(([, size]) => !onlyPending || size > 0)
    .sort(([a, sa], [b, sb]) => sb - sa || a.localeCompare(b));
  const pollRows = [...(polls.data ?? [])].sort((a, b) => b.lastPollTime - a.lastPollTime);
  const now = Date.now();
  const zone = useTimeZoneMode();

  return (
    <div className="page">
      <header className="page-header">
        <h1>Queues and workers</h1>
        <span className="muted">Refreshes every {REFRESH_MS / 1000} s</span>
      </header>
      <div className="two-columns">
        <section>
          <div className="section-header">
            <h2>Pending tasks per queue</h2>
            <label className="checkbox">
              <input
                type="checkbox"
                checked={onlyPending}
                onChange={(e) => setOnlyPending(e.target.checked)}
              />
              only non-empty
            </label>
          </div>
          <ErrorBox error={queues.error} title="Could not load the queues" />
          {!queues.data ? (
            !queues.error && <Loading what="queues" />
          ) : queueRows.length === 0 ? (
            <Empty>
              {onlyPending
                ? 'No task is waiting in any queue.'
                : 'No task is waiting and no worker has polled yet.'}
            </Empty>
          ) : (
            <table className="table" aria-label="Queues">
              <thead>
                <tr>
                  <th>Queue</th>
                  <th className="number">Pending</th>
                  <th className="number" title="Poll requests since the server started">
                    Polls
                  </th>
                  <th className="number" title="Tasks handed to workers since the server started">
                    Handed out
                  </th>
                  <th className="number" title="Mean time from scheduled to handed out">
                    Mean wait
                  </th>
                  <th className="number" title="Mean time from start to end of an attempt">
                    Mean run
                  </th>
                </tr>
              </thead>
              <tbody>
                {queueRows.map(([name, size]) => (
                  <tr key={name} data-queue={name}>
                    <td className="mono">{name}</td>
                    <td className="number" data-column="pending">
                      {size}
                    </td>
                    <QueueMetricCells metrics={metrics.data?.queues[name]} />
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
        <section>
          <div className="section-header">
            <h2>Last poll per worker</h2>
          </div>
          <ErrorBox error={polls.error} title="Could not load the poll data" />
          {!polls.data ? (
            !polls.error && <Loading what="poll data" />
          ) : pollRows.length === 0 ? (
            <Empty>No worker has polled yet.</Empty>
          ) : (
            <table className="table" aria-label="Workers">
              <thead>
                <tr>
                  <th>Queue</th>
                  <th>Domain</th>
                  <th>Worker</th>
                  <th>Last poll</th>
                </tr>
              </thead>
              <tbody>
                {pollRows.map((p) => (
                  <tr key={`${p.queueName}|${p.domain ?? ''}|${p.workerId ?? ''}`}>
                    <td className="mono">{p.queueName}</td>
                    <td>{p.domain ?? '—'}</td>
                    <td className="mono">{p.workerId ?? '—'}</td>
                    <td title={formatTime(p.lastPollTime, zone)}>{formatAgo(p.lastPollTime, now)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      </div>
      <section>
        <div className="section-header">
          <h2>Running workflows</h2>
        </div>
        <ErrorBox error={metrics.error} title="Could not load the server metrics" />
        {metrics.data && (
          <table className="table" aria-label="Running workflows">
            <thead>
              <tr>
                <th>Workflow</th>
                <th className="number">Running</th>
              </tr>
            </thead>
            <tbody>
              {Object.entries(metrics.data.running)
                .sort(([a, ra], [b, rb]) => rb - ra || a.localeCompare(b))
                .map(([name, running]) => (
                  <tr key={name} data-workflow={name}>
                    <td className="mono">{name}</td>
                    <td className="number">{running}</td>
                  </tr>
                ))}
            </tbody>
          </table>
        )}
        {metrics.data && (
          <p className="muted">
            Sandbox queues:{' '}
            {Object.entries(metrics.data.sandboxQueues)
              .map(([sandbox, length]) => `${sandbox} ${length}`)
              .join(', ')}
            . All metrics, for Prometheus: <a href="/metrics">/metrics</a>.
          </p>
        )}
      </section>
    </div>
  );
}

const formatMs = (ms: number | undefined): string =>
  ms === undefined ? '—' : ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;

function QueueMetricCells({ metrics }: { metrics: QueueMetrics | undefined }) {
  return (
    <>
      <td className="number">{metrics?.polls ?? 0}</td>
      <td className="number">{metrics?.handedOut ?? 0}</td>
      <td className="number">{formatMs(metrics?.meanWaitMs)}</td>
      <td className="number">{formatMs(metrics?.meanExecutionMs)}</td>
    </>
  );
}
