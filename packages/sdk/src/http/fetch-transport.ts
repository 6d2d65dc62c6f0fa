/** A transport over a fetch implementation (the global one, or undici's with a tuned dispatcher). */
import type { Transport, TransportRequest, TransportResponse } from './transport.js';

export class FetchTransport implements Transport {
  constructor(
    private readonly baseUrl: string,
    private readonly fetchImpl: typeof globalThis.fetch,
  ) {}

  async send(request: TransportRequest): Promise<TransportResponse> {
    const response = await this.fetchImpl(this.baseUrl + request.path, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      signal: AbortSignal.timeout(request.timeoutMs),
    });
    const text = await response.text();
    return { status: response.status, text, contentType: response.headers.get('content-type') ?? '' };
  }

  close(): void {}
}
