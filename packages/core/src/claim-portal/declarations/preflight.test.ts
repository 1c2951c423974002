import { useTestDatabase } from '@cape/db/testing';
import {
  createAchEnrollment,
  createEntrySummary,
  createForm4811Designation,
  createNotifyParty,
} from '@cape/testkit';
import { describe, expect, it } from 'vitest';
import { fileDeclaration } from './file-declaration.ts';
import { preflightDeclaration } from './preflight.ts';
import { brokerAccount, declarationCsv, filingInput, importerAccount, LAUNCH_DAY } from './testing.ts';

const db = await useTestDatabase();

async function writtenState() {
  const [declarations, entries, audit, sequence] = await Promise.all([
    db.owner.capeDeclaration.count(),
    db.owner.declarationEntry.count(),
    db.owner.auditLogEntry.count(),
    db.owner.$queryRaw<
      { last_value: bigint; is_called: boolean }[]
    >`SELECT last_value, is_called FROM cape_claim_number_seq`,
  ]);
  return { declarations, entries, audit, sequence };
}

describe('preflight', () => {
  it('shows principal, interest to the scheduled date, the recipient and the other path, writing nothing', async () => {
    const broker = await brokerAccount(db.owner, db.app);
    const importer = await importerAccount(db.owner, db.app, { clientOf: broker.organizationId });
    const notify = await createNotifyParty(db.owner);
    await createForm4811Designation(db.owner, {
      importerPartyId: importer.partyId,
      notifyPartyId: notify.partyId,
    });
    await createAchEnrollment(db.owner, {
      partyId: notify.partyId,
      enrolledAt: new Date('2026-01-05T15:00:00Z'),
    });
    const code = broker.filerCodes[0]!;
    const routed = await createEntrySummary(db.owner, {
      filerCode: code,
      importerPartyId: importer.partyId,
      notifyPartyId: notify.partyId,
      entryDate: '2025-06-02',
    });
    const unnamed = await createEntrySummary(db.owner, {
      filerCode: code,
      importerPartyId: importer.partyId,
    });
    const protestable = await createEntrySummary(db.owner, {
      filerCode: code,
      importerPartyId: importer.partyId,
      liquidationDate: '2026-01-09', // 101 days before filing: protest until 2026-07-08
    });
    const recon = await createEntrySummary(db.owner, {
      filerCode: code,
      importerPartyId: importer.partyId,
      reconciliationFlagged: true,
    });
    const suspended = await createEntrySummary(db.owner, {
      filerCode: code,
      importerPartyId: importer.partyId,
      liquidationStatus: 'SUSPENDED',
    });
    const file = declarationCsv([routed, unnamed, protestable, recon, suspended].map((e) => e.entryNumber));

    const before = await writtenState();
    const preflight = await preflightDeclaration(broker.on(LAUNCH_DAY), { content: file });
    expect(await writtenState()).toEqual(before);

    expect(preflight).toMatchObject({
      status: 'ACCEPTED_WITH_ERRORS',
      outcome: 'ACCEPTED_WITH_ERRORS',
      acceptedCount: 3,
      rejectedCount: 2,
      acceptedPrincipalCents: 300_000n,
    });
    const [first, second, third, fourth, fifth] = preflight.entries;
    // 100,000 cents deposited 2025-06-02, liquidated 45 days after 2026-04-20 = Thursday 2026-06-04; corporate
    // overpayment rates 6% (2025-Q2..2026-Q1) and 5% (2026-Q2), daily compounding: 6,032 cents (computed
    // independently with exact fractions).
    expect(first).toMatchObject({
      outcome: 'ACCEPTED',
      ieepaPrincipalCents: 100_000n,
      schedule: { action: 'LIQUIDATE', date: '2026-06-04' },
      interestEstimateCents: 6_032n,
      recipient: {
        recipient: 'NOTIFY_PARTY',
        partyNumber: notify.party.partyNumber,
        reason: 'NOTIFY_PARTY_DESIGNATED',
      },
      otherPath: null,
    });
    expect(second!.recipient).toMatchObject({
      recipient: 'IMPORTER_OF_RECORD',
      partyNumber: importer.partyNumber,
      reason: 'NOTIFY_PARTY_NOT_ON_ENTRY',
    });
    expect(third).toMatchObject({
      outcome: 'REJECTED',
      reasons: [expect.objectContaining({ code: 'LIQUIDATED_OUTSIDE_WINDOW' })],
      otherPath: { kind: 'PROTEST', deadline: '2026-07-08' },
      recipient: null,
      interestEstimateCents: null,
    });
    expect(fourth!.otherPath).toMatchObject({ kind: 'LATER_PHASE' });
    expect(fifth).toMatchObject({
      outcome: 'ACCEPTED',
      schedule: { action: 'KEEP_STATUS', date: null },
      interestEstimateCents: null,
    });
    expect(preflight.interestEstimateCents).toBe(6_032n + second!.interestEstimateCents!);

    // Filing the same file gives the same outcome for every row.
    const filed = await fileDeclaration(broker.on(LAUNCH_DAY), filingInput(file));
    expect(filed.entries!.map((e) => [e.row, e.outcome, e.reasons.map((r) => r.code)])).toEqual(
      preflight.entries.map((e) => [e.row, e.outcome, e.reasons.map((r) => r.code)]),
    );
    expect(filed.declaration.status).toBe(preflight.outcome);
  });

  it('reports file-level failures in the same shape, and says when the two-person rule will hold the filing', async () => {
    const broker = await brokerAccount(db.owner, db.app);
    const failed = await preflightDeclaration(broker.on(LAUNCH_DAY), { content: declarationCsv(['0000']) });
    expect(failed).toMatchObject({
      status: 'FAILED_INITIAL_VALIDATION',
      entries: [],
      fileProblems: [expect.objectContaining({ code: 'MALFORMED_ENTRY_NUMBER' })],
    });
    await db.owner.organization.update({
      where: { id: broker.organizationId },
      data: { declarationsNeedApproval: true },
    });
    const entry = await createEntrySummary(db.owner, { filerCode: broker.filerCodes[0]! });
    const held = await preflightDeclaration(broker.on(LAUNCH_DAY), {
      content: declarationCsv([entry.entryNumber]),
    });
    expect(held).toMatchObject({ status: 'AWAITING_APPROVAL', outcome: 'ACCEPTED' });
  });
});
