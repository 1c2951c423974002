export { applyMigrations, type MigrationReport } from './apply-migrations.ts';
export { MIGRATIONS_DIR, readMigrationFiles, REPO_ROOT, SCHEMA_PATH } from './migration-files.ts';
export { diffMigrationsToSchema } from './schema-diff.ts';
