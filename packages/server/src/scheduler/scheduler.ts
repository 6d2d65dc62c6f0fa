/**
 * Fires due schedules. Each tick of a schedule runs in one transaction: claim the schedule (PostgreSQL skips one
 * another server holds), start its workflow with the tick in its input, record the execution and move the next
 * tick on. A re-run transaction or a second server therefore never starts a tick twice; a crash before the commit
 * leaves the tick due, and it fires after the restart. When the start fails, the tick is recorded FAILED with the
 * reason, and the schedule moves on all the same (unless the database itself is unavailable: then the tick stays
 * due for a later pass).
 *
 * Catch-up (a tick missed while no server ran): with `runCatchupScheduleInstances` every missed tick fires, one
 * after the other, each with its own `_scheduledTime`; without it (the default) the first missed tick fires once
 * and the schedule goes on with the first tick after now, as Conductor does.
 *
 * States: idle -> running (polling every TICK_MS) -> stopping (waits for the pass in flight) -> idle; `setPaused`
 * stops firing on this server only (Conductor's admin pause).
 */
import {
  ScheduleExecutionState,
  scheduledInput,
  type StartWorkflowRequest,
  type WorkflowSchedule,
  type WorkflowScheduleExecutionModel,
} from '@baton/protocol';
import { StoreUnavailableError, type Store } from '@baton/store';
import type { FastifyBaseLogger } from 'fastify';
import { newId } from '../runtime/ids.js';
import type { Runtime } from '../runtime/runtime.js';
import { DEFAULT_ZONE, nextTick } from './cron.js';

const TICK_MS = 100;
/** Schedules fired per pass; more wait for the next pass. */
const DUE_LIMIT = 100;
/** Conductor's limit on a recorded failure reason. */
const MAX_REASON = 999;

export class Scheduler {
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> | undefined;
  private pausedHere = false;

  constructor(
    private readonly store: Store,
    private readonly runtime: Runtime,
    private readonly logger: FastifyBaseLogger,
    private readonly now: () => number = Date.now,
  ) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      this.inFlight ??= this.tick().finally(() => (this.inFlight = undefined));
    }, TICK_MS);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.inFlight;
  }

  /** Stops (or restarts) firing on this server; other servers on the database go on. */
  setPaused(paused: boolean): void {
    this.pausedHere = paused;
  }

  get paused(): boolean {
    return this.pausedHere;
  }

  /** One pass: fire each due schedule once. Exposed for tests. */
  async tick(): Promise<void> {
    if (this.pausedHere) return;
    try {
      for (const name of await this.store.dueSchedules(this.now(), DUE_LIMIT)) await this.fire(name);
    } catch (err) {
      this.logger.error({ err }, 'scheduler pass failed');
    }
  }

  private async fire(name: string): Promise<void> {
    const executionId = newId(this.now());
    try {
      await this.runtime.transactWithStarts(async (tx, start) => {
        const now = this.now();
        const schedule = await tx.claimSchedule(name, now);
        if (!schedule?.nextRunTime) return;
        const scheduledTime = schedule.nextRunTime;
        const workflowId = await start(startRequest(schedule, scheduledTime, now, executionId));
        const record = execution(schedule, executionId, scheduledTime, now, { workflowId });
        // Recorded already (cannot happen while the claim holds): roll the start back.
        if (!(await tx.recordScheduleRun(record, followingTick(schedule, scheduledTime, now))))
          throw new Error(`tick ${scheduledTime} of schedule ${name} was recorded already`);
      });
    } catch (err) {
      // The database is away: the tick stays due and fires once it is back, instead of being recorded FAILED.
      if (err instanceof StoreUnavailableError) throw err;
      const reason = (err instanceof Error ? err.message : String(err)).slice(0, MAX_REASON);
      this.logger.warn({ err, schedule: name }, 'scheduled workflow did not start');
      await this.store.transact(async (tx) => {
        const now = this.now();
        const schedule = await tx.claimSchedule(name, now);
        if (!schedule?.nextRunTime) return;
        const scheduledTime = schedule.nextRunTime;
        const record = execution(schedule, executionId, scheduledTime, now, { reason });
        await tx.recordScheduleRun(record, followingTick(schedule, scheduledTime, now));
      });
    }
  }
}

/** The schedule's request with the tick added to its input (Conductor's keys). */
function startRequest(
  schedule: WorkflowSchedule,
  scheduledTime: number,
  now: number,
  executionId: string,
): StartWorkflowRequest {
  const request = schedule.startWorkflowRequest;
  return {
    ...request,
    createdBy: schedule.createdBy ?? request.createdBy,
    input: scheduledInput(request.input, {
      scheduleName: schedule.name,
      scheduledTime,
      executedTime: now,
      executionId,
      cron: `${schedule.cronExpression} ${schedule.zoneId ?? DEFAULT_ZONE}`,
    }),
  };
}

function execution(
  schedule: WorkflowSchedule,
  executionId: string,
  scheduledTime: number,
  now: number,
  outcome: { workflowId: string } | { reason: string },
): WorkflowScheduleExecutionModel {
  return {
    executionId,
    scheduleName: schedule.name,
    scheduledTime,
    executionTime: now,
    workflowName: schedule.startWorkflowRequest.name,
    startWorkflowRequest: schedule.startWorkflowRequest,
    state: 'workflowId' in outcome ? ScheduleExecutionState.EXECUTED : ScheduleExecutionState.FAILED,
    zoneId: schedule.zoneId ?? DEFAULT_ZONE,
    orgId: '0000',
    ...outcome,
  };
}

/** The tick after `scheduledTime`: the very next one when catching up, else the first one after now. */
function followingTick(schedule: WorkflowSchedule, scheduledTime: number, now: number): number | undefined {
  return nextTick(
    schedule,
    schedule.runCatchupScheduleInstances ? scheduledTime : Math.max(now, scheduledTime),
  );
}
