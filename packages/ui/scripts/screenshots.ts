/**
 * Takes the README's screenshots against a real server holding real executions (the browser tests' seed):
 * the executions list, a running execution's graph with its fork and loop, and a workflow definition; the
 * fork-with-loop graph alone, the execution page in dark mode, and the task search page.
 * Usage: npm run screenshots -w @baton/ui [-- <output dir>]   (default: docs/screenshots)
 */
import { mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser } from '../test/support/browser.js';
import { Api, ORDER_FLOW, PAYMENT_FLOW, seedRuns } from '../test/support/seed.js';
import { startUiServer } from '../test/support/ui-server.js';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const outDir = resolve(process.argv[2] ?? join(repoRoot, 'docs', 'screenshots'));

const ui = await startUiServer();
const browser = await launchBrowser();
try {
  const api = new Api(ui.url);
  const runs = await seedRuns(api);
  await moreHistory(api);
  await mkdir(outDir, { recursive: true });
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 });

  await page.goto(`${ui.url}/executions`);
  await page.locator('.executions-table tbody tr').first().waitFor();
  await page.screenshot({ path: join(outDir, 'executions.png') });

  await page.goto(`${ui.url}/execution/${runs.running}`);
  await page.locator('.graph-node[data-ref="pick_loop"]').waitFor();
  await page.locator('.graph-node[data-ref="pick_item"]').click();
  await page.locator('.task-panel').waitFor();
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(300); // the graph fits itself again after the panel narrowed the canvas
  await page.screenshot({ path: join(outDir, 'execution.png'), fullPage: true });

  await page.locator('.task-panel button[aria-label="Close task details"]').click();
  await page.waitForTimeout(300);
  await page.getByTestId('workflow-graph').screenshot({ path: join(outDir, 'graph-fork-loop.png') });

  await page.goto(`${ui.url}/tasks?q=${encodeURIComponent('workflowType = "ui_order_flow"')}`);
  await page.locator('.tasks-table tbody tr').first().waitFor();
  await page.screenshot({ path: join(outDir, 'task-search.png') });

  const dark = await browser.newPage({
    viewport: { width: 1440, height: 900 },
    deviceScaleFactor: 1,
    colorScheme: 'dark',
  });
  await dark.goto(`${ui.url}/execution/${runs.running}`);
  await dark.locator('.graph-node[data-ref="pick_item"]').click();
  await dark.locator('.task-panel').waitFor();
  await dark.evaluate(() => window.scrollTo(0, 0));
  await dark.waitForTimeout(300);
  await dark.screenshot({ path: join(outDir, 'dark-mode.png'), fullPage: true });

  await page.goto(`${ui.url}/definitions/workflow/${ORDER_FLOW}`);
  await page.locator('.graph-node[data-ref="fulfil"]').waitFor();
  await page.screenshot({ path: join(outDir, 'definition.png'), fullPage: true });
  console.log(`screenshots written to ${outDir}`);
} finally {
  await browser.close();
  await ui.close();
}

/** A few more finished runs, so the list looks like a day's work. */
async function moreHistory(api: Api): Promise<void> {
  for (const [orderId, outcome] of [
    ['order-4004', 'COMPLETED'],
    ['order-5005', 'FAILED'],
    ['order-6006', 'COMPLETED'],
  ] as const) {
    await api.start(PAYMENT_FLOW, { orderId, amount: 40 }, `corr-${orderId.slice(6)}`);
    await api.work(
      'charge_card',
      { charged: outcome === 'COMPLETED' },
      outcome,
      outcome === 'FAILED' ? 'insufficient funds' : undefined,
    );
  }
  const cancelled = await api.start(
    ORDER_FLOW,
    { orderId: 'order-7007', speed: 'standard', items: 1 },
    'corr-7007',
  );
  await api.send(
    'DELETE',
    `/workflow/${cancelled}?reason=${encodeURIComponent('customer cancelled the order')}`,
  );
}
