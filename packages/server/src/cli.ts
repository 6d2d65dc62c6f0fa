/**
 * The `baton` command. `baton server` runs a server until SIGTERM/SIGINT, then closes it gracefully
 * (in-flight requests finish, the database is closed cleanly); a second signal exits at once.
 */
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import { shutDownWithNpmParent } from './parent-watch.js';
import { checkDbPath, checkPortAvailable, listenError } from './preflight.js';
import { securityFlags, securityHelp, securityOptions } from './security-flags.js';
import { payloadLimits } from './payloads/payload-limits.js';
import type { StartServerOptions } from './start-server.js';

const USAGE_EXIT = 2;

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

const mainHelp = `Usage: baton <command> [options]

Commands:
  server    Run a Conductor-compatible workflow server (the default command: "baton --port 8080" is
            "baton server --port 8080").
  apps      Manage applications and access keys (for --auth).

Options:
  -v, --version       Print the version.
  -h, --help          Show this help.

Run "baton <command> --help" for one command's options.

`;

const serverHelp = `Usage: baton server [options]

Runs a Conductor-compatible workflow server until SIGTERM or SIGINT, on an SQLite file it owns (the default)
or on a PostgreSQL database that several servers share.

Options:
  --port <n>          TCP port to listen on; 0 picks a free one. Default: 8080.
  --host <address>    Interface to bind; use 0.0.0.0 to accept connections from other machines (needs --auth or
                      --insecure). Default: 127.0.0.1.
  --db <db>           SQLite database file, created when missing. Or postgres://user@host:5432/name: a
                      PostgreSQL database shared with other servers. Also from BATON_DB or DATABASE_URL.
                      Default: ./baton.db.
  --pool-size <n>     PostgreSQL connections this server keeps. Default: 10.
  --statement-timeout <ms>
                      PostgreSQL statements running longer are cancelled; 0 for no limit. Default: 30000.
  --log-level <lvl>   One of trace, debug, info, warn, error, fatal, silent; logs are JSON lines on stdout. Default: info.
  --sync <mode>       normal survives a process crash; full also survives power loss, at a cost per write. Default: normal.
  --count-statements  Count the store's SQL statements by kind in /metrics (baton_store_statements_total), at a
                      small cost per statement; for benchmarks. Default: off.
  --nats-url <url>    NATS server for EVENT tasks and handlers on nats:<subject>, e.g. nats://127.0.0.1:4222. Default: none.
  --amqp-url <url>    AMQP broker for EVENT tasks and handlers on amqp:<queue>, e.g. amqp://guest:guest@127.0.0.1:5672. Default: none.
  --payload-limit <property>=<size>
                      A payload size threshold or hard limit by Conductor's name, e.g.
                      taskOutputPayloadSizeThreshold=3072KB or maxTaskOutputPayloadSizeThreshold=30MB; repeatable.
                      Default: Conductor's (docs/external-payloads.md).
  --max-wait <seconds>
                      The longest an execute, a state update or a signal waits for its workflow, whatever its
                      waitForSeconds / timeoutMillis asks; it then answers with signalTimeout. Default: 300.
  --http-max-connect-timeout <ms>, --http-max-read-timeout <ms>
                      The most an HTTP task's connectionTimeOut / readTimeOut may be; a task asking for more
                      gets this. One execution ends after both together. Default: 10000, 60000.
  --http-concurrency <n>, --http-concurrency-per-host <n>
                      HTTP tasks running at once, in all and calling one host:port; the others wait SCHEDULED.
                      Default: 32, 8.
  --sandbox-workers <n>, --sandbox-workers-per-workflow <n>
                      Worker threads of each sandbox (INLINE scripts, conditions, jq), and how many of them one
                      workflow's evaluations may occupy at once. Default: 2, half the workers.
  -h, --help          Show this help.
${securityHelp}`;

const logLevels = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];

class UsageError extends Error {
  constructor(
    message: string,
    readonly help = mainHelp,
  ) {
    super(message);
  }
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(mainHelp + serverHelp);
    return;
  }
  if (command === '--version' || command === '-v' || command === 'version') {
    process.stdout.write(`${version}\n`);
    return;
  }
  // `npx @baton/server` (no command) and `baton --port 8080` run the server.
  if (command === undefined || command.startsWith('-')) return main(['server', ...argv]);
  if (command === 'apps') {
    const { appsCommand } = await import('./apps-cli.js');
    await appsCommand(rest, (text) => process.stdout.write(text));
    return;
  }
  if (command !== 'server') {
    throw new UsageError(`Unknown command "${command}".`);
  }
  const options = parseServerOptions(rest);
  if (options === 'help') {
    process.stdout.write(serverHelp);
    return;
  }
  // Loaded only now so that help and usage errors answer without loading the whole server.
  const { startServer } = await import('./start-server.js');
  // Nothing is written (no database file created) unless the server can listen.
  const { host = '127.0.0.1', port = 8080 } = options;
  checkDbPath(options.db ?? './baton.db');
  await checkPortAvailable(host, port);
  const server = await startServer(options).catch((error: unknown) => {
    throw listenError(error, host, port);
  });
  // Scripts and tests find the port in this line, so it is printed even when info logs are off.
  if (!(server.app.log as import('pino').Logger).isLevelEnabled('info'))
    process.stdout.write(`Baton listening on ${server.url}\n`);
  const admin = server.generatedAdminKey;
  if (admin) {
    process.stdout.write(
      `Generated the admin access key; it is shown this once:\n  key id:     ${admin.id}\n  key secret: ${admin.secret}\n`,
    );
  }

  let signalled = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (signalled) process.exit(signal === 'SIGINT' ? 130 : 143);
    signalled = true;
    server.app.log.info(`Received ${signal}, shutting down`);
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        server.app.log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  shutDownWithNpmParent(() => onSignal('SIGTERM'));
}

function parseServerOptions(args: string[]): StartServerOptions | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        db: { type: 'string' },
        'pool-size': { type: 'string' },
        'statement-timeout': { type: 'string' },
        'log-level': { type: 'string' },
        sync: { type: 'string' },
        'count-statements': { type: 'boolean' },
        'nats-url': { type: 'string' },
        'amqp-url': { type: 'string' },
        'payload-limit': { type: 'string', multiple: true },
        'http-max-connect-timeout': { type: 'string' },
        'http-max-read-timeout': { type: 'string' },
        'max-wait': { type: 'string' },
        'http-concurrency': { type: 'string' },
        'http-concurrency-per-host': { type: 'string' },
        'sandbox-workers': { type: 'string' },
        'sandbox-workers-per-workflow': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        ...securityFlags,
      },
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error), serverHelp);
  }
  if (values.help) return 'help';

  const db = values.db ?? (process.env.BATON_DB || process.env.DATABASE_URL || undefined);
  const options: StartServerOptions = { host: values.host, db };
  if (values['count-statements']) options.countStatements = true;
  if (values['pool-size'] !== undefined)
    options.poolSize = positiveInteger('--pool-size', values['pool-size']);
  if (values['statement-timeout'] !== undefined) {
    options.statementTimeoutMs = positiveInteger('--statement-timeout', values['statement-timeout'], true);
  }
  try {
    Object.assign(options, securityOptions(values));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error), serverHelp);
  }
  if (values['nats-url'] || values['amqp-url']) {
    options.brokers = { natsUrl: values['nats-url'], amqpUrl: values['amqp-url'] };
  }
  if (values['payload-limit']) options.payloadLimits = payloadLimitFlags(values['payload-limit']);
  const count = (flag: string, value: string | undefined): number | undefined =>
    value === undefined ? undefined : positiveInteger(`--${flag}`, value);
  options.maxWaitSeconds = count('max-wait', values['max-wait']);
  options.httpLimits = {
    maxConnectTimeoutMs: count('http-max-connect-timeout', values['http-max-connect-timeout']),
    maxReadTimeoutMs: count('http-max-read-timeout', values['http-max-read-timeout']),
    concurrency: count('http-concurrency', values['http-concurrency']),
    concurrencyPerHost: count('http-concurrency-per-host', values['http-concurrency-per-host']),
  };
  const sandbox = {
    poolSize: count('sandbox-workers', values['sandbox-workers']),
    workersPerWorkflow: count('sandbox-workers-per-workflow', values['sandbox-workers-per-workflow']),
  };
  options.sandboxes = { script: sandbox, jq: sandbox };
  if (values.port !== undefined) {
    const port = Number(values.port);
    if (!/^\d+$/.test(values.port) || port > 65535)
      throw new UsageError(`Invalid --port "${values.port}".`, serverHelp);
    options.port = port;
  }
  const logLevel = values['log-level'];
  if (logLevel !== undefined) {
    if (!logLevels.includes(logLevel)) throw new UsageError(`Invalid --log-level "${logLevel}".`, serverHelp);
    options.logLevel = logLevel;
  }
  if (values.sync !== undefined) {
    const sync = values.sync.toUpperCase();
    if (sync !== 'NORMAL' && sync !== 'FULL')
      throw new UsageError(`Invalid --sync "${values.sync}".`, serverHelp);
    options.synchronous = sync;
  }
  return options;
}

/** `--payload-limit name=size` flags, checked now so a typo is a usage error rather than a start-up failure. */
function payloadLimitFlags(flags: string[]): Record<string, string> {
  const limits: Record<string, string> = {};
  for (const flag of flags) {
    const [name, size] = flag.split('=', 2);
    if (!name || size === undefined)
      throw new UsageError(`Invalid --payload-limit "${flag}": expected <property>=<size>.`, serverHelp);
    limits[name] = size;
  }
  try {
    payloadLimits(limits);
  } catch (error) {
    throw new UsageError(
      `Invalid --payload-limit: ${error instanceof Error ? error.message : String(error)}`,
      serverHelp,
    );
  }
  return limits;
}

function positiveInteger(option: string, value: string, zeroAllowed = false): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || (n === 0 && !zeroAllowed))
    throw new UsageError(`Invalid ${option} "${value}".`, serverHelp);
  return n;
}

/** Errors whose message says all a user needs (which file, which database, what to do): no stack trace. */
function isOneLineError(error: unknown): error is Error {
  return (
    error instanceof Error &&
    [
      'DatabaseInUseError',
      'StoreUnavailableError',
      'StartupError',
      'BadRequestError',
      'NotFoundError',
      'AppsUsageError',
      'SecretsKeyError',
    ].includes(error.name)
  );
}

try {
  await main(process.argv.slice(2));
} catch (error) {
  if (error instanceof UsageError) {
    process.stderr.write(`${error.message}\n\n${error.help}`);
    process.exit(USAGE_EXIT);
  }
  if (isOneLineError(error)) {
    process.stderr.write(`baton: ${error.message}\n`);
    process.exit(1);
  }
  process.stderr.write(`baton: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
}
