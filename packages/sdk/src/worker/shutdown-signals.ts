/**
 * Graceful shutdown on process signals: on SIGTERM/SIGINT, run `shutdown` (drain the workers), then, unless
 * someone else also listens for that signal, raise it again so the process ends the way it would have.
 */
export function onShutdownSignals(signals: NodeJS.Signals[], shutdown: () => Promise<void>): () => void {
  const handlers = new Map<NodeJS.Signals, () => void>();
  const remove = (): void => {
    for (const [signal, handler] of handlers) process.removeListener(signal, handler);
    handlers.clear();
  };
  for (const signal of signals) {
    const handler = (): void => {
      remove();
      void shutdown().finally(() => {
        if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
      });
    };
    handlers.set(signal, handler);
    process.once(signal, handler);
  }
  return remove;
}
