/**
 * The schedule registry behind `/api/scheduler` (Conductor's SchedulerService): validation, save with the next
 * tick computed from now, pause and resume, previews and the execution search. Firing is scheduler.ts's job.
 */
import {
  parseScheduleExecutionQuery,
  ScheduleQueryError,
  validateSaveScheduleRequest,
  type SaveScheduleRequest,
  type SearchResultWorkflowScheduleExecutionModel,
  type WorkflowSchedule,
} from '@baton/protocol';
import { TaggedEntity, type Store } from '@baton/store';
import { BadRequestError, NotFoundError, ValidationFailedError } from '../errors.js';
import { cronErrors, DEFAULT_ZONE, nextTick, nextTicks, type CronBounds } from './cron.js';

/** Conductor previews at most this many ticks. */
const MAX_PREVIEW = 5;

export interface ExecutionSearchParams {
  query?: string;
  freeText?: string;
  start: number;
  size: number;
  sort: string[];
}

export class ScheduleService {
  constructor(
    private readonly store: Store,
    private readonly now: () => number = Date.now,
  ) {}

  /** Creates or replaces a schedule; its next tick counts from now. Throws ValidationFailedError. */
  async save(body: unknown): Promise<WorkflowSchedule> {
    const errors = validateSaveScheduleRequest(body);
    const request = body as SaveScheduleRequest;
    if (errors.length === 0)
      errors.push(...cronErrors(request.cronExpression, request.zoneId ?? DEFAULT_ZONE));
    if (errors.length > 0) throw new ValidationFailedError(errors);
    const now = this.now();
    return this.store.transact(async (tx) => {
      const existing = await tx.getSchedule(request.name);
      const schedule = withNextTick(
        {
          name: request.name,
          cronExpression: request.cronExpression.trim(),
          runCatchupScheduleInstances: request.runCatchupScheduleInstances ?? false,
          paused: request.paused ?? false,
          pausedReason: request.paused ? (request.pausedReason ?? undefined) : undefined,
          startWorkflowRequest: {
            ...request.startWorkflowRequest,
            // An inline definition may name the workflow instead.
            name: request.startWorkflowRequest.name ?? request.startWorkflowRequest.workflowDef?.name,
          },
          zoneId: request.zoneId ?? DEFAULT_ZONE,
          scheduleStartTime: request.scheduleStartTime ?? undefined,
          scheduleEndTime: request.scheduleEndTime ?? undefined,
          createTime: existing?.createTime ?? now,
          updatedTime: now,
          createdBy: existing?.createdBy ?? request.createdBy ?? undefined,
          updatedBy: request.updatedBy ?? undefined,
          description: request.description ?? undefined,
        },
        now,
      );
      await tx.putSchedule(schedule);
      return schedule;
    });
  }

  async get(name: string): Promise<WorkflowSchedule> {
    const schedule = await this.store.getSchedule(name);
    if (!schedule) throw notFound(name);
    return schedule;
  }

  list(workflowName?: string): Promise<WorkflowSchedule[]> {
    return this.store.listSchedules(workflowName);
  }

  /** Deleting a schedule that does not exist is no error (Conductor). Its execution records stay; its tags go. */
  async remove(name: string): Promise<void> {
    await this.store.transact(async (tx) => {
      await tx.deleteSchedule(name);
      await tx.deleteTags(TaggedEntity.schedule, name);
    });
  }

  /** Throws NotFoundError. A paused schedule keeps its next tick, but no tick fires until it is resumed. */
  async pause(name: string, reason?: string): Promise<void> {
    await this.update(name, (s) => ({ ...s, paused: true, pausedReason: reason, updatedTime: this.now() }));
  }

  /** Throws NotFoundError, also for a schedule that is not paused (Conductor). Ticks missed meanwhile are skipped. */
  async resume(name: string): Promise<void> {
    const now = this.now();
    await this.update(name, (s) => {
      if (!s.paused) throw notFound(name);
      return withNextTick({ ...s, paused: false, pausedReason: undefined, updatedTime: now }, now);
    });
  }

  /** The next few ticks of an expression from now (at most 5, as Conductor). Throws ValidationFailedError. */
  nextFew(bounds: CronBounds, limit: number): number[] {
    const errors = cronErrors(bounds.cronExpression, bounds.zoneId ?? DEFAULT_ZONE);
    if (errors.length > 0) throw new ValidationFailedError(errors);
    return nextTicks(bounds, this.now(), Math.min(MAX_PREVIEW, limit));
  }

  async searchExecutions(params: ExecutionSearchParams): Promise<SearchResultWorkflowScheduleExecutionModel> {
    let query;
    try {
      query = parseScheduleExecutionQuery(
        params.query,
        params.freeText,
        params.start,
        params.size,
        params.sort,
      );
    } catch (err) {
      if (!(err instanceof ScheduleQueryError)) throw err;
      throw new BadRequestError(err.message, [
        { path: 'query', message: err.message, invalidValue: err.clause },
      ]);
    }
    return this.store.searchScheduleExecutions(query);
  }

  private async update(name: string, change: (s: WorkflowSchedule) => WorkflowSchedule): Promise<void> {
    await this.store.transact(async (tx) => {
      const schedule = await tx.getSchedule(name);
      if (!schedule) throw notFound(name);
      await tx.putSchedule(change(schedule));
    });
  }
}

function withNextTick(schedule: WorkflowSchedule, now: number): WorkflowSchedule {
  return { ...schedule, nextRunTime: nextTick(schedule, now) };
}

const notFound = (name: string) => new NotFoundError(`Schedule '${name}' not found`);
