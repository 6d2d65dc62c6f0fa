// Signing in to a server started with auth, in a real browser: the form, a wrong secret, an access key, a
// pasted token, and a role whose missing rights hide the actions it may not take.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openPage } from './support/browser.js';
import { startUiServer, type UiServer } from './support/ui-server.js';

const ADMIN = { id: 'ui-admin', secret: 'ui-admin-secret-0123456789' };
const FLOW = 'ui_login_flow';

let ui: UiServer;
let browser: Browser;
let metadataManager: { id: string; secret: string };
let workflowId: string;

async function api<T>(method: string, path: string, token?: string, body?: unknown): Promise<T> {
  const response = await fetch(`${ui.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token && { 'x-authorization': token }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return (response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text) as T;
}

const tokenOf = async (key: { id: string; secret: string }) =>
  (await api<{ token: string }>('POST', '/api/token', undefined, { keyId: key.id, keySecret: key.secret }))
    .token;

before(async () => {
  ui = await startUiServer({ auth: { adminKey: ADMIN } });
  const admin = await tokenOf(ADMIN);
  const app = await api<{ id: string }>('POST', '/api/applications', admin, { name: 'designer' });
  await api('POST', `/api/applications/${app.id}/roles/METADATA_MANAGER`, admin);
  metadataManager = await api('POST', `/api/applications/${app.id}/accessKeys`, admin);
  await api('POST', '/api/metadata/taskdefs', admin, [{ name: 'ui_login_step' }]);
  await api('POST', '/api/metadata/workflow', admin, {
    name: FLOW,
    version: 1,
    schemaVersion: 2,
    tasks: [{ name: 'ui_login_step', taskReferenceName: 'step', type: 'SIMPLE' }],
  });
  workflowId = await api<string>('POST', `/api/workflow/${FLOW}`, admin, {});
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await ui?.close();
});

async function signIn(page: Page, fields: Record<string, string>): Promise<void> {
  for (const [name, value] of Object.entries(fields)) await page.locator(`input[name="${name}"]`).fill(value);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

void describe('sign-in', () => {
  void test('the UI asks for a key; a wrong secret is refused; the admin sees the run and its actions', async () => {
    const { page, errors } = await openPage(browser);
    await page.goto(`${ui.url}/execution/${workflowId}`);
    await page.getByRole('heading', { name: 'Sign in to Baton' }).waitFor();

    await signIn(page, { keyId: ADMIN.id, keySecret: 'wrong' });
    await page.getByRole('alert').waitFor();
    assert.match(await page.getByRole('alert').innerText(), /wrong secret/);

    await signIn(page, { keyId: ADMIN.id, keySecret: ADMIN.secret });
    await page.getByTestId('signed-in').waitFor();
    assert.match(await page.getByTestId('signed-in').innerText(), /admin \(ADMIN\)/);
    const actions = page.locator('[aria-label="Run actions"]');
    await actions.waitFor();
    assert.ok(await actions.isVisible(), 'an admin may manage the run');
    assert.deepEqual(errors, []);
    await page.close();
  });

  void test('a role without the rights does not see the actions it may not take', async () => {
    const { page, errors } = await openPage(browser);
    await page.goto(`${ui.url}/execution/${workflowId}`);
    await signIn(page, { keyId: metadataManager.id, keySecret: metadataManager.secret });
    await page.getByTestId('signed-in').waitFor();
    // It may read the run ...
    await page.getByText(FLOW).first().waitFor();
    // ... but neither manage it nor start one; editing definitions it may.
    assert.equal(await page.locator('[aria-label="Run actions"]').isVisible(), false);
    await page.goto(`${ui.url}/definitions/workflow/${FLOW}`);
    await signIn(page, { keyId: metadataManager.id, keySecret: metadataManager.secret });
    await page.getByRole('tab', { name: 'Edit' }).click();
    await page.locator('.definition-editor').waitFor();
    assert.equal(await page.locator('[data-needs="metadata:write"]').first().isVisible(), true);
    await page.getByRole('tab', { name: 'Run' }).click();
    await page.locator('[data-needs="workflow:run"]').waitFor({ state: 'attached' });
    assert.equal(await page.locator('[data-needs="workflow:run"]').isVisible(), false, 'no Run form');
    assert.deepEqual(errors, []);
    await page.close();
  });

  void test('a pasted token signs in too', async () => {
    const { page } = await openPage(browser);
    await page.goto(`${ui.url}/executions`);
    await signIn(page, { token: await tokenOf(ADMIN) });
    await page.locator(`.executions-table tr[data-workflow-id="${workflowId}"]`).waitFor();
    await page.close();
  });
});
