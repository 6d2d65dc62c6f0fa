/**
 * A real HTTP server on port 0 that answers with a script, standing in for servers we do not run here (an
 * Orkes cluster with token auth, a flaky proxy). Records every request it gets.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface ScriptedReply {
  status: number;
  body?: unknown;
  /** Sent as is (no JSON encoding), with text/plain. */
  text?: string;
}

export type Script = (request: RecordedRequest) => ScriptedReply | Promise<ScriptedReply>;

export interface ScriptedServer {
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

export async function startScriptedServer(script: Script): Promise<ScriptedServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const recorded = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
      requests.push(recorded);
      void Promise.resolve(script(recorded)).then((reply) => {
        if (reply.text !== undefined) {
          res.writeHead(reply.status, { 'content-type': 'text/plain' }).end(reply.text);
        } else if (reply.body !== undefined) {
          res.writeHead(reply.status, { 'content-type': 'application/json' }).end(JSON.stringify(reply.body));
        } else {
          res.writeHead(reply.status).end();
        }
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A JWT-shaped token (unsigned) expiring at `exp` (epoch seconds). */
export function fakeJwt(exp: number, subject = 'app'): string {
  const part = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'none' })}.${part({ sub: subject, exp })}.sig`;
}
