/**
 * The workflow scheduler's wire models, as Conductor OSS 3.x serves them under `/api/scheduler`: a schedule
 * starts a workflow on every tick of a 6-field (seconds first, Spring) cron expression in a time zone, and every
 * tick leaves an execution record.
 */
import type { JsonObject, StartWorkflowRequest, ValidationError } from './models.js';
import { validateStartWorkflowRequest } from './validation/requests.js';

/** A schedule as saved and read back (`WorkflowScheduleModel` in the list is the same shape). */
export interface WorkflowSchedule {
  name: string;
  /** Spring cron: second minute hour day-of-month month day-of-week (`?`, `L`, `W`, `#` allowed). */
  cronExpression: string;
  /** After downtime, run every missed tick (true) or one run for the whole gap (false, the default). */
  runCatchupScheduleInstances: boolean;
  paused: boolean;
  pausedReason?: string;
  startWorkflowRequest: StartWorkflowRequest;
  /** IANA zone the cron expression is read in. Default UTC. */
  zoneId: string;
  /** No tick before this (epoch ms). */
  scheduleStartTime?: number;
  /** No tick after this (epoch ms). */
  scheduleEndTime?: number;
  createTime?: number;
  updatedTime?: number;
  createdBy?: string;
  updatedBy?: string;
  description?: string;
  /** The next tick (epoch ms); absent once the schedule has passed its end. */
  nextRunTime?: number;
}

/** The body of `POST /api/scheduler/schedules` (the server fills in times, users and `nextRunTime`). */
export type SaveScheduleRequest = Omit<
  WorkflowSchedule,
  'runCatchupScheduleInstances' | 'paused' | 'zoneId' | 'nextRunTime' | 'createTime' | 'updatedTime'
> & { runCatchupScheduleInstances?: boolean; paused?: boolean; zoneId?: string };

export const ScheduleExecutionState = {
  POLLED: 'POLLED',
  FAILED: 'FAILED',
  EXECUTED: 'EXECUTED',
} as const;
export type ScheduleExecutionState = (typeof ScheduleExecutionState)[keyof typeof ScheduleExecutionState];

/** One tick of a schedule: the workflow it started, or why it could not. */
export interface WorkflowScheduleExecutionModel {
  executionId: string;
  scheduleName: string;
  /** The cron tick (epoch ms). */
  scheduledTime: number;
  /** When the server acted on it (epoch ms). */
  executionTime: number;
  workflowName: string;
  workflowId?: string;
  reason?: string;
  stackTrace?: string;
  startWorkflowRequest: StartWorkflowRequest;
  state: ScheduleExecutionState;
  zoneId: string;
  orgId: string;
}

/** `GET /api/scheduler/search/executions` answers this. */
export interface SearchResultWorkflowScheduleExecutionModel {
  totalHits: number;
  results: WorkflowScheduleExecutionModel[];
}

/** The input keys a scheduled start adds to the workflow's input (Conductor's names). */
export const ScheduledInputKey = {
  startedByScheduler: '_startedByScheduler',
  scheduledTime: '_scheduledTime',
  executedTime: '_executedTime',
  executionId: '_executionId',
  schedulerCron: '_schedulerCron',
} as const;

/**
 * Structural checks of a save request (the cron expression and zone are checked where the cron library lives).
 * @example validateSaveScheduleRequest({ name: 's' }) // [{ path: 'cronExpression', ... }, { path: 'startWorkflowRequest', ... }]
 */
export function validateSaveScheduleRequest(body: unknown): ValidationError[] {
  if (!isObject(body)) return [{ path: '', message: 'WorkflowSchedule must be a JSON object' }];
  const errors: ValidationError[] = [];
  const add = (path: string, message: string, invalidValue?: unknown): void => {
    errors.push(invalidValue === undefined ? { path, message } : { path, message, invalidValue });
  };
  if (typeof body.name !== 'string' || body.name.trim() === '')
    add('name', 'Schedule name is required', body.name);
  if (typeof body.cronExpression !== 'string' || body.cronExpression.trim() === '')
    add('cronExpression', 'Cron expression is required', body.cronExpression);
  for (const field of ['zoneId', 'description', 'pausedReason'] as const) {
    if (!isAbsent(body[field]) && typeof body[field] !== 'string')
      add(field, 'must be a string', body[field]);
  }
  for (const field of ['paused', 'runCatchupScheduleInstances'] as const) {
    if (!isAbsent(body[field]) && typeof body[field] !== 'boolean')
      add(field, 'must be a boolean', body[field]);
  }
  for (const field of ['scheduleStartTime', 'scheduleEndTime'] as const) {
    if (!isAbsent(body[field]) && !Number.isSafeInteger(body[field]))
      add(field, 'must be epoch milliseconds (an integer)', body[field]);
  }
  const { scheduleStartTime: start, scheduleEndTime: end } = body;
  if (typeof start === 'number' && typeof end === 'number' && end < start)
    add('scheduleEndTime', 'must not be before scheduleStartTime', end);
  if (Array.isArray(body.cronSchedules) && body.cronSchedules.length > 0)
    add('cronSchedules', 'several cron expressions in one schedule are not supported: use one schedule each');
  const request = body.startWorkflowRequest;
  if (!isObject(request)) {
    add('startWorkflowRequest', 'startWorkflowRequest is required', request ?? undefined);
  } else {
    for (const e of validateStartWorkflowRequest(request))
      errors.push({ ...e, path: e.path ? `startWorkflowRequest.${e.path}` : 'startWorkflowRequest' });
  }
  return errors;
}

/** Filters of an execution search, parsed from Conductor's query string (see `parseScheduleExecutionQuery`). */
export interface ScheduleExecutionQuery {
  scheduleNames: string[];
  states: string[];
  /** Only ticks strictly after / before these (epoch ms). */
  scheduledAfter?: number;
  scheduledBefore?: number;
  workflowName?: string;
  executionId?: string;
  /** Substring of the schedule name, workflow name, workflow id or reason; `*` or empty: everything. */
  freeText?: string;
  start: number;
  size: number;
  sort: ScheduleExecutionSort[];
}

export const ScheduleExecutionSortField = {
  scheduledTime: 'scheduledTime',
  executionTime: 'executionTime',
  scheduleName: 'scheduleName',
  workflowName: 'workflowName',
  state: 'state',
} as const;
export type ScheduleExecutionSortField = keyof typeof ScheduleExecutionSortField;

export interface ScheduleExecutionSort {
  field: ScheduleExecutionSortField;
  descending: boolean;
}

/**
 * Conductor's scheduler search syntax: clauses joined by `AND`, each one of `scheduleName IN (a,b)`,
 * `state IN (EXECUTED,FAILED)`, `scheduledTime>N`, `scheduledTime<N`, `workflowName=w`, `executionId=e`; any
 * other clause is taken as a schedule name (as Conductor does). Sort entries are `field[:ASC|DESC]`; an unknown
 * field sorts by scheduledTime. Throws `ScheduleQueryError` for a time that is not a number.
 * @example parseScheduleExecutionQuery('scheduleName IN (nightly) AND state IN (FAILED)', '*', 0, 10, [])
 */
export function parseScheduleExecutionQuery(
  query: string | undefined,
  freeText: string | undefined,
  start: number,
  size: number,
  sort: readonly string[],
): ScheduleExecutionQuery {
  const parsed: ScheduleExecutionQuery = { scheduleNames: [], states: [], start, size, sort: [] };
  if (freeText !== undefined && freeText.trim() !== '' && freeText.trim() !== '*')
    parsed.freeText = freeText.trim();
  for (const raw of (query ?? '').split(/\s+AND\s+/)) {
    const clause = raw.trim();
    if (clause === '') continue;
    const list = /^(scheduleName|state) IN \((.*)\)$/.exec(clause);
    const time = /^scheduledTime\s*([<>])\s*(.*)$/.exec(clause);
    if (list) {
      const values = list[2]!
        .split(',')
        .map((v) => v.trim())
        .filter((v) => v !== '');
      (list[1] === 'state' ? parsed.states : parsed.scheduleNames).push(...values);
    } else if (time) {
      const value = Number(time[2]);
      if (time[2]!.trim() === '' || !Number.isSafeInteger(value))
        throw new ScheduleQueryError(`Invalid scheduledTime in query: '${clause}'`, clause);
      if (time[1] === '>') parsed.scheduledAfter = value;
      else parsed.scheduledBefore = value;
    } else if (clause.startsWith('workflowName=')) {
      parsed.workflowName = clause.slice('workflowName='.length).trim();
    } else if (clause.startsWith('executionId=')) {
      parsed.executionId = clause.slice('executionId='.length).trim();
    } else {
      parsed.scheduleNames.push(clause);
    }
  }
  for (const entry of sort.flatMap((s) => s.split(','))) {
    const [name = '', order = 'ASC'] = entry.trim().split(':');
    if (name === '') continue;
    const field = Object.hasOwn(ScheduleExecutionSortField, name)
      ? (name as ScheduleExecutionSortField)
      : 'scheduledTime';
    parsed.sort.push({ field, descending: order.trim().toUpperCase() === 'DESC' });
  }
  return parsed;
}

export class ScheduleQueryError extends Error {
  constructor(
    message: string,
    readonly clause: string,
  ) {
    super(message);
    this.name = 'ScheduleQueryError';
  }
}

/** Input a scheduled start adds to the schedule's own (see `ScheduledInputKey`). */
export function scheduledInput(
  input: JsonObject | undefined,
  tick: {
    scheduleName: string;
    scheduledTime: number;
    executedTime: number;
    executionId: string;
    cron: string;
  },
): JsonObject {
  return {
    ...input,
    [ScheduledInputKey.startedByScheduler]: tick.scheduleName,
    [ScheduledInputKey.scheduledTime]: tick.scheduledTime,
    [ScheduledInputKey.executedTime]: tick.executedTime,
    [ScheduledInputKey.executionId]: tick.executionId,
    [ScheduledInputKey.schedulerCron]: tick.cron,
  };
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isAbsent = (v: unknown): boolean => v === undefined || v === null;
