// The execution page in a real browser against a real server holding real runs: the graph's nodes and
// statuses (switch branch taken, fork branches, join, loop iteration), live updates, the task panel, the
// timeline, and operations behind a confirmation, including the server refusing one.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openPage } from './support/browser.js';
import { Api, ORDER_FLOW, PAYMENT_FLOW, seedRuns, WORKER_ID, type SeededRuns } from './support/seed.js';
import { startUiServer, type UiServer } from './support/ui-server.js';

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

const node = (page: Page, ref: string) => page.locator(`.graph-node[data-ref="${ref}"]`);

async function statusOf(page: Page, ref: string): Promise<string | null> {
  return node(page, ref).getAttribute('data-status');
}

/** Waits until the node shows `status` (the page re-reads a live run every 1.5 s). */
async function waitForStatus(page: Page, ref: string, status: string): Promise<void> {
  await page.locator(`.graph-node[data-ref="${ref}"].status-${status}`).waitFor({ timeout: 10_000 });
}

const headerStatus = (page: Page) => page.locator('.execution-header .status-badge').first();

void describe('execution page', () => {
  void test('a deep link opens the running run with its fork, join, loop and the switch branch taken', async () => {
    const { page, errors } = await openPage(browser);
    await page.goto(`${ui.url}/execution/${runs.running}`);
    await node(page, 'fulfil_join').waitFor();

    assert.equal(await page.getByTestId('workflow-id').textContent(), runs.running);
    assert.equal(await headerStatus(page).getAttribute('data-status'), 'RUNNING');
    const expected: Record<string, string> = {
      validate_order: 'COMPLETED',
      route_by_speed: 'COMPLETED',
      ship_express: 'COMPLETED',
      ship_standard: 'NOT_RUN',
      manual_review: 'NOT_RUN',
      fulfil: 'COMPLETED',
      pack_box: 'COMPLETED',
      pick_loop: 'IN_PROGRESS',
      pick_item: 'IN_PROGRESS',
      notify_customer: 'COMPLETED',
      fulfil_join: 'IN_PROGRESS',
      close_order: 'NOT_RUN',
      end: 'NOT_RUN',
    };
    for (const [ref, status] of Object.entries(expected)) {
      assert.equal(await statusOf(page, ref), status, ref);
      assert.match(
        (await node(page, ref).getAttribute('class')) ?? '',
        new RegExp(`\\bstatus-${status}\\b`),
        ref,
      );
    }
    assert.equal(await node(page, 'fulfil').getAttribute('data-kind'), 'fork');
    assert.equal(await node(page, 'fulfil_join').getAttribute('data-kind'), 'join');
    assert.equal(await node(page, 'pick_loop').locator('.iteration').getAttribute('data-iteration'), '2');
    assert.equal(await node(page, 'route_by_speed').locator('.case').textContent(), '→ express');

    // The switch's three edges: only the express one is marked taken.
    const taken = page.locator('.react-flow__edge.taken');
    assert.equal(await taken.count(), 1);
    assert.equal(await taken.locator('.react-flow__edge-text').textContent(), 'express');
    assert.equal(await page.locator('.react-flow__edge.not-taken').count(), 2);
    // Both fork branches were entered.
    for (const id of ['task:fulfil->task:pack_box', 'task:fulfil->task:notify_customer']) {
      assert.match(
        (await page.locator(`.react-flow__edge[data-id="${id}"]`).getAttribute('class')) ?? '',
        /executed/,
      );
    }
    assert.deepEqual(errors, []);
    await page.close();
  });

  void test('the graph follows the run live: the loop moves on, then the join and the next task', async () => {
    const { page, errors } = await openPage(browser);
    await page.goto(`${ui.url}/execution/${runs.running}`);
    await waitForStatus(page, 'pick_item', 'IN_PROGRESS');

    const workflow = await api.workflow(runs.running);
    const picking = workflow.tasks.find((t) => t.referenceTaskName === 'pick_item__2')!;
    await api.report(picking, { picked: 2 });
    await page
      .locator('.graph-node[data-ref="pick_loop"] .iteration[data-iteration="3"]')
      .waitFor({ timeout: 10_000 });

    await api.work('pick_item', { picked: 3 });
    await waitForStatus(page, 'pick_loop', 'COMPLETED');
    await waitForStatus(page, 'fulfil_join', 'COMPLETED');
    await waitForStatus(page, 'close_order', 'SCHEDULED');
    assert.equal(await statusOf(page, 'end'), 'NOT_RUN');
    assert.deepEqual(errors, []);
    await page.close();
  });

  void test('the task panel shows each attempt’s timings, worker, input, output and logs', async () => {
    const { page, errors } = await openPage(browser);
    await page.goto(`${ui.url}/execution/${runs.completed}`);
    await node(page, 'pick_item').click();
    const panel = page.locator('.task-panel');
    await panel.waitFor();
    assert.equal(await panel.getAttribute('data-ref'), 'pick_item');
    assert.match((await panel.locator('.facts').textContent()) ?? '', new RegExp(`Worker${WORKER_ID}`));
    assert.match((await panel.locator('.facts').textContent()) ?? '', /Referencepick_item__2/);
    assert.equal(await panel.locator('.attempt').count(), 2, 'two loop iterations');

    await panel.getByRole('tab', { name: 'Output' }).click();
    assert.deepEqual(JSON.parse((await panel.getByLabel('Task output').textContent())!), { picked: 2 });
    await panel.getByRole('tab', { name: 'Input' }).click();
    assert.deepEqual(JSON.parse((await panel.getByLabel('Task input').textContent())!), { round: 2 });

    await panel.locator('.attempt').first().click();
    await panel.getByRole('tab', { name: 'Output' }).click();
    assert.deepEqual(JSON.parse((await panel.getByLabel('Task output').textContent())!), { picked: 1 });
    await panel.getByRole('tab', { name: 'Logs' }).click();
    await panel.locator('.task-logs li').first().waitFor();
    assert.match(
      (await panel.locator('.task-logs').textContent()) ?? '',
      /pick_item__1: completed by ui-worker-7/,
    );
    assert.deepEqual(errors, []);
    await page.close();
  });

  void test('the timeline has one bar per task', async () => {
    const { page } = await openPage(browser);
    await page.goto(`${ui.url}/execution/${runs.completed}`);
    await page.getByRole('tab', { name: 'Timeline' }).click();
    await page.getByTestId('timeline').waitFor();
    const workflow = await api.workflow(runs.completed);
    assert.equal(await page.locator('.timeline-row').count(), workflow.tasks.length);
    assert.equal(await page.locator('.timeline-bar.status-COMPLETED').count(), workflow.tasks.length);
    await page.close();
  });

  void test('rerun from a task with a new input', async () => {
    const { page, errors } = await openPage(browser);
    await page.goto(`${ui.url}/execution/${runs.completed}`);
    await node(page, 'close_order').click();
    await page.getByRole('button', { name: 'Rerun from this task' }).click();
    const dialog = page.getByRole('dialog');
    const input = dialog.getByLabel('Task input for the rerun');
    assert.deepEqual(JSON.parse(await input.inputValue()), { orderId: 'order-1001' });
    await input.fill('{ "orderId": "order-1001-b" }');
    await dialog.getByRole('button', { name: 'Rerun' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.locator('.execution-header .status-badge[data-status="RUNNING"]').waitFor({ timeout: 10_000 });
    await waitForStatus(page, 'close_order', 'SCHEDULED');
    const rerun = await api.workflow(runs.completed);
    const closing = rerun.tasks.filter((t) => t.referenceTaskName === 'close_order').at(-1)!;
    assert.deepEqual(closing.inputData, { orderId: 'order-1001-b' });
    assert.deepEqual(errors, []);
    await page.close();
  });

  void test('retrying the failed run, after confirming, changes its status on screen', async () => {
    const { page, errors } = await openPage(browser);
    await page.goto(`${ui.url}/execution/${runs.failed}`);
    await waitForStatus(page, 'charge_card', 'FAILED');
    assert.equal(await headerStatus(page).getAttribute('data-status'), 'FAILED');
    assert.match(
      (await page.locator('.execution-header .reason').textContent()) ?? '',
      /card declined by issuer/,
    );

    await page.getByRole('button', { name: 'Retry', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    assert.equal(
      await headerStatus(page).getAttribute('data-status'),
      'FAILED',
      'nothing happens before confirming',
    );
    await dialog.getByRole('button', { name: 'Retry' }).click();
    await dialog.waitFor({ state: 'detached' });

    await page.locator('.execution-header .status-badge[data-status="RUNNING"]').waitFor({ timeout: 10_000 });
    await waitForStatus(page, 'charge_card', 'SCHEDULED');
    // And it keeps following the run: the retried charge goes through.
    await api.work('charge_card', { charged: true });
    await page
      .locator('.execution-header .status-badge[data-status="COMPLETED"]')
      .waitFor({ timeout: 10_000 });
    assert.equal(await statusOf(page, 'charge_card'), 'COMPLETED');
    assert.equal(await node(page, 'charge_card').locator('.attempt-count').textContent(), '×2');
    assert.deepEqual(errors, []);
    await page.close();
  });

  void test('when the server refuses an operation, the dialog shows its message', async () => {
    const workflowId = await api.start(PAYMENT_FLOW, { orderId: 'order-9009', amount: 1 }, 'corr-9009');
    const { page } = await openPage(browser);
    await page.goto(`${ui.url}/execution/${workflowId}`);
    await page.getByRole('button', { name: 'Pause' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    // Someone else ends the run while the dialog is open.
    await api.send('DELETE', `/workflow/${workflowId}?reason=ops`);
    await dialog.getByRole('button', { name: 'Pause' }).click();
    const alert = dialog.getByRole('alert');
    await alert.waitFor();
    assert.match((await alert.textContent()) ?? '', /\(409\).*has ended, status cannot be updated/);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await page
      .locator('.execution-header .status-badge[data-status="TERMINATED"]')
      .waitFor({ timeout: 10_000 });
    await page.close();
  });

  void test('terminate asks for a reason and the run shows it', async () => {
    const workflowId = await api.start(PAYMENT_FLOW, { orderId: 'order-9010', amount: 1 }, 'corr-9010');
    const { page } = await openPage(browser);
    await page.goto(`${ui.url}/execution/${workflowId}`);
    await page.getByRole('button', { name: 'Terminate' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Reason').fill('customer cancelled');
    await dialog.getByRole('button', { name: 'Terminate' }).click();
    await page
      .locator('.execution-header .status-badge[data-status="TERMINATED"]')
      .waitFor({ timeout: 10_000 });
    assert.match((await page.locator('.execution-header .reason').textContent()) ?? '', /customer cancelled/);
    assert.equal((await api.workflow(workflowId)).reasonForIncompletion, 'customer cancelled');
    await page.close();
  });

  void test('a sub-workflow node links to the child run, and the child back to its parent', async () => {
    await api.send('POST', '/metadata/workflow', {
      name: 'ui_checkout',
      version: 1,
      schemaVersion: 2,
      tasks: [
        {
          name: PAYMENT_FLOW,
          taskReferenceName: 'pay',
          type: 'SUB_WORKFLOW',
          subWorkflowParam: { name: PAYMENT_FLOW, version: 1 },
          inputParameters: { orderId: 'order-1111', amount: 11 },
        },
      ],
    });
    const parent = await api.start('ui_checkout', {}, 'corr-1111');
    const started = await api.waitFor(parent, (w) => w.tasks.some((t) => t.subWorkflowId !== undefined));
    const child = started.tasks[0]!.subWorkflowId!;

    const { page, errors } = await openPage(browser);
    await page.goto(`${ui.url}/execution/${parent}`);
    assert.equal(await node(page, 'pay').getAttribute('data-kind'), 'subWorkflow');
    await node(page, 'pay').locator('.child-link').click();
    await page.waitForURL(`${ui.url}/execution/${child}`);
    await node(page, 'charge_card').waitFor();
    assert.equal(await page.getByTestId('workflow-id').textContent(), child);
    await page.getByRole('link', { name: parent }).click();
    await page.waitForURL(`${ui.url}/execution/${parent}`);
    await node(page, 'pay').waitFor();
    assert.deepEqual(errors, []);
    await page.close();
  });

  void test('skip a task not reached yet, then pause and resume the run', async () => {
    const workflowId = await api.start(
      ORDER_FLOW,
      { orderId: 'order-1212', speed: 'express', items: 1 },
      'corr-1212',
    );
    const { page, errors } = await openPage(browser);
    await page.goto(`${ui.url}/execution/${workflowId}`);
    await node(page, 'close_order').click();
    await page.getByRole('button', { name: 'Skip this task' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Skip' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await waitForStatus(page, 'close_order', 'SKIPPED');

    await page.getByRole('button', { name: 'Pause' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Pause' }).click();
    await page.locator('.execution-header .status-badge[data-status="PAUSED"]').waitFor({ timeout: 10_000 });
    await page.getByRole('button', { name: 'Resume' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Resume' }).click();
    await page.locator('.execution-header .status-badge[data-status="RUNNING"]').waitFor({ timeout: 10_000 });
    assert.equal((await api.workflow(workflowId)).status, 'RUNNING');
    assert.deepEqual(errors, []);
    await page.close();
  });
});
