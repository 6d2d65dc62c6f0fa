/** Gives a parsed value the type of its field: numbers for number and time fields, strings for text fields. */
import type { SearchValue } from './ast.js';
import type { SearchField } from './fields.js';
import type { NumberToken, Scanner } from './scanner.js';

/** A literal as written: a quoted string, an unquoted number, or a raw item of an IN list. */
export type Literal = { quoted: string } | { number: NumberToken } | { raw: string };

/** The value `literal` (found at `at`) stands for in `field`; a 400 naming the field when it cannot. */
export function fieldValue(
  scanner: Scanner,
  name: string,
  field: SearchField,
  literal: Literal,
  at: number,
): SearchValue {
  const text = 'quoted' in literal ? literal.quoted : 'raw' in literal ? literal.raw : literal.number.text;
  if (field.type === 'text') return text;
  if ('number' in literal) return literal.number.value;
  const trimmed = text.trim();
  const asNumber = trimmed === '' ? NaN : Number(trimmed);
  if (Number.isFinite(asNumber)) return asNumber;
  if (field.type === 'time') {
    const ms = Date.parse(trimmed);
    if (Number.isFinite(ms)) return ms;
    throw scanner.error(`field '${name}' takes a time in epoch milliseconds or ISO-8601, not '${text}'`, at);
  }
  throw scanner.error(`field '${name}' takes a number, not '${text}'`, at);
}
