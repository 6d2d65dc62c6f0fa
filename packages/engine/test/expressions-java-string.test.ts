import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { javaToString } from '../src/expressions/index.js';
import { jsonSmartToString } from '../src/expressions/java-string.js';

void describe('javaToString', () => {
  void it('prints scalars like Java', () => {
    assert.equal(javaToString(null), 'null');
    assert.equal(javaToString(undefined), 'null');
    assert.equal(javaToString('text'), 'text');
    assert.equal(javaToString(true), 'true');
    assert.equal(javaToString(false), 'false');
  });

  void it('prints integers without decimals and fractions like Double.toString', () => {
    assert.equal(javaToString(5), '5');
    assert.equal(javaToString(-42), '-42');
    assert.equal(javaToString(0), '0');
    assert.equal(javaToString(1.5), '1.5');
    assert.equal(javaToString(-0.25), '-0.25');
    assert.equal(javaToString(0.001), '0.001');
    assert.equal(javaToString(0.0001), '1.0E-4');
    assert.equal(javaToString(0.000123), '1.23E-4');
    assert.equal(javaToString(12345678.5), '1.23456785E7');
    assert.equal(javaToString(1.5e300), '1.5E300');
    assert.equal(javaToString(1e21), '1.0E21');
    assert.equal(javaToString(1700000000123), '1700000000123');
    assert.equal(javaToString(Number.NaN), 'NaN');
  });

  void it('prints maps and lists with Java collection toString', () => {
    assert.equal(javaToString({ a: 1, b: 'x' }), '{a=1, b=x}');
    assert.equal(javaToString([1, 'two', null, [3]]), '[1, two, null, [3]]');
    assert.equal(
      javaToString({ nested: { list: [true, 1.5] }, none: null }),
      '{nested={list=[true, 1.5]}, none=null}',
    );
    assert.equal(javaToString({}), '{}');
    assert.equal(javaToString([]), '[]');
  });
});

void describe('jsonSmartToString (how Jayway prints result lists)', () => {
  void it('writes compact JSON and escapes like json-smart', () => {
    assert.equal(jsonSmartToString(['a/b', 'q"x', 1, 2.5, null, true]), '["a\\/b","q\\"x",1,2.5,null,true]');
    assert.equal(jsonSmartToString([{ k: [1] }]), '[{"k":[1]}]');
    assert.equal(jsonSmartToString(['tab\there', '\u0001', '\u2028']), '["tab\\there","\\u0001","\\u2028"]');
  });
});
