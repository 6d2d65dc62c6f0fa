import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  parseQuery,
  SearchQueryError,
  TASK_SEARCH_FIELDS,
  WORKFLOW_SEARCH_FIELDS,
  type SearchExpr,
} from '@baton/protocol';

const parse = (query: string): SearchExpr | undefined => parseQuery(query, WORKFLOW_SEARCH_FIELDS);

/** Asserts that parsing fails with a 400-worthy error whose message matches. */
function rejects(query: string, message: RegExp): void {
  assert.throws(
    () => parse(query),
    (err: unknown) => {
      assert.ok(err instanceof SearchQueryError, `not a SearchQueryError: ${String(err)}`);
      assert.equal(err.param, 'query');
      assert.equal(err.input, query);
      assert.match(err.message, message);
      return true;
    },
  );
}

void describe('parseQuery: operators', () => {
  void it('reads = and != with double- or single-quoted strings', () => {
    assert.deepEqual(parse('status = "FAILED"'), {
      kind: 'compare',
      field: 'status',
      op: '=',
      value: 'FAILED',
    });
    assert.deepEqual(parse('workflowType != \'a "b" c\''), {
      kind: 'compare',
      field: 'workflowType',
      op: '!=',
      value: 'a "b" c',
    });
  });

  void it('takes a backslash-escaped quote inside a string', () => {
    assert.deepEqual(parse('correlationId = "say \\"hi\\""'), {
      kind: 'compare',
      field: 'correlationId',
      op: '=',
      value: 'say "hi"',
    });
  });

  void it('reads > and < with numbers, and times as epoch ms or ISO-8601', () => {
    assert.deepEqual(parse('version > 2'), { kind: 'compare', field: 'version', op: '>', value: 2 });
    assert.deepEqual(parse('priority<-1.5'), { kind: 'compare', field: 'priority', op: '<', value: -1.5 });
    assert.deepEqual(parse('startTime > "2024-01-01T00:00:00Z"'), {
      kind: 'compare',
      field: 'startTime',
      op: '>',
      value: Date.UTC(2024, 0, 1),
    });
  });

  void it('reads IN lists as written, unquoted, trimmed; quotes around an item are dropped', () => {
    assert.deepEqual(parse('status IN (FAILED, TIMED_OUT,RUNNING)'), {
      kind: 'in',
      field: 'status',
      values: ['FAILED', 'TIMED_OUT', 'RUNNING'],
    });
    assert.deepEqual(parse('correlationId IN ("a,b", x y)'), {
      kind: 'in',
      field: 'correlationId',
      values: ['a,b', 'x y'],
    });
    assert.deepEqual(parse('version IN (1,2)'), { kind: 'in', field: 'version', values: [1, 2] });
  });

  void it('reads BETWEEN with both ends', () => {
    assert.deepEqual(parse('startTime BETWEEN 1000 AND 2000'), {
      kind: 'between',
      field: 'startTime',
      low: 1000,
      high: 2000,
    });
  });

  void it('reads IS NULL and IS NOT NULL', () => {
    assert.deepEqual(parse('correlationId IS NULL'), {
      kind: 'isNull',
      field: 'correlationId',
      negated: false,
    });
    assert.deepEqual(parse('endTime IS NOT NULL'), { kind: 'isNull', field: 'endTime', negated: true });
  });

  void it('reads STARTS_WITH on text fields', () => {
    assert.deepEqual(parse('workflowId STARTS_WITH "abc"'), {
      kind: 'startsWith',
      field: 'workflowId',
      prefix: 'abc',
    });
  });

  void it('gives a text field an unquoted number as written', () => {
    assert.deepEqual(parse('correlationId = 007'), {
      kind: 'compare',
      field: 'correlationId',
      op: '=',
      value: '007',
    });
  });

  void it('is empty for an empty or blank query', () => {
    assert.equal(parse(''), undefined);
    assert.equal(parse('   '), undefined);
  });

  void it('knows the TaskSummary fields for task search', () => {
    assert.deepEqual(parseQuery('taskType = "HTTP"', TASK_SEARCH_FIELDS), {
      kind: 'compare',
      field: 'taskType',
      op: '=',
      value: 'HTTP',
    });
    assert.throws(
      () => parseQuery('workflowType = "x" AND version = 1', TASK_SEARCH_FIELDS),
      /unknown field 'version'/,
    );
  });
});

void describe('parseQuery: AND, OR and parentheses', () => {
  const a = { kind: 'compare', field: 'status', op: '=', value: 'A' } as const;
  const b = { kind: 'compare', field: 'status', op: '=', value: 'B' } as const;
  const c = { kind: 'compare', field: 'status', op: '=', value: 'C' } as const;

  void it('nests to the right without precedence: a AND b OR c is a AND (b OR c)', () => {
    assert.deepEqual(parse('status="A" AND status="B" OR status="C"'), {
      kind: 'and',
      left: a,
      right: { kind: 'or', left: b, right: c },
    });
    assert.deepEqual(parse('status="A" OR status="B" AND status="C"'), {
      kind: 'or',
      left: a,
      right: { kind: 'and', left: b, right: c },
    });
  });

  void it('groups with parentheses, nested', () => {
    assert.deepEqual(parse('(status="A" OR status="B") AND status="C"'), {
      kind: 'and',
      left: { kind: 'or', left: a, right: b },
      right: c,
    });
    assert.deepEqual(parse('((status="A"))'), a);
    assert.deepEqual(parse('status="A" AND (status="B" OR (status="C"))'), {
      kind: 'and',
      left: a,
      right: { kind: 'or', left: b, right: c },
    });
  });
});

void describe('parseQuery: errors name the position and what was expected', () => {
  void it('an unquoted text value', () => {
    rejects(
      'status = FAILED',
      /position 10: expected a quoted string or a number \(text values are quoted: "FAILED"\)/,
    );
  });

  void it('a lower-case operator', () => {
    rejects(
      'status = "A" and version = 1',
      /position 14: expected AND, OR or the end of the query \(AND and OR are upper-case\) but found 'and'/,
    );
  });

  void it('an unknown field, listing the known ones', () => {
    rejects('colour = "red"', /position 1: unknown field 'colour'; the fields are workflowId, workflowType/);
  });

  void it('a missing operator, value, closing parenthesis or quote', () => {
    rejects(
      'status "A"',
      /position 8: expected an operator \(=, !=, >, <, IN, BETWEEN, IS, STARTS_WITH\) but found '"A"'/,
    );
    rejects('status =', /position 9: expected a quoted string or a number but found the end/);
    rejects('(status = "A"', /position 14: expected AND, OR or '\)' but found the end/);
    rejects('status = "A', /position 10: the string that starts here has no closing "/);
    rejects('status = "A" AND', /position 17: expected a field name or '\(' but found the end/);
  });

  void it('bad IN lists, BETWEEN and IS', () => {
    rejects('status IN FAILED', /position 11: expected '\(' to open the IN list/);
    rejects('status IN (A,,B)', /position 14: expected a list item but found ','/);
    rejects('status IN (A', /expected ',' or '\)' in the IN list but found the end/);
    rejects('version BETWEEN 1 2', /position 19: expected AND between the two ends of BETWEEN/);
    rejects('status IS EMPTY', /position 11: expected NULL or NOT NULL after IS but found 'EMPTY'/);
  });

  void it('values of the wrong type for the field', () => {
    rejects('version = "two"', /position 11: field 'version' takes a number, not 'two'/);
    rejects(
      'startTime > "yesterday"',
      /field 'startTime' takes a time in epoch milliseconds or ISO-8601, not 'yesterday'/,
    );
    rejects('version IN (1, x)', /position 16: field 'version' takes a number, not 'x'/);
    rejects(
      'startTime STARTS_WITH "1"',
      /position 11: STARTS_WITH needs a text field; 'startTime' is a time field/,
    );
  });

  void it('trailing garbage', () => {
    rejects(
      'status = "A" status = "B"',
      /position 14: expected AND, OR or the end of the query but found 'status'/,
    );
  });
});

void describe('parseQuery: nesting', () => {
  const nestedIn = (levels: number) => `${'('.repeat(levels)}status = "FAILED"${')'.repeat(levels)}`;

  void it('reads parentheses and chains up to 500 deep', () => {
    assert.deepEqual(parse(nestedIn(499)), { kind: 'compare', field: 'status', op: '=', value: 'FAILED' });
    const chain = Array.from({ length: 499 }, (_, i) => `correlationId = "${i}"`).join(' OR ');
    assert.equal(parse(chain)?.kind, 'or');
  });

  void it('refuses deeper ones with a 400-worthy error instead of running out of stack', () => {
    rejects(nestedIn(100_000), /^Invalid query at position 501: nested or chained more than 500 deep$/);
    const chain = Array.from({ length: 600 }, (_, i) => `correlationId = "${i}"`).join(' OR ');
    rejects(chain, /nested or chained more than 500 deep/);
  });
});
