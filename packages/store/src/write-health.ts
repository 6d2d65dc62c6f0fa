/**
 * Whether the store's writes go through, for `/health`: a write refused for the environment's sake (disk full,
 * I/O error, database unreachable) makes the store unhealthy until a write succeeds again.
 */
import type { StoreHealth } from './contract.js';

export class WriteHealth {
  private failure: { reason: string; since: number } | undefined;

  /** A write failed with StoreUnavailableError: keeps when it started, tells the latest reason. */
  failed(err: Error): void {
    this.failure = { reason: err.message, since: this.failure?.since ?? Date.now() };
  }

  /** A write that changed something was committed. */
  succeeded(): void {
    this.failure = undefined;
  }

  get healthy(): boolean {
    return this.failure === undefined;
  }

  get status(): StoreHealth {
    return this.failure ? { healthy: false, ...this.failure } : { healthy: true };
  }
}
