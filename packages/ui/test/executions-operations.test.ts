// The executions list's operations in a real browser against a real server: it refreshes by itself until
// paused, fits 1280 px with a readable reason, runs bulk operations behind a confirmation with a result per
// run, and searches pasted free text with punctuation.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openPage } from './support/browser.js';
import { Api, PAYMENT_FLOW, seedRuns, type SeededRuns } from './support/seed.js';
import { startUiServer, type UiServer } from './support/ui-server.js';
import { LIST_REFRESH_MS } from '../src/search/refresh.js';

let ui: UiServer;
let api: Api;
let runs: SeededRuns;
let browser: Browser;

before(async () => {
  ui = await startUiServer();
  api = new Api(ui.url);
  runs = await seedRuns(api);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await ui?.close();
});

const row = (page: Page, workflowId: string) =>
  page.locator(`.executions-table tr[data-workflow-id="${workflowId}"]`);

void describe('executions list operations', () => {
  void test('a run started elsewhere appears by itself; paused, the list stops asking', async () => {
    const { page, errors } = await openPage(browser);
    await page.goto(`${ui.url}/executions`);
    await row(page, runs.failed).waitFor();
    const started = await api.start(PAYMENT_FLOW, { orderId: 'order-auto', amount: 1 }, 'corr-auto');
    await row(page, started).waitFor({ timeout: 15_000 });

    await page.getByTestId('auto-refresh').click();
    assert.equal(await page.getByTestId('auto-refresh').getAttribute('aria-pressed'), 'true');
    let searches = 0;
    page.on('request', (req) => {
      if (req.url().includes('/api/workflow/search')) searches += 1;
    });
    const later = await api.start(PAYMENT_FLOW, { orderId: 'order-later', amount: 2 }, 'corr-later');
    // More than a refresh period: a running list would have asked again and shown the new run.
    await page.waitForTimeout(LIST_REFRESH_MS + 1000);
    assert.equal(searches, 0, 'no search while paused');
    assert.equal(await row(page, later).count(), 0);
    await page.getByTestId('auto-refresh').click();
    await row(page, later).waitFor({ timeout: 15_000 });
    assert.deepEqual(errors, []);
    await page.close();
  });

  void test('at 1280 px the list fits the window and the reason is readable in full', async () => {
    const { page } = await openPage(browser, 1280, 800);
    await page.goto(`${ui.url}/executions`);
    await row(page, runs.failed).waitFor();
    const [scrollWidth, clientWidth] = await page.evaluate(() => [
      document.documentElement.scrollWidth,
      document.documentElement.clientWidth,
    ]);
    assert.ok(scrollWidth <= clientWidth, `no horizontal overflow (${scrollWidth} > ${clientWidth})`);
    const reason = row(page, runs.failed).locator('.reason-cell');
    assert.match((await reason.textContent())!, /card declined by issuer/);
    const box = (await reason.boundingBox())!;
    assert.ok(box.width >= 180, `the reason column is ${box.width} px wide`);
    assert.ok(box.x + box.width <= 1280, 'the reason column ends inside the window');
    // Nothing of it is cut off: the cell is as wide and as tall as its text needs.
    const cut = await reason.evaluate(
      (el) => el.scrollWidth > el.clientWidth || el.scrollHeight > el.clientHeight,
    );
    assert.equal(cut, false);
    await page.close();
  });

  void test('failed and every other status are drawn in colours of their own', async () => {
    const { page } = await openPage(browser);
    await page.goto(`${ui.url}/executions`);
    await row(page, runs.failed).waitFor();
    const colours = await page.evaluate(() => {
      const statuses = [
        ...['RUNNING', 'PAUSED', 'COMPLETED', 'FAILED', 'TIMED_OUT', 'TERMINATED'],
        ...[
          'SCHEDULED',
          'IN_PROGRESS',
          'COMPLETED_WITH_ERRORS',
          'FAILED_WITH_TERMINAL_ERROR',
          'CANCELED',
          'SKIPPED',
        ],
      ];
      return statuses.map((status) => {
        const badge = document.createElement('span');
        badge.className = `status-badge status-${status}`;
        document.body.append(badge);
        const style = getComputedStyle(badge);
        const colour = `${style.color} ${style.backgroundColor} ${style.borderTopColor}`;
        badge.remove();
        return [status, colour];
      });
    });
    const byColour = new Map<string, string>();
    for (const [status, colour] of colours) {
      assert.ok(!byColour.has(colour!), `${status} looks like ${byColour.get(colour!)}`);
      byColour.set(colour!, status!);
    }
    await page.close();
  });

  void test('bulk pause, resume and terminate ask first and report each run', async () => {
    const a = await api.start(PAYMENT_FLOW, { orderId: 'order-bulk-a', amount: 3 }, 'corr-bulk-a');
    const b = await api.start(PAYMENT_FLOW, { orderId: 'order-bulk-b', amount: 4 }, 'corr-bulk-b');
    const { page, errors } = await openPage(browser);
    await page.goto(`${ui.url}/executions`);
    await row(page, b).waitFor();
    await page.getByTestId('auto-refresh').click(); // the rows must hold still while they are ticked

    const bulk = async (label: string, ids: string[], fill?: string): Promise<void> => {
      for (const id of ids) await page.getByLabel(`Select ${id}`).check();
      await page.getByRole('toolbar', { name: 'Bulk actions' }).getByRole('button', { name: label }).click();
      const dialog = page.getByRole('dialog');
      if (fill !== undefined) await dialog.getByLabel('Reason').fill(fill);
      await dialog.getByRole('button', { name: new RegExp(`^${label} ${ids.length} runs?$`) }).click();
      await dialog.waitFor({ state: 'detached' });
    };
    const outcome = (id: string) => page.locator(`.bulk-results li[data-workflow-id="${id}"]`);

    // Pausing a finished run fails for that run alone.
    await bulk('Pause', [a, b, runs.completed]);
    await page.getByText('Pause: 2 succeeded, 1 failed').waitFor();
    assert.equal(await outcome(a).getAttribute('data-outcome'), 'ok');
    assert.equal(await outcome(b).getAttribute('data-outcome'), 'ok');
    assert.equal(await outcome(runs.completed).getAttribute('data-outcome'), 'failed');
    assert.match((await outcome(runs.completed).textContent())!, /COMPLETED|terminal|cannot|not/i);
    assert.equal((await api.workflow(a)).status, 'PAUSED');
    assert.equal((await api.workflow(b)).status, 'PAUSED');

    await bulk('Resume', [a]);
    await page.getByText('Resume: 1 succeeded, 0 failed').waitFor();
    assert.equal((await api.workflow(a)).status, 'RUNNING');

    // Cancelling the confirmation changes nothing.
    await page.getByLabel(`Select ${b}`).check();
    await page
      .getByRole('toolbar', { name: 'Bulk actions' })
      .getByRole('button', { name: 'Terminate' })
      .click();
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
    assert.equal((await api.workflow(b)).status, 'PAUSED');
    await page.getByRole('button', { name: 'Clear selection' }).click();

    await bulk('Terminate', [a, b], 'cleaning up');
    await page.getByText('Terminate: 2 succeeded, 0 failed').waitFor();
    const ended = await api.workflow(a);
    assert.equal(ended.status, 'TERMINATED');
    assert.equal(ended.reasonForIncompletion, 'cleaning up');
    await row(page, b).locator('.status-badge[data-status="TERMINATED"]').waitFor();
    assert.deepEqual(errors, []);
    await page.close();
  });

  void test('pasted free text with punctuation is searched as text', async () => {
    const { page, errors } = await openPage(browser);
    await page.goto(`${ui.url}/executions`);
    await row(page, runs.completed).waitFor();
    await page.getByLabel('Free text').fill('card declined: by issuer');
    const answered = page.waitForResponse((res) => res.url().includes('/api/workflow/search'));
    await page.getByRole('button', { name: 'Search' }).click();
    assert.equal((await answered).status(), 200);
    await row(page, runs.failed).waitFor();
    assert.equal(await page.locator('.executions-table tbody tr').count(), 1);
    assert.equal(await page.locator('.error-box').count(), 0);
    assert.deepEqual(errors, []);
    await page.close();
  });
  void test('bulk retry runs failed runs again', async () => {
    const { page } = await openPage(browser);
    await page.goto(`${ui.url}/executions`);
    await row(page, runs.failed).waitFor();
    await page.getByTestId('auto-refresh').click();
    await page.getByLabel(`Select ${runs.failed}`).check();
    await page.getByRole('toolbar', { name: 'Bulk actions' }).getByRole('button', { name: 'Retry' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Retry 1 run' }).click();
    await page.getByText('Retry: 1 succeeded, 0 failed').waitFor();
    assert.equal((await api.workflow(runs.failed)).status, 'RUNNING');
    await page.close();
  });
});
