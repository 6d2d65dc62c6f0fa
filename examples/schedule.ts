/**
 * Scheduled workflows: a cron schedule (with seconds, in a time zone) that starts a workflow on every tick. Previews
 * the next ticks of an expression, saves a schedule firing every second, lets a worker see the tick each run was
 * started for (`_scheduledTime` in its input), pauses and resumes it, searches its executions and deletes it.
 * After the Python SDK's schedule examples. Run: CONDUCTOR_SERVER_URL=http://localhost:8080/api npx tsx examples/schedule.ts
 *
 * Expected output:
 *   next weekday 09:00 (UTC): 5 ticks, at 09:00
 *   saved schedule every_second_report: cron '* * * * * *' in UTC, paused=false
 *   run for tick 2026-01-01T10:00:01.000Z started by every_second_report
 *   run for tick 2026-01-01T10:00:02.000Z started by every_second_report
 *   paused=true, then resumed: paused=false
 *   executions: 2 or more, all EXECUTED, one second apart
 *   deleted schedule every_second_report
 */
import { ConductorWorkflow, OrkesClients, TaskHandler, worker } from '@baton/sdk';

const SCHEDULE = 'every_second_report';

// The workflow's one task: a worker that reports which tick its run was started for.
const report = worker(
  { taskDefName: 'scheduled_report' },
  (input: { scheduledTime: number; startedBy: string }) => {
    console.log(`run for tick ${new Date(input.scheduledTime).toISOString()} started by ${input.startedBy}`);
    return { reported: input.scheduledTime };
  },
);

async function main(): Promise<void> {
  const clients = new OrkesClients(); // configured from the environment
  const scheduler = clients.getSchedulerClient();

  // Spring cron: second minute hour day-of-month month day-of-week.
  const weekdays = await scheduler.getNextFewScheduleExecutionTimes('0 0 9 * * MON-FRI');
  const times = new Set(weekdays.map((t) => new Date(t).toISOString().slice(11, 16)));
  console.log(`next weekday 09:00 (UTC): ${weekdays.length} ticks, at ${[...times].join(', ')}`);

  const wf = new ConductorWorkflow({
    name: 'scheduled_report_workflow',
    executor: clients.getWorkflowExecutor(),
  });
  wf.add(
    report.task('report_ref', {
      scheduledTime: wf.input('_scheduledTime'),
      startedBy: wf.input('_startedByScheduler'),
    }),
  );
  await wf.register(true);

  const handler = new TaskHandler({ configuration: clients.configuration, workers: [report] });
  await handler.start();
  try {
    const saved = await scheduler.saveSchedule({
      name: SCHEDULE,
      cronExpression: '* * * * * *',
      zoneId: 'UTC',
      startWorkflowRequest: { name: 'scheduled_report_workflow', version: 1, input: {} },
    });
    console.log(
      `saved schedule ${saved.name}: cron '${saved.cronExpression}' in ${saved.zoneId}, paused=${saved.paused}`,
    );

    // Wait for two ticks to have run their workflow to the end.
    const workflows = clients.getWorkflowClient();
    let done = 0;
    while (done < 2) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      const { results } = await scheduler.searchScheduleExecutions({
        query: `scheduleName IN (${SCHEDULE})`,
      });
      const runs = await Promise.all(results.map((e) => workflows.getWorkflow(e.workflowId!, false)));
      done = runs.filter((r) => r.status === 'COMPLETED').length;
    }

    await scheduler.pauseSchedule(SCHEDULE);
    const paused = (await scheduler.getSchedule(SCHEDULE)).paused;
    await scheduler.resumeSchedule(SCHEDULE);
    const resumed = (await scheduler.getSchedule(SCHEDULE)).paused;
    await scheduler.pauseSchedule(SCHEDULE); // no more ticks while the executions are read
    console.log(`paused=${paused}, then resumed: paused=${resumed}`);

    const { results } = await scheduler.searchScheduleExecutions({
      query: `scheduleName IN (${SCHEDULE})`,
      sort: 'scheduledTime:ASC',
    });
    const states = new Set(results.map((e) => e.state));
    const apart = results.every(
      (e, i) => i === 0 || e.scheduledTime - results[i - 1]!.scheduledTime === 1000,
    );
    console.log(
      `executions: ${results.length >= 2 ? '2 or more' : results.length}, all ${[...states].join('/')}, ${apart ? 'one second apart' : 'with gaps'}`,
    );
  } finally {
    await handler.stop();
    await scheduler.deleteSchedule(SCHEDULE);
    console.log(`deleted schedule ${SCHEDULE}`);
  }
}

await main();
