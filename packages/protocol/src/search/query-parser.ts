/**
 * The `query` parameter (§6): `expr := term ((AND|OR) expr)?`, `term := '(' expr ')' | condition`, so
 * `a AND b OR c` reads as `a AND (b OR c)` (right-nested, no precedence), as Conductor's parser does.
 *
 * Conditions: `f = v`, `f != v`, `f > v`, `f < v`, `f IN (a,b)`, `f BETWEEN lo AND hi`, `f IS NULL`,
 * `f IS NOT NULL`, `f STARTS_WITH "pre"`. Values are quoted strings (`"` or `'`) or unquoted numbers; IN items
 * are taken as written (quotes around an item are dropped). Operators are upper-case.
 */
import type { SearchCondition, SearchExpr } from './ast.js';
import type { SearchFields } from './fields.js';
import { lookupField } from './fields-lookup.js';
import { Scanner } from './scanner.js';
import { fieldValue, type Literal } from './values.js';

const OPERATORS = 'an operator (=, !=, >, <, IN, BETWEEN, IS, STARTS_WITH)';

/** The parsed query; undefined when it is empty. Throws SearchQueryError. */
export function parseQuery(input: string, fields: SearchFields): SearchExpr | undefined {
  const scanner = new Scanner(input, 'query');
  scanner.skipSpace();
  if (scanner.atEnd()) return undefined;
  const expr = parseExpr(scanner, fields);
  if (!scanner.atEnd()) scanner.fail(expectJoin(scanner, 'the end of the query'));
  return expr;
}

function parseExpr(scanner: Scanner, fields: SearchFields): SearchExpr {
  return scanner.nested(() => {
    const left = parseTerm(scanner, fields);
    scanner.skipSpace();
    const kind = scanner.tryWord('AND') ? 'and' : scanner.tryWord('OR') ? 'or' : undefined;
    if (!kind) return left;
    scanner.skipSpace();
    return { kind, left, right: parseExpr(scanner, fields) };
  });
}

function parseTerm(scanner: Scanner, fields: SearchFields): SearchExpr {
  scanner.skipSpace();
  if (scanner.tryChar('(')) {
    const inner = parseExpr(scanner, fields);
    scanner.skipSpace();
    if (!scanner.tryChar(')')) scanner.fail(expectJoin(scanner, "')'"));
    return inner;
  }
  return parseCondition(scanner, fields);
}

/** What may follow a complete term, with a hint when the operator is written in lower case. */
function expectJoin(scanner: Scanner, orElse: string): string {
  const next = /^(and|or)\b/i.exec(scanner.input.slice(scanner.pos))?.[0];
  const hint = next ? ' (AND and OR are upper-case)' : '';
  return `AND, OR or ${orElse}${hint}`;
}

function parseCondition(scanner: Scanner, fields: SearchFields): SearchCondition {
  const nameAt = scanner.pos;
  const name = scanner.readName() ?? scanner.fail("a field name or '('");
  const field = lookupField(scanner, fields, name, nameAt);
  scanner.skipSpace();
  const value = (): ReturnType<typeof fieldValue> => {
    scanner.skipSpace();
    const at = scanner.pos;
    return fieldValue(scanner, name, field, readLiteral(scanner), at);
  };

  for (const op of ['!=', '=', '>', '<'] as const) {
    if (scanner.tryChar(op)) return { kind: 'compare', field: name, op, value: value() };
  }
  if (scanner.tryWord('IN')) {
    return {
      kind: 'in',
      field: name,
      values: readList(scanner).map((item) => fieldValue(scanner, name, field, item.literal, item.at)),
    };
  }
  if (scanner.tryWord('BETWEEN')) {
    const low = value();
    scanner.skipSpace();
    if (!scanner.tryWord('AND')) scanner.fail('AND between the two ends of BETWEEN');
    return { kind: 'between', field: name, low, high: value() };
  }
  if (scanner.tryWord('IS')) {
    scanner.skipSpace();
    const negated = scanner.tryWord('NOT');
    scanner.skipSpace();
    if (!scanner.tryWord('NULL')) scanner.fail(negated ? 'NULL after IS NOT' : 'NULL or NOT NULL after IS');
    return { kind: 'isNull', field: name, negated };
  }
  const startsWithAt = scanner.pos;
  if (scanner.tryWord('STARTS_WITH')) {
    if (field.type !== 'text') {
      throw scanner.error(`STARTS_WITH needs a text field; '${name}' is a ${field.type} field`, startsWithAt);
    }
    return { kind: 'startsWith', field: name, prefix: String(value()) };
  }
  return scanner.fail(OPERATORS);
}

/** A quoted string or an unquoted number. */
function readLiteral(scanner: Scanner): Literal {
  const quoted = scanner.readQuoted();
  if (quoted !== undefined) return { quoted };
  const number = scanner.readNumber();
  if (number) return { number };
  const word = /^[A-Za-z_][\w.-]*/.exec(scanner.input.slice(scanner.pos))?.[0];
  const hint = word ? ` (text values are quoted: "${word}")` : '';
  return scanner.fail(`a quoted string or a number${hint}`);
}

/** `(a, b, "c")`: items as written, trimmed; quotes around an item are dropped (a quoted item may hold `,`). */
function readList(scanner: Scanner): Array<{ literal: Literal; at: number }> {
  scanner.skipSpace();
  if (!scanner.tryChar('(')) scanner.fail("'(' to open the IN list");
  const items: Array<{ literal: Literal; at: number }> = [];
  for (;;) {
    scanner.skipSpace();
    const at = scanner.pos;
    const quoted = scanner.readQuoted();
    let literal: Literal;
    if (quoted !== undefined) {
      literal = { quoted };
    } else {
      const raw = /^[^,()]*/.exec(scanner.input.slice(scanner.pos))![0];
      scanner.pos += raw.length;
      if (raw.trim() === '') scanner.fail('a list item', at);
      literal = { raw: raw.trim() };
    }
    items.push({ literal, at });
    scanner.skipSpace();
    if (scanner.tryChar(')')) return items;
    if (!scanner.tryChar(',')) scanner.fail("',' or ')' in the IN list");
  }
}
