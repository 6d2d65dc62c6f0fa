// The queues page's server metrics and the API link, in a real browser against a real server: a run's polls,
// hand-outs and running workflows appear as the server counted them, and "API" opens the OpenAPI reference.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { summarizeMetrics, type PromMetric } from '../src/api/metrics.js';
import { launchBrowser, openPage } from './support/browser.js';
import { Api } from './support/seed.js';
import { startUiServer, type UiServer } from './support/ui-server.js';

const TASK = 'ui_metrics_task';
const FLOW = 'ui_metrics_flow';
let ui: UiServer;
let api: Api;
let browser: Browser;

before(async () => {
  ui = await startUiServer();
  api = new Api(ui.url);
  await api.send('POST', '/metadata/taskdefs', [{ name: TASK, retryCount: 0, responseTimeoutSeconds: 3600 }]);
  await api.send('PUT', '/metadata/workflow', [
    {
      name: FLOW,
      version: 1,
      schemaVersion: 2,
      tasks: [{ name: TASK, taskReferenceName: 'work', type: 'SIMPLE' }],
    },
  ]);
  await api.start(FLOW, {}, 'metrics-1');
  await api.start(FLOW, {}, 'metrics-2');
  await api.work(TASK, { done: true });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await ui?.close();
});

void test('the metrics summary counts what the run did', async () => {
  const metrics = (await (await fetch(`${ui.url}/metrics?format=json`)).json()) as PromMetric[];
  const summary = summarizeMetrics(metrics);
  assert.equal(summary.queues[TASK]?.polls, 1);
  assert.equal(summary.queues[TASK]?.handedOut, 1);
  assert.ok(summary.queues[TASK]?.meanWaitMs !== undefined);
  assert.ok(summary.queues[TASK]?.meanExecutionMs !== undefined);
  assert.equal(summary.running[FLOW], 1);
  assert.deepEqual(summary.sandboxQueues, { script: 0, jq: 0 });
});

void test('the queues page shows pending, polls, hand-outs and running workflows', async () => {
  const { page, errors } = await openPage(browser);
  await page.goto(`${ui.url}/queues`);
  const row = page.locator(`table[aria-label="Queues"] tr[data-queue="${TASK}"]`);
  await row.locator('td').nth(4).waitFor();
  assert.deepEqual((await row.locator('td').allTextContents()).slice(0, 3), [TASK, '1', '1']);
  assert.equal(await row.locator('td').nth(3).textContent(), '1');
  const running = page.locator(`table[aria-label="Running workflows"] tr[data-workflow="${FLOW}"] td`);
  assert.deepEqual(await running.allTextContents(), [FLOW, '1']);
  assert.deepEqual(errors, []);
});

void test('the API link opens the OpenAPI reference', async () => {
  const { page } = await openPage(browser);
  await page.goto(`${ui.url}/queues`);
  const href = await page.locator('a.api-link').getAttribute('href');
  assert.equal(href, '/api-docs');
  const docs = await page.goto(`${ui.url}${href}`);
  assert.equal(docs?.status(), 200);
  await page.locator('.swagger-ui .opblock').first().waitFor();
  assert.ok((await page.locator('.swagger-ui .opblock').count()) > 50);
});
