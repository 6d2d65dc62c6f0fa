/**
 * Orkes applications and their access keys: the identities behind tokens. Used by `/api/applications`, the
 * token endpoint, the auth hook and `baton apps`.
 */
import { createHash, randomUUID } from 'node:crypto';
import {
  APPLICATION_ROLES,
  type AccessKeyInfo,
  type ApplicationRole,
  type ConductorApplication,
  type CreatedAccessKey,
} from '@baton/protocol';
import type { AccessKeyRecord, Application, Store } from '@baton/store';
import { BadRequestError, NotFoundError } from '../errors.js';
import { hashSecret, newSecret, verifySecret } from './key-hash.js';
import { rightsOf, type Right } from './rights.js';

/** Who a token speaks for. */
export interface Identity {
  keyId: string;
  application: ConductorApplication;
  rights: ReadonlySet<Right>;
}

/**
 * Identities are cached this long per server: another server's revocation or role change takes effect within
 * it (this server's own changes at once).
 */
const IDENTITY_CACHE_MS = 5000;

export class ApplicationService {
  private readonly identities = new Map<string, { identity: Identity | undefined; until: number }>();
  /** Key and stored hash → SHA-256 of the secret already checked against it: repeated token requests skip the KDF. */
  private readonly verified = new Map<string, string>();

  constructor(
    private readonly store: Store,
    private readonly now: () => number = Date.now,
  ) {}

  async list(): Promise<ConductorApplication[]> {
    return (await this.store.listApplications()).map(toWire);
  }

  async get(id: string): Promise<ConductorApplication> {
    return toWire(await this.load(id));
  }

  async create(
    name: unknown,
    createdBy: string,
    roles: ApplicationRole[] = [],
  ): Promise<ConductorApplication> {
    const now = this.now();
    const application: Application = {
      id: randomUUID(),
      name: checkName(name),
      roles,
      createdBy,
      createTime: now,
      updateTime: now,
    };
    await this.store.transact((tx) => tx.putApplication(application));
    return toWire(application);
  }

  async rename(id: string, name: unknown): Promise<ConductorApplication> {
    const checked = checkName(name);
    return this.change(id, (app) => ({ ...app, name: checked }));
  }

  async remove(id: string): Promise<void> {
    const removed = await this.store.transact((tx) => tx.deleteApplication(id));
    if (!removed) throw notFound(id);
    this.forget();
  }

  async addRole(id: string, role: string): Promise<ConductorApplication> {
    const checked = checkRole(role);
    return this.change(id, (app) => ({
      ...app,
      roles: app.roles.includes(checked) ? app.roles : [...app.roles, checked],
    }));
  }

  async removeRole(id: string, role: string): Promise<ConductorApplication> {
    const checked = checkRole(role);
    return this.change(id, (app) => ({ ...app, roles: app.roles.filter((r) => r !== checked) }));
  }

  async byKey(keyId: string): Promise<ConductorApplication> {
    const key = await this.store.getAccessKey(keyId);
    const application = key && (await this.store.getApplication(key.applicationId));
    if (!application) throw new NotFoundError(`Access key ${keyId} not found`);
    return toWire(application);
  }

  async keys(applicationId: string): Promise<AccessKeyInfo[]> {
    await this.load(applicationId);
    return (await this.store.listAccessKeys(applicationId)).map(keyInfo);
  }

  /** A new key; its secret is in the answer and nowhere else. */
  async createKey(applicationId: string, given?: CreatedAccessKey): Promise<CreatedAccessKey> {
    await this.load(applicationId);
    const created = given ?? { id: randomUUID(), secret: newSecret() };
    const record: AccessKeyRecord = {
      id: created.id,
      applicationId,
      secretHash: await hashSecret(created.secret),
      status: 'ACTIVE',
      createdAt: this.now(),
    };
    await this.store.transact((tx) => tx.putAccessKey(record));
    this.forget();
    return created;
  }

  async deleteKey(applicationId: string, keyId: string): Promise<void> {
    await this.ownedKey(applicationId, keyId);
    await this.store.transact((tx) => tx.deleteAccessKey(keyId));
    this.forget();
  }

  async toggleKey(applicationId: string, keyId: string): Promise<AccessKeyInfo> {
    const key = await this.ownedKey(applicationId, keyId);
    const toggled: AccessKeyRecord = { ...key, status: key.status === 'ACTIVE' ? 'INACTIVE' : 'ACTIVE' };
    await this.store.transact((tx) => tx.putAccessKey(toggled));
    this.forget();
    return keyInfo(toggled);
  }

  /** True when the key exists, is active and the secret matches. */
  async authenticate(keyId: string, secret: string): Promise<boolean> {
    const key = await this.store.getAccessKey(keyId);
    if (!key || key.status !== 'ACTIVE') return false;
    const seen = `${keyId}\n${key.secretHash}`;
    const digest = createHash('sha256').update(secret).digest('base64');
    if (this.verified.get(seen) === digest) return true;
    if (!(await verifySecret(secret, key.secretHash))) return false;
    this.verified.set(seen, digest);
    return true;
  }

  /** The identity behind an access key; undefined when the key is gone, inactive or has no application. */
  async identity(keyId: string): Promise<Identity | undefined> {
    const now = this.now();
    const cached = this.identities.get(keyId);
    if (cached && cached.until > now) return cached.identity;
    const key = await this.store.getAccessKey(keyId);
    const application =
      key?.status === 'ACTIVE' ? await this.store.getApplication(key.applicationId) : undefined;
    const identity = application && {
      keyId,
      application: toWire(application),
      rights: rightsOf(application.roles as ApplicationRole[]),
    };
    this.identities.set(keyId, { identity, until: now + IDENTITY_CACHE_MS });
    return identity;
  }

  private async change(id: string, edit: (app: Application) => Application): Promise<ConductorApplication> {
    const changed = await this.store.transact(async (tx) => {
      const current = await tx.getApplication(id);
      if (!current) throw notFound(id);
      const next = { ...edit(current), updateTime: this.now() };
      await tx.putApplication(next);
      return next;
    });
    this.forget();
    return toWire(changed);
  }

  private async load(id: string): Promise<Application> {
    const application = await this.store.getApplication(id);
    if (!application) throw notFound(id);
    return application;
  }

  private async ownedKey(applicationId: string, keyId: string): Promise<AccessKeyRecord> {
    const key = await this.store.getAccessKey(keyId);
    if (!key || key.applicationId !== applicationId)
      throw new NotFoundError(`Access key ${keyId} not found for application ${applicationId}`);
    return key;
  }

  private forget(): void {
    this.identities.clear();
  }
}

function toWire(app: Application): ConductorApplication {
  return {
    id: app.id,
    name: app.name,
    createdBy: app.createdBy,
    createTime: app.createTime,
    updateTime: app.updateTime,
    updatedBy: app.createdBy,
    roles: app.roles as ApplicationRole[],
  };
}

function keyInfo(key: AccessKeyRecord): AccessKeyInfo {
  return { id: key.id, createdAt: key.createdAt, status: key.status };
}

function notFound(id: string): NotFoundError {
  return new NotFoundError(`Application ${id} not found`);
}

function checkName(name: unknown): string {
  if (typeof name !== 'string' || name.trim() === '')
    throw new BadRequestError('Validation failed, check below errors for detail.', [
      { path: 'name', message: 'Application name cannot be empty' },
    ]);
  return name.trim();
}

function checkRole(role: string): ApplicationRole {
  if (!(APPLICATION_ROLES as readonly string[]).includes(role))
    throw new BadRequestError(`Unknown role "${role}"; one of ${APPLICATION_ROLES.join(', ')}`, [
      { path: 'role', message: `must be one of ${APPLICATION_ROLES.join(', ')}` },
    ]);
  return role as ApplicationRole;
}
