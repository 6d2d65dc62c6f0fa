/**
 * The login session: the token lives in memory only (never in storage a script could read later), and with a
 * key id and secret it is renewed before it expires. Without `--auth` on the server there is no session and
 * everything is allowed.
 */

export interface UserInfo {
  name: string;
  roles: { name: string }[];
  /** The rights the roles add up to (the server's rights table). */
  rights: string[];
}

interface Session {
  token: string;
  user: UserInfo;
  credentials?: { keyId: string; keySecret: string };
}

/** Every right the UI gates an action on; body classes `lacks-<right>` hide them (styles.css). */
export const GATED_RIGHTS = ['workflow:run', 'workflow:manage', 'task:work', 'metadata:write'] as const;

/** Renewed this long before the token's own expiry (or at half its life, if that is sooner). */
const RENEW_MARGIN_MS = 60_000;

let session: Session | undefined;
let renewTimer: ReturnType<typeof setTimeout> | undefined;
const listeners = new Set<() => void>();

export function currentToken(): string | undefined {
  return session?.token;
}

export function currentUser(): UserInfo | undefined {
  return session?.user;
}

export function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Logs in with an access key (renewed by itself) or a token (until it expires). Throws with the server's reason. */
export async function logIn(login: { keyId: string; keySecret: string } | { token: string }): Promise<void> {
  const credentials = 'keyId' in login ? login : undefined;
  const token = 'token' in login ? login.token : await fetchToken(login);
  const user = await fetchUser(token);
  start({ token, user, credentials });
}

/** The server refused the token: back to the login form. */
export function logOut(): void {
  clearTimeout(renewTimer);
  session = undefined;
  changed();
}

function start(next: Session): void {
  session = next;
  clearTimeout(renewTimer);
  const expiry = tokenExpiry(next.token);
  if (next.credentials && expiry !== undefined) {
    const life = expiry - Date.now();
    const renewIn = Math.max(1000, Math.min(life - RENEW_MARGIN_MS, life / 2));
    const credentials = next.credentials;
    renewTimer = setTimeout(() => {
      fetchToken(credentials).then(
        (token) => start({ ...next, token }),
        () => logOut(),
      );
    }, renewIn);
  }
  changed();
}

function changed(): void {
  const rights = new Set(session?.user.rights ?? GATED_RIGHTS);
  for (const right of GATED_RIGHTS)
    document.body.classList.toggle(`lacks-${right.replace(':', '-')}`, !rights.has(right));
  for (const listener of listeners) listener();
}

async function fetchToken(credentials: { keyId: string; keySecret: string }): Promise<string> {
  const response = await fetch('/api/token', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(credentials),
  });
  const body = (await response.json().catch(() => ({}))) as { token?: string; message?: string };
  if (!response.ok || !body.token) throw new Error(body.message ?? `The server answered ${response.status}`);
  return body.token;
}

async function fetchUser(token: string): Promise<UserInfo> {
  const response = await fetch('/api/token/userInfo', { headers: { 'x-authorization': token } });
  const body = (await response.json().catch(() => ({}))) as Partial<UserInfo> & { message?: string };
  if (!response.ok) throw new Error(body.message ?? `The server answered ${response.status}`);
  return { name: body.name ?? '?', roles: body.roles ?? [], rights: body.rights ?? [] };
}

/** Whether this server wants a login: it has `/api/token/userInfo` and refuses it without a token. */
export async function loginRequired(): Promise<boolean> {
  const response = await fetch('/api/token/userInfo');
  return response.status === 401;
}

/** The JWT `exp` in epoch ms, when readable. */
function tokenExpiry(token: string): number | undefined {
  try {
    const payload = token.split('.')[1] ?? '';
    const claims = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as { exp?: unknown };
    return typeof claims.exp === 'number' ? claims.exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}
