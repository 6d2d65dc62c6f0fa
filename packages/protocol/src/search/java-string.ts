/**
 * Java's `toString()` of a JSON value as Jackson reads it (maps are LinkedHashMaps, numbers Integer/Long or
 * Double): `{a=1, b=[x, y], c={d=null}}`. WorkflowSummary and TaskSummary carry input and output this way.
 */

export function javaString(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return javaNumber(value);
  if (typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (Array.isArray(value)) return `[${value.map(javaString).join(', ')}]`;
  // Only objects are left (JSON has nothing else).
  const entries = Object.entries(value as Record<string, unknown>);
  return `{${entries.map(([k, v]) => `${k}=${javaString(v)}`).join(', ')}}`;
}

/** Integers as Long (or BigInteger) print their digits; others as Double.toString: `0.5`, `1.0E7`, `1.5E-4`. */
function javaNumber(n: number): string {
  if (Number.isInteger(n)) return Math.abs(n) < 1e21 ? String(n) : BigInt(n).toString();
  const magnitude = Math.abs(n);
  if (magnitude >= 1e-3 && magnitude < 1e7) return String(n);
  const [mantissa = '', exponent = ''] = n.toExponential().split('e');
  return `${mantissa.includes('.') ? mantissa : `${mantissa}.0`}E${exponent.replace('+', '')}`;
}
