// The schema diff (WASM schema engine, needs `node --experimental-wasm-modules`) is deliberately not
// re-exported here: import it from './schema-diff.ts' where needed, so everyday callers stay plain Node.
export { applyMigrations, type MigrationReport } from './apply-migrations.ts';
export { MIGRATIONS_DIR, REPO_ROOT, readMigrationFiles, SCHEMA_PATH } from './migration-files.ts';
