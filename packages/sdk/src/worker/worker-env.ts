/**
 * Worker settings from environment variables, read exactly as the Python SDK's worker_config does, so one
 * deployment's variables configure workers in either language. Per worker beats all workers beats code:
 *
 *   conductor.worker.<task>.<property>   conductor_worker_<task>_<property>
 *   CONDUCTOR_WORKER_<TASK>_<PROPERTY>   CONDUCTOR_WORKER_<task>_<PROPERTY>
 *   conductor.worker.all.<property>      CONDUCTOR_WORKER_ALL_<PROPERTY>
 *   conductor_worker_<property>          CONDUCTOR_WORKER_<PROPERTY>
 *
 * (in that order; `<TASK>` is the task name upper-cased). The poll interval is also read under its old names
 * (`POLLING_INTERVAL`, `polling_interval`).
 */
import type { Logger } from './logger.js';
import type { Worker } from './worker.js';

/** The worker fields the environment can set. */
export type WorkerSettings = Pick<
  Worker,
  | 'pollIntervalMs'
  | 'domain'
  | 'workerId'
  | 'concurrency'
  | 'registerTaskDef'
  | 'overwriteTaskDef'
  | 'pollTimeoutMs'
  | 'leaseExtendEnabled'
>;

type Parse = (text: string) => string | number | boolean | undefined;

const text: Parse = (value) => value;
const integer: Parse = (value) => (/^\s*[+-]?\d+\s*$/.test(value) ? Number(value) : undefined);
const decimal: Parse = (value) =>
  value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : undefined;
// As Python's: these words are true, anything else false.
const bool: Parse = (value) => ['true', '1', 'yes', 'on'].includes(value.toLowerCase());

/** Python's property names (the variable suffixes) and how each is parsed. */
const PROPERTIES: [keyof WorkerSettings, string, Parse][] = [
  ['pollIntervalMs', 'poll_interval', decimal],
  ['domain', 'domain', text],
  ['workerId', 'worker_id', text],
  ['concurrency', 'thread_count', integer],
  ['registerTaskDef', 'register_task_def', bool],
  ['overwriteTaskDef', 'overwrite_task_def', bool],
  ['pollTimeoutMs', 'poll_timeout', integer],
  ['leaseExtendEnabled', 'lease_extend_enabled', bool],
];

/** The variable names for one property of one worker, highest priority first. */
function variableNames(task: string, property: string): string[] {
  const upper = property.toUpperCase();
  const names = [
    `conductor.worker.${task}.${property}`,
    `conductor_worker_${task}_${property}`,
    `CONDUCTOR_WORKER_${task.toUpperCase()}_${upper}`,
    `CONDUCTOR_WORKER_${task}_${upper}`,
  ];
  if (property === 'poll_interval')
    names.push(
      `CONDUCTOR_WORKER_${task.toUpperCase()}_POLLING_INTERVAL`,
      `CONDUCTOR_WORKER_${task}_POLLING_INTERVAL`,
    );
  names.push(
    `conductor.worker.all.${property}`,
    `CONDUCTOR_WORKER_ALL_${upper}`,
    `conductor_worker_${property}`,
    `CONDUCTOR_WORKER_${upper}`,
  );
  return names;
}

/**
 * The settings the environment gives the worker of task `task` (only those it sets). A value that does not
 * parse (a poll interval of `fast`) is ignored with a warning, as in the Python SDK.
 */
export function workerSettingsFromEnv(
  task: string,
  env: Record<string, string | undefined>,
  logger?: Logger,
): Partial<WorkerSettings> {
  const settings: Partial<Record<keyof WorkerSettings, unknown>> = {};
  for (const [field, property, parse] of PROPERTIES) {
    const aliases = property === 'poll_interval' ? [property, 'polling_interval'] : [property];
    for (const alias of aliases) {
      const name = variableNames(task, alias).find((n) => env[n] !== undefined);
      if (name === undefined) continue;
      const value = parse(env[name]!);
      if (value === undefined) {
        logger?.warn(`Ignoring ${name}=${env[name]}: not a number`);
        continue;
      }
      settings[field] = value;
      break;
    }
  }
  return settings as Partial<WorkerSettings>;
}
