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

/**
 * Where the JSON grammar first breaks. Engines word (and place) their JSON.parse errors differently, some
 * without any position, so the editor finds the spot itself: a scan that only checks, never builds values.
 */
export function syntaxErrorOffset(text: string): number | undefined {
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
  const string = (): void => {
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
  };
  const number = (): void => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (!match || match[0] === '' || match[0] === '-') fail();
    i += match![0].length;
  };
  const list = (close: string, item: () => void): void => {
    i++;
    space();
    if (text[i] === close) {
      i++;
      return;
    }
    for (;;) {
      item();
      space();
      if (text[i] === close) {
        i++;
        return;
      }
      expect(',');
      space();
    }
  };
  const value = (): void => {
    space();
    const ch = text[i];
    if (ch === '{') {
      list('}', () => {
        string();
        space();
        expect(':');
        value();
      });
    } else if (ch === '[') list(']', value);
    else if (ch === '"') string();
    else if (ch === 't') expect('true');
    else if (ch === 'f') expect('false');
    else if (ch === 'n') expect('null');
    else number();
  };
  try {
    value();
    space();
    if (i < text.length) fail();
    return undefined;
  } catch (error) {
    if (error instanceof SyntaxAt) return Math.min(error.offset, text.length);
    throw error;
  }
}

class SyntaxAt extends Error {
  constructor(readonly offset: number) {
    super(`JSON syntax error at ${offset}`);
  }
}
