/**
 * The first administrator: from BATON_ADMIN_KEY_ID / BATON_ADMIN_KEY_SECRET when given (automation, tests;
 * changing the secret there rotates it), else a key generated on the very first start, when no application
 * exists yet, and shown once. Servers starting together on one database bootstrap once (`lockKey`).
 */
import { randomUUID } from 'node:crypto';
import type { CreatedAccessKey } from '@baton/protocol';
import type { Application, Store } from '@baton/store';
import { hashSecret, newSecret, verifySecret } from './key-hash.js';

const ADMIN_NAME = 'admin';

/** Returns the generated key when one was made (to print once), else undefined. */
export async function bootstrapAdmin(
  store: Store,
  given: CreatedAccessKey | undefined,
  now: () => number = Date.now,
): Promise<CreatedAccessKey | undefined> {
  const key = given ?? { id: randomUUID(), secret: newSecret() };
  // Hashed outside the transaction: a transaction function may run again and should stay quick.
  const secretHash = await hashSecret(key.secret);
  return store.transact(async (tx) => {
    await tx.lockKey('baton-admin-bootstrap');
    if (given) {
      const existing = await tx.getAccessKey(given.id);
      const owner = existing && (await tx.getApplication(existing.applicationId));
      if (owner && (await verifySecret(given.secret, existing.secretHash))) return undefined;
      const applicationId = owner?.id ?? (await createAdmin()).id;
      await tx.putAccessKey({ id: given.id, applicationId, secretHash, status: 'ACTIVE', createdAt: now() });
      return undefined;
    }
    if ((await tx.listApplications()).length > 0) return undefined;
    const admin = await createAdmin();
    await tx.putAccessKey({
      id: key.id,
      applicationId: admin.id,
      secretHash,
      status: 'ACTIVE',
      createdAt: now(),
    });
    return key;

    async function createAdmin(): Promise<Application> {
      const at = now();
      const application: Application = {
        id: randomUUID(),
        name: ADMIN_NAME,
        roles: ['ADMIN'],
        createdBy: 'baton',
        createTime: at,
        updateTime: at,
      };
      await tx.putApplication(application);
      return application;
    }
  });
}
