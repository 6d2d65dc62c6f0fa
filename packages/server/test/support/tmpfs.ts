/**
 * A small tmpfs of its own: a disk that really fills up (ENOSPC), for disk-full tests. Mounting needs root (or
 * CAP_SYS_ADMIN); without it `mountTmpfs` answers undefined and the test says it skipped.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, closeSync, mkdirSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Tmpfs {
  dir: string;
  /** Writes a filler file until the disk is full. */
  fill(): void;
  /** Deletes the filler: the disk has room again. */
  free(): void;
  /** Unmounts (stop what uses it first) and deletes the mount point. */
  remove(): void;
}

export function mountTmpfs(sizeMiB: number, owner?: { uid: number; gid: number }): Tmpfs | undefined {
  const parent = mkdtempSync(join(tmpdir(), 'baton-tmpfs-'));
  chmodSync(parent, 0o755); // another user (PostgreSQL's) may need to reach the mount point
  const dir = join(parent, 'disk');
  mkdirSync(dir);
  const ownership = owner ? `,uid=${owner.uid},gid=${owner.gid},mode=0700` : '';
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeMiB}m${ownership}`, 'tmpfs', dir], {
      stdio: 'ignore',
    });
  } catch {
    rmSync(parent, { recursive: true, force: true });
    return undefined;
  }
  const filler = join(dir, 'filler');
  return {
    dir,
    fill() {
      const fd = openSync(filler, 'a');
      try {
        // Big chunks first, then pages: tmpfs hands out space a page at a time.
        for (const size of [1 << 20, 4096, 1]) {
          const chunk = Buffer.alloc(size);
          try {
            for (;;) writeSync(fd, chunk);
          } catch (err) {
            if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
          }
        }
      } finally {
        closeSync(fd);
      }
    },
    free() {
      rmSync(filler, { force: true });
    },
    remove() {
      execFileSync('umount', [dir], { stdio: 'ignore' });
      rmSync(parent, { recursive: true, force: true });
    },
  };
}
