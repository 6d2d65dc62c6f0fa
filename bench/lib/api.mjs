// A keep-alive HTTP client for the benchmarks' own calls to the server (registering, starting, reading back).
import { Pool } from 'undici';

export function apiClient(url, connections) {
  const pool = new Pool(url, { connections, keepAliveTimeout: 30_000 });
  /** The response body as text; a status of 300 or more throws with the body. */
  async function call(method, path, body) {
    const res = await pool.request({
      method,
      path,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.body.text();
    if (res.statusCode >= 300) throw new Error(`${method} ${path} → ${res.statusCode} ${text}`);
    return text;
  }
  return { call, close: () => pool.destroy() };
}
