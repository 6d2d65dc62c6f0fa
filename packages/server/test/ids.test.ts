/** Workflow and task ids: RFC 9562 version-7 UUIDs, ordered by creation time. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newId } from '../src/runtime/ids.js';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

void test('ids are version-7 UUIDs whose first 48 bits are the time in ms', () => {
  const at = Date.UTC(2026, 10, 22, 12, 0, 0, 123);
  const id = newId(at);
  assert.match(id, UUID_V7);
  assert.equal(parseInt(id.slice(0, 8) + id.slice(9, 13), 16), at);
});

void test('ids of later times sort after earlier ones, and ids of one millisecond differ', () => {
  const ids = [newId(1_000), newId(1_001), newId(2_000_000_000_000)];
  assert.deepEqual([...ids].sort(), ids);
  const sameMs = new Set(Array.from({ length: 1000 }, () => newId(5_000)));
  assert.equal(sameMs.size, 1000);
});
