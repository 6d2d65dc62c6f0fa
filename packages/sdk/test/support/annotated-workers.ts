/** Workers defined with worker(), discovered by TaskHandler({ importModules, scanForAnnotatedWorkers }). */
import { worker } from '../../src/index.js';

export const shout = worker(
  { taskDefName: process.env.SDK_TEST_SCAN_TYPE ?? 'shout' },
  ({ text }: { text: string }) => text.toUpperCase(),
);
