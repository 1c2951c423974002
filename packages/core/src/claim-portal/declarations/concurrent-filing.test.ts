import { createPrismaClient } from '@cape/db';
import { useTestDatabase } from '@cape/db/testing';
import { createEntrySummary } from '@cape/testkit';
import { afterAll, describe, expect, it } from 'vitest';
import { fileDeclaration } from './file-declaration.ts';
import { brokerAccount, declarationCsv, filingInput, importerAccount, LAUNCH_DAY } from './testing.ts';

const db = await useTestDatabase();
// Enough connections for every filing to be in flight at once.
const app = createPrismaClient(db.appUrl, { maxConnections: 24 });
afterAll(() => app.$disconnect());

describe('concurrent filings that overlap', () => {
  it('accept each entry exactly once; every other filing records it as already on the winner, nothing lost', async () => {
    const broker = await brokerAccount(db.owner, app);
    const importer = await importerAccount(db.owner, app, { clientOf: broker.organizationId });
    const entries = [];
    for (let i = 0; i < 40; i++) {
      entries.push(
        await createEntrySummary(db.owner, {
          filerCode: broker.filerCodes[0]!,
          importerPartyId: importer.partyId,
        }),
      );
    }
    const numbers = entries.map((e) => e.entryNumber);
    // Filing k lists a window of 12 entries starting at 2k (mod 40), in an order of its own: windows overlap
    // with their neighbours, and every entry is listed by several filings. Half the filers are the importer.
    const files = Array.from({ length: 20 }, (_, k) => {
      const window = Array.from({ length: 12 }, (_, i) => numbers[(2 * k + i) % 40]!);
      return k % 2 === 0 ? window : window.reverse();
    });
    const results = await Promise.all(
      files.map((file, k) =>
        fileDeclaration(
          (k % 2 === 0 ? broker : importer).on(LAUNCH_DAY),
          filingInput(declarationCsv(file), { idempotencyKey: `concurrent-${k}` }),
        ),
      ),
    );

    // Every row of every file is recorded (20 x 12), none twice.
    const rows = await db.owner.declarationEntry.findMany({
      where: { declarationId: { in: results.map((r) => r.declaration.id) } },
      include: { declaration: { select: { claimNumber: true } } },
    });
    expect(rows).toHaveLength(240);
    // Each of the 40 entries is accepted exactly once.
    const accepted = rows.filter((r) => r.outcome === 'ACCEPTED');
    expect(accepted).toHaveLength(40);
    expect(new Set(accepted.map((r) => r.entryNumber))).toEqual(new Set(numbers));
    // Every other listing is rejected as already on the declaration that accepted it.
    const winner = new Map(accepted.map((r) => [r.entryNumber, r.declaration.claimNumber]));
    for (const row of rows.filter((r) => r.outcome === 'REJECTED')) {
      expect(row.reasonCodes).toEqual(['ALREADY_ON_ACCEPTED_DECLARATION']);
      expect(row.reasonDetails).toEqual([`Already on declaration ${winner.get(row.entryNumber!)}.`]);
    }
    // The declarations' totals agree with their rows; each has its own claim number.
    for (const { declaration } of results) {
      const own = rows.filter((r) => r.declarationId === declaration.id);
      expect(declaration.acceptedCount).toBe(own.filter((r) => r.outcome === 'ACCEPTED').length);
      expect(declaration.rejectedCount).toBe(own.filter((r) => r.outcome === 'REJECTED').length);
    }
    expect(new Set(results.map((r) => r.declaration.claimNumber)).size).toBe(20);
  });
});
