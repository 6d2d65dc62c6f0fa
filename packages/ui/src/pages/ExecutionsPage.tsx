/**
 * The executions list (`/` and `/executions`): search by free text and by query (§6), filter by status,
 * workflow type and start time, sort by a column, page through `totalHits`. The filters live in the URL. The
 * list re-reads itself every few seconds unless paused, and selected runs can be operated on in bulk.
 */
import { useState } from 'react';
import { listWorkflowDefs } from '../api/metadata.js';
import { searchWorkflows } from '../api/workflows.js';
import { ErrorBox } from '../components/ErrorBox.js';
import { BulkActions, BulkResults, type BulkOutcome } from '../components/executions/BulkActions.js';
import { ExecutionsTable } from '../components/executions/ExecutionsTable.js';
import { Pager } from '../components/executions/Pager.js';
import { SearchForm } from '../components/executions/SearchForm.js';
import { Empty, Loading } from '../components/States.js';
import { useAsync, useInterval } from '../hooks/useAsync.js';
import { useTimeZoneMode } from '../preferences/store.js';
import { Link, navigate, withQuery, type Location } from '../router.js';
import { paths } from '../routes.js';
import { LIST_REFRESH_MS } from '../search/refresh.js';
import { filtersFromUrl, filtersToUrl, toSearchParams, type ExecutionFilters } from '../search/filters.js';

export function ExecutionsPage({ location }: { location: Location }) {
  const filters = filtersFromUrl(location.query);
  const zone = useTimeZoneMode();
  const key = JSON.stringify(filters);
  const results = useAsync((signal) => searchWorkflows(toSearchParams(filters, zone), signal), [key, zone]);
  const names = useAsync(
    async (signal) => [...new Set((await listWorkflowDefs(signal)).map((d) => d.name))].sort(),
    [],
  );
  const [paused, setPaused] = useState(false);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [outcome, setOutcome] = useState<BulkOutcome | undefined>(undefined);
  // A slow answer is waited for rather than aborted by the next tick.
  useInterval(
    () => {
      if (!results.loading) void results.reload();
    },
    LIST_REFRESH_MS,
    !paused,
  );

  const apply = (next: Partial<ExecutionFilters>): void => {
    setSelected(new Set());
    navigate(withQuery(paths.executions, filtersToUrl({ ...filters, start: 0, ...next })));
  };
  const select = (ids: string[], on: boolean): void => {
    const next = new Set(selected);
    for (const id of ids) {
      if (on) next.add(id);
      else next.delete(id);
    }
    setSelected(next);
  };

  return (
    <div className="page">
      <header className="page-header">
        <h1>Executions</h1>
        <div className="button-row">
          <button
            type="button"
            onClick={() => setPaused(!paused)}
            aria-pressed={paused}
            data-testid="auto-refresh"
            title={`The list re-reads itself every ${LIST_REFRESH_MS / 1000} s`}
          >
            {paused ? '▶ Resume auto-refresh' : '❚❚ Pause auto-refresh'}
          </button>
          <button type="button" onClick={() => void results.reload()} disabled={results.loading}>
            Refresh
          </button>
        </div>
      </header>
      <SearchForm filters={filters} workflowTypes={names.data ?? []} onApply={apply} />
      <ErrorBox error={results.error} title="Search failed" />
      {outcome && <BulkResults outcome={outcome} onDismiss={() => setOutcome(undefined)} />}
      <BulkActions
        selected={[...selected]}
        onClear={() => setSelected(new Set())}
        onDone={(done) => {
          setOutcome(done);
          setSelected(new Set());
          void results.reload();
        }}
      />
      {results.data === undefined ? (
        !results.error && <Loading what="executions" />
      ) : results.data.results.length === 0 ? (
        <Empty>
          No executions match.{' '}
          {(names.data?.length ?? 0) === 0 && (
            <>
              Register a workflow under <Link to={paths.definitions}>Definitions</Link> and run it.
            </>
          )}
        </Empty>
      ) : (
        <>
          <ExecutionsTable
            rows={results.data.results}
            sort={filters.sort}
            onSort={(sort) => apply({ sort })}
            selected={selected}
            onSelect={select}
          />
          <Pager
            start={filters.start}
            size={filters.size}
            total={results.data.totalHits}
            onPage={(start) => apply({ start })}
            onSize={(size) => apply({ size })}
          />
        </>
      )}
    </div>
  );
}
