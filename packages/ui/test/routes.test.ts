// Which page a path opens; deep links from the SDK (`/execution/{id}`) included.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { matchRoute, paths } from '../src/routes.js';

void test('paths open their pages', () => {
  assert.deepEqual(matchRoute('/'), { page: 'executions' });
  assert.deepEqual(matchRoute('/executions'), { page: 'executions' });
  assert.deepEqual(matchRoute('/execution/abc-123'), { page: 'execution', workflowId: 'abc-123' });
  assert.deepEqual(matchRoute('/definitions'), { page: 'definitions' });
  assert.deepEqual(matchRoute('/definitions/workflow/orders'), { page: 'workflowDef', name: 'orders' });
  assert.deepEqual(matchRoute('/definitions/task/charge'), { page: 'taskDef', name: 'charge' });
  assert.deepEqual(matchRoute('/definitions/new-workflow'), { page: 'newWorkflowDef' });
  assert.deepEqual(matchRoute('/definitions/new-task'), { page: 'newTaskDef' });
  assert.deepEqual(matchRoute('/queues'), { page: 'queues' });
  assert.deepEqual(matchRoute('/schedules'), { page: 'schedules' });
  assert.deepEqual(matchRoute('/execution'), { page: 'notFound' });
  assert.deepEqual(matchRoute('/nope/x'), { page: 'notFound' });
});

void test('names with slashes and spaces survive the round trip', () => {
  assert.deepEqual(matchRoute(paths.workflowDef('a/b c')), { page: 'workflowDef', name: 'a/b c' });
  assert.equal(paths.workflowDef('x', 3), '/definitions/workflow/x?version=3');
  assert.deepEqual(matchRoute(paths.execution('id/1')), { page: 'execution', workflowId: 'id/1' });
});
