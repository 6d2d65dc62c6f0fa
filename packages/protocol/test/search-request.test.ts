import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  parseFreeText,
  parseSort,
  SearchQueryError,
  taskSearchRequest,
  toTaskSummary,
  toWorkflowSummary,
  WORKFLOW_SEARCH_FIELDS,
  workflowSearchRequest,
  workflowsByTasksSearchRequest,
  type Task,
  type Workflow,
} from '@baton/protocol';

const text = (t: string, prefix = false) => ({ kind: 'text', text: t, prefix }) as const;
const freeText = (input: string) => parseFreeText(input, WORKFLOW_SEARCH_FIELDS);

void describe('parseFreeText', () => {
  void it('matches everything for *, nothing typed, or * combined by AND', () => {
    assert.equal(freeText('*'), undefined);
    assert.equal(freeText(' '), undefined);
    assert.deepEqual(freeText('* AND order'), text('order'));
    assert.equal(freeText('order OR *'), undefined);
  });

  void it('reads words, quoted phrases and prefixes', () => {
    assert.deepEqual(freeText('order-123'), text('order-123'));
    assert.deepEqual(freeText('"big red box"'), text('big red box'));
    assert.deepEqual(freeText('ord*'), text('ord', true));
    assert.deepEqual(freeText('"big re"*'), text('big re', true));
  });

  void it('joins clauses side by side with AND, right-nested, and takes explicit AND / OR', () => {
    assert.deepEqual(freeText('a b OR c'), {
      kind: 'and',
      left: text('a'),
      right: { kind: 'or', left: text('b'), right: text('c') },
    });
    assert.deepEqual(freeText('(a OR b) AND c'), {
      kind: 'and',
      left: { kind: 'or', left: text('a'), right: text('b') },
      right: text('c'),
    });
  });

  void it('turns field:"value" and field:value into structured conditions', () => {
    assert.deepEqual(freeText('workflowType:"order flow"'), {
      kind: 'compare',
      field: 'workflowType',
      op: '=',
      value: 'order flow',
    });
    assert.deepEqual(freeText('version:2 status:FAIL*'), {
      kind: 'and',
      left: { kind: 'compare', field: 'version', op: '=', value: 2 },
      right: { kind: 'startsWith', field: 'status', prefix: 'FAIL' },
    });
    assert.deepEqual(freeText('correlationId:*'), { kind: 'isNull', field: 'correlationId', negated: true });
  });

  void it('reads a name before a colon that is not a field as text, as pasted text has them', () => {
    assert.deepEqual(freeText('card declined: insufficient'), {
      kind: 'and',
      left: text('card'),
      right: { kind: 'and', left: text('declined:'), right: text('insufficient') },
    });
    assert.deepEqual(freeText('colour:"red"'), { kind: 'and', left: text('colour:'), right: text('red') });
    assert.deepEqual(freeText('https://shop.example/orders/17'), text('https://shop.example/orders/17'));
    assert.deepEqual(freeText('error:timeout status:FAILED'), {
      kind: 'and',
      left: text('error:timeout'),
      right: { kind: 'compare', field: 'status', op: '=', value: 'FAILED' },
    });
  });

  void it('rejects empty words and dangling operators with the position', () => {
    assert.throws(() => freeText('order --'), /position 7: '--' has no letter or digit to search for/);
    assert.throws(
      () => freeText('order AND'),
      /position 10: expected a word, a phrase or field:value but found the end/,
    );
    assert.throws(() => freeText('(order'), /position 7: expected '\)' but found the end/);
    assert.throws(() => freeText('"open'), /position 1: the string that starts here has no closing "/);
  });

  void it('refuses words or parentheses nested or chained more than 500 deep, instead of running out of stack', () => {
    assert.deepEqual(freeText(`${'('.repeat(499)}order${')'.repeat(499)}`), text('order'));
    assert.throws(
      () => freeText(`${'('.repeat(100_000)}order${')'.repeat(100_000)}`),
      /^Error: Invalid free text at position 501: nested or chained more than 500 deep$|nested or chained more than 500 deep/,
    );
    assert.throws(() => freeText('word '.repeat(600)), /nested or chained more than 500 deep/);
  });
});

void describe('parseSort', () => {
  void it('reads field:ASC|field:DESC in order; the order defaults to ASC and any case works', () => {
    assert.deepEqual(parseSort('startTime:DESC|workflowType|status:asc', WORKFLOW_SEARCH_FIELDS), [
      { field: 'startTime', descending: true },
      { field: 'workflowType', descending: false },
      { field: 'status', descending: false },
    ]);
    assert.deepEqual(parseSort('', WORKFLOW_SEARCH_FIELDS), []);
  });

  void it('also takes commas between keys (Spring splits a list parameter on them)', () => {
    assert.deepEqual(parseSort('startTime:ASC,workflowId:DESC', WORKFLOW_SEARCH_FIELDS), [
      { field: 'startTime', descending: false },
      { field: 'workflowId', descending: true },
    ]);
    assert.throws(
      () => parseSort('startTime:ASC,colour:DESC', WORKFLOW_SEARCH_FIELDS),
      /position 15: unknown field 'colour'/,
    );
  });

  void it('rejects unknown and unsortable fields and bad directions', () => {
    assert.throws(
      () => parseSort('colour:ASC', WORKFLOW_SEARCH_FIELDS),
      /Invalid sort at position 1: unknown field 'colour'/,
    );
    assert.throws(
      () => parseSort('startTime:DESC|reasonForIncompletion', WORKFLOW_SEARCH_FIELDS),
      /position 16: cannot sort by 'reasonForIncompletion'; the sortable fields are workflowId/,
    );
    assert.throws(
      () => parseSort('startTime:UP', WORKFLOW_SEARCH_FIELDS),
      /position 11: expected ASC or DESC after 'startTime:' but found 'UP'/,
    );
  });
});

void describe('search requests', () => {
  void it('combine query, free text and the request flags with AND', () => {
    const request = workflowSearchRequest({
      start: 5,
      size: 10,
      query: 'status = "FAILED"',
      freeText: 'order',
      sort: 'startTime:DESC',
      classifier: ['gold', 'silver'],
      topLevelOnly: true,
    });
    assert.deepEqual(request, {
      start: 5,
      size: 10,
      sort: [{ field: 'startTime', descending: true }],
      filter: {
        kind: 'and',
        left: { kind: 'compare', field: 'status', op: '=', value: 'FAILED' },
        right: {
          kind: 'and',
          left: text('order'),
          right: {
            kind: 'and',
            left: { kind: 'in', field: 'classifier', values: ['gold', 'silver'] },
            right: { kind: 'isNull', field: 'parentWorkflowId', negated: false },
          },
        },
      },
    });
    assert.deepEqual(workflowSearchRequest({ start: 0, size: 1, freeText: '*' }), {
      start: 0,
      size: 1,
      sort: [],
      filter: undefined,
    });
  });

  void it('name the parameter a problem is in', () => {
    for (const [params, param] of [
      [{ query: 'x' }, 'query'],
      [{ freeText: '(x' }, 'freeText'],
      [{ sort: 'x' }, 'sort'],
    ] as const) {
      assert.throws(
        () => taskSearchRequest({ start: 0, size: 1, ...params }),
        (err: unknown) => err instanceof SearchQueryError && err.param === param,
      );
    }
  });

  void it('search by tasks: task fields filter, workflow fields sort', () => {
    const request = workflowsByTasksSearchRequest({
      start: 0,
      size: 1,
      query: 'taskType = "HTTP"',
      sort: 'startTime:DESC',
    });
    assert.deepEqual(request.filter, { kind: 'compare', field: 'taskType', op: '=', value: 'HTTP' });
    assert.deepEqual(request.sort, [{ field: 'startTime', descending: true }]);
    assert.throws(
      () => workflowsByTasksSearchRequest({ start: 0, size: 1, sort: 'taskType' }),
      /unknown field 'taskType'/,
    );
  });
});

void describe('summaries', () => {
  const workflow: Workflow = {
    workflowId: 'wf-1',
    status: 'FAILED',
    startTime: Date.UTC(2024, 0, 1),
    createTime: Date.UTC(2024, 0, 1),
    updateTime: Date.UTC(2024, 0, 1, 0, 0, 2),
    endTime: Date.UTC(2024, 0, 1, 0, 0, 1, 500),
    input: { orderId: 7, tags: ['a', 'b'] },
    output: { nested: { x: null } },
    tasks: [],
    priority: 3,
    variables: {},
    failedReferenceTaskNames: ['pay', 'ship'],
    failedTaskNames: ['pay_task'],
    workflowDefinition: { name: 'orders', tasks: [] },
    workflowName: 'orders',
    workflowVersion: 2,
    lastRetriedTime: 0,
    reasonForIncompletion: 'card declined',
  };

  void it('WorkflowSummary: ISO times, Java-string input/output, joined failed refs, "" parent, no nulls', () => {
    assert.deepEqual(toWorkflowSummary(workflow), {
      workflowType: 'orders',
      version: 2,
      workflowId: 'wf-1',
      startTime: '2024-01-01T00:00:00.000Z',
      updateTime: '2024-01-01T00:00:02.000Z',
      endTime: '2024-01-01T00:00:01.500Z',
      status: 'FAILED',
      input: '{orderId=7, tags=[a, b]}',
      output: '{nested={x=null}}',
      reasonForIncompletion: 'card declined',
      executionTime: 1500,
      failedReferenceTaskNames: 'pay,ship',
      priority: 3,
      failedTaskNames: ['pay_task'],
      taskToDomain: {},
      parentWorkflowId: '',
    });
  });

  void it('WorkflowSummary of a running execution: executionTime 0, no endTime', () => {
    const summary = toWorkflowSummary({
      ...workflow,
      status: 'RUNNING',
      endTime: 0,
      correlationId: 'c',
      parentWorkflowId: 'p',
    });
    assert.equal(summary.executionTime, 0);
    assert.equal('endTime' in summary, false);
    assert.equal(summary.correlationId, 'c');
    assert.equal(summary.parentWorkflowId, 'p');
  });

  void it('TaskSummary: ISO times (also for 0), Java-string input/output', () => {
    const task = {
      taskId: 't-1',
      taskType: 'HTTP',
      taskDefName: 'call',
      referenceTaskName: 'call_ref',
      status: 'SCHEDULED',
      inputData: { url: 'http://x' },
      outputData: {},
      workflowInstanceId: 'wf-1',
      workflowType: 'orders',
      workflowPriority: 1,
      scheduledTime: Date.UTC(2024, 0, 1),
      startTime: 0,
      endTime: 0,
      updateTime: Date.UTC(2024, 0, 1),
      queueWaitTime: 0,
      domain: 'blue',
    } as unknown as Task; // only the fields a summary reads
    assert.deepEqual(toTaskSummary(task), {
      workflowId: 'wf-1',
      workflowType: 'orders',
      scheduledTime: '2024-01-01T00:00:00.000Z',
      startTime: '1970-01-01T00:00:00.000Z',
      updateTime: '2024-01-01T00:00:00.000Z',
      endTime: '1970-01-01T00:00:00.000Z',
      status: 'SCHEDULED',
      executionTime: 0,
      queueWaitTime: 0,
      taskDefName: 'call',
      taskType: 'HTTP',
      input: '{url=http://x}',
      output: '{}',
      taskId: 't-1',
      workflowPriority: 1,
      domain: 'blue',
    });
  });
});
