/**
 * A search filter as a PostgreSQL condition with `$n` parameters. Field names come from a fixed map of column
 * expressions and every value is a bound parameter: nothing the user wrote is pasted into the SQL.
 *
 * Text is ordered by code point (COLLATE "C", as SQLite compares bytes of UTF-8) wherever order matters:
 * `>`, `<`, BETWEEN and sorting. Equality keeps the column's collation, which means the same and lets the
 * indexes serve it.
 */
import type { SearchCondition, SearchExpr, SearchValue, SortOrder } from '@baton/protocol';
import { onlyText } from '../../search-expr.js';
import type { Column } from './columns.js';

/** The parameters of one statement; `add` returns the placeholder of a value, typed for its column. */
export class Params {
  readonly values: unknown[] = [];

  add(value: unknown, type: string): string {
    this.values.push(value);
    return `$${this.values.length}::${type}`;
  }

  /** A search value compared with `col`. */
  value(value: SearchValue, col: Column): string {
    if (typeof value === 'string') return this.add(value, 'text');
    // An integer column meets an integer as an integer (its index serves the test); 2.5 as a number.
    return this.add(
      String(value),
      col.type === 'integer' && Number.isSafeInteger(value) ? 'bigint' : 'numeric',
    );
  }
}

/** Turns a subtree made only of text matches (and/or of them) into one condition. */
export type TextCompiler = (expr: SearchExpr, params: Params) => string;

export function compileFilter(
  expr: SearchExpr,
  columns: Readonly<Record<string, Column>>,
  text: TextCompiler,
  params: Params,
): string {
  if (onlyText(expr)) return text(expr, params);
  switch (expr.kind) {
    case 'and':
    case 'or': {
      const left = compileFilter(expr.left, columns, text, params);
      const right = compileFilter(expr.right, columns, text, params);
      return `(${left} ${expr.kind === 'and' ? 'AND' : 'OR'} ${right})`;
    }
    case 'text':
      return text(expr, params); // unreachable: onlyText
    default:
      return condition(expr, column(columns, expr.field), params);
  }
}

/**
 * `ORDER BY` keys; `tiebreak` (the creation order) keeps pages stable and follows the last key's direction.
 * NULL sorts first, as in SQLite; a column that is never NULL leaves its order alone so an index can serve it.
 */
export function compileSort(
  sort: readonly SortOrder[],
  columns: Readonly<Record<string, Column>>,
  tiebreak: string,
): string {
  const keys = sort.map(({ field, descending }) => {
    const col = column(columns, field);
    const nulls = col.nullable ? (descending ? ' NULLS LAST' : ' NULLS FIRST') : '';
    return `${ordered(col)} ${descending ? 'DESC' : 'ASC'}${nulls}`;
  });
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

/** The expression as it compares by order: text by code point. */
function ordered(col: Column): string {
  return col.type === 'text' ? `${col.sql} COLLATE "C"` : col.sql;
}

function condition(c: SearchCondition, col: Column, params: Params): string {
  const x = col.sql;
  switch (c.kind) {
    case 'compare':
      if (col.emptyIsNull && c.value === '') {
        // '' is below every other text: `> ''` is "has one", `< ''` holds for nothing.
        return { '=': `${x} IS NULL`, '!=': `${x} IS NOT NULL`, '>': `${x} IS NOT NULL`, '<': 'FALSE' }[c.op];
      }
      // != keeps rows without the field, as a negated term query does.
      if (c.op === '!=') return `${x} IS DISTINCT FROM ${params.value(c.value, col)}`;
      if (c.op === '=') return `${x} = ${params.value(c.value, col)}`;
      return `${ordered(col)} ${c.op} ${params.value(c.value, col)}`;
    case 'in': {
      const values = col.emptyIsNull ? c.values.filter((v) => v !== '') : c.values;
      const orNull = values.length < c.values.length ? `${x} IS NULL OR ` : '';
      const list =
        values.length > 0 ? `${x} IN (${values.map((v) => params.value(v, col)).join(', ')})` : 'FALSE';
      return orNull ? `(${orNull}${list})` : list;
    }
    case 'between':
      return `${ordered(col)} BETWEEN ${params.value(c.low, col)} AND ${params.value(c.high, col)}`;
    case 'isNull':
      return `${x} IS ${c.negated ? 'NOT ' : ''}NULL`;
    case 'startsWith':
      // ^@ compares the leading bytes, whatever the collation.
      return `${x} ^@ ${params.add(c.prefix, 'text')}`;
  }
}
