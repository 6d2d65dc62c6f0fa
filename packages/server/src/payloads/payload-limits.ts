/**
 * Conductor's payload size limits (`conductor.app.*PayloadSizeThreshold`): above a type's threshold a payload is
 * stored outside the execution row; above its hard limit the task fails (FAILED_WITH_TERMINAL_ERROR) or the
 * workflow start is refused. The defaults are Conductor OSS's.
 */

export const PayloadType = {
  WORKFLOW_INPUT: 'WORKFLOW_INPUT',
  WORKFLOW_OUTPUT: 'WORKFLOW_OUTPUT',
  TASK_INPUT: 'TASK_INPUT',
  TASK_OUTPUT: 'TASK_OUTPUT',
} as const;
export type PayloadType = keyof typeof PayloadType;

export interface PayloadLimit {
  /** Above this many KB (1024 bytes) of JSON the payload is stored externally. */
  thresholdKB: number;
  /** Above this many KB the payload is refused. */
  maxKB: number;
}

export type PayloadLimits = Record<PayloadType, PayloadLimit>;

export const CONDUCTOR_PAYLOAD_LIMITS: PayloadLimits = {
  WORKFLOW_INPUT: { thresholdKB: 5120, maxKB: 10240 },
  WORKFLOW_OUTPUT: { thresholdKB: 5120, maxKB: 10240 },
  TASK_INPUT: { thresholdKB: 3072, maxKB: 10240 },
  TASK_OUTPUT: { thresholdKB: 3072, maxKB: 10240 },
};

/** Conductor's property names, without the `conductor.app.` prefix, for each limit. */
const PROPERTIES: Record<string, [PayloadType, keyof PayloadLimit]> = {
  workflowInputPayloadSizeThreshold: ['WORKFLOW_INPUT', 'thresholdKB'],
  maxWorkflowInputPayloadSizeThreshold: ['WORKFLOW_INPUT', 'maxKB'],
  workflowOutputPayloadSizeThreshold: ['WORKFLOW_OUTPUT', 'thresholdKB'],
  maxWorkflowOutputPayloadSizeThreshold: ['WORKFLOW_OUTPUT', 'maxKB'],
  taskInputPayloadSizeThreshold: ['TASK_INPUT', 'thresholdKB'],
  maxTaskInputPayloadSizeThreshold: ['TASK_INPUT', 'maxKB'],
  taskOutputPayloadSizeThreshold: ['TASK_OUTPUT', 'thresholdKB'],
  maxTaskOutputPayloadSizeThreshold: ['TASK_OUTPUT', 'maxKB'],
};

/** Spring's DataSize: a number with an optional unit (B, KB, MB, GB); a bare number means KB here. */
const DATA_SIZE = /^(\d+)\s*(B|KB|MB|GB)?$/i;
const UNIT_KB: Record<string, number> = { B: 1 / 1024, KB: 1, MB: 1024, GB: 1024 * 1024 };

/**
 * The limits with Conductor-named overrides applied, e.g.
 * `{ 'conductor.app.taskOutputPayloadSizeThreshold': '1MB' }` (the prefix is optional). Throws on an unknown name
 * or a value that is not a size.
 */
export function payloadLimits(overrides: Readonly<Record<string, string | number>> = {}): PayloadLimits {
  const limits: PayloadLimits = structuredClone(CONDUCTOR_PAYLOAD_LIMITS);
  for (const [name, raw] of Object.entries(overrides)) {
    const target = PROPERTIES[name.replace(/^conductor\.app\./, '')];
    if (!target) throw new Error(`Unknown payload size property "${name}"`);
    const match = DATA_SIZE.exec(String(raw).trim());
    if (!match)
      throw new Error(`Payload size property "${name}" must be a size like 3072KB or 10MB, not "${raw}"`);
    const [type, field] = target;
    limits[type][field] = Number(match[1]) * (UNIT_KB[(match[2] ?? 'KB').toUpperCase()] ?? 1);
  }
  return limits;
}

/** The limits by their Conductor property names (`conductor.app.…`, in KB), as `GET /api/admin/config` lists them. */
export function payloadLimitProperties(limits: PayloadLimits): Record<string, string> {
  return Object.fromEntries(
    Object.entries(PROPERTIES).map(([name, [type, field]]) => [
      `conductor.app.${name}`,
      `${limits[type][field]}KB`,
    ]),
  );
}
