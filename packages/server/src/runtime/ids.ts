/**
 * Ids for workflows and tasks: UUIDs (version 7) that start with the creation time in milliseconds. New rows
 * then land at the end of every index keyed by id instead of on a random page each, so a commit writes a few
 * pages rather than one per row and index. They are still ordinary UUIDs to every client.
 */
import { randomUUID } from 'node:crypto';

export function newId(now: number = Date.now()): string {
  // randomUUID() is "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx": keep its random part and variant, replace the first
  // 48 bits with the time and the version nibble with 7 (RFC 9562).
  const time = now.toString(16).padStart(12, '0');
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${randomUUID().slice(15)}`;
}
