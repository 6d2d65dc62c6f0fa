/** Applications, access keys, secrets and server keys (docs/security.md). */
import type { AccessKeyRecord, Application } from '../contract.js';
import type { Connection } from './open.js';

type KeyJson = Omit<AccessKeyRecord, 'id' | 'applicationId'>;
type KeyRow = { id: string; application_id: string; json: string };

const toKey = (row: KeyRow): AccessKeyRecord => ({
  id: row.id,
  applicationId: row.application_id,
  ...(JSON.parse(row.json) as KeyJson),
});

const keyJson = ({ secretHash, status, createdAt }: AccessKeyRecord): string =>
  JSON.stringify({ secretHash, status, createdAt });

export class SecurityQueries {
  private readonly selectApplication;
  private readonly selectApplications;
  private readonly upsertApplication;
  private readonly deleteApplicationRow;
  private readonly deleteApplicationKeys;
  private readonly selectKey;
  private readonly selectKeys;
  private readonly upsertKey;
  private readonly deleteKey;
  private readonly selectSecret;
  private readonly selectSecretNames;
  private readonly upsertSecret;
  private readonly deleteSecretRow;
  private readonly selectServerKey;
  private readonly insertServerKey;

  constructor(db: Connection) {
    this.selectApplication = db
      .prepare<[string], string>('SELECT json FROM applications WHERE id = ?')
      .pluck();
    this.selectApplications = db.prepare<[], string>('SELECT json FROM applications').pluck();
    this.upsertApplication = db.prepare<[string, string]>(
      'INSERT INTO applications (id, json) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET json = excluded.json',
    );
    this.deleteApplicationRow = db.prepare<[string]>('DELETE FROM applications WHERE id = ?');
    this.deleteApplicationKeys = db.prepare<[string]>('DELETE FROM access_keys WHERE application_id = ?');
    this.selectKey = db.prepare<[string], KeyRow>(
      'SELECT id, application_id, json FROM access_keys WHERE id = ?',
    );
    this.selectKeys = db.prepare<[string], KeyRow>(
      'SELECT id, application_id, json FROM access_keys WHERE application_id = ?',
    );
    this.upsertKey = db.prepare<[string, string, string]>(
      `INSERT INTO access_keys (id, application_id, json) VALUES (?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET application_id = excluded.application_id, json = excluded.json`,
    );
    this.deleteKey = db.prepare<[string]>('DELETE FROM access_keys WHERE id = ?');
    this.selectSecret = db.prepare<[string], string>('SELECT value FROM secrets WHERE name = ?').pluck();
    this.selectSecretNames = db.prepare<[], string>('SELECT name FROM secrets ORDER BY name').pluck();
    this.upsertSecret = db.prepare<[string, string]>(
      'INSERT INTO secrets (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value',
    );
    this.deleteSecretRow = db.prepare<[string]>('DELETE FROM secrets WHERE name = ?');
    this.selectServerKey = db
      .prepare<[string], string>('SELECT value FROM server_keys WHERE name = ?')
      .pluck();
    this.insertServerKey = db.prepare<[string, string]>(
      'INSERT INTO server_keys (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING',
    );
  }

  getApplication(id: string): Application | undefined {
    const json = this.selectApplication.get(id);
    return json === undefined ? undefined : (JSON.parse(json) as Application);
  }

  listApplications(): Application[] {
    return sortApplications(this.selectApplications.all().map((json) => JSON.parse(json) as Application));
  }

  putApplication(application: Application): void {
    this.upsertApplication.run(application.id, JSON.stringify(application));
  }

  deleteApplication(id: string): boolean {
    this.deleteApplicationKeys.run(id);
    return this.deleteApplicationRow.run(id).changes > 0;
  }

  getAccessKey(id: string): AccessKeyRecord | undefined {
    const row = this.selectKey.get(id);
    return row === undefined ? undefined : toKey(row);
  }

  listAccessKeys(applicationId: string): AccessKeyRecord[] {
    return sortKeys(this.selectKeys.all(applicationId).map(toKey));
  }

  putAccessKey(key: AccessKeyRecord): void {
    this.upsertKey.run(key.id, key.applicationId, keyJson(key));
  }

  deleteAccessKey(id: string): boolean {
    return this.deleteKey.run(id).changes > 0;
  }

  getSecret(name: string): string | undefined {
    return this.selectSecret.get(name);
  }

  listSecretNames(): string[] {
    return this.selectSecretNames.all();
  }

  putSecret(name: string, sealed: string): void {
    this.upsertSecret.run(name, sealed);
  }

  deleteSecret(name: string): boolean {
    return this.deleteSecretRow.run(name).changes > 0;
  }

  getServerKey(name: string): string | undefined {
    return this.selectServerKey.get(name);
  }

  ensureServerKey(name: string, candidate: string): string {
    this.insertServerKey.run(name, candidate);
    return this.selectServerKey.get(name)!;
  }
}

/** Both stores sort in JavaScript, so the order never depends on a database's collation. */
export function sortApplications(applications: Application[]): Application[] {
  return applications.sort((a, b) => compare(a.name, b.name) || compare(a.id, b.id));
}

export function sortKeys(keys: AccessKeyRecord[]): AccessKeyRecord[] {
  return keys.sort((a, b) => a.createdAt - b.createdAt || compare(a.id, b.id));
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
