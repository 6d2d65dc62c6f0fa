#!/usr/bin/env node
// Proves the published packages work as a stranger gets them: packs every public package, installs the tarballs
// into an empty directory outside this repository, starts the server from the installed `baton` bin, fetches
// its UI, API docs and metrics, runs the SDK quickstart from the installed SDK as ES module, as CommonJS and as
// a TypeScript project on `moduleResolution: node10` (through `@baton/sdk/testing`), and compares the exported
// API with the reports committed in api-report/ (an accidental change fails; `--update` rewrites them).
// Usage: node scripts/pack-check.mjs [--update] [--keep]
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const repo = join(import.meta.dirname, '..');
const PACKAGES = ['@baton/protocol', '@baton/engine', '@baton/store', '@baton/server', '@baton/sdk'];
/** Public entry points whose exported API is recorded, and the report file of each package. */
const API_ENTRIES = {
  'baton-sdk.api.txt': ['@baton/sdk', '@baton/sdk/testing'],
  'baton-protocol.api.txt': ['@baton/protocol'],
  'baton-server.api.txt': ['@baton/server'],
};
const update = process.argv.includes('--update');
const keep = process.argv.includes('--keep');
const started = Date.now();

function step(title) {
  console.log(`pack-check: ${title} (${((Date.now() - started) / 1000).toFixed(0)}s)`);
}
function fail(message) {
  console.error(`pack-check: FAILED: ${message}`);
  process.exitCode = 1;
  throw new Error(message);
}
function run(command, args, options = {}) {
  try {
    return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...options });
  } catch (error) {
    fail(`${command} ${args.join(' ')}\n${error.stdout ?? ''}${error.stderr ?? ''}`);
  }
}

// An environment with nothing of this repository in it: no NODE_OPTIONS conditions, no module paths.
const env = { ...process.env, NODE_OPTIONS: '', NODE_PATH: '' };
for (const key of Object.keys(env)) if (key.startsWith('npm_')) delete env[key];

const dir = mkdtempSync(join(tmpdir(), 'baton-pack-check-'));
if (!relative(repo, dir).startsWith('..')) fail(`the install directory ${dir} is inside the repository`);
let server;
try {
  step('packing');
  const tarballs = join(dir, 'tarballs');
  mkdirSync(tarballs);
  const packed = JSON.parse(
    run('npm', ['pack', ...PACKAGES.flatMap((p) => ['-w', p]), '--pack-destination', tarballs, '--json'], {
      cwd: repo,
    }),
  );
  for (const { name, filename, files } of packed) {
    console.log(`  ${filename}: ${files.length} files`);
    if (!files.some((f) => f.path === 'LICENSE')) fail(`${name} has no LICENSE`);
    if (!files.some((f) => f.path === 'README.md')) fail(`${name} has no README.md`);
    if (!files.some((f) => f.path === 'dist/index.d.ts')) fail(`${name} has no dist/index.d.ts`);
  }
  const serverPack = packed.find((p) => p.name === '@baton/server');
  if (!serverPack.files.some((f) => f.path === 'ui/index.html')) fail('@baton/server ships no ui/index.html');

  step('installing the tarballs into an empty directory');
  const app = join(dir, 'app');
  mkdirSync(app);
  // better-sqlite3 compiles its native module at install: npm 11 runs install scripts only when allowed.
  writeFileSync(
    join(app, 'package.json'),
    JSON.stringify({ name: 'app', private: true, allowScripts: { 'better-sqlite3': true } }, null, 2),
  );
  const tgz = packed.map((p) => join(tarballs, p.filename));
  const typescript = JSON.parse(readFileSync(join(repo, 'node_modules/typescript/package.json'))).version;
  const installLog = run(
    'npm',
    [
      'install',
      '--prefer-offline',
      '--no-audit',
      '--no-fund',
      ...tgz,
      `typescript@${typescript}`,
      '@types/node@20',
    ],
    { cwd: app, env },
  );
  if (/EBADENGINE/.test(installLog)) fail(`engine warnings on install:\n${installLog}`);

  step('starting the server from the installed bin');
  const bin = join(app, 'node_modules/.bin/baton');
  const version = run(bin, ['--version'], { cwd: app, env }).trim();
  if (version !== packed.find((p) => p.name === '@baton/server').version)
    fail(`baton --version printed "${version}"`);
  server = spawn(bin, ['server', '--port', '0', '--db', join(dir, 'baton.db'), '--log-level', 'warn'], {
    cwd: app,
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  server.stdout.setEncoding('utf8');
  const url = await new Promise((resolve, reject) => {
    server.stdout.on('data', (chunk) => {
      out += chunk;
      const match = /listening on (http:\/\/[\d.:]+)/.exec(out);
      if (match) resolve(match[1]);
    });
    server.once('exit', (code) => reject(new Error(`the server exited (${code}) before listening:\n${out}`)));
  });
  console.log(`  ${url}`);

  step('fetching the UI, the API docs and the metrics');
  const page = await fetch(url + '/');
  const html = await page.text();
  if (page.status !== 200 || !html.includes('<div id="root">')) fail(`GET / answered ${page.status}`);
  const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
  if (!script || (await fetch(url + script)).status !== 200) fail(`the UI's script ${script} is not served`);
  const openapi = await (await fetch(url + '/api-docs/openapi.json')).json();
  if (!String(openapi.openapi).startsWith('3.') || !openapi.paths['/api/workflow/{workflowId}'])
    fail('/api-docs/openapi.json is not an OpenAPI 3 document of the API');
  if (!(await (await fetch(url + '/api-docs')).text()).includes('swagger'))
    fail('/api-docs is not the API reference');
  const metrics = await (await fetch(url + '/metrics')).text();
  if (!metrics.includes('# TYPE task_queue_depth gauge')) fail('/metrics has no task_queue_depth');

  step('running the SDK quickstart as ES module and as CommonJS');
  for (const file of ['quickstart.mjs', 'quickstart.cjs']) {
    writeFileSync(join(app, file), quickstart(file.endsWith('.cjs')));
    const printed = run(process.execPath, [file], {
      cwd: app,
      env: { ...env, CONDUCTOR_SERVER_URL: `${url}/api` },
    });
    if (!printed.includes('Result: Hello Conductor')) fail(`${file} printed:\n${printed}`);
    console.log(`  ${file}: ${printed.trim().split('\n')[0]}`);
  }

  step('compiling and running a TypeScript project on moduleResolution node10 (with @baton/sdk/testing)');
  const tsProject = join(app, 'ts-node10');
  mkdirSync(tsProject);
  writeFileSync(
    join(tsProject, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        module: 'commonjs',
        moduleResolution: 'node10',
        target: 'ES2022',
        strict: true,
        outDir: 'out',
        types: ['node'],
      },
      files: ['main.ts'],
    }),
  );
  writeFileSync(join(tsProject, 'main.ts'), node10Program());
  run(process.execPath, [join(app, 'node_modules/typescript/bin/tsc'), '-p', tsProject], { cwd: app, env });
  const printed = run(process.execPath, [join(tsProject, 'out/main.js')], { cwd: app, env });
  if (!printed.includes('Result: Hello TypeScript')) fail(`the node10 project printed:\n${printed}`);
  console.log(`  ${printed.trim()}`);

  step('comparing the exported API with api-report/');
  for (const [file, entries] of Object.entries(API_ENTRIES)) {
    const report = run(process.execPath, [join(repo, 'scripts/api-report.mjs'), ...entries], {
      cwd: app,
      env,
    });
    const recorded = join(repo, 'api-report', file);
    if (update) {
      mkdirSync(join(repo, 'api-report'), { recursive: true });
      writeFileSync(recorded, report);
      console.log(`  wrote api-report/${file}`);
      continue;
    }
    let expected;
    try {
      expected = readFileSync(recorded, 'utf8');
    } catch {
      fail(`api-report/${file} is missing: run node scripts/pack-check.mjs --update`);
    }
    if (expected !== report) {
      writeFileSync(join(dir, file), report);
      let diff = '';
      try {
        execFileSync('diff', ['-u', recorded, join(dir, file)], { encoding: 'utf8' });
      } catch (error) {
        diff = error.stdout;
      }
      fail(
        `the exported API changed (api-report/${file}); if meant, run node scripts/pack-check.mjs --update:\n${diff}`,
      );
    }
    console.log(`  api-report/${file}: unchanged`);
  }
  step('all green');
} catch (error) {
  if (process.exitCode !== 1) console.error(`pack-check: FAILED: ${error.stack ?? error}`);
  process.exitCode = 1;
} finally {
  if (server && server.exitCode === null) {
    server.kill('SIGTERM');
    await once(server, 'exit');
  }
  if (keep) console.log(`pack-check: kept ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
}

/** The SDK README's quickstart, in plain JavaScript. */
function quickstart(commonjs) {
  const load = commonjs
    ? `const { Configuration, ConductorWorkflow, OrkesClients, TaskHandler, worker } = require('@baton/sdk');`
    : `import { Configuration, ConductorWorkflow, OrkesClients, TaskHandler, worker } from '@baton/sdk';`;
  return `${load}
async function main() {
  const greet = worker({ taskDefName: 'greet', registerTaskDef: true }, ({ name }) => \`Hello \${name}\`);
  const config = new Configuration();
  const clients = new OrkesClients(config);
  const executor = clients.getWorkflowExecutor();
  const workflow = new ConductorWorkflow({ name: 'greetings', version: 1, executor });
  const greetTask = greet.task('greet_ref', { name: workflow.input('name') });
  workflow.add(greetTask).outputParameters({ result: greetTask.output('result') });
  await workflow.register(true);
  const handler = new TaskHandler({ configuration: config, workers: [greet] });
  await handler.start();
  const run = await executor.execute('greetings', 1, { name: 'Conductor' });
  console.log(\`Result: \${run.output.result}\`);
  console.log(\`Execution: \${config.executionUrl(run.workflowId)}\`);
  await handler.stop();
}
main().catch((error) => { console.error(error); process.exit(1); });
`;
}

/** A TypeScript project's use of the SDK and its testing entry, compiled as CommonJS with node10 resolution. */
function node10Program() {
  return `import { ConductorWorkflow, TaskHandler, worker, type WorkflowRun } from '@baton/sdk';
import { startTestServer } from '@baton/sdk/testing';

async function main(): Promise<void> {
  const server = await startTestServer();
  const greet = worker({ taskDefName: 'greet_ts', registerTaskDef: true }, ({ name }: { name: string }) => \`Hello \${name}\`);
  const executor = server.clients.getWorkflowExecutor();
  const workflow = new ConductorWorkflow<{ name: string }>({ name: 'greetings_ts', version: 1, executor });
  const greetTask = greet.task('greet_ref', { name: workflow.input('name') });
  workflow.add(greetTask).outputParameters({ result: greetTask.output('result') });
  await workflow.register(true);
  const handler = new TaskHandler({ configuration: server.configuration, workers: [greet] });
  await handler.start();
  try {
    const run: WorkflowRun = await executor.execute('greetings_ts', 1, { name: 'TypeScript' });
    console.log(\`Result: \${String(run.output?.result)}\`);
  } finally {
    await handler.stop();
    await server.close();
  }
}
void main();
`;
}
