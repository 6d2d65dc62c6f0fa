#!/usr/bin/env node
// Runs every example against an embedded Baton server and checks what each prints. Usage: npm run examples
// [-- --verbose] [-- <name filter>...]
//
// The server runs in this process (port 0, a temporary SQLite file, a throwaway secrets key); each example is
// its own child process, connected through CONDUCTOR_SERVER_URL as a user would run it. An example passes a check when every expected
// line shows up and it exits with 0. Parts that need server features Baton does not have yet print
// "skipped (<part>): needs <feature>"; they are reported as SKIP (never as passed), and only where declared.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Examples and server run from the TypeScript sources (no build needed): re-run under tsx with the
// baton-source export condition unless already there.
const SOURCE_FLAGS = ['--conditions=baton-source', '--import', 'tsx'];
if (!process.execArgv.includes('--conditions=baton-source')) {
  const self = fileURLToPath(import.meta.url);
  const rerun = spawnSync(process.execPath, [...SOURCE_FLAGS, self, ...process.argv.slice(2)], {
    stdio: 'inherit',
  });
  process.exit(rerun.status ?? 1);
}

const EXAMPLES_DIR = fileURLToPath(new URL('.', import.meta.url));
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const EXAMPLE_TIMEOUT_MS = 40_000;
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const EXECUTION_URL = `http://127\\.0\\.0\\.1:\\d+/execution/${UUID}`;

/**
 * Every example with what it must print. A check lists lines (regexes, matched against whole lines of stdout and
 * stderr); `pending` names the server feature whose absence lets the example skip that part.
 */
const EXAMPLES = [
  {
    file: 'quickstart.ts',
    checks: [
      {
        part: 'greet worker + greetings workflow',
        expect: [/^Result: Hello Conductor$/, new RegExp(`^Execution: ${EXECUTION_URL}$`)],
      },
    ],
  },
  {
    file: 'helloworld/helloworld.ts',
    checks: [
      {
        part: 'hello world',
        expect: [
          /^workflow result: Hello Orkes$/,
          new RegExp(`^see the workflow execution here: ${EXECUTION_URL}$`),
        ],
      },
    ],
  },
  {
    file: 'object-input-worker.ts',
    checks: [
      {
        part: 'typed object input',
        expect: [
          /^processing order 1001: 3 x SKU-42 = 59\.97$/,
          /^workflow output: \{"result":"order: 1001"\}$/,
        ],
      },
      {
        part: 'input that does not fit',
        expect: [
          /^bad input: FAILED_WITH_TERMINAL_ERROR \(Invalid input for process_order: quantity must be a positive integer\)$/,
        ],
      },
    ],
  },
  {
    file: 'dynamic-workflow.ts',
    checks: [
      {
        part: 'workflow built and executed in code',
        expect: [
          /^sending email to user_a@example\.com with subject Hello from Orkes and body Test Email$/,
          /^workflow output: \{"email":"user_a@example\.com"\}$/,
          /^workflow completed with status COMPLETED$/,
        ],
      },
    ],
  },
  {
    file: 'kitchensink.ts',
    checks: [
      {
        part: 'every system task',
        expect: [
          /^approved by Grace$/,
          /^kitchensink status: COMPLETED$/,
          /^task types run: DO_WHILE, DYNAMIC, EVENT, FORK_JOIN, FORK_JOIN_DYNAMIC, HTTP, HUMAN, INLINE, JOIN, JSON_JQ_TRANSFORM, NOOP, SET_VARIABLE, SIMPLE, START_WORKFLOW, SUB_WORKFLOW, SWITCH, TERMINATE, WAIT$/,
          /^customer: "Orkes"$/,
          /^stage: "approved"$/,
          /^greeting: \{"text":"hello Orkes"\}$/,
          /^jq: \["a","b","d","e"\]$/,
          /^quote: \{"customer":"Orkes","price":7\.5\}$/,
          /^welcome: \{"message":"Welcome back, Orkes"\}$/,
          /^carrier: "UPS"$/,
          /^shipped: \{"_ks_ship_item_0":\{"shipped":"2 x SKU-1"\},"_ks_ship_item_1":\{"shipped":"1 x SKU-2"\}\}$/,
          /^loops: 3$/,
          /^notified: "via email"$/,
          /^itemCount: 2$/,
          new RegExp(`^auditWorkflowId: "${UUID}"$`),
          /^event: "conductor:kitchensink:kitchensink_shipped"$/,
          /^approver: "Grace"$/,
        ],
      },
    ],
  },
  {
    file: 'workflow-ops.ts',
    checks: [
      {
        part: 'start + status',
        expect: [new RegExp(`^started ${UUID}: RUNNING, waiting on wait_for_signal \\(WAIT IN_PROGRESS\\)$`)],
      },
      { part: 'signal', expect: [/^after signal: COMPLETED \{"approved":true\}$/] },
      { part: 'execute', expect: [/^execute returned at the WAIT: RUNNING$/] },
      { part: 'failure', expect: [/^flaky workflow: FAILED \(.*first attempt fails.*\)$/] },
      {
        part: 'pause/resume',
        expect: [/^after pause: PAUSED$/, /^after resume: RUNNING$/],
      },
      {
        part: 'update variables',
        expect: [/^variables: \{"approver":"Alice"\}$/],
      },
      {
        part: 'terminate',
        expect: [/^after terminate: TERMINATED \(.*Cancelled by user.*\)$/],
      },
      { part: 'retry', expect: [/^after retry: COMPLETED$/] },
      { part: 'restart', expect: [/^after restart: COMPLETED$/] },
      { part: 'rerun', expect: [/^after rerun: COMPLETED$/] },
      { part: 'search', expect: [/^search found [1-9]\d* execution\(s\) of ops_flaky_workflow$/] },
    ],
  },
  {
    file: 'task-configure.ts',
    checks: [
      {
        part: 'task definition',
        expect: [
          /^registered task_with_retries: retryCount=3 retryLogic=LINEAR_BACKOFF retryDelaySeconds=1 concurrentExecLimit=3 pollTimeoutSeconds=60 timeoutSeconds=120 responseTimeoutSeconds=60 rateLimitPerFrequency=100 rateLimitFrequencyInSeconds=10$/,
        ],
      },
      {
        part: 'retries',
        expect: [
          /^attempt 0: failing on purpose$/,
          /^attempt 1: failing on purpose$/,
          /^attempt 2: succeeding$/,
          /^workflow COMPLETED after 3 attempts: FAILED, FAILED, COMPLETED$/,
        ],
      },
    ],
  },
  {
    file: 'schedule.ts',
    checks: [
      { part: 'next ticks', expect: [/^next weekday 09:00 \(UTC\): 5 ticks, at 09:00$/] },
      {
        part: 'schedule every second',
        expect: [
          /^saved schedule every_second_report: cron '\* \* \* \* \* \*' in UTC, paused=false$/,
          /^run for tick \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z started by every_second_report$/,
          /^paused=true, then resumed: paused=false$/,
          /^executions: 2 or more, all EXECUTED, one second apart$/,
          /^deleted schedule every_second_report$/,
        ],
      },
    ],
  },
  {
    file: 'secrets.ts',
    checks: [
      {
        part: 'secrets',
        expect: [
          /^stored secret EXAMPLE_API_TOKEN: exists=true, listed=true$/,
          /^the service got the token it expects: true$/,
          /^stored task input header: Authorization: Bearer \$\{workflow\.secrets\.EXAMPLE_API_TOKEN\}$/,
          /^stored task output echo: Bearer \*\*\*$/,
          /^deleted secret EXAMPLE_API_TOKEN: exists=false$/,
        ],
      },
    ],
  },
  {
    file: 'test-workflows.ts',
    checks: [
      { part: 'worker unit test', expect: [/^ok \d+ - the greet worker is a plain function$/] },
      {
        part: 'mocked run',
        expect: [
          /^mocked run status: COMPLETED$/,
          /^mocked run tasks: http HTTP COMPLETED, hello_ref_1 hello FAILED, hello_ref_1 hello COMPLETED, switch_ref SWITCH COMPLETED, hello_ref_2 hello COMPLETED$/,
          /^ok \d+ - the workflow with mocked task outputs \(no workers\)$/,
        ],
      },
      {
        part: 'virtual clock',
        expect: [
          /^virtual clock: COMPLETED, 24 h 30 min of workflow time$/,
          /^virtual clock: wait_a_day COMPLETED after 24 h 0 min$/,
          /^virtual clock: remind attempt 0 FAILED at 24 h 0 min, attempt 1 FAILED at 24 h 10 min, attempt 2 COMPLETED at 24 h 30 min$/,
          /^ok \d+ - a day of waiting and retries, tested in an instant \(virtual clock\)$/,
        ],
      },
      {
        part: 'real run per branch',
        expect: [
          /^real run \(city NYC\): COMPLETED via hello_ref_2$/,
          /^real run \(city Paris\): COMPLETED via hello_ref_3$/,
          /^ok \d+ - the workflow for real, with its worker, down each branch$/,
        ],
      },
    ],
  },
];

const SKIP_LINE = /^skipped \((.+?)\): needs (.+)$/;

/** Runs one example to its end (or the timeout); resolves with its exit code and output lines. */
function runExample(file, serverApiUrl) {
  return new Promise((resolve) => {
    const env = { ...process.env, CONDUCTOR_SERVER_URL: serverApiUrl };
    for (const key of ['CONDUCTOR_AUTH_KEY', 'CONDUCTOR_AUTH_SECRET', 'CONDUCTOR_UI_SERVER_URL'])
      delete env[key];
    const child = spawn(process.execPath, [...SOURCE_FLAGS, join(EXAMPLES_DIR, file)], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, EXAMPLE_TIMEOUT_MS);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({
        code: timedOut ? `timed out after ${EXAMPLE_TIMEOUT_MS / 1000} s` : (code ?? signal),
        output,
      });
    });
  });
}

/** The verdict of every check of one example: PASS, SKIP (declared pending part skipped) or FAIL. */
function judge(example, { code, output }) {
  const lines = output.split('\n').map((l) => l.trimEnd());
  const skips = new Map();
  for (const line of lines) {
    const m = SKIP_LINE.exec(line.trim());
    if (m) skips.set(m[1], m[2]);
  }
  const verdicts = example.checks.map((check) => {
    if (skips.has(check.part)) {
      const reason = skips.get(check.part);
      skips.delete(check.part);
      return check.pending
        ? { part: check.part, verdict: 'SKIP', note: `needs ${reason}` }
        : { part: check.part, verdict: 'FAIL', note: `skipped, but this part must run: needs ${reason}` };
    }
    const missing = check.expect.filter((re) => !lines.some((line) => re.test(line)));
    if (missing.length > 0)
      return { part: check.part, verdict: 'FAIL', note: `missing ${missing.join(' ')}` };
    return { part: check.part, verdict: 'PASS', note: '' };
  });
  for (const [part, reason] of skips) {
    verdicts.push({ part, verdict: 'FAIL', note: `skipped a part no check declares: needs ${reason}` });
  }
  if (code !== 0) {
    for (const v of verdicts)
      if (v.verdict !== 'FAIL') Object.assign(v, { verdict: 'FAIL', note: `exit ${code}` });
    if (verdicts.length === 0) verdicts.push({ part: '(process)', verdict: 'FAIL', note: `exit ${code}` });
  }
  return verdicts;
}

async function main() {
  const args = process.argv.slice(2);
  const verbose = args.includes('--verbose');
  const filters = args.filter((a) => !a.startsWith('--'));
  const selected = EXAMPLES.filter((e) => filters.length === 0 || filters.some((f) => e.file.includes(f)));
  if (selected.length === 0) throw new Error(`no example matches ${filters.join(' ')}`);

  const { startServer } = await import('@baton/server');
  const dir = mkdtempSync(join(tmpdir(), 'baton-examples-'));
  // A fresh secrets key each run, so the secrets example can store one.
  const server = await startServer({
    port: 0,
    dbPath: join(dir, 'examples.db'),
    logLevel: 'silent',
    secretsKey: randomBytes(32).toString('hex'),
  });
  const started = performance.now();
  const counts = { PASS: 0, SKIP: 0, FAIL: 0 };
  try {
    console.log(`Baton on ${server.url}; running ${selected.length} examples\n`);
    for (const example of selected) {
      const t0 = performance.now();
      const result = await runExample(example.file, `${server.url}/api`);
      const verdicts = judge(example, result);
      const seconds = ((performance.now() - t0) / 1000).toFixed(1);
      console.log(`${example.file} (${seconds} s)`);
      for (const v of verdicts) {
        counts[v.verdict]++;
        console.log(`  ${v.verdict.padEnd(4)}  ${v.part}${v.note ? `: ${v.note}` : ''}`);
      }
      if (verbose || verdicts.some((v) => v.verdict === 'FAIL')) {
        console.log(`  --- output of ${example.file} ---`);
        console.log(result.output.replace(/^/gm, '  | ').trimEnd());
      }
    }
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    `\nexamples: ${counts.PASS} passed, ${counts.SKIP} skipped, ${counts.FAIL} failed (${seconds} s)`,
  );
  if (counts.FAIL > 0) process.exitCode = 1;
}

await main();
