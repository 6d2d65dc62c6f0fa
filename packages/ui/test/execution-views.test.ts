// The execution views in a real browser against a real server: a fork whose branch is a loop drawn with the
// loop as a frame, times in UTC or local time (remembered), dark mode, the JSON view, completing and failing
// WAIT and HUMAN tasks from the task panel, and the task search page.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import type { WorkflowDef } from '@baton/protocol';
import { formatTime } from '../src/format.js';
import { launchBrowser, openPage } from './support/browser.js';
import { Api, seedRuns, type SeededRuns } from './support/seed.js';
import { startUiServer, type UiServer } from './support/ui-server.js';

let ui: UiServer;
let api: Api;
let runs: SeededRuns;
let browser: Browser;

const approvalFlow: WorkflowDef = {
  name: 'ui_approval',
  version: 1,
  schemaVersion: 2,
  tasks: [
    {
      name: 'cool_off',
      taskReferenceName: 'cool_off',
      type: 'WAIT',
      inputParameters: { duration: '2 hours' },
    },
    { name: 'approve', taskReferenceName: 'approve', type: 'HUMAN' },
  ],
};

before(async () => {
  ui = await startUiServer();
  api = new Api(ui.url);
  runs = await seedRuns(api);
  await api.send('POST', '/metadata/workflow', approvalFlow);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await ui?.close();
});

const node = (page: Page, ref: string) => page.locator(`.graph-node[data-ref="${ref}"]`);

async function box(page: Page, selector: string) {
  const found = await page.locator(selector).boundingBox();
  assert.ok(found, `${selector} is drawn`);
  return found;
}

type Box = { x: number; y: number; width: number; height: number };
const within = (inner: Box, outer: Box): boolean =>
  inner.x >= outer.x &&
  inner.y >= outer.y &&
  inner.x + inner.width <= outer.x + outer.width &&
  inner.y + inner.height <= outer.y + outer.height;

void describe('execution views', () => {
  void test('a fork whose branch is a loop: the loop is a frame, its way back inside it, branches fan out', async () => {
    const { page, errors } = await openPage(browser);
    await page.goto(`${ui.url}/execution/${runs.running}`);
    await node(page, 'pick_loop').waitFor();
    const frame = await box(page, '.loop-frame[data-frame="pick_loop"]');
    for (const ref of ['pick_loop', 'pick_item', 'loopEnd:pick_loop']) {
      assert.ok(within(await box(page, `.graph-node[data-ref="${ref}"]`), frame), `${ref} inside the frame`);
    }
    const back = await box(page, '.react-flow__edge.loop-back .react-flow__edge-path');
    assert.ok(within(back, frame), 'the way back stays inside the frame');
    const sibling = await box(page, '.graph-node[data-ref="notify_customer"]');
    assert.ok(
      sibling.x + sibling.width < frame.x || sibling.x > frame.x + frame.width,
      'the sibling is beside it',
    );
    // Both branches start on the row under the fork.
    const packBox = await box(page, '.graph-node[data-ref="pack_box"]');
    assert.equal(Math.round(sibling.y), Math.round(packBox.y));
    assert.deepEqual(errors, []);
    await page.close();
  });

  void test('times are local with the zone named, or UTC after the toggle, and the choice is remembered', async () => {
    const context = await browser.newContext({
      timezoneId: 'Asia/Tokyo',
      viewport: { width: 1400, height: 900 },
    });
    const page = await context.newPage();
    const workflow = await api.workflow(runs.completed);
    await page.goto(`${ui.url}/execution/${runs.completed}`);
    const started = page.locator('.execution-header dt:text-is("Started") + dd');
    await started.waitFor();
    const tokyo = new Date(workflow.startTime + 9 * 3600_000).toISOString().replace('T', ' ').slice(0, 23);
    assert.equal(await started.textContent(), `${tokyo} GMT+9`);
    await page.getByTestId('time-zone-toggle').click();
    assert.equal(await started.textContent(), formatTime(workflow.startTime, 'utc'));
    await page.reload();
    await started.waitFor();
    assert.equal(await started.textContent(), formatTime(workflow.startTime, 'utc'));
    assert.equal(await page.getByTestId('time-zone-toggle').textContent(), 'Times: UTC');
    await context.close();
  });

  void test('dark mode follows the system, and the toggle overrides it for good', async () => {
    const context = await browser.newContext({ colorScheme: 'dark' });
    const page = await context.newPage();
    await page.goto(`${ui.url}/execution/${runs.running}`);
    await node(page, 'pick_loop').waitFor();
    const theme = () => page.evaluate(() => document.documentElement.dataset.theme);
    const background = () => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
    assert.equal(await theme(), 'dark');
    assert.equal(await background(), 'rgb(15, 20, 26)');
    await page.getByTestId('theme-toggle').click();
    assert.equal(await theme(), 'light');
    assert.equal(await background(), 'rgb(246, 247, 249)');
    await page.reload();
    await node(page, 'pick_loop').waitFor();
    assert.equal(await theme(), 'light', 'the choice outlives the reload');
    await context.close();

    const light = await browser.newContext({ colorScheme: 'light' });
    const lightPage = await light.newPage();
    await lightPage.goto(`${ui.url}/executions`);
    await lightPage.getByTestId('theme-toggle').waitFor();
    assert.equal(await lightPage.evaluate(() => document.documentElement.dataset.theme), 'light');
    await light.close();
  });

  void test('JSON folds, copies, and shows ISO times beside epoch milliseconds', async () => {
    const context = await browser.newContext({ timezoneId: 'Asia/Tokyo' });
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    const page = await context.newPage();
    const workflow = await api.workflow(runs.completed);
    await page.goto(`${ui.url}/execution/${runs.completed}`);
    await page.getByRole('tab', { name: 'JSON' }).click();
    const view = page.getByLabel('Workflow JSON', { exact: true });
    await view.waitFor();
    // The text is the JSON itself; the ISO forms are drawn beside it, not written into it.
    assert.equal(
      (JSON.parse((await view.textContent())!) as { workflowId: string }).workflowId,
      runs.completed,
    );
    const startTime = view.locator(':scope > details > .json-children > .json-line', {
      hasText: '"startTime"',
    });
    const number = startTime.locator('.json-number');
    assert.equal(await number.textContent(), String(workflow.startTime));
    // In the viewer's zone (Tokyo, UTC+9) with its offset, as the times are shown in local time.
    const iso = `${new Date(workflow.startTime + 9 * 3600_000).toISOString().slice(0, -1)}+09:00`;
    assert.equal(await number.getAttribute('data-iso'), iso);
    const shown = await number.evaluate((el) => getComputedStyle(el, '::after').content);
    assert.ok(shown.includes(iso), shown);

    const tasks = view.locator(':scope > details > .json-children > details', { hasText: '"tasks"' }).first();
    const firstTask = tasks.locator(':scope > .json-children > details').first();
    assert.equal(await firstTask.isVisible(), true);
    await tasks.locator(':scope > summary').click();
    assert.equal(await tasks.getAttribute('open'), null);
    assert.equal(await firstTask.isVisible(), false, 'a folded list hides its items');
    await tasks.locator(':scope > summary').click();
    assert.equal(await firstTask.isVisible(), true);

    const copy = page.locator('.json-block', { has: view }).locator('button.json-copy');
    await copy.click();
    await copy.filter({ hasText: 'Copied ✓' }).waitFor();
    const copied = JSON.parse(await page.evaluate(() => navigator.clipboard.readText())) as {
      workflowId: string;
    };
    assert.equal(copied.workflowId, runs.completed);
    await context.close();
  });

  void test('a WAIT says when it wakes; WAIT and HUMAN tasks are completed or failed from the panel', async () => {
    const workflowId = await api.start(approvalFlow.name, {}, 'corr-approval');
    const waiting = await api.waitFor(workflowId, (w) =>
      w.tasks.some((t) => t.referenceTaskName === 'cool_off' && t.status === 'IN_PROGRESS'),
    );
    const wait = waiting.tasks.find((t) => t.referenceTaskName === 'cool_off')!;
    const { page, errors } = await openPage(browser);
    await page.goto(`${ui.url}/execution/${workflowId}`);
    await node(page, 'cool_off').click();
    const panel = page.getByRole('complementary', { name: 'Task details' });
    const wakes = panel.getByTestId('wait-wakes-at');
    await wakes.waitFor();
    assert.equal(
      await wakes.locator('time').getAttribute('datetime'),
      new Date(wait.startTime + 2 * 3600_000).toISOString(),
    );
    assert.match((await wakes.textContent())!, /\(in (1 h 59 m|2 h 00 m)\)/);

    await panel.getByRole('button', { name: 'Complete…' }).click();
    let dialog = page.getByRole('dialog');
    await dialog.getByLabel('Task output').fill('{ "approvedBy": "ops" }');
    await dialog.getByRole('button', { name: 'Complete the task' }).click();
    await dialog.waitFor({ state: 'detached' });
    const afterWait = await api.waitFor(workflowId, (w) =>
      w.tasks.some((t) => t.referenceTaskName === 'approve' && t.status === 'IN_PROGRESS'),
    );
    const completed = afterWait.tasks.find((t) => t.referenceTaskName === 'cool_off')!;
    assert.equal(completed.status, 'COMPLETED');
    assert.deepEqual(completed.outputData, { approvedBy: 'ops' });

    await node(page, 'approve').click();
    await panel.getByRole('button', { name: 'Fail…' }).waitFor();
    await panel.getByRole('button', { name: 'Fail…' }).click();
    dialog = page.getByRole('dialog');
    await dialog.getByLabel('Task output').fill('{ "rejectedBy": "finance" }');
    await dialog.getByLabel('Reason').fill('budget exceeded');
    await dialog.getByRole('button', { name: 'Fail the task' }).click();
    await dialog.waitFor({ state: 'detached' });
    const failed = await api.waitFor(workflowId, (w) => w.status === 'FAILED');
    const human = failed.tasks.find((t) => t.referenceTaskName === 'approve')!;
    assert.equal(human.status, 'FAILED');
    assert.equal(human.reasonForIncompletion, 'budget exceeded');
    assert.deepEqual(human.outputData, { rejectedBy: 'finance' });
    assert.deepEqual(errors, []);
    await page.close();
  });

  void test('the task search page finds tasks by query, status and free text, and opens their run', async () => {
    const { page, errors } = await openPage(browser);
    await page.goto(`${ui.url}/executions`);
    await page.getByRole('link', { name: 'Tasks', exact: true }).click();
    await page.waitForURL(`${ui.url}/tasks`);
    const rows = page.locator('.tasks-table tbody tr');
    await rows.first().waitFor();

    const search = async (fields: { freeText?: string; query?: string }): Promise<void> => {
      await page.getByLabel('Free text').fill(fields.freeText ?? '');
      await page.getByLabel('Query').fill(fields.query ?? '');
      const answered = page.waitForResponse((res) => res.url().includes('/api/tasks/search'));
      await page.getByRole('button', { name: 'Search' }).click();
      assert.equal((await answered).status(), 200);
    };
    await search({ query: 'taskType = "pick_item"' });
    await page.locator('.tasks-table tbody tr td:first-child', { hasText: 'pick_item__2' }).first().waitFor();
    const refs = await rows.locator('td:first-child').allTextContents();
    assert.ok(refs.length >= 4 && refs.every((r) => r.startsWith('pick_item')), refs.join(', '));

    const answered = page.waitForResponse((res) => res.url().includes('status+IN+%28IN_PROGRESS%29'));
    await page.getByRole('button', { name: 'in progress', exact: true }).click();
    await answered;
    // The answer is in; the table shows it once React has rendered it (until then: the old rows, or none).
    await page.waitForFunction(() => document.querySelectorAll('.tasks-table tbody tr').length === 1);
    assert.deepEqual(await rows.locator('td:first-child').allTextContents(), ['pick_item__2']);
    assert.match(new URL(page.url()).search, /status=IN_PROGRESS/);

    await search({ freeText: 'charge_card order-2002', query: '' });
    await page.getByRole('button', { name: 'in progress', exact: true }).click();
    await rows.first().locator('td:first-child', { hasText: 'charge_card' }).waitFor();
    await rows.first().getByRole('link', { name: runs.failed }).click();
    await page.waitForURL(`${ui.url}/execution/${runs.failed}`);
    assert.deepEqual(errors, []);
    await page.close();
  });
});
