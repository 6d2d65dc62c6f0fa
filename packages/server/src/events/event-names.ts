/**
 * Event names (`<queueType>:<queueName>`, §2.13): where an EVENT task publishes and what a handler listens
 * to. The `conductor` type is Baton's own durable queue; `nats` and `amqp*` are external brokers.
 */

/** A bad sink or event name: retrying cannot help, so the task fails terminally. */
export class UnsupportedEventError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsupportedEventError';
  }
}

export type EventDestination =
  /** `name` is the full event name, e.g. `conductor:orders:notify_ref`. */
  | { kind: 'conductor'; name: string }
  /** `nats:subject` or `nats:subject:queueGroup` (the group only matters to consumers). */
  | { kind: 'nats'; subject: string; queueGroup?: string }
  /** `amqp:queue` / `amqp_queue:queue[?durable=false]`. */
  | { kind: 'amqp_queue'; queue: string; durable: boolean }
  /** `amqp_exchange:exchange[?exchangeType=topic&routingKey=key&bindQueueName=q&durable=false]`. */
  | {
      kind: 'amqp_exchange';
      exchange: string;
      exchangeType: string;
      routingKey: string;
      /** The queue a consumer binds to the exchange. */
      bindQueueName: string;
      durable: boolean;
    };

/**
 * The event an EVENT task publishes to, as Conductor's Event task computes it: a bare `conductor` sink becomes
 * `conductor:{workflowType}:{taskRef}`, `conductor:{q}` becomes `conductor:{workflowType}:{q}`, others are kept.
 */
export function sinkEventName(sink: string, workflowType: string, taskRefName: string): string {
  if (sink === 'conductor') return `conductor:${workflowType}:${taskRefName}`;
  if (sink.startsWith('conductor:')) return `conductor:${workflowType}:${sink.slice('conductor:'.length)}`;
  if (sink.startsWith('conductor'))
    throw new UnsupportedEventError(`Invalid / Unsupported sink specified: ${sink}`);
  return sink;
}

/** Throws UnsupportedEventError for a name without a known queue type. */
export function parseEventName(name: string): EventDestination {
  const colon = name.indexOf(':');
  const type = colon < 0 ? name : name.slice(0, colon);
  const rest = colon < 0 ? '' : name.slice(colon + 1);
  if (rest === '')
    throw new UnsupportedEventError(`Invalid event name '${name}': expected <queueType>:<queueName>`);
  switch (type) {
    case 'conductor':
      return { kind: 'conductor', name };
    case 'nats': {
      const [subject = '', queueGroup] = rest.split(':');
      return queueGroup ? { kind: 'nats', subject, queueGroup } : { kind: 'nats', subject };
    }
    case 'amqp':
    case 'amqp_queue': {
      const { base, params } = splitQuery(rest);
      return { kind: 'amqp_queue', queue: base, durable: params.get('durable') !== 'false' };
    }
    case 'amqp_exchange': {
      const { base, params } = splitQuery(rest);
      return {
        kind: 'amqp_exchange',
        exchange: base,
        exchangeType: params.get('exchangeType') ?? 'topic',
        routingKey: params.get('routingKey') ?? '',
        bindQueueName: params.get('bindQueueName') ?? `bound_to_${base}`,
        durable: params.get('durable') !== 'false',
      };
    }
    default:
      throw new UnsupportedEventError(`Unsupported event queue type '${type}' in '${name}'`);
  }
}

/** Whether handlers on this event are fed by an external broker (and so need a subscription). */
export function isBrokerEvent(name: string): boolean {
  return /^(nats|amqp|amqp_queue|amqp_exchange):./.test(name);
}

function splitQuery(uri: string): { base: string; params: URLSearchParams } {
  const q = uri.indexOf('?');
  return q < 0
    ? { base: uri, params: new URLSearchParams() }
    : { base: uri.slice(0, q), params: new URLSearchParams(uri.slice(q + 1)) };
}
