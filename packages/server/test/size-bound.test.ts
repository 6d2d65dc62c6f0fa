/** The bound on a payload's JSON size that spares serializing small payloads to measure them. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { jsonBytesBound } from '../src/payloads/size-bound.js';

const bytesOf = (value: unknown): number => Buffer.byteLength(JSON.stringify(value));

void test('the bound is never below the JSON bytes, whatever the characters, escapes and numbers', () => {
  const values: unknown[] = [
    {},
    [],
    '',
    'plain',
    { quote: '"', backslash: '\\', newline: '\n', control: '\u0001', nul: '\u0000' },
    { accents: 'éàü', cjk: '漢字テキスト', emoji: '🎉🚀', lone: '\ud800' },
    { 'clé "échappée"\n': 'v' },
    { numbers: [0, -1, 1e21, -1.7976931348623157e308, 5e-324, 0.1 + 0.2, NaN, Infinity] },
    { flags: [true, false, null], skipped: undefined, fn: () => 1 },
    [undefined, () => 1, Symbol('s')],
    new Array<number>(5), // holes print as null
    { nested: { deeper: [{ a: [[['x']]] }, { b: { c: { d: 'e' } } }] } },
    { map: new Map([['k', 'v']]), set: new Set([1]) }, // print as {}
  ];
  for (const value of values) {
    const bound = jsonBytesBound(value, Number.MAX_SAFE_INTEGER);
    assert.ok(bound >= bytesOf(value), `${JSON.stringify(value)}: bound ${bound} < ${bytesOf(value)}`);
  }
  // Six bytes per UTF-16 unit is reached: control characters print as \u escapes.
  const controls = '\u0001'.repeat(100);
  assert.equal(bytesOf(controls), 602);
  assert.ok(jsonBytesBound(controls, Infinity) >= 602);
});

void test('a small payload is bounded far below a threshold, a large one passes it and the walk stops there', () => {
  const small = { greeting: 'hello', count: 3, tags: ['a', 'b'], nested: { ok: true } };
  assert.ok(jsonBytesBound(small, 3 * 1024 * 1024) < 1024);
  const large = { items: Array.from({ length: 50_000 }, (_, i) => ({ id: i, name: `item ${i}` })) };
  const stopAbove = 64 * 1024;
  const bound = jsonBytesBound(large, stopAbove);
  assert.ok(bound > stopAbove);
  // It stopped soon after passing the limit instead of walking all 50,000 items.
  assert.ok(bound < stopAbove + 100, `bound ${bound}`);
});

void test('what it cannot bound without serializing is Infinity: a toJSON, a bigint, a list too wide to walk', () => {
  assert.equal(jsonBytesBound({ at: new Date(0) }, 1024), Infinity);
  assert.equal(jsonBytesBound({ custom: { toJSON: () => 'x'.repeat(10_000) } }, 1024), Infinity);
  assert.equal(jsonBytesBound({ big: 1n }, 1024), Infinity);
  assert.equal(jsonBytesBound({ wide: new Array<number>(100_000).fill(1) }, 10 * 1024 * 1024), Infinity);
  // The walk's stack is left empty either way: the next call is not disturbed.
  assert.equal(jsonBytesBound({ a: 'x' }, 1024), jsonBytesBound({ a: 'x' }, 1024));
});
