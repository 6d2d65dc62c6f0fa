/**
 * How Conductor (Java) turns an expression value into text when `${...}` is embedded in a longer string:
 * `Objects.toString` on the Jackson-parsed value, plus json-smart's rendering for JSONPath result lists.
 */

/**
 * Java `toString` of a JSON value: maps as `{a=1, b=x}`, lists as `[1, 2]`, strings unquoted, missing as `null`.
 *
 * @example javaToString({ a: 1, b: [true, 'x'] }) // '{a=1, b=[true, x]}'
 */
export function javaToString(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return javaNumberToString(value);
  if (Array.isArray(value)) return `[${value.map(javaToString).join(', ')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    return `{${entries.map(([key, item]) => `${key}=${javaToString(item)}`).join(', ')}}`;
  }
  if (typeof value === 'boolean' || typeof value === 'bigint') return value.toString();
  return 'null'; // not a JSON value (function, symbol)
}

/**
 * Jackson parses JSON integers as Integer/Long (printed without decimals) and fractions as Double, whose
 * `toString` switches to `1.0E7` notation outside [1e-3, 1e7). We cannot tell `2.0` from `2`, so exact
 * integers print as integers; beyond 2^53 a value is almost surely a parsed `1e21`-style double.
 */
export function javaNumberToString(value: number): string {
  if (!Number.isFinite(value)) return String(value); // NaN, Infinity, -Infinity: same words as Java
  if (Number.isSafeInteger(value)) return String(value);
  const magnitude = Math.abs(value);
  if (magnitude >= 1e-3 && magnitude < 1e7) return String(value);
  const [mantissa = '', exponent = '0'] = value.toExponential().split('e');
  return `${mantissa.includes('.') ? mantissa : `${mantissa}.0`}E${Number(exponent)}`;
}

/**
 * Jayway returns indefinite-path results (wildcards, deep scan, filters) as a json-smart `JSONArray`, whose
 * `toString` is compact JSON in json-smart's default style (which also escapes `/`).
 */
export function jsonSmartToString(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return `"${escapeJsonSmart(value)}"`;
  if (typeof value === 'number') return javaNumberToString(value);
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
