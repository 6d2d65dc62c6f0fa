/**
 * A JSON text area with line numbers. The line of a syntax error is marked in the gutter and named under
 * the text; the server's field-path errors are shown by the page next to it.
 */
import { useMemo, useRef } from 'react';
import { parseJsonText } from '../json-text.js';

export interface LineMark {
  line: number;
  message: string;
}

interface JsonEditorProps {
  value: string;
  onChange: (text: string) => void;
  label: string;
  rows?: number;
  /** Lines the server found fault with, marked in the gutter (the message is the number's tooltip). */
  marks?: LineMark[];
}

export function JsonEditor({ value, onChange, label, rows = 24, marks = [] }: JsonEditorProps) {
  const gutter = useRef<HTMLPreElement>(null);
  const parsed = useMemo(() => parseJsonText(value), [value]);
  const lineCount = value.split('\n').length;
  const badLine = parsed.ok ? undefined : parsed.line;
  const numbers = useMemo(() => {
    const marked = new Map<number, string>();
    for (const mark of marks)
      marked.set(mark.line, [marked.get(mark.line), mark.message].filter(Boolean).join('\n'));
    return Array.from({ length: lineCount }, (_, i) => {
      const line = i + 1;
      const className = line === badLine ? 'bad-line' : marked.has(line) ? 'marked-line' : undefined;
      return (
        <span key={i} className={className} title={marked.get(line)}>
          {line}
          {'\n'}
        </span>
      );
    });
  }, [lineCount, badLine, marks]);
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
