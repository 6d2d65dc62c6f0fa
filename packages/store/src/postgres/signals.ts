/**
 * Wake-ups between servers sharing the database: NOTIFY on commit, LISTEN on one dedicated connection per
 * store. A payload names the sending store, so a store ignores its own signals (its process knows already).
 */
import pg from 'pg';
import type { StoreSignal, StoreSignals } from '../contract.js';
import { statement } from './db.js';

export const SIGNAL_CHANNEL = 'baton_signals';

/** PostgreSQL refuses payloads of 8000 bytes or more; keep well under, envelope included. */
const MAX_PAYLOAD_BYTES = 7900;

/** See baton_notify in migrations-pg/003_task_lock_and_signals.sql. */
export const notifyStatement = statement('notify', 'SELECT baton_notify($1::text[])');

interface Envelope {
  from: string;
  signals: StoreSignal[];
}

/**
 * The payloads that carry `signals` (repeats dropped), each under PostgreSQL's limit. A single signal too large
 * to send is dropped: receivers re-check periodically anyway, and failing the work for it would be worse.
 */
export function signalPayloads(from: string, signals: readonly StoreSignal[]): string[] {
  const unique = [...new Set(signals.map((s) => JSON.stringify(s)))];
  const envelopeBytes = Buffer.byteLength(JSON.stringify({ from, signals: [] }));
  const payloads: string[] = [];
  let chunk: string[] = [];
  let bytes = envelopeBytes;
  const flush = (): void => {
    if (chunk.length === 0) return;
    payloads.push(`{"from":${JSON.stringify(from)},"signals":[${chunk.join(',')}]}`);
    chunk = [];
    bytes = envelopeBytes;
  };
  for (const json of unique) {
    const size = Buffer.byteLength(json) + 1;
    if (envelopeBytes + size > MAX_PAYLOAD_BYTES) continue;
    if (bytes + size > MAX_PAYLOAD_BYTES) flush();
    chunk.push(json);
    bytes += size;
  }
  flush();
  return payloads;
}

export interface SignalListenerOptions {
  connectionString: string;
  /** This store's id: its own notifications are ignored. */
  instanceId: string;
  /** Called with any error of the listening connection (it reconnects by itself). */
  onError?: (err: unknown) => void;
}

/** Reconnect delays: doubling from the first, jittered, up to the last. */
const RECONNECT_MIN_MS = 100;
const RECONNECT_MAX_MS = 5_000;

/** The LISTEN connection: delivers other stores' signals and reconnects by itself when it is lost. */
export class SignalListener implements StoreSignals {
  private readonly listeners = new Set<(signal: StoreSignal) => void>();
  private client: pg.Client | undefined;
  private connected = false;
  private closed = false;
  private retryDelayMs = RECONNECT_MIN_MS;
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: SignalListenerOptions) {}

  get reliable(): boolean {
    return this.connected;
  }

  subscribe(listener: (signal: StoreSignal) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Connects and listens; rejects when that fails (the store's open reports it). */
  async start(): Promise<void> {
    await this.connect();
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retryTimer);
    this.connected = false;
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.options.connectionString,
      application_name: 'baton-listen',
    });
    client.on('error', (err) => this.lost(client, err));
    client.on('end', () => this.lost(client, undefined));
    client.on('notification', (message) => this.deliver(message.payload));
    this.client = client;
    try {
      await client.connect();
      await client.query(`LISTEN ${SIGNAL_CHANNEL}`);
    } catch (err) {
      this.client = undefined;
      await client.end().catch(() => undefined);
      throw err;
    }
    if (this.closed) {
      await client.end().catch(() => undefined);
      return;
    }
    this.connected = true;
    this.retryDelayMs = RECONNECT_MIN_MS;
  }

  private lost(client: pg.Client, err: unknown): void {
    if (client !== this.client) return;
    this.client = undefined;
    this.connected = false;
    if (err !== undefined) this.options.onError?.(err);
    client.end().catch(() => undefined);
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.closed) return;
    const delay = this.retryDelayMs * (0.5 + Math.random() / 2);
    this.retryDelayMs = Math.min(this.retryDelayMs * 2, RECONNECT_MAX_MS);
    this.retryTimer = setTimeout(() => {
      this.connect().catch((err: unknown) => {
        this.options.onError?.(err);
        this.scheduleReconnect();
      });
    }, delay);
    this.retryTimer.unref();
  }

  private deliver(payload: string | undefined): void {
    if (payload === undefined) return;
    let envelope: Envelope;
    try {
      envelope = JSON.parse(payload) as Envelope;
    } catch {
      return; // not ours
    }
    if (envelope.from === this.options.instanceId || !Array.isArray(envelope.signals)) return;
    for (const signal of envelope.signals) {
      for (const listener of this.listeners) {
        try {
          listener(signal);
        } catch (err) {
          this.options.onError?.(err);
        }
      }
    }
  }
}

/**
 * Sends committed transactions' signals: everything committed while the previous send was on its way leaves in
 * the next one, so under load one NOTIFY (and one small transaction) carries the signals of many units.
 */
export class SignalSender {
  private pending: StoreSignal[] = [];
  private running: Promise<void> | undefined;

  constructor(
    private readonly pool: pg.Pool,
    private readonly instanceId: string,
    private readonly onError?: (err: unknown) => void,
  ) {}

  send(signals: readonly StoreSignal[]): void {
    if (signals.length === 0) return;
    this.pending.push(...signals);
    // After this tick, so the units committing in it go together.
    this.running ??= new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.run());
  }

  /** Resolves once everything handed to `send` so far went out (or failed). */
  async drain(): Promise<void> {
    while (this.running) await this.running;
  }

  private async run(): Promise<void> {
    while (this.pending.length > 0) {
      const payloads = signalPayloads(this.instanceId, this.pending);
      this.pending = [];
      try {
        await this.pool.query({ ...notifyStatement, values: [payloads] });
      } catch (err) {
        this.onError?.(err); // lost wake-ups: the receivers' periodic re-check covers them
      }
    }
    this.running = undefined;
  }
}
