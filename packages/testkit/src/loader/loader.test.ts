import { useTestDatabase } from '@cape/db/testing';
import { parseEntryNumber } from '@cape/domain';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSyntheticData } from './load-synthetic-data.ts';

const db = await useTestDatabase();
const sql = new pg.Client({ connectionString: db.ownerUrl });
await sql.connect();
afterAll(() => sql.end());

async function rows<T extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<T[]> {
  return (await sql.query<T>(text, values)).rows;
}

const COUNTED_TABLES = [
  'organizations',
  'filer_codes',
  'parties',
  'broker_clients',
  'form_4811_designations',
  'ach_refund_enrollments',
  'debts',
  'entry_summaries',
  'entry_summary_versions',
  'entry_lines',
  'entry_line_tariffs',
];

async function tableCounts(): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of COUNTED_TABLES) {
    counts[table] = Number((await rows<{ n: string }>(`select count(*) as n from ${table}`))[0]!.n);
  }
  return counts;
}

/** Every constraint and index definition of the entry tables, to prove a rebuild restores them exactly. */
async function schemaSnapshot(): Promise<string[]> {
  const constraints = await rows<{ d: string }>(
    `select conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid) || ' ' || convalidated || ' ' || condeferrable as d
       from pg_constraint where conrelid::regclass::text like 'entry%' or confrelid::regclass::text like 'entry%'`,
  );
  const indexes = await rows<{ d: string }>(
    "select pg_get_indexdef(indexrelid) as d from pg_index where indrelid::regclass::text like 'entry%'",
  );
  return [...constraints, ...indexes].map((r) => r.d).sort();
}

const SMALL = { entries: 5_000, brokers: 3, importersPerBroker: 30, chunkSize: 2_000 } as const;

describe('loadSyntheticData', () => {
  it('loads entries with versions, lines and tariffs whose totals add up', async () => {
    const report = await loadSyntheticData({ ownerUrl: db.ownerUrl, ...SMALL, seed: 1 });
    expect(report).toMatchObject({ entries: 5_000, constraintStrategy: 'keep' });
    const counts = await tableCounts();
    expect(counts.entry_summaries).toBe(5_000);
    expect(counts.entry_summary_versions).toBe(5_000);
    expect(counts.entry_lines).toBe(report.lines);
    expect(counts.entry_line_tariffs).toBe(report.tariffs);

    const inconsistent = await rows(`
      with tariff_totals as (
        select l.entry_summary_id,
               sum(t.duty_cents) as total,
               sum(t.duty_cents) filter (where t.tariff_class = 'IEEPA') as ieepa
          from entry_lines l join entry_line_tariffs t on t.entry_line_id = l.id
         group by l.entry_summary_id)
      select e.entry_number
        from entry_summaries e
        join entry_summary_versions v on v.entry_summary_id = e.id and v.version_number = e.current_version
        left join tariff_totals tt on tt.entry_summary_id = e.id
       where e.total_duty_cents <> coalesce(tt.total, 0)
          or e.ieepa_duty_cents <> coalesce(tt.ieepa, 0)
          or v.total_duty_cents <> e.total_duty_cents`);
    expect(inconsistent).toEqual([]);

    const tenantKeys = await rows(`
      select e.entry_number from entry_summaries e
        join filer_codes f on f.code = e.filer_code
        join parties p on p.id = e.importer_party_id
       where e.filer_organization_id <> f.organization_id
          or e.importer_organization_id is distinct from p.organization_id`);
    expect(tenantKeys).toEqual([]);

    const numbers = await rows<{ entry_number: string }>('select entry_number from entry_summaries');
    for (const { entry_number } of numbers) expect(parseEntryNumber(entry_number).ok).toBe(true);

    const fridays = await rows<{ n: string }>(
      'select count(*) as n from entry_summaries where liquidation_date is not null and extract(isodow from liquidation_date) <> 5',
    );
    expect(fridays[0]!.n).toBe('0');
    // The surety flag reaches the table: set on a few entries, each with IEEPA duty.
    const surety = await rows<{ n: string; without_ieepa: string }>(
      `select count(*) filter (where ieepa_duty_paid_by_surety) as n,
              count(*) filter (where ieepa_duty_paid_by_surety and ieepa_duty_cents = 0) as without_ieepa
         from entry_summaries`,
    );
    expect(Number(surety[0]!.n)).toBeGreaterThan(0);
    expect(Number(surety[0]!.n)).toBeLessThan(50);
    expect(surety[0]!.without_ieepa).toBe('0');
    const sequence = await rows<{ last_value: string }>('select last_value from entry_lines_id_seq');
    expect(Number(sequence[0]!.last_value)).toBe(report.lines);
  });

  it('loads a second time into the same database without collisions, with fresh organizations and codes', async () => {
    const before = await rows<{ code: string }>('select code from filer_codes');
    const report = await loadSyntheticData({ ownerUrl: db.ownerUrl, ...SMALL, seed: 1 });
    expect(report.filerCodes.some((code) => before.some((b) => b.code === code))).toBe(false);
    const counts = await tableCounts();
    expect(counts.entry_summaries).toBe(10_000);
    const ids = await rows<{ min: string; max: string }>(
      'select min(id) as min, max(id) as max from entry_summaries where filer_code = any($1::text[])',
      [report.filerCodes],
    );
    expect(Number(ids[0]!.min)).toBe(report.firstEntrySummaryId);
    expect(Number(ids[0]!.max)).toBe(report.firstEntrySummaryId + 4_999);
  });

  it('restores foreign keys and indexes exactly after a rebuild load', async () => {
    const before = await schemaSnapshot();
    const report = await loadSyntheticData({
      ownerUrl: db.ownerUrl,
      ...SMALL,
      seed: 2,
      constraintStrategy: 'rebuild',
    });
    expect(report.constraintStrategy).toBe('rebuild');
    expect(report.phases.map((p) => p.phase)).toContain('re-create and validate foreign keys');
    expect(await schemaSnapshot()).toEqual(before);
    expect((await tableCounts()).entry_summaries).toBe(15_000);
  });

  it('leaves nothing behind when a load fails part-way (keep and rebuild)', async () => {
    for (const constraintStrategy of ['keep', 'rebuild'] as const) {
      const before = await tableCounts();
      const schema = await schemaSnapshot();
      await expect(
        loadSyntheticData({
          ownerUrl: db.ownerUrl,
          ...SMALL,
          seed: 3,
          constraintStrategy,
          onProgress: (progress) => {
            if (progress.entries >= 4_000) throw new Error('injected failure');
          },
        }),
      ).rejects.toThrow('injected failure');
      expect(await tableCounts()).toEqual(before);
      expect(await schemaSnapshot()).toEqual(schema);
    }
  });

  it('rolls back when the database rejects a row', async () => {
    const before = await tableCounts();
    await expect(
      loadSyntheticData({
        ownerUrl: db.ownerUrl,
        ...SMALL,
        seed: 4,
        beforeCommit: async (client) => {
          await client.query(
            "insert into filer_codes (code, organization_id) values ('000', gen_random_uuid())",
          );
        },
      }),
    ).rejects.toThrow(/filer_code_format|violates/);
    expect(await tableCounts()).toEqual(before);
  });
});
