// Every `§x.y` a source comment cites names a section of docs/conductor-api.md (a numbered heading, or a
// numbered step inside one: §4.1.3 is step 3 of §4.1), so a reader can follow each reference.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const contract = readFileSync(join(root, 'docs/conductor-api.md'), 'utf8');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (['node_modules', 'dist', '.git'].includes(entry.name)) return [];
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx|mjs|js|md)$/.test(entry.name) && !path.endsWith('conductor-api.md') ? [path] : [];
  });
}

/** The section numbers the contract defines: `## 4.`, `### 4.1`, and numbered steps `1.` under a heading. */
function definedSections(): Set<string> {
  const sections = new Set<string>();
  let current: string | undefined;
  for (const line of contract.split('\n')) {
    const heading = /^#{2,4} (\d+(?:\.\d+)*)\.? /.exec(line);
    if (heading) {
      current = heading[1]!;
      sections.add(current);
      continue;
    }
    const step = /^(\d+)\. /.exec(line);
    if (step && current) sections.add(`${current}.${step[1]}`);
  }
  return sections;
}

void test('every § reference in the repository resolves to a section of docs/conductor-api.md', () => {
  const sections = definedSections();
  const missing: string[] = [];
  let references = 0;
  for (const dir of ['packages', 'examples', 'docs', 'bench', 'scripts']) {
    for (const file of sourceFiles(join(root, dir))) {
      for (const match of readFileSync(file, 'utf8').matchAll(/§ ?(\d+(?:\.\d+)*)/g)) {
        references++;
        if (!sections.has(match[1]!)) missing.push(`${file.slice(root.length)}: §${match[1]}`);
      }
    }
  }
  assert.ok(references > 100, `found only ${references} references`);
  assert.deepEqual(missing, []);
});
