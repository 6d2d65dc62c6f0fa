import { statusLabel } from '../status.js';

/** A status as a coloured pill; the colours live in styles.css under `.status-<STATUS>`. */
export function StatusBadge({ status }: { status: string | undefined }) {
  const value = status ?? 'NOT_RUN';
  return (
    <span className={`status-badge status-${value}`} data-status={value}>
      {status ? statusLabel(status) : 'not run'}
    </span>
  );
}
