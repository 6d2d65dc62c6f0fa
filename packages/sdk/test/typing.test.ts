/**
 * Compile-time behaviour: `npx tsc -p packages/sdk/test/tsconfig.json` fails if an `@ts-expect-error` below stops
 * being an error, i.e. if the typing got looser. The runtime assertions only keep node:test honest.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import {
  ConductorWorkflow,
  HttpTask,
  InlineTask,
  TaskInProgress,
  worker,
  type WorkflowRun,
} from '../src/index.js';

void it('types flow from workers to workflow inputs and outputs', () => {
  const getUser = worker({ taskDefName: 'get_user' }, (input: { id: number }) => ({
    email: `${input.id}@x`,
    age: 3,
  }));
  const greet = worker({ taskDefName: 'greet' }, ({ name }: { name: string }) => `Hello ${name}`);
  const count = worker({ taskDefName: 'count' }, () => [1, 2, 3]);
  const later = worker({ taskDefName: 'later' }, () => new TaskInProgress(5, { percent: 10 }));

  const wf = new ConductorWorkflow<{ userId: number; label: string }>({ name: 'typed' });
  const user = getUser.task('user_ref', { id: wf.input('userId') });
  const hello = greet.task('greet_ref', { name: user.output('email') });
  // @ts-expect-error a number cannot stand for the string input `name`
  greet.task('bad_ref', { name: 5 });
  // @ts-expect-error workflow input `label` is a string, `id` wants a number
  getUser.task('bad2_ref', { id: wf.input('label') });
  // @ts-expect-error unknown input key
  greet.task('bad3_ref', { nmae: 'x' });
  // @ts-expect-error the worker has no output key `mail`
  user.output('mail');
  const items = count.task('count_ref').output('result');
  const percent = later.task('later_ref').output('percent');

  const typed = wf
    .add(user)
    .add(hello)
    .outputParameters({ greeting: hello.output('result'), age: user.output('age') });
  type Out = typeof typed extends ConductorWorkflow<object, infer O> ? O : never;
  const out: Out = { greeting: 'hi', age: 1 };
  // @ts-expect-error age is a number
  const wrong: Out = { greeting: 'hi', age: 'one' };
  const run = {} as WorkflowRun<Out>;
  const age: number | undefined = run.output?.age;

  const http = new HttpTask<{ items: string[] }>('h', { uri: 'https://x' });
  const response = http.output('response');
  const js = new InlineTask<number>('js', '1 + 1');
  const result = js.output('result');

  assert.equal(items, '${count_ref.output.result}');
  assert.equal(percent, '${later_ref.output.percent}');
  assert.equal(result, '${js.output.result}');
  assert.equal(response, '${h.output.response}');
  void [out, wrong, age, typed];
});
