// The executions list's filters: URL round trip, and the §6 query they become.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { filtersFromUrl, filtersToUrl, nextSort, toSearchParams } from '../src/search/filters.js';

const fromQuery = (query: string) => filtersFromUrl(new URLSearchParams(query));

void test('no filters search everything, newest first, 25 at a time', () => {
  assert.deepEqual(toSearchParams(fromQuery('')), {
    start: 0,
    size: 25,
    sort: 'startTime:DESC',
    freeText: '*',
  });
});

void test('statuses, workflow type and start time become one AND-joined query', () => {
  const from = '2026-01-02T03:04';
  const to = '2026-01-03T00:00';
  const params = toSearchParams(
    fromQuery(`status=FAILED,TIMED_OUT&type=orders&from=${from}&to=${to}&text=order-42&start=50&size=50`),
  );
  assert.equal(
    params.query,
    `workflowType = "orders" AND status IN (FAILED,TIMED_OUT) AND startTime > ${new Date(from).getTime() - 1} AND startTime < ${new Date(to).getTime() + 1}`,
  );
  assert.equal(params.freeText, 'order-42');
  assert.equal(params.start, 50);
  assert.equal(params.size, 50);
});

void test('a typed query is parenthesised when other filters join it, and kept as is alone', () => {
  assert.equal(toSearchParams(fromQuery('q=a = "1" OR b = "2"')).query, 'a = "1" OR b = "2"');
  assert.equal(
    toSearchParams(fromQuery('q=a = "1" OR b = "2"&status=RUNNING')).query,
    'status IN (RUNNING) AND (a = "1" OR b = "2")',
  );
});

void test('a value holding a double quote is single-quoted', () => {
  assert.equal(toSearchParams(fromQuery(`type=say "hi"`)).query, `workflowType = 'say "hi"'`);
});

void test('unknown statuses and odd page sizes are ignored', () => {
  const f = fromQuery('status=FAILED,NOPE&size=7&start=-3');
  assert.deepEqual(f.statuses, ['FAILED']);
  assert.equal(f.size, 25);
  assert.equal(f.start, 0);
});

void test('the URL keeps only what differs from the defaults, and reads back the same', () => {
  const f = fromQuery('status=PAUSED&q=x%20%3D%201&sort=endTime:ASC&size=100');
  assert.deepEqual(filtersToUrl(f), {
    text: undefined,
    q: 'x = 1',
    status: 'PAUSED',
    type: undefined,
    from: undefined,
    to: undefined,
    sort: 'endTime:ASC',
    start: undefined,
    size: 100,
  });
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(filtersToUrl(f))) if (v !== undefined) params.set(k, String(v));
  assert.deepEqual(filtersFromUrl(params), f);
});

void test('sorting by a column goes descending first, then flips', () => {
  assert.equal(nextSort('startTime:DESC', 'endTime'), 'endTime:DESC');
  assert.equal(nextSort('endTime:DESC', 'endTime'), 'endTime:ASC');
  assert.equal(nextSort('endTime:ASC', 'endTime'), 'endTime:DESC');
});
