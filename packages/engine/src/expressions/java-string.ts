/** How Jayway prints a JSONPath result list when `${...}` is embedded in a longer string. */
import { javaNumberString, printJson, type JsonPrintStyle } from '@baton/protocol';

/**
 * Jayway returns indefinite-path results (wildcards, deep scan, filters) as a json-smart `JSONArray`, whose
 * `toString` is compact JSON in json-smart's default style (which also escapes `/`).
 */
export function jsonSmartToString(value: unknown): string {
  return printJson(value, JSON_SMART_STYLE);
}

const JSON_SMART_STYLE: JsonPrintStyle = {
  scalar(value) {
    if (value === null || value === undefined) return 'null';
    if (typeof value === 'string') return `"${escapeJsonSmart(value)}"`;
    if (typeof value === 'number') return javaNumberString(value);
    if (typeof value === 'boolean' || typeof value === 'bigint') return value.toString();
    return 'null'; // not a JSON value (function, symbol)
  },
  key: (key) => `"${escapeJsonSmart(key)}":`,
  separator: ',',
};

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
