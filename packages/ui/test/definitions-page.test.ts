// Definitions and queues in a real browser against a real server: lists, a workflow drawn as a graph, an
// edit the server rejects (its field path shown), a new version registered, a run started from the page,
// a task definition saved, and pending tasks and worker polls.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { TaskDef, Workflow, WorkflowDef } from '@baton/protocol';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openPage } from './support/browser.js';
import { Api, ORDER_FLOW, PAYMENT_FLOW, seedRuns, WORKER_ID } from './support/seed.js';
import { startUiServer, type UiServer } from './support/ui-server.js';

let ui: UiServer;
let api: Api;
let browser: Browser;

before(async () => {
  ui = await startUiServer();
  api = new Api(ui.url);
  await seedRuns(api);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await ui?.close();
});

async function replaceEditorText(page: Page, label: string, text: string): Promise<void> {
  await page.getByLabel(label, { exact: true }).fill(text);
}

void describe('definitions', () => {
  void test('workflows and task definitions are listed and open', async () => {
    const { page, errors } = await openPage(browser);
    await page.goto(`${ui.url}/definitions`);
    await page.getByRole('link', { name: ORDER_FLOW }).waitFor();
    assert.equal(await page.getByRole('link', { name: PAYMENT_FLOW }).count(), 1);

    await page.getByRole('tab', { name: 'Task definitions' }).click();
    await page.getByRole('link', { name: 'charge_card' }).waitFor();
    assert.equal(new URL(page.url()).search, '?tab=tasks');

    await page.getByRole('tab', { name: 'Workflows' }).click();
    await page.getByRole('link', { name: ORDER_FLOW }).click();
    await page.locator('.graph-node[data-ref="pick_loop"]').waitFor();
    // The bare definition: every node, including both switch branches and the loop body.
    for (const ref of [
      'validate_order',
      'ship_express',
      'ship_standard',
      'manual_review',
      'pick_item',
      'fulfil_join',
    ]) {
      assert.equal(await page.locator(`.graph-node[data-ref="${ref}"]`).count(), 1, ref);
    }
    await page.getByRole('tab', { name: 'JSON' }).click();
    const shown = JSON.parse(
      (await page.getByLabel('Workflow definition JSON').textContent())!,
    ) as WorkflowDef;
    assert.equal(shown.name, ORDER_FLOW);
    assert.equal(shown.tasks.length, 5);
    assert.deepEqual(errors, []);
    await page.close();
  });

  void test('an edit the server rejects shows the field path of each error', async () => {
    const { page } = await openPage(browser);
    await page.goto(`${ui.url}/definitions/workflow/${PAYMENT_FLOW}`);
    await page.getByRole('tab', { name: 'Edit' }).click();
    const broken = {
      name: PAYMENT_FLOW,
      schemaVersion: 2,
      tasks: [{ name: 'charge_card', type: 'SIMPLE', inputParameters: { amount: '${nowhere.output.x}' } }],
    };
    await replaceEditorText(page, 'Workflow definition', JSON.stringify(broken, null, 2));
    await page.getByRole('button', { name: 'Validate' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    const paths = await alert.locator('.field-path').allTextContents();
    assert.ok(paths.includes('tasks[0].taskReferenceName'), paths.join(', '));
    assert.match((await alert.textContent()) ?? '', /\(400\)/);
    // Each field is marked on its line beside the text: the task missing its reference name, the bad input.
    const lines = JSON.stringify(broken, null, 2).split('\n');
    const taskLine = lines.indexOf('    {') + 1;
    const amountLine = lines.findIndex((l) => l.includes('"amount"')) + 1;
    assert.deepEqual(await page.locator('.json-editor-gutter .marked-line').allTextContents(), [
      `${taskLine}\n`,
      `${amountLine}\n`,
    ]);
    assert.match(
      (await alert.textContent()) ?? '',
      new RegExp(`tasks\\[0\\]\\.taskReferenceName line ${taskLine}`),
    );

    // A syntax error is caught before sending, with its line.
    await replaceEditorText(page, 'Workflow definition', '{\n  "name": "x",\n  "tasks": [,]\n}');
    assert.match((await page.locator('.json-editor-status').textContent()) ?? '', /line 3/);
    assert.equal(await page.locator('.json-editor-gutter .bad-line').textContent(), '3\n');
    await page.close();
  });

  void test('registering a new version, then running it with an input', async () => {
    const { page, errors } = await openPage(browser);
    await page.goto(`${ui.url}/definitions/workflow/${PAYMENT_FLOW}`);
    await page.getByRole('tab', { name: 'Edit' }).click();
    const editor = page.getByLabel('Workflow definition', { exact: true });
    const def = JSON.parse(await editor.inputValue()) as WorkflowDef;
    await editor.fill(JSON.stringify({ ...def, description: 'Charges a card, version two' }, null, 2));
    await page.getByRole('button', { name: 'Register as version 2' }).click();
    await page.waitForURL(/version=2$/);
    const stored = JSON.parse(
      await api.send('GET', `/metadata/workflow/${PAYMENT_FLOW}?version=2`),
    ) as WorkflowDef;
    assert.equal(stored.description, 'Charges a card, version two');
    assert.equal(await page.getByLabel('Version').inputValue(), '2');

    await page.getByRole('tab', { name: 'Run' }).click();
    await page.getByLabel('Workflow input').fill('{ "orderId": "order-7007", "amount": 70 }');
    await page.getByLabel('Correlation id (optional)').fill('corr-7007');
    await page.getByRole('button', { name: `Run ${PAYMENT_FLOW} v2` }).click();
    await page.waitForURL(/\/execution\/[0-9a-f-]{36}$/);
    const workflowId = new URL(page.url()).pathname.split('/').at(-1)!;
    await page.locator('.graph-node[data-ref="charge_card"]').waitFor();
    const run = JSON.parse(await api.send('GET', `/workflow/${workflowId}`)) as Workflow;
    assert.deepEqual(run.input, { orderId: 'order-7007', amount: 70 });
    assert.equal(run.workflowVersion, 2);
    assert.equal(run.correlationId, 'corr-7007');
    assert.deepEqual(errors, []);
    await page.close();
  });

  void test('a task definition is edited and saved', async () => {
    const { page } = await openPage(browser);
    await page.goto(`${ui.url}/definitions/task/charge_card`);
    const editor = page.getByLabel('Task definition', { exact: true });
    await editor.waitFor();
    const def = JSON.parse(await editor.inputValue()) as TaskDef;
    await editor.fill(JSON.stringify({ ...def, retryCount: 5 }, null, 2));
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').waitFor();
    const stored = JSON.parse(await api.send('GET', '/metadata/taskdefs/charge_card')) as TaskDef;
    assert.equal(stored.retryCount, 5);

    // The server's rule on response timeouts comes back with its field.
    await editor.fill(JSON.stringify({ ...def, responseTimeoutSeconds: 0 }, null, 2));
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('alert').waitFor();
    assert.match((await page.getByRole('alert').textContent()) ?? '', /responseTimeoutSeconds/);
    await page.close();
  });
});

void describe('new definitions', () => {
  void test('a new workflow and a new task definition are registered from their templates', async () => {
    const { page, errors } = await openPage(browser);
    await page.goto(`${ui.url}/definitions`);
    await page.getByRole('link', { name: 'New workflow definition' }).click();
    const editor = page.getByLabel('Workflow definition', { exact: true });
    const template = JSON.parse(await editor.inputValue()) as WorkflowDef;
    await editor.fill(JSON.stringify({ ...template, name: 'ui_brand_new' }, null, 2));
    await page.getByRole('button', { name: 'Register' }).click();
    await page.waitForURL(`${ui.url}/definitions/workflow/ui_brand_new?version=1`);
    await page.locator('.graph-node[data-ref="my_task_ref"]').waitFor();
    const stored = JSON.parse(await api.send('GET', '/metadata/workflow/ui_brand_new')) as WorkflowDef;
    assert.deepEqual(stored.tasks, template.tasks);

    await page.goto(`${ui.url}/definitions/new-task`);
    const taskEditor = page.getByLabel('Task definition', { exact: true });
    const taskTemplate = JSON.parse(await taskEditor.inputValue()) as TaskDef;
    await taskEditor.fill(JSON.stringify({ ...taskTemplate, name: 'ui_new_task' }, null, 2));
    await page.getByRole('button', { name: 'Register' }).click();
    await page.waitForURL(`${ui.url}/definitions/task/ui_new_task`);
    const task = JSON.parse(await api.send('GET', '/metadata/taskdefs/ui_new_task')) as TaskDef;
    assert.equal(task.retryCount, taskTemplate.retryCount);
    assert.deepEqual(errors, []);
    await page.close();
  });
});

void describe('queues and workers', () => {
  void test('pending tasks per queue and the last poll per worker', async () => {
    await api.start(PAYMENT_FLOW, { orderId: 'order-8008', amount: 8 }, 'corr-8008');
    const { page } = await openPage(browser);
    await page.goto(`${ui.url}/queues`);
    const queue = page.locator('tr[data-queue="charge_card"] td[data-column="pending"]');
    await queue.waitFor();
    const sizes = JSON.parse(await api.send('GET', '/tasks/queue/all')) as Record<string, number>;
    assert.ok((sizes.charge_card ?? 0) >= 1);
    assert.equal(await queue.textContent(), String(sizes.charge_card));
    const workers = page.getByRole('table', { name: 'Workers' });
    await workers.waitFor();
    const text = (await workers.textContent()) ?? '';
    assert.match(text, new RegExp(WORKER_ID));
    assert.match(text, /pick_item/);
    await page.close();
  });
});
