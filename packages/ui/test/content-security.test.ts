// The UI under the server's Content-Security-Policy, in a real browser: every page renders and the browser
// reports no violation, so the policy blocks nothing the UI needs; and another site cannot frame it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { launchBrowser, openPage } from './support/browser.js';
import { Api, ORDER_FLOW, seedRuns, type SeededRuns } from './support/seed.js';
import { startUiServer, type UiServer } from './support/ui-server.js';

let ui: UiServer;
let runs: SeededRuns;
let browser: Browser;

before(async () => {
  ui = await startUiServer();
  runs = await seedRuns(new Api(ui.url));
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await ui?.close();
});

void test('every page renders with no Content-Security-Policy violation', async () => {
  const { page, errors } = await openPage(browser);
  const violations: string[] = [];
  await page.exposeFunction('reportViolation', (text: string) => violations.push(text));
  await page.addInitScript(() => {
    const page = window as unknown as { reportViolation: (text: string) => void };
    document.addEventListener('securitypolicyviolation', (event) => {
      page.reportViolation(`${event.violatedDirective} ${event.blockedURI}`);
    });
  });
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });

  const response = await page.goto(`${ui.url}/executions`);
  assert.match(response?.headers()['content-security-policy'] ?? '', /default-src 'self'/);
  await page.locator(`.executions-table tr[data-workflow-id="${runs.completed}"]`).waitFor();

  await page.goto(`${ui.url}/execution/${runs.running}`);
  await page.locator('.graph-node[data-ref="pick_loop"]').waitFor();
  await page.locator('.graph-node[data-ref="validate_order"]').click();

  await page.goto(`${ui.url}/definitions/workflow/${ORDER_FLOW}`);
  await page.locator('.graph-node[data-ref="fulfil_join"]').waitFor();
  await page.getByRole('tab', { name: 'JSON' }).click();
  await page.getByLabel('Workflow definition JSON').waitFor();

  await page.goto(`${ui.url}/queues`);
  await page.locator('tr[data-queue="pick_item"]').waitFor();

  assert.deepEqual(violations, []);
  assert.deepEqual(errors, []);
  await page.close();
});

void test('a page on another origin cannot frame the UI', async () => {
  const { page } = await openPage(browser);
  // about:blank stands in for the other site; Chromium logs the refusal to the console.
  const refused = page.waitForEvent('console', {
    predicate: (message) => /frame-ancestors/i.test(message.text()),
  });
  await page.setContent(`<iframe src="${ui.url}/executions"></iframe>`);
  assert.match((await refused).text(), /violates .*"frame-ancestors 'none'"/);
  const framed = page.frames().find((frame) => frame.url().startsWith(ui.url));
  assert.equal(await framed?.locator('.executions-table').count(), framed ? 0 : undefined);
  await page.close();
});
