// The Schedules page in a real browser against a real server: a schedule created from the form (its next runs
// previewed in its zone), a bad expression refused with its field path, the schedule firing and its executions
// listed, pause and resume, delete.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { WorkflowSchedule } from '@baton/protocol';
import type { Browser } from 'playwright-core';
import { launchBrowser, openPage } from './support/browser.js';
import { startUiServer, type UiServer } from './support/ui-server.js';

let ui: UiServer;
let browser: Browser;
const WORKFLOW = 'scheduled_page_flow';

before(async () => {
  ui = await startUiServer();
  const res = await fetch(`${ui.url}/api/metadata/workflow`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      name: WORKFLOW,
      version: 1,
      schemaVersion: 2,
      tasks: [{ name: 'noted', taskReferenceName: 'noted_ref', type: 'SIMPLE' }],
    }),
  });
  assert.equal(res.status, 200);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await ui?.close();
});

const getSchedule = async (name: string): Promise<WorkflowSchedule> =>
  (await (await fetch(`${ui.url}/api/scheduler/schedules/${name}`)).json()) as WorkflowSchedule;

void test('schedules are created with a preview, refused with the field path, fire, pause, resume and go', async () => {
  const { page, errors } = await openPage(browser);
  await page.goto(`${ui.url}/schedules`);
  await page.getByText('No schedule yet').waitFor();

  const form = page.getByRole('form', { name: 'Schedule' });
  await form.getByLabel('Name').fill('page_every_second');
  await form.getByLabel('Workflow', { exact: true }).fill(WORKFLOW);
  await form.getByLabel('Time zone').fill('Asia/Kolkata');
  await form.getByLabel(/^Cron/).fill('0 0 12 * * *');
  // Noon in Kolkata is 06:30 UTC: the preview (shown in UTC here) says so for each of the next five days.
  await page
    .getByRole('button', { name: 'UTC' })
    .click()
    .catch(() => undefined);
  const preview = form.getByLabel('Next runs').locator('li');
  await preview.nth(4).waitFor();
  assert.equal(await preview.count(), 5);

  await form.getByLabel(/^Cron/).fill('0 9 * * *');
  await form.getByRole('button', { name: 'Save' }).click();
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.deepEqual(await alert.locator('.field-path').allTextContents(), ['cronExpression']);
  assert.equal((await fetch(`${ui.url}/api/scheduler/schedules/page_every_second`)).status, 404);

  await form.getByLabel('Time zone').fill('UTC');
  await form.getByLabel(/^Cron/).fill('* * * * * *');
  await form.getByLabel('Workflow input (JSON)').fill('{"origin": "ui"}');
  await form.getByRole('button', { name: 'Save' }).click();
  const row = page.locator('tr[data-schedule="page_every_second"]');
  await row.waitFor();
  assert.match((await row.textContent())!, /\* \* \* \* \* \*.*UTC.*active/);
  const saved = await getSchedule('page_every_second');
  assert.deepEqual(saved.startWorkflowRequest, { name: WORKFLOW, input: { origin: 'ui' } });

  // It fires: its executions show up (the list refreshes), each linking to the workflow it started.
  await row.getByRole('button', { name: 'Executions' }).click();
  await page.getByRole('heading', { name: 'Executions of page_every_second' }).waitFor();
  await page.locator('tr[data-execution-state="EXECUTED"] a').first().waitFor({ timeout: 20_000 });

  await row.getByRole('button', { name: 'Pause' }).click();
  await row.getByText('paused').waitFor();
  assert.equal((await getSchedule('page_every_second')).paused, true);
  await row.getByRole('button', { name: 'Resume' }).click();
  await row.getByText('active').waitFor();
  assert.equal((await getSchedule('page_every_second')).paused, false);

  // Edit loads it into the form.
  await row.getByRole('button', { name: 'Edit' }).click();
  assert.equal(await form.getByLabel('Name').inputValue(), 'page_every_second');
  assert.equal(await form.getByLabel(/^Cron/).inputValue(), '* * * * * *');

  await row.getByRole('button', { name: 'Delete' }).click();
  await page.getByText('No schedule yet').waitFor();
  assert.equal((await fetch(`${ui.url}/api/scheduler/schedules/page_every_second`)).status, 404);
  assert.deepEqual(errors, []);
  await page.close();
});
