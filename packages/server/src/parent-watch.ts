/**
 * `npx baton` runs the server as npm → sh → node. A SIGTERM to npm (from a process manager, or `kill`) reaches
 * the shell, which dies without passing it on, and the server would keep running as an orphan. Under npm the
 * server therefore watches its parent: once it has been re-parented, it shuts down as if it got SIGTERM.
 */
const CHECK_EVERY_MS = 500;

/** Calls `onOrphaned` once when this process's parent has gone; only when started by npm (npx, npm run). */
export function shutDownWithNpmParent(onOrphaned: () => void): void {
  if (process.env.npm_lifecycle_event === undefined && process.env.npm_command === undefined) return;
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    onOrphaned();
  }, CHECK_EVERY_MS);
  timer.unref();
}
