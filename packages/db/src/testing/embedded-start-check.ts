// Run by embedded-postgres.test.ts inside a copied checkout, as a command would use the embedded server.
//   tsx embedded-start-check.ts persistent <data dir> <sql whose last statement selects "answer">
//     starts the persistent server, runs the SQL, stops it, prints what it saw as JSON (last stdout line)
//   tsx embedded-start-check.ts hold <data dir>
//     starts a throwaway server, prints its data folder and postmaster pid as JSON, then waits for a signal
import { readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { findFreePort, startEmbeddedPostgres } from '../embedded-postgres.ts';

const [mode, dataDir, sql] = process.argv.slice(2);
if (!dataDir || (mode === 'persistent' && !sql) || (mode !== 'persistent' && mode !== 'hold')) {
  throw new Error('usage: embedded-start-check.ts persistent <data dir> <sql> | hold <data dir>');
}
const server = await startEmbeddedPostgres({
  dataDir,
  port: await findFreePort(),
  throwaway: mode === 'hold',
});
if (mode === 'hold') {
  const postmasterPid = Number(readFileSync(join(server.dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  console.log(JSON.stringify({ dataDirectory: server.dataDir, postmasterPid }));
  setInterval(() => {}, 60_000);
} else {
  const client = new pg.Client({ connectionString: server.superuserUrl() });
  await client.connect();
  const results = [await client.query(sql!)].flat(); // one result per statement
  const answer: unknown = results.at(-1)?.rows[0]?.answer;
  const seen = await client.query<{ data_directory: string; pid: number }>(
    "select current_setting('data_directory') as data_directory, pg_backend_pid() as pid",
  );
  const { data_directory: dataDirectory, pid } = seen.rows[0]!;
  // The kernel's word on which binary runs the server (root and the server's own user may read it).
  const executable = readlinkSync(`/proc/${pid}/exe`);
  await client.end();
  await server.stop();
  console.log(JSON.stringify({ dataDirectory, executable, answer }));
  process.exit(0);
}
