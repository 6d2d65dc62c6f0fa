/** Applications, access keys, secrets and server keys (docs/security.md). */
import type { AccessKeyRecord, Application } from '../contract.js';
import { sortApplications, sortKeys } from '../sqlite/security.js';
import { type Db, statement, type TxDb } from './db.js';

type JsonRow = { json: string };
type KeyRow = { id: string; application_id: string; json: string };
type ValueRow = { value: string };

const selectApplication = statement('application', 'SELECT json FROM applications WHERE id = $1');
const selectApplications = statement('applications', 'SELECT json FROM applications');
const upsertApplication = statement(
  'application_put',
  'INSERT INTO applications (id, json) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET json = excluded.json',
);
const deleteApplicationKeys = statement(
  'application_keys_delete',
  'DELETE FROM access_keys WHERE application_id = $1',
);
const deleteApplicationRow = statement(
  'application_delete',
  'DELETE FROM applications WHERE id = $1 RETURNING 1',
);
const selectKey = statement('access_key', 'SELECT id, application_id, json FROM access_keys WHERE id = $1');
const selectKeys = statement(
  'access_keys',
  'SELECT id, application_id, json FROM access_keys WHERE application_id = $1',
);
const upsertKey = statement(
  'access_key_put',
  `INSERT INTO access_keys (id, application_id, json) VALUES ($1, $2, $3)
   ON CONFLICT (id) DO UPDATE SET application_id = excluded.application_id, json = excluded.json`,
);
const deleteKey = statement('access_key_delete', 'DELETE FROM access_keys WHERE id = $1 RETURNING 1');
const selectSecret = statement('secret', 'SELECT value FROM secrets WHERE name = $1');
const selectSecretNames = statement('secret_names', 'SELECT name FROM secrets');
const upsertSecret = statement(
  'secret_put',
  'INSERT INTO secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET value = excluded.value',
);
const deleteSecretRow = statement('secret_delete', 'DELETE FROM secrets WHERE name = $1 RETURNING 1');
const selectServerKey = statement('server_key', 'SELECT value FROM server_keys WHERE name = $1');
const insertServerKey = statement(
  'server_key_put',
  'INSERT INTO server_keys (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING',
);

const toKey = (row: KeyRow): AccessKeyRecord => ({
  id: row.id,
  applicationId: row.application_id,
  ...(JSON.parse(row.json) as Omit<AccessKeyRecord, 'id' | 'applicationId'>),
});

export async function getApplication(db: Db, id: string): Promise<Application | undefined> {
  const [row] = await db.rows<JsonRow>(selectApplication, [id]);
  return row === undefined ? undefined : (JSON.parse(row.json) as Application);
}

export async function listApplications(db: Db): Promise<Application[]> {
  const rows = await db.rows<JsonRow>(selectApplications, []);
  return sortApplications(rows.map((row) => JSON.parse(row.json) as Application));
}

export function putApplication(db: TxDb, application: Application): void {
  db.send(upsertApplication, [application.id, JSON.stringify(application)]);
}

export async function deleteApplication(db: TxDb, id: string): Promise<boolean> {
  db.send(deleteApplicationKeys, [id]);
  return (await db.rows(deleteApplicationRow, [id])).length > 0;
}

export async function getAccessKey(db: Db, id: string): Promise<AccessKeyRecord | undefined> {
  const [row] = await db.rows<KeyRow>(selectKey, [id]);
  return row === undefined ? undefined : toKey(row);
}

export async function listAccessKeys(db: Db, applicationId: string): Promise<AccessKeyRecord[]> {
  return sortKeys((await db.rows<KeyRow>(selectKeys, [applicationId])).map(toKey));
}

export function putAccessKey(db: TxDb, key: AccessKeyRecord): void {
  const { secretHash, status, createdAt } = key;
  db.send(upsertKey, [key.id, key.applicationId, JSON.stringify({ secretHash, status, createdAt })]);
}

export async function deleteAccessKey(db: Db, id: string): Promise<boolean> {
  return (await db.rows(deleteKey, [id])).length > 0;
}

export async function getSecret(db: Db, name: string): Promise<string | undefined> {
  return (await db.rows<ValueRow>(selectSecret, [name]))[0]?.value;
}

export async function listSecretNames(db: Db): Promise<string[]> {
  const names = (await db.rows<{ name: string }>(selectSecretNames, [])).map((row) => row.name);
  return names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

export function putSecret(db: TxDb, name: string, sealed: string): void {
  db.send(upsertSecret, [name, sealed]);
}

export async function deleteSecret(db: Db, name: string): Promise<boolean> {
  return (await db.rows(deleteSecretRow, [name])).length > 0;
}

export async function getServerKey(db: Db, name: string): Promise<string | undefined> {
  return (await db.rows<ValueRow>(selectServerKey, [name]))[0]?.value;
}

export async function ensureServerKey(db: TxDb, name: string, candidate: string): Promise<string> {
  db.send(insertServerKey, [name, candidate]);
  return (await getServerKey(db, name))!;
}
