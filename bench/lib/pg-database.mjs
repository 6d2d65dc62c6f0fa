// A throw-away PostgreSQL database for a benchmark run, and readings of what PostgreSQL did meanwhile.
import { readdirSync, readFileSync } from 'node:fs';
import pg from 'pg';

/**
 * Creates `baton_bench_<pid>_<time>` on the server `adminUrl` names (trust or password auth as the URL says).
 * `activity()` reads transactions committed in it and the CPU seconds of every PostgreSQL process on this machine.
 */
export async function createBenchDatabase(adminUrl) {
  const name = `baton_bench_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const reader = new pg.Client({ connectionString: url.toString() });
  await reader.connect();
  return {
    url: url.toString(),
    async activity() {
      // Statistics reach pg_stat_database when a backend goes idle (at most a second late): wait them in.
      await new Promise((r) => setTimeout(r, 1100));
      await reader.query('SELECT pg_stat_clear_snapshot()');
      const { rows } = await reader.query(
        'SELECT xact_commit + xact_rollback AS transactions FROM pg_stat_database WHERE datname = $1',
        [name],
      );
      return { transactions: Number(rows[0].transactions), cpuSeconds: postgresCpuSeconds() };
    },
    async drop() {
      await reader.end().catch(() => {});
      const again = new pg.Client({ connectionString: adminUrl });
      await again.connect();
      try {
        await again.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await again.end();
      }
    },
  };
}

/** User + system CPU seconds of every process named postgres on this machine (/proc, 1/100 s ticks). */
function postgresCpuSeconds() {
  let ticks = 0;
  for (const pid of readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (!stat.includes('(postgres)')) continue;
      const fields = stat.split(') ')[1].split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // the process ended meanwhile
    }
  }
  return ticks / 100;
}
