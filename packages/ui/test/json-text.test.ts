// JSON typed into the editors: the line of a syntax error, and objects only where objects are needed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lineOfField, parseJsonObject, parseJsonText, syntaxErrorOffset } from '../src/json-text.js';

void test('valid JSON parses', () => {
  assert.deepEqual(parseJsonText('{"a": [1, 2]}'), { ok: true, value: { a: [1, 2] } });
});

void test('a syntax error names its line', () => {
  const parsed = parseJsonText('{\n  "a": 1,\n  "b": oops\n}');
  assert.equal(parsed.ok, false);
  assert.equal(!parsed.ok && parsed.line, 3);
});

void test('start inputs and definitions must be objects', () => {
  assert.equal(parseJsonObject('[1]').ok, false);
  assert.equal(parseJsonObject('null').ok, false);
  assert.equal(parseJsonObject('{}').ok, true);
});

void test('the error line is found at the end, in strings and after a trailing comma too', () => {
  const lineOf = (text: string) => {
    const parsed = parseJsonText(text);
    return parsed.ok ? undefined : parsed.line;
  };
  assert.equal(lineOf('{\n  "a": 1\n'), 3);
  assert.equal(lineOf('{\n  "a": "x\ny"\n}'), 2);
  assert.equal(lineOf('{\n  "a": 1,\n}'), 3);
  assert.equal(lineOf('[1,\n 2]\n x'), 3);
});

void test('the scan accepts what JSON.parse accepts', () => {
  for (const text of ['{"a":[1,-2.5e3,"\\u00e9\\n",true,false,null,{}],"b":{}}', ' 0 ', '"s"', '[]']) {
    JSON.parse(text);
    assert.equal(syntaxErrorOffset(text), undefined, text);
  }
});

void test('a server field path is found on its line, a missing field on its parent object', () => {
  const text = JSON.stringify(
    { name: 'x', tasks: [{ name: 'a', inputParameters: { v: '${nope}' } }, { name: 'b' }] },
    null,
    2,
  );
  const lines = text.split('\n');
  const lineWith = (needle: string) => lines.findIndex((l) => l.includes(needle)) + 1;
  assert.equal(lineOfField(text, 'tasks[0].inputParameters.v'), lineWith('"v"'));
  assert.equal(lineOfField(text, 'tasks[1].name'), lineWith('"b"'));
  // tasks[1] has no taskReferenceName: the mark goes to where tasks[1] begins.
  assert.equal(lineOfField(text, 'tasks[1].taskReferenceName'), lineWith('"b"') - 1);
  assert.equal(lineOfField(text, 'schemaVersion'), 1);
  assert.equal(lineOfField('{ "a": ', 'a'), undefined, 'nothing to point at while the text does not parse');
});
