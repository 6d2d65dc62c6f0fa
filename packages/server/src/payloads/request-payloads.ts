/**
 * Which request bodies carry payloads, and where: a large body is parsed off the event loop, and its payloads are
 * measured (and, when large, serialized for storing) there too, so the loop does neither again; which strings of
 * a body are kept only in part, cut there too.
 */
import { MAX_TASK_REASON_LENGTH } from '@baton/engine';
import { LARGE_PAYLOAD_CHARS } from '@baton/store';
import type { PayloadPart, StringCap } from '../http/json-body-protocol.js';
import type { PayloadLimits, PayloadType } from './payload-limits.js';

type BodyPayloads = ReadonlyArray<readonly [field: string | undefined, type: PayloadType]>;

/** By `METHOD route pattern`; no field: the body itself is the payload. */
const BODY_PAYLOADS: Readonly<Record<string, BodyPayloads>> = {
  'POST /api/tasks': [['outputData', 'TASK_OUTPUT']],
  'POST /api/tasks/update-v2': [['outputData', 'TASK_OUTPUT']],
  'POST /api/tasks/:workflowId/:taskRefName/:status': [[undefined, 'TASK_OUTPUT']],
  'POST /api/tasks/:workflowId/:taskRefName/:status/sync': [[undefined, 'TASK_OUTPUT']],
  'POST /api/workflow': [['input', 'WORKFLOW_INPUT']],
  'POST /api/workflow/:name': [[undefined, 'WORKFLOW_INPUT']],
};

/** The parts of a body to `method` `route` that are payloads, each with its type's threshold in bytes. */
export function bodyPayloadParts(
  method: string,
  route: string | undefined,
  limits: PayloadLimits,
): PayloadPart[] {
  const parts = BODY_PAYLOADS[`${method} ${route ?? ''}`] ?? [];
  return parts.map(([field, type]) => ({
    ...(field !== undefined && { field }),
    keepAbove: limits[type].thresholdKB * 1024,
    textFrom: LARGE_PAYLOAD_CHARS,
  }));
}

/** Conductor's TaskResult keeps the first 500 characters of its reason; the decider cuts it the same way. */
const TASK_RESULT_CAPS: readonly StringCap[] = [
  { field: 'reasonForIncompletion', maxChars: MAX_TASK_REASON_LENGTH },
];
const BODY_STRING_CAPS: Readonly<Record<string, readonly StringCap[]>> = {
  'POST /api/tasks': TASK_RESULT_CAPS,
  'POST /api/tasks/update-v2': TASK_RESULT_CAPS,
};

/** The top-level strings of a body to `method` `route` kept only in part, cut as the body is read. */
export function bodyStringCaps(method: string, route: string | undefined): readonly StringCap[] {
  return BODY_STRING_CAPS[`${method} ${route ?? ''}`] ?? [];
}
