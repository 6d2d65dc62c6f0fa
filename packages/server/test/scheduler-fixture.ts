// Shared by the scheduler tests: a workflow to schedule, and reading back what a schedule started.
import assert from 'node:assert/strict';
import type {
  SearchResultWorkflowScheduleExecutionModel,
  Workflow,
  WorkflowScheduleExecutionModel,
} from '@baton/protocol';
import type { httpApi } from './http-api.js';

type Api = ReturnType<typeof httpApi>;

/** A workflow whose one task waits for a worker that never comes: it only needs to start. */
export const scheduledWorkflow = (name: string) => ({
  name,
  version: 1,
  tasks: [{ name: 'noted', taskReferenceName: 'noted_ref', type: 'SIMPLE' }],
  schemaVersion: 2,
  ownerEmail: 'test@example.com',
});

export const everySecond = (name: string, workflowName: string, extra: Record<string, unknown> = {}) => ({
  name,
  cronExpression: '* * * * * *',
  startWorkflowRequest: { name: workflowName, input: { region: 'eu' } },
  ...extra,
});

/** The schedule's execution records, oldest tick first. */
export async function executionsOf(api: Api, schedule: string): Promise<WorkflowScheduleExecutionModel[]> {
  const query = encodeURIComponent(`scheduleName IN (${schedule})`);
  const page = (
    await api.ok('GET', `/scheduler/search/executions?query=${query}&size=1000&sort=scheduledTime:ASC`)
  ).json as SearchResultWorkflowScheduleExecutionModel;
  return page.results;
}

/** Waits until `done` holds for the schedule's records (a schedule firing every second gets there soon). */
export async function waitForExecutions(
  api: Api,
  schedule: string,
  done: (records: WorkflowScheduleExecutionModel[]) => boolean,
): Promise<WorkflowScheduleExecutionModel[]> {
  for (let i = 0; i < 600; i++) {
    const records = await executionsOf(api, schedule);
    if (done(records)) return records;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.fail(`schedule ${schedule} never got there: ${JSON.stringify(await executionsOf(api, schedule))}`);
}

/** The ticks are one second apart: none skipped, none twice. */
export function assertConsecutiveSeconds(records: WorkflowScheduleExecutionModel[]): void {
  records.forEach((r, i) => {
    if (i > 0) assert.equal(r.scheduledTime - records[i - 1]!.scheduledTime, 1000, 'ticks one second apart');
  });
}

/**
 * Every record started exactly one workflow, with its tick in the input; the ticks are whole seconds, none twice;
 * and no workflow of that name was started but by these records (pause the schedule before reading them).
 */
export async function assertOneWorkflowPerTick(
  api: Api,
  schedule: string,
  workflowName: string,
  records: WorkflowScheduleExecutionModel[],
): Promise<void> {
  assert.ok(records.length > 0);
  for (const r of records) {
    assert.equal(r.state, 'EXECUTED', JSON.stringify(r));
    assert.equal(r.scheduledTime % 1000, 0);
  }
  assert.equal(new Set(records.map((r) => r.scheduledTime)).size, records.length, 'no tick twice');
  for (const record of records) {
    const wf: Workflow = await api.workflow(record.workflowId!);
    assert.equal(wf.workflowName, workflowName);
    assert.deepEqual(wf.input, {
      region: 'eu',
      _startedByScheduler: schedule,
      _scheduledTime: record.scheduledTime,
      _executedTime: record.executionTime,
      _executionId: record.executionId,
      _schedulerCron: '* * * * * * UTC',
    });
  }
  const query = encodeURIComponent(`workflowType IN (${workflowName})`);
  const started = (await api.ok('GET', `/workflow/search?query=${query}&size=0`)).json as {
    totalHits: number;
  };
  assert.equal(started.totalHits, records.length, 'one workflow per recorded tick, and no other');
}
