import { toJson } from '../format.js';

/** Read-only JSON, pretty-printed. */
export function JsonView({ value, label }: { value: unknown; label?: string }) {
  return (
    <pre className="json-view" aria-label={label}>
      {toJson(value)}
    </pre>
  );
}
