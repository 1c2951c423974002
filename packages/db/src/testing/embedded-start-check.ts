// Run by embedded-postgres.test.ts inside a copied checkout: starts the persistent embedded server as a
// command would, runs SQL, stops it, and prints what it saw as JSON (last line of stdout).
//   tsx embedded-start-check.ts <data dir> <sql whose last statement selects a column "answer">
import { readlinkSync } from 'node:fs';
import pg from 'pg';
import { findFreePort, startEmbeddedPostgres } from '../embedded-postgres.ts';

const [dataDir, sql] = process.argv.slice(2);
if (!dataDir || !sql) throw new Error('usage: embedded-start-check.ts <data dir> <sql>');
const server = await startEmbeddedPostgres({ dataDir, port: await findFreePort(), throwaway: false });
const client = new pg.Client({ connectionString: server.superuserUrl() });
await client.connect();
const results = [await client.query(sql)].flat(); // one result per statement
const answer: unknown = results.at(-1)?.rows[0]?.answer;
const server_ = await client.query<{ data_directory: string; pid: number }>(
  "select current_setting('data_directory') as data_directory, pg_backend_pid() as pid",
);
const { data_directory: dataDirectory, pid } = server_.rows[0]!;
// The kernel's word on which binary runs the server (root and the server's own user may read it).
const executable = readlinkSync(`/proc/${pid}/exe`);
await client.end();
await server.stop();
console.log(JSON.stringify({ dataDirectory, executable, answer }));
process.exit(0);
