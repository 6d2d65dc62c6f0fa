// The nesting limit of JSON (json-depth.ts): where a value goes too deep, at any depth, without recursion.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkJsonDepth, MAX_JSON_DEPTH, tooDeepReason } from '../src/index.js';

/** `levels` maps nested in one another: { a: { a: ... { a: 1 } } }. */
function nestedMaps(levels: number, leaf: unknown = 1): unknown {
  let value = leaf;
  for (let i = 0; i < levels; i++) value = { a: value };
  return value;
}

void describe('checkJsonDepth', () => {
  void it('lets a value through up to the limit and stops it one level deeper', () => {
    assert.equal(checkJsonDepth(nestedMaps(MAX_JSON_DEPTH)), undefined);
    const found = checkJsonDepth(nestedMaps(MAX_JSON_DEPTH + 1));
    assert.equal(found?.maxDepth, MAX_JSON_DEPTH);
    assert.match(found?.path ?? '', /^a\.a\.a\.a\.a\.a\.a\.a\.a\.a…$/);
  });

  void it('counts maps and lists alike and names the path Java-style', () => {
    assert.deepEqual(checkJsonDepth({ a: [[1]] }, 2), { path: 'a[0]', maxDepth: 2 });
    assert.deepEqual(checkJsonDepth({ ok: [1], deep: { 'odd key': [{}] } }, 3), {
      path: 'deep["odd key"][0]',
      maxDepth: 3,
    });
    assert.equal(checkJsonDepth({ a: [[1]] }, 3), undefined);
    assert.equal(checkJsonDepth('text'), undefined);
    assert.equal(checkJsonDepth(null), undefined);
  });

  void it('walks values nested far deeper than the call stack allows', () => {
    let value: unknown = 'leaf';
    for (let i = 0; i < 200_000; i++) value = i % 2 ? { k: value } : [value];
    assert.ok(checkJsonDepth(value));
    assert.equal(checkJsonDepth(value, 300_000), undefined);
  });

  void it('judges a shared value by where it sits in each value that holds it', () => {
    const shared = nestedMaps(MAX_JSON_DEPTH - 2);
    assert.equal(checkJsonDepth({ x: shared }), undefined);
    assert.equal(checkJsonDepth({ x: { y: shared } }), undefined);
    assert.ok(checkJsonDepth({ x: { y: { z: shared } } }));
    assert.ok(checkJsonDepth([[[[shared]]]]));
    assert.equal(checkJsonDepth({ x: shared }), undefined);
    // A lower limit than the default is judged on its own.
    assert.ok(checkJsonDepth({ x: shared }, MAX_JSON_DEPTH - 2));
  });

  void it('keeps the path short whatever the keys', () => {
    const long = 'k'.repeat(10_000);
    let value: unknown = 1;
    for (let i = 0; i < MAX_JSON_DEPTH + 1; i++) value = { [long]: value };
    const path = checkJsonDepth(value)?.path ?? '';
    assert.ok(path.length < 500, `${path.length} characters`);
  });
});

void describe('tooDeepReason', () => {
  void it('says what is too deep, how deep it may be and where', () => {
    assert.equal(tooDeepReason('Task output', { a: 1 }), undefined);
    assert.equal(
      tooDeepReason('Task output', { a: [[1]] }, 2),
      'Task output is nested too deeply: more than 2 levels of maps and lists at a[0]',
    );
  });
});
