/** Shared helpers of the tests that run against a real, in-process Baton server. */
import type { Workflow, WorkflowClient } from '../../src/index.js';
import { startTestServer, type TestServer } from '../../src/testing/index.js';

export { startTestServer, type TestServer };

let counter = 0;
/** A name no other test uses (task types and workflow names are global on a server). */
export function unique(prefix: string): string {
  return `${prefix}_${process.pid}_${++counter}`;
}

/** Re-reads a workflow until `done` holds (or fails after `timeoutMs`, so a broken test cannot hang). */
export async function waitForWorkflow(
  workflows: WorkflowClient,
  workflowId: string,
  done: (w: Workflow) => boolean = (w) => w.status !== 'RUNNING' && w.status !== 'PAUSED',
  timeoutMs = 15_000,
): Promise<Workflow> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const workflow = await workflows.getWorkflow(workflowId, true);
    if (done(workflow)) return workflow;
    if (Date.now() > deadline) {
      throw new Error(
        `workflow ${workflowId} still ${workflow.status}: ${JSON.stringify(workflow.tasks.map((t) => [t.referenceTaskName, t.status]))}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Waits until `count` callers arrived, then lets them all go; rejects after `timeoutMs` (too few arrived). */
export function barrier(
  count: number,
  timeoutMs = 10_000,
): { arrive(): Promise<void>; opened: Promise<void> } {
  let arrived = 0;
  let open!: () => void;
  let fail!: (e: Error) => void;
  const opened = new Promise<void>((resolve, reject) => {
    open = resolve;
    fail = reject;
  });
  const timer = setTimeout(() => fail(new Error(`barrier: only ${arrived} of ${count} arrived`)), timeoutMs);
  return {
    opened,
    arrive() {
      if (++arrived === count) {
        clearTimeout(timer);
        open();
      }
      return opened;
    },
  };
}

/** A promise with its resolve function. */
export function latch(): { promise: Promise<void>; release(): void } {
  let release!: () => void;
  const promise = new Promise<void>((resolve) => (release = resolve));
  return { promise, release };
}

/** The value of one sample of a Prometheus text exposition, e.g. `task_poll_total{taskType="x"}`. */
export function metricValue(text: string, sample: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${sample} `));
  return line === undefined ? undefined : Number(line.slice(sample.length + 1));
}
