import { launchBrowser } from '../test/support/browser.js';
import { Api, PAYMENT_FLOW, seedRuns } from '../test/support/seed.js';
import { startUiServer } from '../test/support/ui-server.js';
const ui = await startUiServer();
const browser = await launchBrowser();
try {
  const api = new Api(ui.url);
  const runs = await seedRuns(api);
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  const shot = (n: string) => page.screenshot({ path: `/tmp/look/${n}.png`, fullPage: true });
  await page.goto(`${ui.url}/`);
  await page.waitForTimeout(700);
  await shot('list');
  await page.goto(`${ui.url}/definitions`);
  await page.waitForTimeout(500);
  await shot('defs');
  await page.goto(`${ui.url}/definitions?tab=tasks`);
  await page.waitForTimeout(500);
  await shot('taskdefs');
  await page.goto(`${ui.url}/definitions/workflow/${PAYMENT_FLOW}`);
  await page.getByRole('tab', { name: 'Edit' }).click();
  await page
    .getByLabel('Workflow definition', { exact: true })
    .fill(
      '{\n  "name": "ui_payment",\n  "schemaVersion": 2,\n  "tasks": [{ "name": "charge_card", "type": "SIMPLE", "inputParameters": { "a": "${nope.output}" } }]\n}',
    );
  await page.getByRole('button', { name: 'Validate' }).click();
  await page.waitForTimeout(500);
  await shot('edit-error');
  await page.getByRole('tab', { name: 'Run' }).click();
  await page.waitForTimeout(300);
  await shot('run');
  await page.goto(`${ui.url}/queues`);
  await page.waitForTimeout(500);
  await shot('queues');
  await page.goto(`${ui.url}/execution/${runs.failed}`);
  await page.waitForTimeout(700);
  await shot('failed');
  await page.getByRole('button', { name: 'Retry', exact: true }).click();
  await page.waitForTimeout(300);
  await page.screenshot({ path: '/tmp/look/dialog.png' });
  await page.goto(`${ui.url}/execution/${runs.completed}`);
  await page.getByRole('tab', { name: 'Timeline' }).click();
  await page.waitForTimeout(300);
  await shot('timeline');
  await page.goto(`${ui.url}/execution/${runs.completed}`);
  await page.locator('.graph-node[data-ref="pick_item"]').click();
  await page.getByRole('tab', { name: 'Logs' }).click();
  await page.waitForTimeout(400);
  await page.evaluate(() => window.scrollTo(0, 0));
  await shot('completed');
  await page.goto(`${ui.url}/execution/nope-123`);
  await page.waitForTimeout(500);
  await shot('missing');
} finally {
  await browser.close();
  await ui.close();
}
