import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { buildExpressionContext, resolveParameters } from '../src/expressions/index.js';
import { makeTask, makeWorkflow } from './expressions-fixtures.js';

const input = {
  name: 'Ada',
  count: 5,
  ratio: 1.5,
  flag: true,
  nothing: null,
  obj: { a: 1, b: 'x' },
  list: [1, 2],
  items: [
    { id: 'p1', qty: 1, tags: ['red'] },
    { id: 'p2', qty: 3, tags: ['blue', 'green'] },
  ],
  'weird-key': 'odd',
  refName: 'fetch',
  escaped: '$${literal}',
};

const workflow = makeWorkflow({ correlationId: 'corr-9' }, input);
workflow.tasks = [
  makeTask('fetch', {
    seq: 1,
    outputData: { result: { rows: [{ v: 10 }, { v: 20 }], meta: { name: 'inner' } }, 'a.b': 'dotted' },
  }),
];
const ctx = buildExpressionContext(workflow, { taskId: 'task-42' });
const resolve = (value: unknown) => resolveParameters(value, ctx);

void describe('whole-string expressions keep the value type', () => {
  void it('substitutes objects, arrays, numbers, booleans and null as they are', () => {
    assert.deepEqual(resolve('${workflow.input.obj}'), { a: 1, b: 'x' });
    assert.deepEqual(resolve('${workflow.input.list}'), [1, 2]);
    assert.equal(resolve('${workflow.input.count}'), 5);
    assert.equal(resolve('${workflow.input.ratio}'), 1.5);
    assert.equal(resolve('${workflow.input.flag}'), true);
    assert.equal(resolve('${workflow.input.nothing}'), null);
  });

  void it('gives null for a missing path, a path through a non-object and an out-of-range index', () => {
    assert.equal(resolve('${workflow.input.absent}'), null);
    assert.equal(resolve('${workflow.input.name.first}'), null);
    assert.equal(resolve('${workflow.input.list[5]}'), null);
    assert.equal(resolve('${workflow.input.obj[0]}'), null);
    assert.equal(resolve('${unknownTask.output.x}'), null);
    assert.equal(resolve('${workflow.input.bad name}'), null);
  });

  void it('returns the stored value itself, not a copy (stored values are never mutated)', () => {
    assert.equal(resolve('${workflow.input.obj}'), workflow.input.obj);
    assert.equal(resolve('${workflow.input.items}'), workflow.input.items);
  });
});

void describe('embedded expressions are stringified like Java', () => {
  void it('formats numbers, booleans and strings', () => {
    assert.equal(resolve('n=${workflow.input.count}, r=${workflow.input.ratio}'), 'n=5, r=1.5');
    assert.equal(resolve('hi ${workflow.input.name}! ${workflow.input.flag}'), 'hi Ada! true');
  });

  void it('formats maps and lists with Java toString, not JSON', () => {
    assert.equal(resolve('o=${workflow.input.obj}'), 'o={a=1, b=x}');
    assert.equal(resolve('l=${workflow.input.list}'), 'l=[1, 2]');
    assert.equal(resolve('i=${workflow.input.items[1]}'), 'i={id=p2, qty=3, tags=[blue, green]}');
  });

  void it('writes null for null and missing values', () => {
    assert.equal(resolve('a=${workflow.input.nothing} b=${workflow.input.absent}'), 'a=null b=null');
  });

  void it('concatenates adjacent expressions', () => {
    assert.equal(resolve('${workflow.input.name}${workflow.input.count}'), 'Ada5');
  });
});

void describe('path language', () => {
  void it('walks deep dotted paths and indexes', () => {
    assert.equal(resolve('${fetch.output.result.rows[1].v}'), 20);
    assert.equal(resolve('${fetch.output.result.meta.name}'), 'inner');
    assert.equal(resolve('${workflow.input.list[0]}'), 1);
    assert.equal(resolve('${workflow.input.list[-1]}'), 2);
  });

  void it('reads bracket-quoted keys: [\'weird-key\'], ["k"] and keys containing dots', () => {
    assert.equal(resolve("${workflow.input['weird-key']}"), 'odd');
    assert.equal(resolve('${workflow.input["weird-key"]}'), 'odd');
    assert.equal(resolve("${fetch.output['a.b']}"), 'dotted');
    assert.equal(resolve("${['workflow']['input'].name}"), 'Ada');
    assert.equal(resolve('${$.workflow.input.name}'), 'Ada');
    assert.equal(resolve('${ workflow.input.name }'), 'Ada');
  });

  void it('returns a list for wildcards, even with a single match or none', () => {
    assert.deepEqual(resolve('${workflow.input.items[*].id}'), ['p1', 'p2']);
    assert.deepEqual(resolve('${workflow.input.items[*].qty}'), [1, 3]);
    assert.deepEqual(resolve('${workflow.input.list[*]}'), [1, 2]);
    assert.deepEqual(resolve('${workflow.input.absent[*]}'), []);
  });

  void it('deep-scans with ..', () => {
    assert.deepEqual(resolve('${fetch.output..v}'), [10, 20]);
    assert.deepEqual(resolve('${workflow.input..tags[0]}'), ['red', 'blue']);
  });

  void it('filters with Jayway semantics: strict equality and $ as the document root', () => {
    assert.deepEqual(resolve('${workflow.input.items[?(@.qty==3)].id}'), ['p2']);
    assert.deepEqual(resolve("${workflow.input.items[?(@.id == 'p1')].qty}"), [1]);
    assert.deepEqual(resolve("${workflow.input.items[?(@.qty == '3')].id}"), []);
    assert.deepEqual(resolve("${workflow.input.items[?(@.qty != '3')].id}"), ['p1', 'p2']);
    assert.deepEqual(resolve('${workflow.input.items[?(@.qty > $.workflow.input.list[0])].id}'), ['p2']);
  });

  void it('computes .length() of arrays, strings and maps', () => {
    assert.equal(resolve('${workflow.input.items.length()}'), 2);
    assert.equal(resolve('${workflow.input.name.length()}'), 3);
    assert.equal(resolve('${workflow.input.obj.length()}'), 2);
    assert.equal(resolve('${workflow.input.count.length()}'), null);
    assert.equal(resolve('${workflow.input.absent.length()}'), null);
    assert.deepEqual(resolve('${workflow.input.items[*].tags.length()}'), [1, 2]);
    assert.equal(resolve('size ${workflow.input.list.length()}'), 'size 2');
    assert.equal(resolve('${workflow.input.list.noSuchFunction()}'), null);
  });

  void it('gives null for a malformed path instead of throwing', () => {
    assert.equal(resolve('${workflow.input.items[?(@.qty ==]}'), null);
    assert.equal(resolve('${workflow..}'), null);
    assert.equal(resolve('x ${workflow.input[}'), 'x null');
    assert.equal(resolve("${workflow.input['name}"), null);
    assert.equal(resolve('${workflow.input.items[?(@.qty > 1]}'), null);
  });

  void it('does not read inherited properties', () => {
    assert.equal(resolve('${workflow.input.constructor}'), null);
    assert.equal(resolve('${workflow.input.list.length}'), null);
    assert.equal(resolve('${toString}'), null);
  });

  void it('stringifies embedded result lists the way Jayway prints them (compact JSON)', () => {
    assert.equal(resolve('ids=${workflow.input.items[*].id}'), 'ids=["p1","p2"]');
    assert.equal(resolve('q=${workflow.input.items[*].qty}'), 'q=[1,3]');
  });
});

void describe('special syntax', () => {
  void it('resolves nested expressions from the inside out', () => {
    assert.deepEqual(resolve('${${workflow.input.refName}.output.result.meta}'), { name: 'inner' });
    assert.equal(resolve('v=${${workflow.input.refName}.output.result.rows[0].v}'), 'v=10');
    assert.equal(resolve('${${workflow.input.absent}.output.x}'), null);
  });

  void it('turns $${ into a literal ${ without evaluating it', () => {
    assert.equal(resolve('$${workflow.input.name}'), '${workflow.input.name}');
    assert.equal(resolve('cost: $${price} for ${workflow.input.name}'), 'cost: ${price} for Ada');
  });

  void it('applies the unescape to substituted text too, as Conductor does', () => {
    assert.equal(resolve('v=${workflow.input.escaped}'), 'v=${literal}');
    assert.equal(resolve('${workflow.input.escaped}'), '$${literal}');
  });

  void it('turns ${} and blank expressions into empty strings', () => {
    assert.equal(resolve('${}'), '');
    assert.equal(resolve('a${}b${  }c'), 'abc');
  });

  void it('resolves ${CPEWF_TASK_ID} to the task being scheduled', () => {
    assert.equal(resolve('${CPEWF_TASK_ID}'), 'task-42');
    assert.equal(resolve('id:${CPEWF_TASK_ID}'), 'id:task-42');
  });

  void it('leaves ${CPEWF_TASK_ID} as text when no task id was given, like Conductor', () => {
    const noTask = buildExpressionContext(workflow);
    assert.equal(resolveParameters('${CPEWF_TASK_ID}', noTask), '${CPEWF_TASK_ID}');
  });

  void it('does not look up environment variables or system properties for bare names', () => {
    assert.equal(resolve('${PATH}'), null);
    assert.equal(resolve('${HOME}'), null);
  });

  void it('leaves text without expressions and unbalanced braces unchanged', () => {
    assert.equal(resolve('plain $ text {x}'), 'plain $ text {x}');
    assert.equal(resolve('${workflow.input.name'), '${workflow.input.name');
    assert.equal(resolve('${workflow.input.name}}'), 'Ada}');
  });
});

void describe('templates', () => {
  void it('walks maps and lists recursively and keeps non-string values', () => {
    const template = {
      who: '${workflow.input.name}',
      nested: {
        items: [
          '${workflow.input.count}',
          'n=${workflow.input.count}',
          7,
          false,
          null,
          { deep: '${fetch.output.result.rows[0]}' },
        ],
      },
      lists: [['${workflow.input.flag}']],
      number: 3.25,
    };
    assert.deepEqual(resolve(template), {
      who: 'Ada',
      nested: { items: [5, 'n=5', 7, false, null, { deep: { v: 10 } }] },
      lists: [[true]],
      number: 3.25,
    });
  });

  void it('does not mutate the template', () => {
    const template = {
      a: '${workflow.input.name}',
      b: ['${workflow.input.count}'],
      c: { d: '${workflow.input.obj}' },
    };
    const before = structuredClone(template);
    const resolved = resolve(template) as Record<string, unknown>;
    assert.deepEqual(template, before);
    assert.notEqual(resolved.b, template.b);
    assert.notEqual(resolved.c, template.c);
  });

  void it('keeps a literal __proto__ key as data', () => {
    const template = JSON.parse('{"__proto__": {"x": "${workflow.input.name}"}}') as unknown;
    const resolved = resolve(template) as Record<string, unknown>;
    assert.deepEqual(Object.getOwnPropertyDescriptor(resolved, '__proto__')?.value, { x: 'Ada' });
    assert.equal(Object.getPrototypeOf(resolved), Object.prototype);
  });
});

void describe('secret and environment references', () => {
  void it('stay as written, alone or inside text, to be filled in only at hand-out', () => {
    assert.equal(resolve('${workflow.secrets.API_TOKEN}'), '${workflow.secrets.API_TOKEN}');
    assert.equal(
      resolve('Bearer ${workflow.secrets.API_TOKEN} for ${workflow.input.name}'),
      'Bearer ${workflow.secrets.API_TOKEN} for Ada',
    );
    assert.deepEqual(resolve({ region: '${workflow.env.REGION}' }), { region: '${workflow.env.REGION}' });
  });
});

void describe('values nested deeper than the call stack allows', () => {
  const LEVELS = 100_000;
  /** Alternating lists and maps around `leaf`. */
  const nest = (leaf: unknown): unknown => {
    let value = leaf;
    for (let i = 0; i < LEVELS; i++) value = i % 2 ? { k: value } : [value];
    return value;
  };
  const unnest = (value: unknown): unknown => {
    let inner = value;
    for (let i = LEVELS - 1; i >= 0; i--)
      inner = i % 2 ? (inner as { k: unknown }).k : (inner as unknown[])[0];
    return inner;
  };

  void it('are resolved in a template without recursion', () => {
    assert.equal(unnest(resolve(nest('${workflow.input.name}'))), 'Ada');
  });

  void it('are printed Java-style into text', () => {
    const deep = buildExpressionContext(makeWorkflow({}, { deep: nest('x') }), {});
    const text = resolveParameters('v=${workflow.input.deep}', deep) as string;
    assert.ok(text.startsWith('v={k=[{k=[') && text.includes('{k=[x]}]}') && text.endsWith(']}'));
    // The JSONPath library recurses: a scan too deep for it is an evaluation error, hence null.
    assert.equal(resolveParameters('v=${workflow.input..k}', deep), 'v=null');
  });
});
