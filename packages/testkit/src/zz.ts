import { openDatabaseEnvironment } from '@cape/db';
import { applyMigrations } from '@cape/db/migrations';
import pg from 'pg';
import { loadSyntheticData } from './loader/load-synthetic-data.ts';
const env = await openDatabaseEnvironment({ database: 'cape_testkit_bench' });
try {
  await applyMigrations(env.ownerUrl);
  for (const seed of [42, 43]) {
    const r = await loadSyntheticData({ ownerUrl: env.ownerUrl, entries: 1_000_000, seed, log: (m) => console.error(m) });
    console.log(`generated entries=${r.entries} lines=${r.lines} seconds=${r.seconds.toFixed(2)}`);
  }
} finally {
  const c = new pg.Client({ connectionString: env.ownerUrl.replace('cape_testkit_bench', 'postgres') }); await c.connect();
  await c.query('drop database cape_testkit_bench with (force)'); await c.end();
  await env.stop();
}
