/**
 * Read-only JSON as a tree: objects and arrays fold (native <details>), a copy button takes the whole value,
 * and an epoch-ms number under a time key shows its ISO-8601 form beside it. The ISO text and the folded
 * hints are CSS-generated, so the element's text stays exactly the JSON (what a selection copies).
 */
import { useState } from 'react';
import { toJson } from '../format.js';
import { isEpochMsField, isoInZone } from '../json-time.js';
import { useTimeZoneMode, type TimeZoneMode } from '../preferences/store.js';

/** Deeper levels, and long lists, start folded. */
const OPEN_DEPTH = 4;
const OPEN_MAX_ENTRIES = 50;

export function JsonView({ value, label }: { value: unknown; label?: string }) {
  const zone = useTimeZoneMode();
  return (
    <div className="json-block">
      <CopyButton text={toJson(value)} what={label ?? 'JSON'} />
      <div className="json-view" aria-label={label} role="group">
        <JsonNode value={value ?? null} last depth={0} zone={zone} />
      </div>
    </div>
  );
}

function CopyButton({ text, what }: { text: string; what: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = async (): Promise<void> => {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      setState('failed'); // no clipboard access (an insecure origin, a denied permission)
    }
  };
  return (
    <button type="button" className="json-copy" onClick={() => void copy()} title={`Copy ${what}`}>
      {state === 'copied' ? 'Copied ✓' : state === 'failed' ? 'Copy failed' : 'Copy'}
    </button>
  );
}

interface JsonNodeProps {
  name?: string;
  value: unknown;
  last: boolean;
  depth: number;
  zone: TimeZoneMode;
}

function JsonNode({ name, value, last, depth, zone }: JsonNodeProps) {
  const key = name === undefined ? null : <span className="json-key">{JSON.stringify(name)}: </span>;
  const comma = last ? '' : ',';
  if (value === null || typeof value !== 'object') {
    const iso = isEpochMsField(name, value) ? isoInZone(value, zone) : undefined;
    return (
      <div className="json-line">
        {key}
        <span className={`json-${value === null ? 'null' : typeof value}`} data-iso={iso}>
          {JSON.stringify(value)}
        </span>
        {comma}
      </div>
    );
  }
  const isArray = Array.isArray(value);
  const entries: Array<[string | undefined, unknown]> = isArray
    ? value.map((item: unknown) => [undefined, item])
    : Object.entries(value);
  const [open, close] = isArray ? ['[', ']'] : ['{', '}'];
  if (entries.length === 0) {
    return (
      <div className="json-line">
        {key}
        {open}
        {close}
        {comma}
      </div>
    );
  }
  const count = `${entries.length} ${isArray ? 'item' : 'key'}${entries.length === 1 ? '' : 's'}`;
  return (
    <details className="json-node" open={depth < OPEN_DEPTH && entries.length <= OPEN_MAX_ENTRIES}>
      <summary className="json-line" data-folded={`${close}${comma} ${count}`}>
        {key}
        {open}
      </summary>
      <div className="json-children">
        {entries.map(([childName, child], i) => (
          <JsonNode
            key={childName ?? i}
            name={childName}
            value={child}
            last={i === entries.length - 1}
            depth={depth + 1}
            zone={zone}
          />
        ))}
      </div>
      <div className="json-line">
        {close}
        {comma}
      </div>
    </details>
  );
}
