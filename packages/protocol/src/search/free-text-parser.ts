/**
 * The `freeText` parameter (§6), a small Lucene-like language:
 * - `*` (or nothing): everything;
 * - `word`, `"a phrase"`: executions whose indexed text has it (`word*`, `"a phrase"*`: as a prefix);
 * - `field:"value"`, `field:value`: the same as `field = "value"` in `query` (`field:val*`: STARTS_WITH);
 *   a name before a colon that is not a field is text, as Lucene (Conductor's free text) does not refuse it,
 *   so pasted text such as `card declined: insufficient` is searched for its words;
 * - clauses side by side must all hold; `AND` / `OR` (upper-case) join them explicitly, right-nested like
 *   `query`; parentheses group.
 */
import type { SearchExpr } from './ast.js';
import type { SearchFields } from './fields.js';
import { lookupField } from './fields-lookup.js';
import { Scanner } from './scanner.js';
import { fieldValue } from './values.js';

/** `*`: a clause that holds for everything. */
const ALL = 'all';
type Clause = SearchExpr | typeof ALL;

/** The parsed free text; undefined when it matches everything. Throws SearchQueryError. */
export function parseFreeText(input: string, fields: SearchFields): SearchExpr | undefined {
  const scanner = new Scanner(input, 'freeText');
  scanner.skipSpace();
  if (scanner.atEnd()) return undefined;
  const clauses = parseClauses(scanner, fields);
  if (!scanner.atEnd()) scanner.fail('a word, a phrase, field:value or AND/OR');
  return clauses === ALL ? undefined : clauses;
}

function parseClauses(scanner: Scanner, fields: SearchFields): Clause {
  return scanner.nested(() => parseJoinedClauses(scanner, fields));
}

function parseJoinedClauses(scanner: Scanner, fields: SearchFields): Clause {
  const left = parseClause(scanner, fields);
  scanner.skipSpace();
  if (scanner.atEnd() || scanner.peek() === ')') return left;
  // Clauses side by side are joined by AND, as if it were written.
  const kind = scanner.tryWord('OR') ? 'or' : 'and';
  if (kind === 'and') scanner.tryWord('AND');
  scanner.skipSpace();
  const right = parseClauses(scanner, fields);
  if (kind === 'and') return left === ALL ? right : right === ALL ? left : { kind, left, right };
  return left === ALL || right === ALL ? ALL : { kind, left, right };
}

function parseClause(scanner: Scanner, fields: SearchFields): Clause {
  scanner.skipSpace();
  const at = scanner.pos;
  if (scanner.tryChar('(')) {
    const inner = parseClauses(scanner, fields);
    scanner.skipSpace();
    if (!scanner.tryChar(')')) scanner.fail("')'");
    return inner;
  }
  const phrase = scanner.readQuoted();
  if (phrase !== undefined) return textMatch(scanner, phrase, scanner.tryChar('*'), at);

  const name = /^([A-Za-z_][A-Za-z0-9_.]*):/.exec(scanner.input.slice(at))?.[1];
  if (name !== undefined && Object.hasOwn(fields, name)) {
    scanner.pos += name.length + 1;
    return fieldClause(scanner, fields, name, at);
  }

  const word = /^[^\s()"]+/.exec(scanner.input.slice(at))?.[0];
  if (!word || word === 'AND' || word === 'OR') return scanner.fail('a word, a phrase or field:value');
  scanner.pos += word.length;
  if (word === '*') return ALL;
  const prefix = word.endsWith('*');
  return textMatch(scanner, prefix ? word.slice(0, -1) : word, prefix, at);
}

function textMatch(scanner: Scanner, text: string, prefix: boolean, at: number): SearchExpr {
  // The index keeps letters and digits only: text without any would match nothing, or everything.
  if (!/[\p{L}\p{N}]/u.test(text)) throw scanner.error(`'${text}' has no letter or digit to search for`, at);
  return { kind: 'text', text, prefix };
}

function fieldClause(scanner: Scanner, fields: SearchFields, name: string, at: number): SearchExpr {
  const field = lookupField(scanner, fields, name, at);
  const valueAt = scanner.pos;
  const quoted = scanner.readQuoted();
  if (quoted !== undefined) {
    return {
      kind: 'compare',
      field: name,
      op: '=',
      value: fieldValue(scanner, name, field, { quoted }, valueAt),
    };
  }
  const raw = /^[^\s()]+/.exec(scanner.input.slice(valueAt))?.[0];
  if (!raw) return scanner.fail(`a value after '${name}:'`);
  scanner.pos += raw.length;
  if (raw.endsWith('*') && field.type === 'text') {
    const prefix = raw.slice(0, -1);
    return prefix === ''
      ? { kind: 'isNull', field: name, negated: true }
      : { kind: 'startsWith', field: name, prefix };
  }
  return { kind: 'compare', field: name, op: '=', value: fieldValue(scanner, name, field, { raw }, valueAt) };
}
