/** Guards for reading untyped JSON. */

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Absent for a required field as Conductor's `@NotEmpty` sees it: undefined, null or an empty string. */
export function isMissing(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}
