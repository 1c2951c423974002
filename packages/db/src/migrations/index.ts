export { applyMigrations, type MigrationReport } from './apply-migrations.ts';
export { MIGRATIONS_DIR, REPO_ROOT, readMigrationFiles, SCHEMA_PATH } from './migration-files.ts';
export { diffMigrationsToSchema } from './schema-diff.ts';
