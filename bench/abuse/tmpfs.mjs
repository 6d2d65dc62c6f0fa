// A small tmpfs that really fills up (ENOSPC) for the disk-full attack; mounting needs root, else undefined.
import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function mountTmpfs(sizeMiB) {
  const parent = mkdtempSync(join(tmpdir(), 'baton-abuse-disk-'));
  const dir = join(parent, 'disk');
  mkdirSync(dir);
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeMiB}m`, 'tmpfs', dir], { stdio: 'ignore' });
  } catch {
    rmSync(parent, { recursive: true, force: true });
    return undefined;
  }
  const filler = join(dir, 'filler');
  return {
    dir,
    /** Writes a filler file until the disk is full (big chunks, then pages, then bytes). */
    fill() {
      const fd = openSync(filler, 'a');
      try {
        for (const size of [1 << 20, 4096, 1]) {
          const chunk = Buffer.alloc(size);
          try {
            for (;;) writeSync(fd, chunk);
          } catch (err) {
            if (err.code !== 'ENOSPC') throw err;
          }
        }
      } finally {
        closeSync(fd);
      }
    },
    free: () => rmSync(filler, { force: true }),
    remove() {
      execFileSync('umount', [dir], { stdio: 'ignore' });
      rmSync(parent, { recursive: true, force: true });
    },
  };
}
