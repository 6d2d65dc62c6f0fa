import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { jsonSmartToString } from '../src/expressions/java-string.js';

void describe('jsonSmartToString (how Jayway prints result lists)', () => {
  void it('writes compact JSON and escapes like json-smart', () => {
    assert.equal(jsonSmartToString(['a/b', 'q"x', 1, 2.5, null, true]), '["a\\/b","q\\"x",1,2.5,null,true]');
    assert.equal(jsonSmartToString([{ k: [1] }]), '[{"k":[1]}]');
    assert.equal(jsonSmartToString(['tab\there', '\u0001', '\u2028']), '["tab\\there","\\u0001","\\u2028"]');
  });
});
