/** The parsed stored payloads kept by path: bounded by their JSON bytes, the least recently used going first. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LoadedPayloads } from '../src/payloads/loaded-payloads.js';

void test('payloads are kept within their byte budget, the least recently used dropped first', () => {
  const loaded = new LoadedPayloads(100);
  const [a, b, c] = [{ a: 1 }, { b: 2 }, { c: 3 }];
  loaded.set('a', a, 40);
  loaded.set('b', b, 40);
  assert.equal(loaded.get('a'), a); // a is now the most recently used
  loaded.set('c', c, 40); // 120 bytes: b goes
  assert.equal(loaded.get('b'), undefined);
  assert.equal(loaded.get('a'), a);
  assert.equal(loaded.get('c'), c);
  // Kept again under its path, a payload's bytes count once.
  loaded.set('c', c, 40);
  assert.equal(loaded.get('a'), a);
});

void test('a payload larger than the whole budget is not kept, and drops nothing', () => {
  const loaded = new LoadedPayloads(100);
  const small = { s: 1 };
  loaded.set('small', small, 10);
  loaded.set('huge', { h: 1 }, 101);
  assert.equal(loaded.get('huge'), undefined);
  assert.equal(loaded.get('small'), small);
});
