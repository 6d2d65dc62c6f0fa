/** The page of results and the controls to move through them. */
import { PAGE_SIZES } from '../../search/filters.js';

export interface PagerProps {
  start: number;
  size: number;
  total: number;
  onPage: (start: number) => void;
  onSize: (size: number) => void;
}

export function Pager({ start, size, total, onPage, onSize }: PagerProps) {
  const last = Math.min(start + size, total);
  return (
    <div className="pager">
      <span data-testid="result-count">
        {total === 0 ? 'No results' : `${start + 1}–${last} of ${total}`}
      </span>
      <button type="button" onClick={() => onPage(Math.max(0, start - size))} disabled={start === 0}>
        ← Previous
      </button>
      <button type="button" onClick={() => onPage(start + size)} disabled={last >= total}>
        Next →
      </button>
      <label className="inline-field">
        Per page
        <select value={size} onChange={(e) => onSize(Number(e.target.value))}>
          {PAGE_SIZES.map((n) => (
            <option key={n}>{n}</option>
          ))}
        </select>
      </label>
    </div>
  );
}
