/**
 * For tests of `--auth` servers: the fixed bootstrap admin key, and applications with one role each, made
 * through the server's own `/api/applications` endpoints.
 */
import type { ApplicationRole, ConductorApplication, CreatedAccessKey } from '@baton/protocol';

export const ADMIN_KEY: CreatedAccessKey = { id: 'test-admin-key', secret: 'test-admin-secret-0123456789' };
/** 32 bytes as hex, for `secretsKey`. */
export const SECRETS_KEY = '00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff';

export async function token(baseUrl: string, key: CreatedAccessKey): Promise<string> {
  const response = await fetch(`${baseUrl}/api/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ keyId: key.id, keySecret: key.secret }),
  });
  if (!response.ok) throw new Error(`POST /api/token: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { token: string }).token;
}

/** A new application holding `roles`, and one access key of it. */
export async function applicationWith(
  baseUrl: string,
  adminToken: string,
  name: string,
  roles: ApplicationRole[],
): Promise<{ application: ConductorApplication; key: CreatedAccessKey }> {
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { 'x-authorization': adminToken, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };
  const application = await call<ConductorApplication>('POST', '/api/applications', { name });
  for (const role of roles) await call('POST', `/api/applications/${application.id}/roles/${role}`);
  const key = await call<CreatedAccessKey>('POST', `/api/applications/${application.id}/accessKeys`);
  return { application, key };
}
