/** How Jayway prints a JSONPath result list when `${...}` is embedded in a longer string. */
import { javaNumberString } from '@baton/protocol';

/**
 * Jayway returns indefinite-path results (wildcards, deep scan, filters) as a json-smart `JSONArray`, whose
 * `toString` is compact JSON in json-smart's default style (which also escapes `/`).
 */
export function jsonSmartToString(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return `"${escapeJsonSmart(value)}"`;
  if (typeof value === 'number') return javaNumberString(value);
  if (Array.isArray(value)) return `[${value.map(jsonSmartToString).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    return `{${entries.map(([key, item]) => `"${escapeJsonSmart(key)}":${jsonSmartToString(item)}`).join(',')}}`;
  }
  if (typeof value === 'boolean' || typeof value === 'bigint') return value.toString();
  return 'null'; // not a JSON value (function, symbol)
}

const SHORT_ESCAPES: Record<string, string> = {
  '"': '\\"',
  '\\': '\\\\',
  '/': '\\/',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
};

const NEEDS_ESCAPE = /["\\/\u0000-\u001f\u007f-\u009f\u2000-\u20ff]/g;

function escapeJsonSmart(text: string): string {
  return text.replace(
    NEEDS_ESCAPE,
    (ch) => SHORT_ESCAPES[ch] ?? `\\u${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`,
  );
}
