// Java's toString of JSON values (one implementation for the engine's `${...}` text and the search summaries).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { javaNumberString, javaString, javaStringPrefix, summaryPayload } from '../src/index.js';

void describe('javaString', () => {
  void it('prints scalars like Java', () => {
    assert.equal(javaString(null), 'null');
    assert.equal(javaString(undefined), 'null');
    assert.equal(javaString('text'), 'text');
    assert.equal(javaString(true), 'true');
    assert.equal(javaString(false), 'false');
  });

  void it('prints maps and lists with Java collection toString', () => {
    assert.equal(javaString({}), '{}');
    assert.equal(javaString([]), '[]');
    assert.equal(
      javaString({ a: 1, b: ['x', 'y'], c: { d: null }, e: true, f: 'two words' }),
      '{a=1, b=[x, y], c={d=null}, e=true, f=two words}',
    );
    assert.equal(javaString([1, 'two', null, [3, 1.5]]), '[1, two, null, [3, 1.5]]');
  });
});

void describe('javaStringPrefix', () => {
  void it('is the start of javaString, whole when it fits', () => {
    const value = { a: 1, b: ['x', 'y'], c: { d: null } };
    const full = javaString(value);
    for (let n = 0; n <= full.length + 2; n++) assert.equal(javaStringPrefix(value, n), full.slice(0, n));
  });

  void it('summaries cut a long payload and mark the cut', () => {
    const cut = summaryPayload({ blob: 'x'.repeat(1_000_000) });
    assert.equal(cut.length, 8192);
    assert.ok(cut.startsWith('{blob=xxx') && cut.endsWith('...'));
    assert.equal(summaryPayload({ a: 1 }), '{a=1}');
    assert.equal(summaryPayload(undefined), '{}');
  });
});

void describe('javaNumberString', () => {
  void it('prints integers JSON carries as digits as Long does, however large', () => {
    assert.equal(javaNumberString(5), '5');
    assert.equal(javaNumberString(-42), '-42');
    assert.equal(javaNumberString(0), '0');
    assert.equal(javaNumberString(1700000000123), '1700000000123');
    assert.equal(javaNumberString(2 ** 53 + 2), '9007199254740994');
    // JSON.stringify writes -2^63 as -9223372036854776000, which Jackson reads as a BigInteger.
    assert.equal(javaNumberString(-(2 ** 63)), '-9223372036854776000');
    assert.equal(javaNumberString(1e20), '100000000000000000000');
    // Integer-valued doubles: JSON.stringify writes `10000000` and `0`, which Jackson reads as Long.
    assert.equal(javaNumberString(1e7), '10000000');
    assert.equal(javaNumberString(2.0), '2');
    assert.equal(javaNumberString(-0), '0');
  });

  void it('prints fractions like Double.toString', () => {
    assert.equal(javaNumberString(1.5), '1.5');
    assert.equal(javaNumberString(-0.25), '-0.25');
    assert.equal(javaNumberString(1e-3), '0.001');
    assert.equal(javaNumberString(3e-3), '0.003');
    assert.equal(javaNumberString(9.99e-4), '9.99E-4');
    assert.equal(javaNumberString(1e-4), '1.0E-4');
    assert.equal(javaNumberString(1.5e-7), '1.5E-7');
    assert.equal(javaNumberString(9999999.5), '9999999.5');
    assert.equal(javaNumberString(12345678.5), '1.23456785E7');
    assert.equal(javaNumberString(0.1 + 0.2), '0.30000000000000004');
    assert.equal(javaNumberString(Number.MIN_VALUE), '4.9E-324');
  });

  void it('prints what JSON.stringify writes in exponent form (1e21 and up) as a Double', () => {
    assert.equal(javaNumberString(1e21), '1.0E21');
    assert.equal(javaNumberString(-1.5e300), '-1.5E300');
    assert.equal(javaNumberString(Number.MAX_VALUE), '1.7976931348623157E308');
  });

  void it('prints NaN and the infinities as Java does', () => {
    assert.equal(javaNumberString(Number.NaN), 'NaN');
    assert.equal(javaNumberString(Infinity), 'Infinity');
    assert.equal(javaNumberString(-Infinity), '-Infinity');
  });
});
