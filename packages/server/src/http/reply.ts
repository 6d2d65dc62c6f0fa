/**
 * The wire conventions of §0 that differ from "send JSON": plain-text ids, empty 200s and 204s.
 * Model objects never hold nulls (absent fields are undefined), so JSON replies need no null stripping.
 */
import type { FastifyReply } from 'fastify';

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
