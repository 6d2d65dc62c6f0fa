import { printJson, type JsonPrintStyle } from './json-walk.js';

/**
 * Java's `toString()` of a JSON value as Jackson reads it: maps are LinkedHashMaps (`{a=1, b=[x, y]}`), lists
 * `[1, 2]`, strings unquoted, null `null`, and numbers Long or Double. Conductor prints values this way in
 * `${...}` strings embedded in text, SWITCH case values, and WorkflowSummary/TaskSummary input and output.
 *
 * @example javaString({ a: 1, b: [true, 'x'] }) // '{a=1, b=[true, x]}'
 */
export function javaString(value: unknown): string {
  return printJson(value, JAVA_STYLE);
}

/**
 * The first `maxChars` characters of `javaString(value)`, reached without walking (or copying) the rest: a
 * search summary of a 5 MB input costs what its first characters cost.
 */
export function javaStringPrefix(value: unknown, maxChars: number): string {
  return printJson(value, JAVA_STYLE, maxChars);
}

const JAVA_STYLE: JsonPrintStyle = {
  scalar: javaScalarString,
  // A string is printed as it is: its prefix is a slice, which V8 makes without copying.
  scalarPrefix: (value, maxChars) => javaScalarString(value).slice(0, maxChars),
  key: (key) => `${key}=`,
  separator: ', ',
};

function javaScalarString(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return javaNumberString(value);
  if (typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return 'null'; // not a JSON value (function, symbol)
}

/**
 * A number as Java prints what Jackson makes of its JSON text. JavaScript writes an integer below 1e21 as
 * digits, which Jackson reads as a Long (or BigInteger) and prints as the same digits (`9007199254740994`,
 * negative zero as `0`); anything else is written as a fraction or `1e+21`, read as a Double and printed by
 * `Double.toString`: plain between 1e-3 and 1e7 (`0.001`, `1.5`), else `1.0E7`-style (`1.0E-4`, `1.0E21`).
 * NaN and the infinities print as Java does (`NaN`, `Infinity`, `-Infinity`).
 */
export function javaNumberString(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return String(n);
  const magnitude = Math.abs(n);
  if (magnitude >= 1e-3 && magnitude < 1e7) return String(n);
  // Java's digits are JavaScript's shortest round-trip ones (JDK 19+), but never fewer than two: where one
  // digit would do, Java takes the two-digit decimal nearest the exact value (`4.9E-324`, `1.0E-4`).
  const shortest = n.toExponential();
  const [mantissa = '', exponent = ''] = (shortest.includes('.') ? shortest : n.toExponential(1)).split('e');
  return `${mantissa}E${exponent.replace('+', '')}`;
}
