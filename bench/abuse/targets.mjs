// The HTTP tasks' targets: a tarpit that accepts connections and never answers, and a server that answers at once.
import { createServer as createHttpServer } from 'node:http';
import { createServer as createTcpServer } from 'node:net';

async function listen(server) {
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${server.address().port}`;
}

export async function startTargets() {
  const held = new Set();
  const tarpit = createTcpServer((socket) => {
    held.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => held.delete(socket));
    socket.resume(); // read the request, answer nothing
  });
  const fast = createHttpServer((req, res) => {
    req.resume();
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  });
  const tarpitUrl = await listen(tarpit);
  const fastUrl = await listen(fast);
  return {
    tarpitUrl,
    fastUrl,
    heldConnections: () => held.size,
    async close() {
      for (const socket of held) socket.destroy();
      fast.closeAllConnections();
      await Promise.all([tarpit, fast].map((s) => new Promise((resolve) => s.close(resolve))));
    },
  };
}
