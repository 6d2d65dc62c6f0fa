/**
 * Drives a VirtualRun to its end, answering its requests as a server would but in-process: scripts with the
 * harness's `eval` stand-in, INLINE tasks the same way, definitions from a map. Ids are counters, so every
 * run of a test gives the same ids.
 */
import type { TaskDef, WorkflowDef, WorkflowTestRequest } from '@baton/protocol';
import { VirtualRun, type RunRequest, type RunResult } from '../../src/index.js';
import { evaluateScript, T0 } from './harness.js';

export interface VirtualWorld {
  taskDefs?: TaskDef[];
  definitions?: WorkflowDef[];
  startTime?: number;
}

export interface Driven extends RunResult {
  /** The requests answered, in order (`evaluate`, `execute:<ref>`, `definition:<name>`). */
  requests: string[];
}

export function runVirtually(
  def: WorkflowDef,
  request: Partial<WorkflowTestRequest> = {},
  world: VirtualWorld = {},
): Driven {
  let ids = 0;
  const taskDefs = new Map((world.taskDefs ?? []).map((d) => [d.name, d]));
  const run = new VirtualRun(
    def,
    { name: def.name, ...request },
    {
      startTime: world.startTime ?? T0,
      taskDef: (name) => taskDefs.get(name),
      newId: () => `id-${++ids}`,
      executedTypes: new Set(['INLINE']),
    },
  );
  const requests: string[] = [];
  let progress = run.advance();
  while (progress.kind === 'request') {
    requests.push(answer(progress.request, world));
    progress = run.advance();
  }
  return { ...progress.result, requests };
}

function answer(request: RunRequest, world: VirtualWorld): string {
  switch (request.kind) {
    case 'evaluate':
      request.answer(evaluate(request.expression, request.input));
      return 'evaluate';
    case 'execute': {
      const input = request.task.inputData;
      const outcome = evaluate(String(input.expression), input);
      request.answer(
        'error' in outcome
          ? { status: 'FAILED', reasonForIncompletion: outcome.error }
          : { status: 'COMPLETED', outputData: { result: outcome.result as never } },
      );
      return `execute:${request.task.referenceTaskName}`;
    }
    case 'definition':
      request.answer(
        (world.definitions ?? []).find(
          (d) => d.name === request.name && (request.version === undefined || d.version === request.version),
        ),
      );
      return `definition:${request.name}`;
  }
}

function evaluate(
  expression: string,
  input: Record<string, unknown>,
): { result: unknown } | { error: string } {
  try {
    return { result: evaluateScript(expression, input) };
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) };
  }
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
