/** JSON typed by a person: parse it and say on which line it went wrong. */

export type ParsedJson = { ok: true; value: unknown } | { ok: false; message: string; line?: number };

export function parseJsonText(text: string): ParsedJson {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const offset = syntaxErrorOffset(text);
    return {
      ok: false,
      message,
      line: offset === undefined ? undefined : text.slice(0, offset).split('\n').length,
    };
  }
}

/** A JSON object (not an array or a scalar), as start inputs and definitions must be. */
export function parseJsonObject(text: string): ParsedJson {
  const parsed = parseJsonText(text);
  if (
    parsed.ok &&
    (parsed.value === null || typeof parsed.value !== 'object' || Array.isArray(parsed.value))
  ) {
    return { ok: false, message: 'Expected a JSON object ({ ... })', line: 1 };
  }
  return parsed;
}

/** Where the JSON grammar first breaks (undefined when the text is valid JSON). */
export function syntaxErrorOffset(text: string): number | undefined {
  return scanJson(text).errorOffset;
}

/**
 * The line a server field path (`tasks[0].inputParameters.a`) is written on; a missing field is reported on
 * the line of the nearest object that should hold it. Undefined while the text does not parse.
 */
export function lineOfField(text: string, path: string): number | undefined {
  const { errorOffset, fields } = scanJson(text);
  if (errorOffset !== undefined) return undefined;
  for (let p = path; ; p = parentPath(p)) {
    const offset = fields.get(p);
    if (offset !== undefined) return text.slice(0, offset).split('\n').length;
    if (p === '') return undefined;
  }
}

/** `a.b[0].c` → `a.b[0]` → `a.b` → `a` → ``. */
function parentPath(path: string): string {
  const cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
  return cut <= 0 ? '' : path.slice(0, cut);
}

interface JsonScan {
  errorOffset?: number;
  /** Field path (as the server writes it) → offset of its key, or of the element in a list. */
  fields: Map<string, number>;
}

/**
 * A check-only walk over JSON text. Engines word (and place) their JSON.parse errors differently, some
 * without any position, so the editor finds the spot itself, and learns where each field sits on the way.
 */
function scanJson(text: string): JsonScan {
  const fields = new Map<string, number>();
  let i = 0;
  const fail = (): never => {
    throw new SyntaxAt(i);
  };
  const space = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const expect = (literal: string): void => {
    for (const ch of literal) {
      if (text[i] !== ch) fail();
      i++;
    }
  };
  const string = (): string => {
    const start = i;
    expect('"');
    while (text[i] !== '"') {
      if (i >= text.length || text.charCodeAt(i) < 0x20) fail();
      if (text[i] === '\\') {
        i++;
        if (text[i] === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) fail();
          i += 4;
        } else if (!'"\\/bfnrt'.includes(text[i] ?? 'x')) fail();
      }
      i++;
    }
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const number = (): void => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (!match) fail();
    i += match![0].length;
  };
  const list = (close: string, item: (index: number) => void): void => {
    i++;
    space();
    if (text[i] === close) {
      i++;
      return;
    }
    for (let index = 0; ; index++) {
      item(index);
      space();
      if (text[i] === close) {
        i++;
        return;
      }
      expect(',');
      space();
    }
  };
  const value = (path: string): void => {
    space();
    if (!fields.has(path)) fields.set(path, i);
    const ch = text[i];
    if (ch === '{') {
      list('}', () => {
        const at = i;
        const key = string();
        const child = path === '' ? key : `${path}.${key}`;
        fields.set(child, at);
        space();
        expect(':');
        value(child);
      });
    } else if (ch === '[') list(']', (index) => value(`${path}[${index}]`));
    else if (ch === '"') string();
    else if (ch === 't') expect('true');
    else if (ch === 'f') expect('false');
    else if (ch === 'n') expect('null');
    else number();
  };
  try {
    value('');
    space();
    if (i < text.length) fail();
    return { fields };
  } catch (error) {
    if (error instanceof SyntaxAt) return { errorOffset: Math.min(error.offset, text.length), fields };
    throw error;
  }
}

class SyntaxAt extends Error {
  constructor(readonly offset: number) {
    super(`JSON syntax error at ${offset}`);
  }
}
