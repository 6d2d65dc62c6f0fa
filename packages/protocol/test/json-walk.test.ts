// Iterative walks over JSON values (json-walk.ts): the same results as the obvious recursion, at any depth.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { javaString, jsonPrefix, mapJson, printJson, someJsonLeaf } from '../src/index.js';

/** A value alternating lists and maps, `levels` deep, around `leaf`. */
function deepValue(levels: number, leaf: unknown = 'x'): unknown {
  let value = leaf;
  for (let i = 0; i < levels; i++) value = i % 2 ? { k: value } : [value];
  return value;
}

const DEEPER_THAN_THE_STACK = 100_000;

void describe('mapJson', () => {
  void it('copies maps and lists, maps leaves and keys, and leaves the source alone', () => {
    const source = { a: ['x', 1, { b: 'y', c: null }], d: true };
    const copy = mapJson(
      source,
      (leaf) => (typeof leaf === 'string' ? leaf.toUpperCase() : leaf),
      (key) => `_${key}`,
    );
    assert.deepEqual(copy, { _a: ['X', 1, { _b: 'Y', _c: null }], _d: true });
    assert.deepEqual(source, { a: ['x', 1, { b: 'y', c: null }], d: true });
    assert.equal(
      mapJson('s', (leaf) => `${String(leaf)}!`),
      's!',
    );
  });

  void it('keeps a __proto__ key as data', () => {
    const source = JSON.parse('{"__proto__": {"polluted": true}}') as Record<string, unknown>;
    const copy = mapJson(source, (leaf) => leaf) as Record<string, unknown>;
    assert.ok(Object.hasOwn(copy, '__proto__'));
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  void it('copies a value nested deeper than the call stack allows', () => {
    const copy = mapJson(deepValue(DEEPER_THAN_THE_STACK), (leaf) => `${String(leaf)}!`);
    let inner: unknown = copy;
    for (let i = DEEPER_THAN_THE_STACK - 1; i >= 0; i--) {
      inner = i % 2 ? (inner as { k: unknown }).k : (inner as unknown[])[0];
    }
    assert.equal(inner, 'x!');
  });
});

void describe('someJsonLeaf', () => {
  void it('visits leaves in order and stops when asked', () => {
    const seen: unknown[] = [];
    assert.equal(
      someJsonLeaf({ a: [1, 2], b: { c: 3 }, d: 4 }, (leaf) => {
        seen.push(leaf);
        return leaf === 3;
      }),
      true,
    );
    assert.deepEqual(seen, [1, 2, 3]);
    assert.equal(
      someJsonLeaf(deepValue(DEEPER_THAN_THE_STACK), () => false),
      false,
    );
  });
});

void describe('printJson', () => {
  void it('prints nested values, and deep ones, without recursion', () => {
    const style = { scalar: String, key: (key: string) => `${key}:`, separator: ';' };
    assert.equal(printJson({ a: [1, { b: 2 }], c: [] }, style), '{a:[1;{b:2}];c:[]}');
    assert.equal(printJson(7, style), '7');
    const text = javaString(deepValue(DEEPER_THAN_THE_STACK));
    assert.equal(text.length, DEEPER_THAN_THE_STACK * 2 + 1 + (DEEPER_THAN_THE_STACK / 2) * 2);
    assert.ok(text.startsWith('{k=[{k=[') && text.endsWith(']}]}'));
  });
});

void describe('jsonPrefix', () => {
  void it('is the start of JSON.stringify, whatever the cut', () => {
    const value = {
      'k"ey': ['a\\b"c\n', 'x😀y😀', 1.5, -0, 1e21, null, true, { e: {}, l: [] }],
      long: 'é😀'.repeat(20),
    };
    const full = JSON.stringify(value);
    for (let n = 0; n <= full.length + 2; n++)
      assert.equal(jsonPrefix(value, n), full.slice(0, n), `cut at ${n}`);
  });

  void it('is exact where escapes lengthen a long string', () => {
    // A string of a million characters, every one escaped: the prefix is still exact.
    const value = { blob: '"'.repeat(1_000_000) };
    assert.equal(jsonPrefix(value, 20), JSON.stringify(value).slice(0, 20));
  });
});
