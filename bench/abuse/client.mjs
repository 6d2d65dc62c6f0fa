// The attacker's HTTP client: never throws on a status, records every answer's status, times each call.
import { Pool } from 'undici';

export function attackClient(url) {
  const pool = new Pool(url, { connections: 128, keepAliveTimeout: 30_000 });
  const statuses = [];
  /**
   * `body`: an object (sent as JSON) or a string already serialized. Answers {status, text, ms}; status 0 when
   * no answer came within `timeoutMs` (the connection was dropped or held).
   */
  async function call(method, path, body, { timeoutMs = 120_000 } = {}) {
    const started = performance.now();
    try {
      const res = await pool.request({
        method,
        path,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      const text = await res.body.text();
      statuses.push(res.statusCode);
      return { status: res.statusCode, text, ms: performance.now() - started };
    } catch (err) {
      statuses.push(0);
      return { status: 0, text: String(err?.code ?? err), ms: performance.now() - started };
    }
  }
  /** Like call, but a status of 300 or more is a setup failure. */
  async function must(method, path, body) {
    const res = await call(method, path, body);
    if (res.status < 200 || res.status >= 300) {
      throw new Error(`${method} ${path} → ${res.status} ${res.text.slice(0, 300)}`);
    }
    return res.text;
  }
  return { call, must, statuses, close: () => pool.destroy() };
}

/** Resolves the time from `since` until the workflow is COMPLETED, or undefined after `limitMs`. */
export async function timeToComplete(client, workflowId, since, limitMs) {
  while (performance.now() - since < limitMs) {
    const res = await client.call('GET', `/api/workflow/${workflowId}?includeTasks=false`);
    if (res.status === 200 && JSON.parse(res.text).status === 'COMPLETED') return performance.now() - since;
    await new Promise((r) => setTimeout(r, 20));
  }
  return undefined;
}
