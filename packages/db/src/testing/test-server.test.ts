// A test database must be dropped even when a superuser's backend (an autovacuum worker, typically) is
// briefly in it: the owner may not end such a backend, so its DROP ... WITH (FORCE) fails until it is gone.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmbeddedPostgresServer, findFreePort, startEmbeddedPostgres } from '../embedded-postgres.ts';
import { databaseUrlFor, provisionDatabase } from '../provisioning.ts';
import { createTestDatabase } from './test-server.ts';

describe('test databases', () => {
  let dataDir: string;
  let server: EmbeddedPostgresServer;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'cape-drop-test-pg-'));
    server = await startEmbeddedPostgres({ dataDir, port: await findFreePort(), throwaway: true });
  });

  afterAll(async () => {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('are dropped once a superuser backend in them has finished', async () => {
    const templateName = 'cape_drop_template';
    const urls = await provisionDatabase(server.superuserUrl(), templateName);
    const database = await createTestDatabase({
      templateOwnerUrl: urls.ownerUrl,
      appUrlBase: urls.appUrl,
      operatorUrlBase: urls.operatorUrl,
      templateName,
    });
    // Stands in for an autovacuum worker: a superuser session in the database that ends by itself.
    const superuserSession = new pg.Client({ connectionString: server.superuserUrl(database.name) });
    superuserSession.on('error', () => {});
    await superuserSession.connect();
    const sessionEnds = new Promise((resolve) => setTimeout(resolve, 1_000)).then(() =>
      superuserSession.end(),
    );
    await database.drop();
    await sessionEnds;

    const catalog = new pg.Client({ connectionString: databaseUrlFor(urls.ownerUrl, 'postgres') });
    await catalog.connect();
    const found = await catalog.query('select 1 from pg_database where datname = $1', [database.name]);
    await catalog.end();
    expect(found.rowCount).toBe(0);
  });
});
