/** Java's `UUID.nameUUIDFromBytes`: a version-3 (MD5) UUID of a name, without a namespace. Same name, same id. */
import { createHash } from 'node:crypto';

/** @example nameUuid('subworkflow:wf-1:task-7:0') // always the same 8-4-4-4-12 id */
export function nameUuid(name: string): string {
  const bytes = createHash('md5').update(name, 'utf8').digest();
  bytes[6] = (bytes[6]! & 0x0f) | 0x30;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
