/**
 * A JSON text area with line numbers. The line of a syntax error is marked in the gutter and named under
 * the text; the server's field-path errors are shown by the page next to it.
 */
import { useMemo, useRef } from 'react';
import { parseJsonText } from '../json-text.js';

interface JsonEditorProps {
  value: string;
  onChange: (text: string) => void;
  label: string;
  rows?: number;
}

export function JsonEditor({ value, onChange, label, rows = 24 }: JsonEditorProps) {
  const gutter = useRef<HTMLPreElement>(null);
  const parsed = useMemo(() => parseJsonText(value), [value]);
  const lineCount = value.split('\n').length;
  const badLine = parsed.ok ? undefined : parsed.line;
  const numbers = useMemo(
    () =>
      Array.from({ length: lineCount }, (_, i) => (
        <span key={i} className={i + 1 === badLine ? 'bad-line' : undefined}>
          {i + 1}
          {'\n'}
        </span>
      )),
    [lineCount, badLine],
  );
  return (
    <div className="json-editor">
      <div className="json-editor-body" style={{ height: `${rows * 1.45}em` }}>
        <pre className="json-editor-gutter" ref={gutter} aria-hidden="true">
          {numbers}
        </pre>
        <textarea
          aria-label={label}
          spellCheck={false}
          value={value}
          onChange={(event) => onChange(event.target.value)}
          onScroll={(event) => {
            if (gutter.current) gutter.current.scrollTop = event.currentTarget.scrollTop;
          }}
        />
      </div>
      <div className={`json-editor-status ${parsed.ok ? 'ok' : 'bad'}`}>
        {parsed.ok
          ? 'Valid JSON'
          : `JSON syntax error${badLine ? ` on line ${badLine}` : ''}: ${parsed.message}`}
      </div>
    </div>
  );
}
