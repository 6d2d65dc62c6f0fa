-- Security (docs/security.md): applications with roles, their access keys, secrets and the server's own keys.

-- `json` is the application as the API shows it (id, name, roles, createdBy, times).
CREATE TABLE applications (
  id   TEXT PRIMARY KEY,
  json TEXT NOT NULL
) WITHOUT ROWID;

-- `json` holds the key's scrypt hash, status and creation time; the secret itself is never stored.
CREATE TABLE access_keys (
  id             TEXT PRIMARY KEY,
  application_id TEXT NOT NULL,
  json           TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX access_keys_by_application ON access_keys (application_id);

-- `value` is sealed (AES-256-GCM) by the server before it gets here.
CREATE TABLE secrets (
  name  TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;

-- Keys generated once and shared by every server on this database (e.g. the token signing key).
CREATE TABLE server_keys (
  name  TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;
