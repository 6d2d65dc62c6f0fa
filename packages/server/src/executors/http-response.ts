/** Shapes an HTTP response into the HTTP task's `response` output (§5 HTTP). */
import { STATUS_CODES } from 'node:http';
import { checkJsonDepth, MAX_JSON_DEPTH, type JsonObject } from '@baton/protocol';

/** The body sits two levels down in the task output (`response.body`), which is held to MAX_JSON_DEPTH. */
const BODY_DEPTH = MAX_JSON_DEPTH - 2;

/** `{statusCode, headers: {name: [values]}, body, reasonPhrase}`. */
export function responseOutput(
  statusCode: number,
  headers: Record<string, string | string[] | undefined>,
  bodyText: string,
): JsonObject {
  const headerLists: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) headerLists[name] = Array.isArray(value) ? value : [value];
  }
  return {
    statusCode,
    headers: headerLists,
    body: parseBody(bodyText),
    reasonPhrase: STATUS_CODES[statusCode] ?? '',
  };
}

/** Like Conductor: a JSON object, array or number is parsed; anything else (text, `true`, `"s"`) stays text. */
export function parseBody(text: string): unknown {
  if (text === '') return null;
  const trimmed = text.trim();
  const first = trimmed[0];
  if (
    first === '{' ||
    first === '[' ||
    first === '-' ||
    (first !== undefined && first >= '0' && first <= '9')
  ) {
    try {
      const value: unknown = JSON.parse(trimmed);
      // Too deep to store as the output's `response.body`, it stays text, as Jackson's refusal leaves it in Conductor.
      if (typeof value === 'object' ? !checkJsonDepth(value, BODY_DEPTH) : typeof value === 'number')
        return value;
    } catch {
      // Not JSON after all: keep the text.
    }
  }
  return text;
}
