/**
 * Task domains (§4.8): `taskToDomain` maps a task type (or `*`) to a comma list of domains; the task goes
 * to the first domain with a worker polling in the last 10 s, else to the last entry.
 */
import type { DeciderContext } from '../contract.js';
import type { TaskTypeModule } from '../tasks/module.js';

/** Conductor's `activeWorkerLastPollTimeout`. */
export const ACTIVE_WORKER_WINDOW_MS = 10_000;
const NO_DOMAIN = 'NO_DOMAIN';

/** The domain of a new task of `module`'s type: system tasks are never domain-mapped. */
export function domainFor(
  module: Pick<TaskTypeModule, 'execution'>,
  taskToDomain: Record<string, string> | undefined,
  taskType: string,
  ctx: DeciderContext,
): string | undefined {
  return module.execution === 'worker' ? chooseDomain(taskToDomain, taskType, ctx) : undefined;
}

/** The domain for a worker task of `taskType`, or undefined for the un-domained queue. */
export function chooseDomain(
  taskToDomain: Record<string, string> | undefined,
  taskType: string,
  ctx: DeciderContext,
): string | undefined {
  const mapping = taskToDomain?.[taskType] ?? taskToDomain?.['*'];
  if (!mapping) return undefined;
  const domains = mapping
    .split(',')
    .map((d) => d.trim())
    .filter((d) => d !== '');
  const active = domains.find((domain) => !isNoDomain(domain) && isPolled(`${domain}:${taskType}`, ctx));
  if (active) return active;
  const last = domains[domains.length - 1];
  return last === undefined || isNoDomain(last) ? undefined : last;
}

function isNoDomain(domain: string): boolean {
  return domain.toUpperCase() === NO_DOMAIN;
}

function isPolled(queueName: string, ctx: DeciderContext): boolean {
  const last = ctx.lastPollTime(queueName);
  return last !== undefined && ctx.now - last < ACTIVE_WORKER_WINDOW_MS;
}
