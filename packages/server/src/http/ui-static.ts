/**
 * The web UI on the API's port: the built single-page app (packages/ui/dist) at `/`, and index.html for any
 * other page path so deep links such as `/execution/{id}` load. `/api/*` and `/health` never fall back: an
 * unknown API path keeps Conductor's 404 body. Hashed assets are cached for good, index.html never.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export const UI_NOT_BUILT = 'UI not built: run npm run build, then start the server again.\n';

/**
 * The UI runs only its own scripts and styles and talks only to its own origin, so an injected script or a
 * link elsewhere has nowhere to go; no other site may frame it (clickjacking); no file is sniffed as
 * another type. `data:` images are the favicon's.
 */
const UI_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy':
    "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

/** Answers a request no route took, or returns undefined to leave it to the API's 404. */
export type NotFoundFallback = (request: FastifyRequest, reply: FastifyReply) => FastifyReply | undefined;

/**
 * The UI's built files: packages/ui/dist in this repository (found through the `@baton/ui` workspace package),
 * else ui/ inside this package as published (scripts/prepack.mjs copies the build there); undefined when neither.
 */
export function defaultUiDir(): string | undefined {
  try {
    return join(dirname(createRequire(import.meta.url).resolve('@baton/ui/package.json')), 'dist');
  } catch {
    const packed = fileURLToPath(new URL('../../ui/', import.meta.url));
    return existsSync(packed) ? packed : undefined;
  }
}

const isApiPath = (path: string): boolean =>
  path === '/api' || path.startsWith('/api/') || path === '/health';

/** Serves `uiDir` when it holds a build; returns the fallback for page paths either way. */
export function registerUi(app: FastifyInstance, uiDir: string | undefined): NotFoundFallback {
  const built = uiDir !== undefined && existsSync(join(uiDir, 'index.html'));
  if (built) {
    const assets = join(uiDir, 'assets') + sep;
    void app.register(fastifyStatic, {
      root: uiDir,
      prefix: '/',
      index: ['index.html'],
      redirect: false,
      cacheControl: false,
      allowedPath: (path) => !isApiPath(path),
      // Vite names every file under assets/ after its content hash, so a changed file is a new URL.
      setHeaders: (res, path) => {
        for (const [name, value] of Object.entries(UI_SECURITY_HEADERS)) res.setHeader(name, value);
        res.setHeader(
          'cache-control',
          path.startsWith(assets) ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
      },
    });
  }
  return (request, reply) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return undefined;
    const path = request.url.split('?')[0] ?? '/';
    // A missing asset is a 404, not a page: index.html in place of a script only confuses the browser.
    if (isApiPath(path) || path.startsWith('/assets/')) return undefined;
    if (!built)
      return reply
        .code(404)
        .headers(UI_SECURITY_HEADERS)
        .type('text/plain; charset=utf-8')
        .send(UI_NOT_BUILT);
    return reply.sendFile('index.html');
  };
}
