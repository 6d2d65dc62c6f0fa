// A secret in an HTTP task's header, seen through the browser: the target gets the real value, while the
// execution page (graph, task panel, every JSON view) and the executions and task searches never show it,
// only the `${workflow.secrets.NAME}` reference and the `***` the server masks echoed values with.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openPage } from './support/browser.js';
import { startUiServer, type UiServer } from './support/ui-server.js';

const SECRET = 'tok-ui-5e7a2b91-never-shown';
const REFERENCE = '${workflow.secrets.UI_API_TOKEN}';
const FLOW = 'ui_call_with_secret';
/** 32 bytes as hex, for `secretsKey`. */
const SECRETS_KEY = '00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff';

let ui: UiServer;
let browser: Browser;
let target: Server;
let workflowId: string;
const receivedAuthorization: Array<string | undefined> = [];

async function api(method: string, path: string, body?: unknown): Promise<string> {
  const response = await fetch(`${ui.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return text;
}

before(async () => {
  // Echoes the Authorization it got, so the task's output would carry the secret if nothing masked it.
  target = createServer((req, res) => {
    receivedAuthorization.push(req.headers.authorization);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ sawAuthorization: req.headers.authorization }));
  });
  await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
  const targetUrl = `http://127.0.0.1:${(target.address() as AddressInfo).port}/echo`;

  ui = await startUiServer({ secretsKey: SECRETS_KEY });
  await api('PUT', '/api/secrets/UI_API_TOKEN', SECRET);
  await api('POST', '/api/metadata/workflow', {
    name: FLOW,
    version: 1,
    schemaVersion: 2,
    tasks: [
      {
        name: 'call',
        taskReferenceName: 'call',
        type: 'HTTP',
        inputParameters: {
          http_request: { uri: targetUrl, method: 'GET', headers: { Authorization: `Bearer ${REFERENCE}` } },
        },
      },
    ],
  });
  workflowId = await api('POST', `/api/workflow/${FLOW}`, { orderId: 'order-secret-1' });
  for (;;) {
    const status = (JSON.parse(await api('GET', `/api/workflow/${workflowId}`)) as { status: string }).status;
    if (status !== 'RUNNING') {
      assert.equal(status, 'COMPLETED');
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await ui?.close();
  await new Promise<void>((resolve) => target?.close(() => resolve()));
});

/** Every API answer the page receives, so a secret in a response the page does not render is caught too. */
function recordResponses(page: Page): Promise<string>[] {
  const bodies: Promise<string>[] = [];
  page.on('response', (response) => {
    if (new URL(response.url()).pathname.startsWith('/api/')) bodies.push(response.text().catch(() => ''));
  });
  return bodies;
}

/** The whole document: the text (folded JSON included) and the markup (attributes, titles). */
async function assertPageHidesSecret(page: Page, where: string): Promise<void> {
  assert.ok(!((await page.locator('body').textContent()) ?? '').includes(SECRET), `${where}: text`);
  assert.ok(!(await page.content()).includes(SECRET), `${where}: markup`);
}

async function jsonOf(page: Page, label: string): Promise<unknown> {
  return JSON.parse((await page.getByLabel(label).textContent()) ?? '');
}

async function searchExecutions(page: Page, freeText: string): Promise<void> {
  await page.getByLabel('Free text').fill(freeText);
  const answered = page.waitForResponse((res) => res.url().includes('/api/workflow/search'));
  await page.getByRole('button', { name: 'Search' }).click();
  await answered;
}

void describe('a secret in the web UI', () => {
  void test('the target received the real value', () => {
    assert.deepEqual(receivedAuthorization, [`Bearer ${SECRET}`]);
  });

  void test('the execution page and the HTTP task panel show the reference and ***, never the value', async () => {
    const { page, errors } = await openPage(browser);
    const responses = recordResponses(page);
    await page.goto(`${ui.url}/execution/${workflowId}`);
    await page.locator('.graph-node[data-ref="call"].status-COMPLETED').waitFor();
    await assertPageHidesSecret(page, 'graph');

    await page.locator('.graph-node[data-ref="call"]').click();
    const panel = page.locator('.task-panel');
    await panel.waitFor();
    await assertPageHidesSecret(page, 'task summary');

    await panel.getByRole('tab', { name: 'Input' }).click();
    const input = (await jsonOf(page, 'Task input')) as {
      http_request: { headers: Record<string, string> };
    };
    assert.equal(input.http_request.headers.Authorization, `Bearer ${REFERENCE}`);
    await assertPageHidesSecret(page, 'task input');

    await panel.getByRole('tab', { name: 'Output' }).click();
    const output = (await jsonOf(page, 'Task output')) as { response: { body: unknown } };
    assert.deepEqual(output.response.body, { sawAuthorization: 'Bearer ***' });
    await assertPageHidesSecret(page, 'task output');

    await panel.getByRole('tab', { name: 'Definition' }).click();
    assert.match(JSON.stringify(await jsonOf(page, 'Task definition')), /workflow\.secrets\.UI_API_TOKEN/);
    await assertPageHidesSecret(page, 'task definition');

    await page.getByRole('tab', { name: 'Input / output' }).click();
    await page.getByLabel('Workflow input').waitFor();
    await assertPageHidesSecret(page, 'workflow input / output');

    await page.getByRole('tab', { name: 'JSON' }).click();
    const whole = JSON.stringify(await jsonOf(page, 'Workflow JSON'));
    assert.ok(whole.includes('Bearer ***') && whole.includes(REFERENCE), whole);
    await assertPageHidesSecret(page, 'workflow JSON');

    const bodies = await Promise.all(responses);
    assert.ok(bodies.length > 0);
    for (const body of bodies) assert.ok(!body.includes(SECRET), body);
    assert.deepEqual(errors, []);
    await page.close();
  });

  void test('free text search for the value finds no execution and no task; the reference finds the task', async () => {
    const { page, errors } = await openPage(browser);
    await page.goto(`${ui.url}/executions`);
    await searchExecutions(page, 'order-secret-1');
    await page.locator(`tr[data-workflow-id="${workflowId}"]`).waitFor();
    await searchExecutions(page, SECRET);
    await page.getByText('No executions match.').waitFor();

    await page.goto(`${ui.url}/tasks`);
    await page.getByLabel('Free text').fill(SECRET);
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByText('No tasks match.').waitFor();
    // The secret's name finds the task (as the run's input found the run): the empty answers are real.
    await page.getByLabel('Free text').fill('UI_API_TOKEN');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.locator('tr[data-task-id]').first().waitFor();
    assert.equal(await page.locator('tr[data-task-id]').count(), 1);
    assert.deepEqual(errors, []);
    await page.close();
  });
});
