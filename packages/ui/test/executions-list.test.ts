// The executions list in a real browser against a real server's search: runs found by query (§6) and by
// free text, status and workflow filters, sorting, paging, and a row opening its run.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openPage } from './support/browser.js';
import { Api, ORDER_FLOW, PAYMENT_FLOW, seedRuns, type SeededRuns } from './support/seed.js';
import { startUiServer, type UiServer } from './support/ui-server.js';

let ui: UiServer;
let api: Api;
let runs: SeededRuns;
let browser: Browser;
/** Payment runs started on top of the seed, to have more than one page. */
const EXTRA = 27;

before(async () => {
  ui = await startUiServer();
  api = new Api(ui.url);
  runs = await seedRuns(api);
  for (let i = 0; i < EXTRA; i++) {
    await api.start(PAYMENT_FLOW, { orderId: `bulk-${i}`, amount: i }, `bulk-corr-${i}`);
  }
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await ui?.close();
});

const rows = (page: Page) => page.locator('.executions-table tbody tr');

async function shownIds(page: Page): Promise<string[]> {
  await rows(page).first().waitFor();
  return rows(page).evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-workflow-id') ?? ''));
}

/** Types into the search form and waits for the list to show the new answer. */
async function search(page: Page, fields: { freeText?: string; query?: string }): Promise<void> {
  await page.getByLabel('Free text').fill(fields.freeText ?? '');
  await page.getByLabel('Query').fill(fields.query ?? '');
  const answered = page.waitForResponse((res) => res.url().includes('/api/workflow/search'));
  await page.getByRole('button', { name: 'Search' }).click();
  await answered;
}

void describe('executions list', () => {
  void test('every run is listed, newest first, a page at a time', async () => {
    const { page, errors } = await openPage(browser);
    await page.goto(`${ui.url}/`);
    const total = 3 + EXTRA;
    await page.getByTestId('result-count').waitFor();
    assert.equal(await page.getByTestId('result-count').textContent(), `1–25 of ${total}`);
    assert.equal((await shownIds(page)).length, 25);

    const answered = page.waitForResponse((res) => res.url().includes('start=25'));
    await page.getByRole('button', { name: 'Next →' }).click();
    await answered;
    assert.equal(await page.getByTestId('result-count').textContent(), `26–${total} of ${total}`);
    // The seed's runs started first, so they are last when the newest come first.
    const lastPage = await shownIds(page);
    assert.deepEqual(lastPage.slice(-3), [runs.running, runs.failed, runs.completed]);
    assert.deepEqual(errors, []);
    await page.close();
  });

  void test('a query finds runs', async () => {
    const { page } = await openPage(browser);
    await page.goto(`${ui.url}/executions`);
    await search(page, { query: 'status IN (FAILED)' });
    assert.deepEqual(await shownIds(page), [runs.failed]);
    await search(page, { query: `workflowType = "${ORDER_FLOW}" AND correlationId = "corr-3003"` });
    assert.deepEqual(await shownIds(page), [runs.running]);
    assert.match(new URL(page.url()).search, /q=/, 'the search is in the URL');
    await page.close();
  });

  void test('free text finds runs by a value in their input and by correlation id', async () => {
    const { page } = await openPage(browser);
    await page.goto(`${ui.url}/executions`);
    await search(page, { freeText: 'order-2002' });
    assert.deepEqual(await shownIds(page), [runs.failed]);
    await search(page, { freeText: 'corr-1001' });
    assert.deepEqual(await shownIds(page), [runs.completed]);
    await page.close();
  });

  void test('status and workflow filters narrow the list', async () => {
    const { page } = await openPage(browser);
    await page.goto(`${ui.url}/executions`);
    await rows(page).first().waitFor();
    let answered = page.waitForResponse((res) => res.url().includes('/api/workflow/search'));
    await page.getByRole('button', { name: 'completed', exact: true }).click();
    await answered;
    assert.deepEqual(await shownIds(page), [runs.completed]);
    answered = page.waitForResponse((res) => res.url().includes('/api/workflow/search'));
    await page.getByRole('button', { name: 'completed', exact: true }).click();
    await answered;
    answered = page.waitForResponse((res) => res.url().includes('/api/workflow/search'));
    await page.getByLabel('Workflow').selectOption(ORDER_FLOW);
    await answered;
    assert.deepEqual(await shownIds(page), [runs.running, runs.completed]);

    // A start-time range in the future holds nothing; one from the past holds them all again.
    answered = page.waitForResponse((res) => res.url().includes('startTime'));
    await page.getByLabel('Started after').fill('2099-01-01T00:00');
    await answered;
    await page.getByText('No executions match.').waitFor();
    answered = page.waitForResponse((res) => res.url().includes('startTime'));
    await page.getByLabel('Started after').fill('2000-01-01T00:00');
    await answered;
    assert.deepEqual(await shownIds(page), [runs.running, runs.completed]);
    await page.close();
  });

  void test('sorting by a column, and a row opens its run', async () => {
    const { page } = await openPage(browser);
    await page.goto(`${ui.url}/executions?q=${encodeURIComponent(`workflowType = "${ORDER_FLOW}"`)}`);
    assert.deepEqual(await shownIds(page), [runs.running, runs.completed]);
    const answered = page.waitForResponse((res) => res.url().includes('sort=startTime%3AASC'));
    await page.getByRole('button', { name: /^Started/ }).click();
    await answered;
    assert.deepEqual(await shownIds(page), [runs.completed, runs.running]);

    await page.getByRole('link', { name: runs.completed }).click();
    await page.waitForURL(`${ui.url}/execution/${runs.completed}`);
    await page.locator('.graph-node[data-ref="close_order"]').waitFor();
    await page.close();
  });
});
