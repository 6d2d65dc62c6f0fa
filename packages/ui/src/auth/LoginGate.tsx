/**
 * Shows the app once the user may see it: at once when the server has no auth, else after a login with an
 * access key (key id and secret) or a token. A refused token (401) brings the form back.
 */
import { useEffect, useState, useSyncExternalStore, type FormEvent, type ReactNode } from 'react';
import { currentUser, logIn, loginRequired, subscribe } from './session.js';

export function LoginGate({ children }: { children: ReactNode }) {
  const [required, setRequired] = useState<boolean | undefined>(undefined);
  const user = useSyncExternalStore(subscribe, currentUser);
  useEffect(() => {
    loginRequired().then(setRequired, () => setRequired(true));
  }, []);
  if (required === undefined) return null;
  if (required && !user) return <LoginForm />;
  return (
    <>
      {user && (
        <div className="signed-in" data-testid="signed-in">
          {user.name} ({user.roles.map((r) => r.name).join(', ') || 'no role'})
        </div>
      )}
      {children}
    </>
  );
}

function LoginForm() {
  const [keyId, setKeyId] = useState('');
  const [keySecret, setKeySecret] = useState('');
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await logIn(token.trim() ? { token: token.trim() } : { keyId: keyId.trim(), keySecret });
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <main className="page login-page">
      <h1>Sign in to Baton</h1>
      <form className="login-form" onSubmit={(e) => void submit(e)}>
        <label className="field">
          Key id
          <input
            name="keyId"
            autoComplete="username"
            value={keyId}
            onChange={(e) => setKeyId(e.target.value)}
          />
        </label>
        <label className="field">
          Key secret
          <input
            name="keySecret"
            type="password"
            autoComplete="current-password"
            value={keySecret}
            onChange={(e) => setKeySecret(e.target.value)}
          />
        </label>
        <label className="field">
          Or a token
          <input name="token" value={token} onChange={(e) => setToken(e.target.value)} />
        </label>
        <div className="button-row">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Signing in…' : 'Sign in'}
          </button>
        </div>
        {error && (
          <p className="error-box" role="alert">
            {error}
          </p>
        )}
      </form>
    </main>
  );
}
