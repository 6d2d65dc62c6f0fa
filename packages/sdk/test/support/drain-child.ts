/**
 * Child process of the SIGTERM test: runs one slow worker against the server at argv[2] for task type argv[3],
 * says "started" on stdout when it has a task, and relies on TaskHandler's own SIGTERM handling to drain and exit.
 */
import { Configuration, silentLogger, TaskHandler, worker } from '../../src/index.js';

const [serverUrl, taskType] = process.argv.slice(2);
const slow = worker({ taskDefName: taskType!, pollTimeoutMs: 200 }, async () => {
  process.stdout.write('started\n');
  await new Promise((resolve) => setTimeout(resolve, 500));
  return { finishedDuringDrain: true };
});
const handler = new TaskHandler({
  configuration: new Configuration({ baseUrl: serverUrl, env: {} }),
  workers: [slow],
  logger: silentLogger,
});
await handler.start();
process.stdout.write('ready\n');
