#!/usr/bin/env node
// `prepack` of every published package (run in the package's directory after `tsc -b`): copies the repository's
// LICENSE in, and for @baton/server builds the web UI and copies its files to ui/, which the server serves.
import { cpSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const packageDir = process.cwd();
const root = join(import.meta.dirname, '..');
cpSync(join(root, 'LICENSE'), join(packageDir, 'LICENSE'));

const { name } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
if (name === '@baton/server') {
  const uiDir = join(root, 'packages', 'ui');
  execFileSync('npm', ['run', 'build'], { cwd: uiDir, stdio: ['ignore', 'ignore', 'inherit'] });
  const built = join(uiDir, 'dist');
  if (!existsSync(join(built, 'index.html'))) throw new Error(`the UI build left no ${built}/index.html`);
  rmSync(join(packageDir, 'ui'), { recursive: true, force: true });
  cpSync(built, join(packageDir, 'ui'), { recursive: true });
}
