// External payload storage end to end, on both stores: a 20 MB task output goes up through the SDK's upload path,
// the decider resolves parameters from it, the execution rows stay small, and the SDK reads it back; an inline
// output over the hard limit fails its task with Conductor's reason.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import Database from 'better-sqlite3';
import pg from 'pg';
import { startServer, type BatonServer } from '@baton/server';
import { Configuration, OrkesClients, type JsonObject, type Task } from '../src/index.js';
import { freshDatabase, STORES, type StoreKind } from '../../server/test/support/databases.js';
import { freshServer } from '../../server/test/support/servers.js';
import { unique, waitForWorkflow } from './support/baton.js';

const MB = 1024 * 1024;

/** About `bytes` of JSON: many small items, as a real large output tends to be. */
function bigOutput(bytes: number): JsonObject {
  const item = 'x'.repeat(1000);
  const items = Array.from({ length: Math.ceil(bytes / 1003) }, (_, i) => `${i}:${item}`);
  return { count: items.length, items };
}

/** Length of the JSON stored in a table's row, read on the database itself. */
async function storedJsonLength(kind: StoreKind, db: string, table: string, key: string, id: string) {
  const sql = `SELECT length(json) AS n FROM ${table} WHERE ${key} = $1`;
  if (kind === 'sqlite') {
    const file = new Database(db, { readonly: true });
    try {
      return Number(file.prepare<[string], { n: number }>(sql.replace('$1', '?')).get(id)?.n);
    } finally {
      file.close();
    }
  }
  const client = new pg.Client({ connectionString: db });
  await client.connect();
  try {
    return Number((await client.query<{ n: number }>(sql, [id])).rows[0]?.n);
  } finally {
    await client.end();
  }
}

for (const kind of STORES) {
  void describe(`external payloads on ${kind}`, () => {
    test('a 20 MB output is stored outside the row, used by the decider and read back by the SDK', async (t) => {
      const db = await freshDatabase(t, kind);
      const server: BatonServer = await startServer({
        port: 0,
        db,
        logLevel: 'silent',
        uiDir: false,
        payloadLimits: {
          maxTaskOutputPayloadSizeThreshold: '25MB',
          maxWorkflowOutputPayloadSizeThreshold: '25MB',
        },
      });
      t.after(() => server.close());
      const clients = new OrkesClients(new Configuration({ serverApiUrl: `${server.url}/api` }));
      const [tasks, workflows, metadata] = [
        clients.getTaskClient(),
        clients.getWorkflowClient(),
        clients.getMetadataClient(),
      ];
      const name = unique('big');
      await metadata.registerWorkflowDef({
        name,
        version: 1,
        schemaVersion: 2,
        tasks: [
          { name: `${name}_make`, taskReferenceName: 'make', type: 'SIMPLE' },
          {
            name: `${name}_check`,
            taskReferenceName: 'check',
            type: 'SIMPLE',
            inputParameters: { count: '${make.output.count}', first: '${make.output.items[0]}' },
          },
        ],
        outputParameters: { everything: '${make.output}' },
      });
      const workflowId = await workflows.startWorkflow({ name, input: {} });
      const output = bigOutput(20 * MB);

      const make = await pollOne(tasks, `${name}_make`);
      await tasks.updateTask({
        workflowInstanceId: workflowId,
        taskId: make.taskId,
        status: 'COMPLETED',
        outputData: output,
      });

      // The decider saw the real output when it resolved the next task's input.
      const check = await pollOne(tasks, `${name}_check`);
      assert.deepEqual(check.inputData, { count: output.count, first: (output.items as string[])[0] });
      await tasks.updateTask({
        workflowInstanceId: workflowId,
        taskId: check.taskId,
        status: 'COMPLETED',
        outputData: {},
      });
      await waitForWorkflow(workflows, workflowId);

      // As stored and served: paths and empty maps, and small rows.
      const raw = (await (await fetch(`${server.url}/api/workflow/${workflowId}`)).json()) as {
        output: JsonObject;
        externalOutputPayloadStoragePath?: string;
        tasks: Task[];
      };
      const rawMake = raw.tasks.find((x) => x.referenceTaskName === 'make')!;
      assert.deepEqual(rawMake.outputData, {});
      assert.match(rawMake.externalOutputPayloadStoragePath ?? '', /^task\/output\/[\w-]+\.json$/);
      assert.deepEqual(raw.output, {});
      assert.match(raw.externalOutputPayloadStoragePath ?? '', /^workflow\/output\/[\w-]+\.json$/);
      assert.ok((await storedJsonLength(kind, db, 'tasks', 'task_id', make.taskId)) < 16 * 1024);
      assert.ok((await storedJsonLength(kind, db, 'workflows', 'workflow_id', workflowId)) < 16 * 1024);

      // Read back through the SDK.
      const read = await workflows.getWorkflow(workflowId, true);
      assert.equal(read.status, 'COMPLETED');
      assert.deepEqual(read.output, { everything: output });
      assert.deepEqual(read.tasks.find((x) => x.referenceTaskName === 'make')?.outputData, output);
      assert.deepEqual((await tasks.getTask(make.taskId)).outputData, output);
    });

    test('an inline output over the hard limit fails its task with the reason', async (t) => {
      const server = await freshServer(t, kind, {
        payloadLimits: { taskOutputPayloadSizeThreshold: '64KB', maxTaskOutputPayloadSizeThreshold: '1MB' },
      });
      const clients = new OrkesClients(new Configuration({ serverApiUrl: `${server.url}/api` }));
      const [tasks, workflows] = [clients.getTaskClient(), clients.getWorkflowClient()];
      const name = unique('too_big');
      await clients.getMetadataClient().registerWorkflowDef({
        name,
        version: 1,
        schemaVersion: 2,
        tasks: [{ name: `${name}_make`, taskReferenceName: 'make', type: 'SIMPLE' }],
      });
      const workflowId = await workflows.startWorkflow({ name, input: {} });
      const make = await pollOne(tasks, `${name}_make`);
      // Sent inline as a client without upload support (Python's) sends it.
      const response = await fetch(`${server.url}/api/tasks`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          workflowInstanceId: workflowId,
          taskId: make.taskId,
          status: 'COMPLETED',
          outputData: bigOutput(1.5 * MB),
        }),
      });
      assert.equal(response.status, 200);
      const ended = await waitForWorkflow(workflows, workflowId);
      assert.equal(ended.status, 'FAILED');
      const failed = ended.tasks[0]!;
      assert.equal(failed.status, 'FAILED_WITH_TERMINAL_ERROR');
      assert.deepEqual(failed.outputData, {});
      assert.match(
        failed.reasonForIncompletion ?? '',
        new RegExp(
          `^The payload size: \\d+ of task: ${make.taskId} in workflow: ${workflowId}  is greater than the permissible limit: 1048576 bytes$`,
        ),
      );
    });
  });
}

async function pollOne(tasks: ReturnType<OrkesClients['getTaskClient']>, type: string): Promise<Task> {
  for (let i = 0; i < 100; i++) {
    const [task] = await tasks.batchPollTasks(type, { timeoutMs: 200 });
    if (task) return task;
  }
  throw new Error(`no ${type} task was handed out`);
}
