/**
 * A worker whose input is an object (the Python SDK's dataclass input): the task input is typed as an
 * `OrderInfo` checked before the worker runs, and an input that does not fit fails the task for good
 * (FAILED_WITH_TERMINAL_ERROR: retrying the same input cannot help).
 * Run: CONDUCTOR_SERVER_URL=http://localhost:8080/api npx tsx examples/object-input-worker.ts
 *
 * Expected output:
 *   processing order 1001: 3 x SKU-42 = 59.97
 *   workflow output: {"result":"order: 1001"}
 *   bad input: FAILED_WITH_TERMINAL_ERROR (Invalid input for process_order: quantity must be a positive integer)
 */
import { ConductorWorkflow, OrkesClients, TaskHandler, worker } from '@baton/sdk';

/** An order line, like the Python `@dataclass OrderInfo`. */
interface OrderInfo {
  order_id: number;
  sku: string;
  quantity: number;
  sku_price: number;
}

/** Checks task input against OrderInfo, saying what is wrong (the worker's input schema: anything with parse()). */
const orderInfo = {
  parse(input: unknown): OrderInfo {
    const { order_id, sku, quantity, sku_price } = (input ?? {}) as Record<string, unknown>;
    if (typeof order_id !== 'number') throw new Error('order_id must be a number');
    if (typeof sku !== 'string' || sku === '') throw new Error('sku must be a non-empty string');
    if (typeof quantity !== 'number' || !Number.isInteger(quantity) || quantity < 1)
      throw new Error('quantity must be a positive integer');
    if (typeof sku_price !== 'number') throw new Error('sku_price must be a number');
    return { order_id, sku, quantity, sku_price };
  },
};

const processOrder = worker(
  { taskDefName: 'process_order', registerTaskDef: true, taskDef: { retryCount: 0 }, inputSchema: orderInfo },
  (order: OrderInfo) => {
    const total = Math.round(order.quantity * order.sku_price * 100) / 100;
    console.log(`processing order ${order.order_id}: ${order.quantity} x ${order.sku} = ${total}`);
    return `order: ${order.order_id}`;
  },
);

async function main(): Promise<void> {
  const clients = new OrkesClients(); // configured from the environment
  const executor = clients.getWorkflowExecutor();

  // The order is the workflow input; each field is wired into the task's input.
  const workflow = new ConductorWorkflow<OrderInfo>({ name: 'process_order_workflow', executor });
  const process = processOrder.task('process_order_ref', {
    order_id: workflow.input('order_id'),
    sku: workflow.input('sku'),
    quantity: workflow.input('quantity'),
    sku_price: workflow.input('sku_price'),
  });
  const orders = workflow.add(process).outputParameters({ result: process.output('result') });
  await orders.register(true);

  const handler = new TaskHandler({ configuration: clients.configuration, workers: [processOrder] });
  await handler.start();
  try {
    const run = await orders.execute({ order_id: 1001, sku: 'SKU-42', quantity: 3, sku_price: 19.99 });
    console.log(`workflow output: ${JSON.stringify(run.output)}`);

    const failed = await orders.execute({ order_id: 1002, sku: 'SKU-7', quantity: 0, sku_price: 5 });
    const task = failed.tasks?.find((t) => t.referenceTaskName === 'process_order_ref');
    console.log(`bad input: ${task?.status ?? 'no task'} (${task?.reasonForIncompletion ?? ''})`);
  } finally {
    await handler.stop();
  }
}

await main();
