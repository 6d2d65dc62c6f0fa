/** The parts every search form shares: free text and query typed as drafts, and status chips. */
import { useEffect, useState } from 'react';
import { statusLabel } from '../../status.js';

export interface TextDrafts {
  freeText: string;
  query: string;
  setFreeText: (value: string) => void;
  setQuery: (value: string) => void;
}

/** What is typed but not searched yet; follows the URL when it changes under the form (Back, a link). */
export function useTextDrafts(freeText: string, query: string): TextDrafts {
  const [freeTextDraft, setFreeText] = useState(freeText);
  const [queryDraft, setQuery] = useState(query);
  useEffect(() => setFreeText(freeText), [freeText]);
  useEffect(() => setQuery(query), [query]);
  return { freeText: freeTextDraft, query: queryDraft, setFreeText, setQuery };
}

/** Free text, query and the submit button, in one row of a `search-form`. */
export function TextSearchRow({
  drafts,
  freeTextHint,
  queryHint,
}: {
  drafts: TextDrafts;
  freeTextHint: string;
  queryHint: string;
}) {
  return (
    <div className="search-row">
      <label className="field grow">
        Free text
        <input
          name="freeText"
          value={drafts.freeText}
          onChange={(e) => drafts.setFreeText(e.target.value)}
          placeholder={freeTextHint}
        />
      </label>
      <label className="field grow">
        Query
        <input
          name="query"
          className="mono"
          value={drafts.query}
          onChange={(e) => drafts.setQuery(e.target.value)}
          placeholder={queryHint}
        />
      </label>
      <button type="submit" className="primary">
        Search
      </button>
    </div>
  );
}

/** One toggle per status; `onChange` gets the new selection. */
export function StatusChips<S extends string>({
  statuses,
  selected,
  onChange,
}: {
  statuses: readonly S[];
  selected: readonly S[];
  onChange: (next: S[]) => void;
}) {
  return (
    <div className="field">
      Status
      <div className="chips">
        {statuses.map((status) => {
          const on = selected.includes(status);
          return (
            <button
              key={status}
              type="button"
              className={`chip status-${status}${on ? ' on' : ''}`}
              aria-pressed={on}
              onClick={() => onChange(on ? selected.filter((s) => s !== status) : [...selected, status])}
            >
              {statusLabel(status)}
            </button>
          );
        })}
      </div>
    </div>
  );
}
