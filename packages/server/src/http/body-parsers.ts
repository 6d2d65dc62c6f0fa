/**
 * How request bodies are read. Conductor's clients are lax: some send an empty body with a JSON content
 * type on void calls, some send JSON without any content type, and task logs arrive as raw `text/plain`
 * strings (Fastify's built-in text parser keeps them as they are).
 */
import { checkJsonDepth, tooDeepMessage } from '@baton/protocol';
import { errorCodes, type FastifyBodyParser, type FastifyInstance } from 'fastify';
import { BadRequestError } from '../errors.js';

export function registerBodyParsers(app: FastifyInstance): void {
  // Fastify's own parser refuses `__proto__` / `constructor.prototype` keys, which guards later merges.
  const strictJson = app.getDefaultJsonParser('error', 'error');

  const jsonOrNothing: FastifyBodyParser<string> = (request, body, done) => {
    // No route takes it: the answer is a 404, whatever the body holds.
    if (body.trim() === '' || request.is404) {
      done(null, undefined);
      return;
    }
    void strictJson(request, body, (error, parsed) => {
      if (error) done(new BadRequestError(describeJsonFailure(body)), undefined);
      else done(tooDeepError(parsed) ?? null, parsed);
    });
  };

  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, jsonOrNothing);
  // '*' is Fastify's fallback: it also receives bodies sent without a content type, which we read as JSON.
  app.addContentTypeParser('*', { parseAs: 'string' }, (request, body, done) => {
    const contentType = request.headers['content-type'];
    if (contentType === undefined || request.is404) jsonOrNothing(request, body.toString(), done);
    else done(new errorCodes.FST_ERR_CTP_INVALID_MEDIA_TYPE(contentType), undefined);
  });
}

/**
 * JSON.parse itself is iterative, but much of what follows a body (validation, expressions, JSON.stringify) may
 * not be: a body nested deeper than MAX_JSON_DEPTH is refused before any of it runs.
 */
function tooDeepError(parsed: unknown): BadRequestError | undefined {
  const found = checkJsonDepth(parsed);
  if (!found) return undefined;
  return new BadRequestError(tooDeepMessage('Request body', found), [
    { path: found.path, message: `must not nest more than ${found.maxDepth} levels of maps and lists` },
  ]);
}

/** Says where the JSON broke; the text goes back to the sender only, never to the log. */
function describeJsonFailure(body: string): string {
  try {
    JSON.parse(body);
    return 'Request body contains a forbidden "__proto__" or "constructor.prototype" key';
  } catch (error) {
    return `Request body is not valid JSON: ${error instanceof Error ? error.message : String(error)}`;
  }
}
