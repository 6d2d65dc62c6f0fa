/**
 * Tells "this server has no such endpoint" apart from "no such workflow/task". The SDK uses it to fall back to
 * older endpoints (update-v2 → POST /api/tasks, execute → start and poll) on servers that predate the newer ones.
 */
import { ConductorError } from '../errors.js';

const NO_ROUTE = /^(No endpoint|No static resource|Not Found$|No handler found)/;

export function isMissingEndpoint(error: unknown): boolean {
  if (!(error instanceof ConductorError)) return false;
  if (error.status === 405) return true;
  if (error.status !== 404) return false;
  // A Conductor "not found" carries its error body (message + retryable); a missing route carries a framework's.
  return NO_ROUTE.test(error.serverMessage) || error.body !== undefined;
}
