/**
 * The action pipeline every event source feeds (the internal queue and the broker consumers): find the active
 * handlers of the event, check each one's condition, run its actions in order. Failures are logged and do
 * not stop the other actions or handlers; nothing here throws for a bad handler or action.
 */
import type { JsonObject } from '@baton/protocol';
import type { EventHandler, StoreReader } from '@baton/store';
import type { FastifyBaseLogger } from 'fastify';
import { messageOf, runAction, type EventSource } from './actions.js';
import { checkCondition, type ConditionEvaluator, type ConditionVerdict } from './conditions.js';
import { runtimeOf, type EventRuntimeRef } from './event-runtime.js';

export interface DispatcherDeps {
  store: StoreReader;
  runtime: EventRuntimeRef;
  evaluate: ConditionEvaluator;
  logger: FastifyBaseLogger;
  clock?: () => number;
}

/** `at`: when the action finished (epoch ms). */
export type ActionReport =
  | { action: string; at: number; ok: true; output: JsonObject }
  | { action: string; at: number; ok: false; error: string };

export interface HandlerReport {
  handler: string;
  /** False when the condition did not hold (then `skipped` says why) and no action ran. */
  matched: boolean;
  skipped?: string;
  /** The condition could not be evaluated (rather than being false). */
  conditionFailed?: boolean;
  /** When the condition was checked (epoch ms). */
  at: number;
  actions: ActionReport[];
}

export class EventDispatcher {
  private readonly now: () => number;

  constructor(private readonly deps: DispatcherDeps) {
    this.now = deps.clock ?? Date.now;
  }

  /** Throws only when the handlers cannot be read (the caller should then retry the message later). */
  async dispatch(source: EventSource): Promise<HandlerReport[]> {
    const handlers = await this.deps.store.eventHandlersFor(source.event, true);
    const reports: HandlerReport[] = [];
    for (const handler of handlers) reports.push(await this.runHandler(handler, source));
    return reports;
  }

  private async runHandler(handler: EventHandler, source: EventSource): Promise<HandlerReport> {
    const log = this.deps.logger.child({
      eventHandler: handler.name,
      event: source.event,
      messageId: source.messageId,
    });
    let verdict: ConditionVerdict;
    try {
      verdict = await checkCondition(handler, source.payload, this.deps.evaluate);
    } catch (err) {
      verdict = { matches: false, reason: `condition failed: ${messageOf(err)}`, failed: true };
    }
    if (!verdict.matches) {
      if (verdict.failed) log.warn({ reason: verdict.reason }, 'event handler condition failed');
      else log.debug({ reason: verdict.reason }, 'event handler skipped');
      return {
        handler: handler.name,
        matched: false,
        skipped: verdict.reason,
        conditionFailed: verdict.failed === true,
        at: this.now(),
        actions: [],
      };
    }
    const actions: ActionReport[] = [];
    for (const action of handler.actions) {
      try {
        const output = await runAction(action, source, {
          store: this.deps.store,
          runtime: runtimeOf(this.deps.runtime),
        });
        actions.push({ action: action.action, at: this.now(), ok: true, output });
      } catch (err) {
        const error = messageOf(err);
        log.warn({ action: action.action, error }, 'event handler action failed');
        actions.push({ action: action.action, at: this.now(), ok: false, error });
      }
    }
    return { handler: handler.name, matched: true, at: this.now(), actions };
  }
}
