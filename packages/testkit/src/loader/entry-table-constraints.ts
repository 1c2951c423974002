/**
 * For big loads, maintaining foreign keys row by row (one trigger query per row) and secondary indexes
 * during COPY costs more than checking and building them once afterwards. These helpers read the exact
 * definitions from the catalog, drop them inside the load's transaction and re-create them verbatim before
 * commit, so the schema after a load is exactly what the migrations made (a re-created foreign key is
 * validated against every row, old and new).
 */
import type pg from 'pg';

/** The tables COPY fills in bulk. Primary keys stay: other tables' foreign keys depend on them. */
export const ENTRY_TABLES = [
  'entry_summaries',
  'entry_summary_versions',
  'entry_lines',
  'entry_line_tariffs',
] as const;

export interface DroppedDefinitions {
  foreignKeys: { table: string; name: string; definition: string }[];
  indexes: { name: string; definition: string }[];
}

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

export async function readEntryTableDefinitions(client: pg.ClientBase): Promise<DroppedDefinitions> {
  const foreignKeys = await client.query<{ table: string; name: string; definition: string }>(
    `select c.conrelid::regclass::text as table, c.conname as name, pg_get_constraintdef(c.oid) as definition
       from pg_constraint c
      where c.contype = 'f' and c.conrelid = any($1::regclass[])
      order by c.conrelid::regclass::text, c.conname`,
    [ENTRY_TABLES],
  );
  // Indexes that back no constraint (plain and unique indexes created with CREATE INDEX).
  const indexes = await client.query<{ name: string; definition: string }>(
    `select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as definition
       from pg_index i
      where i.indrelid = any($1::regclass[])
        and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)
      order by 1`,
    [ENTRY_TABLES],
  );
  return { foreignKeys: foreignKeys.rows, indexes: indexes.rows };
}

export async function dropEntryTableDefinitions(
  client: pg.ClientBase,
  defs: DroppedDefinitions,
): Promise<void> {
  for (const fk of defs.foreignKeys) {
    await client.query(`ALTER TABLE ${fk.table} DROP CONSTRAINT ${quoteIdent(fk.name)}`);
  }
  for (const index of defs.indexes) {
    await client.query(`DROP INDEX ${index.name}`);
  }
}

export async function recreateEntryTableIndexes(
  client: pg.ClientBase,
  defs: DroppedDefinitions,
): Promise<void> {
  for (const index of defs.indexes) await client.query(index.definition);
}

export async function recreateEntryTableForeignKeys(
  client: pg.ClientBase,
  defs: DroppedDefinitions,
): Promise<void> {
  for (const fk of defs.foreignKeys) {
    await client.query(`ALTER TABLE ${fk.table} ADD CONSTRAINT ${quoteIdent(fk.name)} ${fk.definition}`);
  }
}
