/** Worker thread entry of the script sandbox: evaluates the scripts the pool sends, one after the other. */
import { workerData } from 'node:worker_threads';
import {
  QuickJsEvaluator,
  type QuickJsLimits,
  type ScriptJob,
  type ScriptReply,
} from './quickjs-evaluator.js';
import { serveBatches } from './worker-protocol.js';

const evaluator = await QuickJsEvaluator.load(workerData as QuickJsLimits);

serveBatches<ScriptJob, ScriptReply>((jobs) => {
  const replies: ScriptReply[] = [];
  for (const job of jobs) {
    const { reply, retire } = evaluator.evaluate(job);
    replies.push(reply);
    // The heap is suspect from here on: the rest of the batch goes back to the pool for a fresh worker.
    if (retire) return { replies, retire };
  }
  return { replies };
});
