/**
 * A search filter as an SQL condition with `?` parameters. Field names come from a fixed map of column
 * expressions and every value is a bound parameter: nothing the user wrote is pasted into the SQL.
 */
import type { SearchCondition, SearchExpr, SearchValue, SortOrder } from '@baton/protocol';
import { onlyText } from '../../search-expr.js';
import type { Column } from './columns.js';

export interface Sql {
  sql: string;
  params: SearchValue[];
}

/** Turns a subtree made only of text matches (and/or of them) into one condition. */
export type TextCompiler = (expr: SearchExpr) => Sql;

export function compileFilter(
  expr: SearchExpr,
  columns: Readonly<Record<string, Column>>,
  text: TextCompiler,
): Sql {
  if (onlyText(expr)) return text(expr);
  switch (expr.kind) {
    case 'and':
    case 'or': {
      const left = compileFilter(expr.left, columns, text);
      const right = compileFilter(expr.right, columns, text);
      const op = expr.kind === 'and' ? 'AND' : 'OR';
      return { sql: `(${left.sql} ${op} ${right.sql})`, params: [...left.params, ...right.params] };
    }
    case 'text':
      return text(expr); // unreachable: onlyText
    default:
      return condition(expr, column(columns, expr.field));
  }
}

/** `ORDER BY` keys; `tiebreak` (a rowid) keeps pages stable and follows the last key's direction. */
export function compileSort(
  sort: readonly SortOrder[],
  columns: Readonly<Record<string, Column>>,
  tiebreak: string,
): string {
  const keys = sort.map((s) => `${column(columns, s.field).sql} ${s.descending ? 'DESC' : 'ASC'}`);
  const last = sort.at(-1);
  keys.push(`${tiebreak} ${!last || last.descending ? 'DESC' : 'ASC'}`);
  return keys.join(', ');
}

function column(columns: Readonly<Record<string, Column>>, field: string): Column {
  const found = Object.hasOwn(columns, field) ? columns[field] : undefined;
  // The protocol checks names against the same catalog; reaching this is a bug, not a bad request.
  if (!found) throw new Error(`no column for search field '${field}'`);
  return found;
}

function condition(c: SearchCondition, col: Column): Sql {
  const x = col.sql;
  switch (c.kind) {
    case 'compare':
      if (col.emptyIsNull && c.value === '') {
        // '' is below every other text: `> ''` is "has one", `< ''` holds for nothing.
        const sql = { '=': `${x} IS NULL`, '!=': `${x} IS NOT NULL`, '>': `${x} IS NOT NULL`, '<': 'FALSE' };
        return { sql: sql[c.op], params: [] };
      }
      // != keeps rows without the field, as a negated term query does.
      return { sql: c.op === '!=' ? `${x} IS NOT ?` : `${x} ${c.op} ?`, params: [c.value] };
    case 'in': {
      const values = col.emptyIsNull ? c.values.filter((v) => v !== '') : c.values;
      const orNull = values.length < c.values.length ? `${x} IS NULL OR ` : '';
      const list = values.length > 0 ? `${x} IN (${values.map(() => '?').join(', ')})` : 'FALSE';
      return { sql: orNull ? `(${orNull}${list})` : list, params: values };
    }
    case 'between':
      return { sql: `${x} BETWEEN ? AND ?`, params: [c.low, c.high] };
    case 'isNull':
      return { sql: `${x} IS ${c.negated ? 'NOT ' : ''}NULL`, params: [] };
    case 'startsWith':
      return startsWith(x, c.prefix);
  }
}

/** A prefix as a key range, which an index on the column can serve. */
function startsWith(x: string, prefix: string): Sql {
  if (prefix === '') return { sql: `${x} IS NOT NULL`, params: [] };
  const chars = Array.from(prefix);
  const last = chars.pop()!.codePointAt(0)!;
  if (last >= 0x10ffff) return { sql: `substr(${x}, 1, ?) = ?`, params: [Array.from(prefix).length, prefix] };
  // Text compares by UTF-8 bytes, which orders like code points: every string with the prefix lies in
  // [prefix, prefix with its last code point + 1). The surrogate block is skipped, as UTF-8 has no such points.
  const next = last + 1 === 0xd800 ? 0xe000 : last + 1;
  return { sql: `(${x} >= ? AND ${x} < ?)`, params: [prefix, chars.join('') + String.fromCodePoint(next)] };
}
