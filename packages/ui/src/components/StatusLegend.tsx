import { TASK_STATUSES, statusLabel } from '../status.js';

/** What the node colours of a graph mean. */
export function StatusLegend() {
  return (
    <ul className="legend" aria-label="Status colours">
      {TASK_STATUSES.map((status) => (
        <li key={status}>
          <span className={`legend-swatch status-${status}`} />
          {statusLabel(status)}
        </li>
      ))}
      <li>
        <span className="legend-swatch status-NOT_RUN" />
        not run
      </li>
    </ul>
  );
}
