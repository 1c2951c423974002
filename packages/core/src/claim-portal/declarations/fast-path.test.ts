// The filing reads an entry's tariffs only where they can change the outcome (a stored refundable IEEPA total
// of zero, or an entry dated outside the collection period). Oracle: every generated entry evaluated by
// @cape/domain with ALL its lines and tariffs, read independently through Prisma, must get the same outcome,
// the same reason codes and the same principal as the service gives it.
import { useTestDatabase } from '@cape/db/testing';
import {
  type EntryForEligibility,
  evaluatePhase1Eligibility,
  findRefundableIeepaTariffs,
} from '@cape/domain';
import { createUser, loadSyntheticData } from '@cape/testkit';
import { describe, expect, it } from 'vitest';
import { fixedBusinessClock } from '../../business-clock.ts';
import { userActor } from '../../context.ts';
import { preflightDeclaration } from './preflight.ts';

const db = await useTestDatabase();
const FILING_DATE = '2026-04-20';

describe('reading tariffs only where they matter', () => {
  it('gives every generated entry the outcome, reasons and principal the rules give it with all its lines', async () => {
    await loadSyntheticData({ ownerUrl: db.ownerUrl, entries: 4_000, seed: 11, referenceDate: FILING_DATE });
    const [busiest] = await db.owner.entrySummary.groupBy({
      by: ['filerOrganizationId'],
      _count: true,
      orderBy: { _count: { filerOrganizationId: 'desc' } },
      take: 1,
    });
    const organizationId = busiest!.filerOrganizationId;
    const filerCodes = (await db.owner.filerCode.findMany({ where: { organizationId } })).map((f) => f.code);
    const summaries = await db.owner.entrySummary.findMany({
      where: { filerOrganizationId: organizationId },
      include: {
        importer: true,
        versions: { include: { lines: { include: { tariffs: { orderBy: { sequence: 'asc' } } } } } },
      },
      orderBy: { entryNumber: 'asc' },
      take: 9_999,
    });
    expect(summaries.length).toBeGreaterThan(500);
    const { user } = await createUser(db.owner, { organizationId, role: 'STAFF' });
    const context = {
      db: db.app,
      actor: userActor({ userId: user.id, organizationId, organizationKind: 'BROKER', role: 'STAFF' }),
      clock: fixedBusinessClock(FILING_DATE),
    };
    const file = Buffer.from(`Entry Number\r\n${summaries.map((s) => s.entryNumber).join('\r\n')}\r\n`);
    const preflight = await preflightDeclaration(context, { content: file });
    expect(preflight.fileProblems).toEqual([]);

    const date = (d: Date | null) => (d === null ? null : d.toISOString().slice(0, 10));
    let accepted = 0;
    for (const [i, s] of summaries.entries()) {
      const version = s.versions.find((v) => v.versionNumber === s.currentVersion)!;
      const entry: EntryForEligibility = {
        entryNumber: s.entryNumber,
        entryType: s.entryType,
        entryDate: date(s.entryDate)!,
        filerCode: s.filerCode,
        iorNumber: s.importer.partyNumber,
        summaryStatus: s.summaryStatus,
        inAce: s.inAce,
        liquidationStatus: s.liquidationStatus,
        liquidationDate: date(s.liquidationDate),
        reconciliationFlagged: s.reconciliationFlagged,
        reconciliationEntryFiled: s.reconciliationEntryFiled,
        drawbackDesignated: s.drawbackDesignated,
        openProtest: s.openProtest,
        adcvdPendingLiquidation1504d: s.adcvdPendingLiquidation1504d,
        ieepaDutyPaidBySurety: s.ieepaDutyPaidBySurety,
        lines: version.lines.map((line) => ({
          lineNumber: line.lineNumber,
          countryOfOrigin: line.countryOfOrigin,
          enteredValueCents: line.enteredValueCents,
          tariffs: line.tariffs.map((t) => ({ htsNumber: t.htsNumber, dutyCents: t.dutyCents })),
        })),
      };
      const expected = evaluatePhase1Eligibility(entry, {
        filingDate: FILING_DATE,
        filer: { kind: 'BROKER', filerCodes },
        alreadyOnAcceptedDeclaration: false,
      });
      const got = preflight.entries[i]!;
      expect(got.entryNumber).toBe(s.entryNumber);
      const expectedCodes = expected.decision === 'ACCEPTED' ? [] : expected.reasons.map((r) => r.code);
      expect([s.entryNumber, got.reasons.map((r) => r.code)]).toEqual([s.entryNumber, expectedCodes]);
      expect(got.outcome).toBe(expected.decision);
      if (expected.decision === 'ACCEPTED') {
        accepted++;
        expect(got.ieepaPrincipalCents).toBe(
          findRefundableIeepaTariffs(entry).reduce((sum, t) => sum + t.dutyCents, 0n),
        );
      }
    }
    // The generated mix has both outcomes in numbers (a test of both paths, not of one).
    expect(accepted).toBeGreaterThan(100);
    expect(summaries.length - accepted).toBeGreaterThan(100);
  });
});
