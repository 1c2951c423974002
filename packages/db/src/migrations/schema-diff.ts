// Diffs "what the migrations build" against prisma/schema.prisma with Prisma's schema engine compiled to
// WASM (the native engine cannot be downloaded here). The engine replays the migrations into a shadow
// database it creates through the owner's connection, so the owner needs CREATEDB.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { PrismaPg } from '@prisma/adapter-pg';
import {
  bindMigrationAwareSqlAdapterFactory,
  ColumnTypeEnum,
  type SqlQuery,
  type SqlResultSet,
} from '@prisma/driver-adapter-utils';
import { SchemaEngine } from '@prisma/schema-engine-wasm';
import pg from 'pg';
import { MIGRATIONS_DIR, readMigrationFiles, SCHEMA_PATH } from './migration-files.ts';

const NO_FILTERS = { externalTables: [], externalEnums: [] };

/** SQL that would bring the migrations up to schema.prisma; empty when they agree. */
export async function diffMigrationsToSchema(ownerUrl: string): Promise<string> {
  const schema = readFileSync(SCHEMA_PATH, 'utf8');
  const factory = bindMigrationAwareSqlAdapterFactory(migrationFactory(ownerUrl));
  const engine = await SchemaEngine.new({ datamodels: [[SCHEMA_PATH, schema]] }, () => {}, factory);
  try {
    const migrations = readMigrationFiles();
    const from =
      migrations.length === 0
        ? { tag: 'empty' as const }
        : {
            tag: 'migrations' as const,
            baseDir: MIGRATIONS_DIR,
            lockfile: { path: 'migration_lock.toml', content: 'provider = "postgresql"\n' },
            shadowDbInitScript: '',
            migrationDirectories: migrations.map((migration) => ({
              path: migration.name,
              migrationFile: { path: 'migration.sql', content: { tag: 'ok' as const, value: migration.sql } },
            })),
          };
    const result = await engine.diff({
      from,
      to: { tag: 'schemaDatamodel', files: [{ path: SCHEMA_PATH, content: schema }] },
      script: true,
      exitCode: null,
      filters: NO_FILTERS,
    });
    return normalizeDiff(result.stdout ?? '');
  } finally {
    engine.free();
  }
}

const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;

interface ScriptAdapter {
  queryRaw(request: SqlQuery): Promise<SqlResultSet>;
  executeScript(script: string): Promise<void>;
  dispose(): Promise<void>;
}

/**
 * Three fixes over PrismaPg for migration work: it runs a script by splitting it on every ";", which breaks
 * function bodies ($$ ... $$) and comments, so the whole script goes to PostgreSQL's simple-query protocol
 * in one call; it cannot read the "char" columns of the catalog; and it drops its shadow database while its own pool is still connected, so the shadow
 * database is created here and dropped after that pool is closed.
 */
function migrationFactory(url: string): PrismaPg {
  const fields = connectionFields(url);
  const patch = <T extends ScriptAdapter>(adapter: T): T => {
    const pool = (adapter as unknown as { client: pg.Pool }).client;
    const query = pool.query.bind(pool) as (...args: unknown[]) => Promise<pg.QueryResult>;
    // The engine's catalog queries return PostgreSQL's one-byte "char" type (OID 18), which the adapter
    // refuses to map although the engine expects it as a Character column. Present such columns as text
    // to the adapter (their values already arrive as strings), then tell the engine their real type.
    const charColumnsBySql = new Map<string, number[]>();
    (pool as unknown as { query: (...args: unknown[]) => Promise<pg.QueryResult> }).query = async (
      ...args
    ) => {
      const result = await query(...args);
      const charColumns: number[] = [];
      result.fields?.forEach((field, index) => {
        if (field.dataTypeID === PG_CHAR_OID) {
          field.dataTypeID = PG_TEXT_OID;
          charColumns.push(index);
        }
      });
      const request = args[0] as { text?: string } | string;
      const sql = typeof request === 'string' ? request : request.text;
      if (sql !== undefined && charColumns.length > 0) charColumnsBySql.set(sql, charColumns);
      return result;
    };
    const queryRaw = adapter.queryRaw.bind(adapter);
    adapter.queryRaw = async (request) => {
      const resultSet = await queryRaw(request);
      for (const index of charColumnsBySql.get(request.sql) ?? []) {
        resultSet.columnTypes[index] = ColumnTypeEnum.Character;
      }
      return resultSet;
    };
    adapter.executeScript = async (script: string) => {
      await query(script);
    };
    return adapter;
  };
  const factory = new PrismaPg(fields);
  const connect = factory.connect.bind(factory);
  factory.connect = async () => patch(await connect());
  factory.connectToShadowDb = async () => {
    const shadowDatabase = `cape_shadow_${randomUUID().replaceAll('-', '')}`;
    await runAsOwner(fields, `create database "${shadowDatabase}"`);
    const adapter = patch(await new PrismaPg({ ...fields, database: shadowDatabase }).connect());
    const closePool = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      await closePool();
      await runAsOwner(fields, `drop database if exists "${shadowDatabase}" with (force)`);
    };
    return adapter;
  };
  return factory;
}

async function runAsOwner(fields: pg.ClientConfig, sql: string): Promise<void> {
  const client = new pg.Client(fields);
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * The adapter opens its shadow database by overriding `database` in this config; a `connectionString`
 * would win over that override and replay the migrations into the real database, so pass fields.
 */
function connectionFields(url: string) {
  const parsed = new URL(url);
  return {
    host: parsed.hostname,
    port: Number(parsed.port || 5432),
    user: decodeURIComponent(parsed.username),
    password: decodeURIComponent(parsed.password),
    database: parsed.pathname.slice(1),
  };
}

/** The engine prints a comment for an empty diff; treat comment-only output as empty. */
function normalizeDiff(sql: string): string {
  const meaningful = sql.split('\n').filter((line) => line.trim() !== '' && !line.trim().startsWith('--'));
  return meaningful.length === 0 ? '' : sql.trim();
}
