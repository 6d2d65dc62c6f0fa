/**
 * The wire conventions of §0 that differ from "send JSON": plain-text ids, empty 200s and 204s.
 * Model objects never hold nulls (absent fields are undefined), so JSON replies need no null stripping.
 */
import { Readable } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { JsonPieces } from '@baton/store';
import type { FastifyReply } from 'fastify';

/** Characters of pieced JSON gathered before the answer is streamed instead of sent in one go. */
const STREAM_ABOVE = 1024 * 1024;

/** A raw string such as a workflow id, as `text/plain` (not a JSON string). */
export function sendText(reply: FastifyReply, text: string): FastifyReply {
  return reply.code(200).type('text/plain; charset=utf-8').send(text);
}

/** 200 with an empty body: Conductor's void endpoints (create, update, delete, pause ...). */
export function sendEmpty(reply: FastifyReply): FastifyReply {
  return reply.code(200).send();
}

/** 204 No Content: restart, retry, resetcallbacks, and "nothing to poll". */
export function sendNoContent(reply: FastifyReply): FastifyReply {
  return reply.code(204).send();
}

/** A JSON object whose values are pieced JSON, each made (read) when the answer gets to it. */
export async function* objectOfPieces(
  entries: ReadonlyArray<readonly [key: string, value: () => Promise<JsonPieces>]>,
): JsonPieces {
  yield '{';
  for (const [index, [key, value]] of entries.entries()) {
    yield `${index > 0 ? ',' : ''}${JSON.stringify(key)}:`;
    yield* await value();
  }
  yield '}';
}

/**
 * JSON text the store gives in pieces (stored documents passed through unparsed): a small answer is sent in one
 * go; a large one is streamed, each piece read when the socket has taken the previous ones, so neither the
 * event loop nor memory holds more than a piece at a time.
 */
export async function sendJsonPieces(reply: FastifyReply, pieces: JsonPieces): Promise<FastifyReply> {
  reply.code(200).type('application/json; charset=utf-8');
  const rest = pieces[Symbol.asyncIterator]();
  const head: string[] = [];
  let length = 0;
  while (length <= STREAM_ABOVE) {
    const next = await rest.next();
    if (next.done === true) return reply.send(head.join(''));
    head.push(next.value);
    length += next.value.length;
  }
  // A socket may take a piece at once and ask for the next in the same turn: after each MB the loop gets one.
  async function* all(): AsyncGenerator<string> {
    yield* head;
    let sinceTurn = 0;
    for (let next = await rest.next(); next.done !== true; next = await rest.next()) {
      yield next.value;
      sinceTurn += next.value.length;
      if (sinceTurn >= STREAM_ABOVE) {
        sinceTurn = 0;
        await nextTurn();
      }
    }
  }
  return reply.send(Readable.from(all(), { objectMode: false }));
}
