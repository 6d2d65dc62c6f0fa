/**
 * Character-level reading shared by the query, free-text and sort parsers: names, quoted strings, numbers and
 * keywords, with errors that name the (1-based) position and what was expected there.
 */
import { SearchQueryError, type SearchParam } from './errors.js';

const nameStart = /[A-Za-z_]/;
const nameChar = /[A-Za-z0-9_.]/;
const numberPattern = /-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/y;

/** What a parameter is called in messages. */
const label: Record<SearchParam, string> = {
  query: 'query',
  freeText: 'free text',
  sort: 'sort',
  classifier: 'classifier',
};

export interface NumberToken {
  value: number;
  /** As written, for text fields given an unquoted value. */
  text: string;
}

/**
 * Parentheses and AND/OR chains (right-nested, parsed recursively) deeper than this are refused, so a query
 * cannot run the parser, or what compiles its tree, out of stack.
 */
export const MAX_QUERY_NESTING = 500;

export class Scanner {
  pos = 0;
  private depth = 0;

  constructor(
    readonly input: string,
    readonly param: SearchParam,
  ) {}

  atEnd(): boolean {
    return this.pos >= this.input.length;
  }

  peek(): string | undefined {
    return this.input[this.pos];
  }

  skipSpace(): void {
    while (this.pos < this.input.length && /\s/.test(this.input[this.pos]!)) this.pos++;
  }

  /** Consumes `text` if it is next. */
  tryChar(text: string): boolean {
    if (!this.input.startsWith(text, this.pos)) return false;
    this.pos += text.length;
    return true;
  }

  /** Consumes the keyword `word` if it is next as a whole word (operators are upper-case, as in Conductor). */
  tryWord(word: string): boolean {
    if (!this.input.startsWith(word, this.pos)) return false;
    const after = this.input[this.pos + word.length];
    if (after !== undefined && nameChar.test(after)) return false;
    this.pos += word.length;
    return true;
  }

  /** A field name: a letter or `_`, then letters, digits, `_` or `.`. */
  readName(): string | undefined {
    if (!nameStart.test(this.peek() ?? '')) return undefined;
    const start = this.pos;
    while (this.pos < this.input.length && nameChar.test(this.input[this.pos]!)) this.pos++;
    return this.input.slice(start, this.pos);
  }

  /** A string in `"` or `'`; a backslash escapes the next character. */
  readQuoted(): string | undefined {
    const quote = this.peek();
    if (quote !== '"' && quote !== "'") return undefined;
    const start = this.pos;
    let value = '';
    for (this.pos++; this.pos < this.input.length; this.pos++) {
      const c = this.input[this.pos]!;
      if (c === quote) {
        this.pos++;
        return value;
      }
      if (c === '\\' && this.pos + 1 < this.input.length) this.pos++;
      value += this.input[this.pos];
    }
    this.pos = start;
    throw this.error(`the string that starts here has no closing ${quote}`, start);
  }

  /** A number as JSON would write it (a leading `.` allowed). */
  readNumber(): NumberToken | undefined {
    numberPattern.lastIndex = this.pos;
    const match = numberPattern.exec(this.input);
    if (!match) return undefined;
    const after = this.input[this.pos + match[0].length];
    if (after !== undefined && nameChar.test(after)) return undefined; // e.g. 12ab is not a number
    this.pos += match[0].length;
    return { value: Number(match[0]), text: match[0] };
  }

  /** Runs `parse` one level deeper in the expression tree (see MAX_QUERY_NESTING). */
  nested<T>(parse: () => T): T {
    if (this.depth >= MAX_QUERY_NESTING) {
      throw this.error(`nested or chained more than ${MAX_QUERY_NESTING} deep`);
    }
    this.depth++;
    try {
      return parse();
    } finally {
      this.depth--;
    }
  }

  /** Throws "expected X but found Y at position N" (`at` defaults to the current position). */
  fail(expected: string, at = this.pos): never {
    throw this.error(`expected ${expected} but found ${this.describe(at)}`, at);
  }

  /** An error at `at` (1-based in the message). */
  error(problem: string, at = this.pos): SearchQueryError {
    return new SearchQueryError(
      this.param,
      `Invalid ${label[this.param]} at position ${at + 1}: ${problem}`,
      this.input,
    );
  }

  /** The word (or character) at `at`, quoted, for messages. */
  describe(at: number): string {
    if (at >= this.input.length) return 'the end';
    const rest = this.input.slice(at);
    const word = /^[^\s(),]+/.exec(rest)?.[0] ?? rest[0]!;
    return `'${word.length > 40 ? `${word.slice(0, 40)}...` : word}'`;
  }
}
