/**
 * The default transport: node:http(s) with a keep-alive agent. Much lighter per request than fetch (no web
 * streams, no AbortSignal), which matters for workers doing thousands of polls and updates a second.
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import {
  StaleConnectionError,
  type Transport,
  type TransportRequest,
  type TransportResponse,
} from './transport.js';

export class NodeTransport implements Transport {
  private readonly agent: HttpAgent;
  private readonly request: typeof httpRequest;
  private readonly hostname: string;
  private readonly port: string;
  private readonly basePath: string;

  /** `baseUrl`: the API root, e.g. `http://localhost:8080/api`. */
  constructor(baseUrl: string) {
    const url = new URL(baseUrl);
    const secure = url.protocol === 'https:';
    // Parsed once: a URL string per request would be parsed again every time.
    this.hostname = url.hostname.replace(/^\[(.*)\]$/, '$1');
    this.port = url.port;
    this.basePath = url.pathname.replace(/\/+$/, '');
    // Idle sockets are dropped after 4 s, before common server keep-alive timeouts (5 s) close them under us.
    const options = { keepAlive: true, timeout: 4000, scheduling: 'lifo' as const };
    this.agent = secure ? new HttpsAgent(options) : new HttpAgent(options);
    this.request = secure ? httpsRequest : httpRequest;
  }

  send(request: TransportRequest): Promise<TransportResponse> {
    return new Promise((resolve, reject) => {
      const headers =
        request.body === undefined
          ? request.headers
          : { ...request.headers, 'content-length': String(Buffer.byteLength(request.body)) };
      const req = this.request({
        hostname: this.hostname,
        port: this.port,
        path: this.basePath + request.path,
        method: request.method,
        headers,
        agent: this.agent,
      });
      req.setTimeout(request.timeoutMs, () =>
        req.destroy(new Error(`Request timed out after ${request.timeoutMs} ms`)),
      );
      req.on('error', (error: NodeJS.ErrnoException) => {
        // A reused keep-alive socket reset before any answer: the server closed it idle, nothing was processed.
        reject(
          req.reusedSocket && error.code === 'ECONNRESET'
            ? new StaleConnectionError(error.message, { cause: error })
            : error,
        );
      });
      req.on('response', (res: IncomingMessage) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('error', reject);
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, text, contentType: res.headers['content-type'] ?? '' }),
        );
      });
      req.end(request.body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
