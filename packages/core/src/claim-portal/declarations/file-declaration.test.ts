import { createHash } from 'node:crypto';
import { useTestDatabase } from '@cape/db/testing';
import { entryCheckDigit, parseClaimNumber } from '@cape/domain';
import { createEntrySummary } from '@cape/testkit';
import { describe, expect, it } from 'vitest';
import { ForbiddenError, NotAllowedError } from '../../errors.ts';
import { fileDeclaration } from './file-declaration.ts';
import { preflightDeclaration } from './preflight.ts';
import {
  brokerAccount,
  declarationCsv,
  filingInput,
  importerAccount,
  LAUNCH_DAY,
  memberOf,
} from './testing.ts';

const db = await useTestDatabase();

/** Rows written for a declaration, straight from the database (owner: no row-level security). */
async function storedEntries(declarationId: string) {
  return await db.owner.declarationEntry.findMany({
    where: { declarationId },
    orderBy: { rowNumber: 'asc' },
  });
}

describe('filing a declaration: entry level', () => {
  it('accepts eligible entries, rejects each ineligible one with its reason, and records the principal', async () => {
    const broker = await brokerAccount(db.owner, db.app);
    const code = broker.filerCodes[0]!;
    const make = (overrides: Parameters<typeof createEntrySummary>[1] = {}) =>
      createEntrySummary(db.owner, { filerCode: code, ...overrides });
    // $10,000.00 at the 10% baseline 9903.01.25: 100,000 cents of IEEPA duty (hand-computed).
    const eligible = await make();
    const liquidatedDay80 = await make({ liquidationDate: '2026-01-30' }); // 2026-04-20 - 80 days
    const liquidatedDay81 = await make({ liquidationDate: '2026-01-29' });
    const cancelled = await make({ summaryStatus: 'CANCELLED' });
    const notInAce = await make({ inAce: false });
    const dutyDeferral = await make({ entryType: '08' });
    const drawback = await make({ drawbackDesignated: true });
    const recon = await make({ reconciliationFlagged: true });
    const protest = await make({ openProtest: true });
    const pending1504d = await make({ entryType: '03', adcvdPendingLiquidation1504d: true });
    const final = await make({ liquidationStatus: 'FINAL', liquidationDate: '2025-09-05' });
    const surety = await make({ ieepaDutyPaidBySurety: true });
    const noIeepa = await make({ lines: [{ chapter99: [] }] });
    const afterCollection = await make({
      entryDate: '2026-03-02',
      lines: [{ chapter99: [{ htsNumber: '9903.01.25', basisPoints: 1000 }] }],
    });

    const listed = [
      eligible,
      liquidatedDay80,
      liquidatedDay81,
      cancelled,
      notInAce,
      dutyDeferral,
      drawback,
      recon,
      protest,
      pending1504d,
      final,
      surety,
      noIeepa,
      afterCollection,
    ].map((e) => e.entryNumber);
    // An unknown number under the broker's own filer code: not in ACE (entry level, not "not yours").
    const unknownOwnNumber = `${code}9999999${entryCheckDigit(`${code}9999999`)}`;

    const result = await fileDeclaration(
      broker.on(LAUNCH_DAY),
      filingInput(declarationCsv([...listed, unknownOwnNumber])),
    );
    const { declaration } = result;
    expect(declaration.status).toBe('ACCEPTED_WITH_ERRORS');
    expect(parseClaimNumber(declaration.claimNumber!).ok).toBe(true);
    expect(declaration.acceptedCount).toBe(2);
    expect(declaration.rejectedCount).toBe(13);
    expect(declaration.acceptedPrincipalCents).toBe(200_000n);

    const rows = await storedEntries(declaration.id);
    const byNumber = new Map(rows.map((r) => [r.entryNumber, r]));
    const codesOf = (entryNumber: string) => byNumber.get(entryNumber)?.reasonCodes;
    expect(byNumber.get(eligible.entryNumber)).toMatchObject({
      outcome: 'ACCEPTED',
      ieepaPrincipalCents: 100_000n,
    });
    expect(byNumber.get(liquidatedDay80.entryNumber)?.outcome).toBe('ACCEPTED');
    expect(codesOf(liquidatedDay81.entryNumber)).toEqual(['LIQUIDATED_OUTSIDE_WINDOW']);
    expect(codesOf(cancelled.entryNumber)).toEqual(['ENTRY_SUMMARY_NOT_ACCEPTED']);
    expect(codesOf(notInAce.entryNumber)).toEqual(['ENTRY_NOT_IN_ACE']);
    expect(codesOf(dutyDeferral.entryNumber)).toEqual(['EXCLUDED_ENTRY_TYPE']);
    expect(codesOf(drawback.entryNumber)).toEqual(['DRAWBACK_DESIGNATED']);
    expect(codesOf(recon.entryNumber)).toEqual(['RECONCILIATION_FLAGGED']);
    expect(codesOf(protest.entryNumber)).toEqual(['OPEN_PROTEST']);
    expect(codesOf(pending1504d.entryNumber)).toEqual(['ADCVD_PENDING_LIQUIDATION_1504D']);
    expect(codesOf(final.entryNumber)).toEqual(['FINAL_LIQUIDATION']);
    expect(codesOf(surety.entryNumber)).toEqual(['SURETY_PAID_IEEPA_DUTY']);
    expect(codesOf(noIeepa.entryNumber)).toEqual(['NO_DUTIABLE_IEEPA_LINE']);
    expect(codesOf(afterCollection.entryNumber)).toEqual([
      'NO_DUTIABLE_IEEPA_LINE',
      'IEEPA_LINE_AFTER_COLLECTION_END',
    ]);
    expect(byNumber.get(unknownOwnNumber)).toMatchObject({
      outcome: 'REJECTED',
      entrySummaryId: null,
      reasonCodes: ['ENTRY_NOT_IN_ACE'],
      reasonDetails: ['No entry summary with this number is in ACE.'],
    });
    // Every row of the file is recorded, in file order (row 1 is the header).
    expect(rows.map((r) => r.rowNumber)).toEqual(Array.from({ length: 15 }, (_, i) => i + 2));
    expect(byNumber.get(liquidatedDay81.entryNumber)?.reasonDetails[0]).toContain('81 days');
    expect(result.entries?.find((e) => e.entryNumber === cancelled.entryNumber)?.reasons[0]).toMatchObject({
      cbpMessage: 'ENTRY SUMMARY IS CANCELLED/REJECTED',
      fix: expect.stringContaining('retransmit'),
    });
  });

  it('rejects warehouse entries (types 21, 22) only on declarations filed from 2026-07-07', async () => {
    const before = await brokerAccount(db.owner, db.app);
    const after = await brokerAccount(db.owner, db.app);
    const warehouse = async (code: string) => [
      await createEntrySummary(db.owner, { filerCode: code, entryType: '21' }),
      await createEntrySummary(db.owner, { filerCode: code, entryType: '22' }),
      await createEntrySummary(db.owner, { filerCode: code, entryType: '31' }),
    ];
    const early = await warehouse(before.filerCodes[0]!);
    const late = await warehouse(after.filerCodes[0]!);
    const onJuly6 = await fileDeclaration(
      before.on('2026-07-06'),
      filingInput(declarationCsv(early.map((e) => e.entryNumber))),
    );
    expect(onJuly6.declaration).toMatchObject({ status: 'ACCEPTED', acceptedCount: 3 });
    expect(onJuly6.declaration.ruleSetVersion).toBe('cape-phase2-2026-06-29');
    const onJuly7 = await fileDeclaration(
      after.on('2026-07-07'),
      filingInput(declarationCsv(late.map((e) => e.entryNumber))),
    );
    expect(onJuly7.declaration).toMatchObject({ status: 'ACCEPTED_WITH_ERRORS', acceptedCount: 1 });
    const rows = await storedEntries(onJuly7.declaration.id);
    expect(rows.map((r) => [r.outcome, r.reasonCodes, r.ruleSetVersion])).toEqual([
      ['REJECTED', ['ENTRY_TYPE_NOT_ALLOWED'], 'cape-warehouse-2026-07-07'],
      ['REJECTED', ['ENTRY_TYPE_NOT_ALLOWED'], 'cape-warehouse-2026-07-07'],
      ['ACCEPTED', [], 'cape-warehouse-2026-07-07'],
    ]);
  });
});

describe('filing a declaration: who may list an entry', () => {
  it("fails the whole file when a broker lists another broker's entry, naming the row; nothing else is written", async () => {
    const broker = await brokerAccount(db.owner, db.app);
    const other = await brokerAccount(db.owner, db.app);
    const own = await createEntrySummary(db.owner, { filerCode: broker.filerCodes[0]! });
    const foreign = await createEntrySummary(db.owner, { filerCode: other.filerCodes[0]! });
    const { declaration, entries } = await fileDeclaration(
      broker.on(LAUNCH_DAY),
      filingInput(declarationCsv([own.entryNumber, foreign.entryNumber])),
    );
    expect(declaration).toMatchObject({ status: 'FAILED_INITIAL_VALIDATION', claimNumber: null });
    expect(entries).toBeNull();
    expect(declaration.fileProblems).toEqual([
      expect.objectContaining({
        code: 'ENTRIES_NOT_PERMITTED',
        rowCount: 1,
        rows: [expect.objectContaining({ row: 3, value: foreign.entryNumber })],
      }),
    ]);
    expect(await storedEntries(declaration.id)).toEqual([]);
  });

  it("lets an importer list its own entries whoever filed them, and fails the file for another importer's", async () => {
    const broker = await brokerAccount(db.owner, db.app);
    const importer = await importerAccount(db.owner, db.app, { clientOf: broker.organizationId });
    const neighbour = await importerAccount(db.owner, db.app, { clientOf: broker.organizationId });
    const mine = await createEntrySummary(db.owner, {
      filerCode: broker.filerCodes[0]!,
      importerPartyId: importer.partyId,
    });
    const theirs = await createEntrySummary(db.owner, {
      filerCode: broker.filerCodes[0]!,
      importerPartyId: neighbour.partyId,
    });
    const ok = await fileDeclaration(
      importer.on(LAUNCH_DAY),
      filingInput(declarationCsv([mine.entryNumber])),
    );
    expect(ok.declaration.status).toBe('ACCEPTED');
    const refused = await fileDeclaration(
      importer.on(LAUNCH_DAY),
      filingInput(declarationCsv([theirs.entryNumber])),
    );
    expect(refused.declaration.status).toBe('FAILED_INITIAL_VALIDATION');
    expect(refused.declaration.fileProblems[0]).toMatchObject({
      code: 'ENTRIES_NOT_PERMITTED',
      rows: [expect.objectContaining({ row: 2 })],
    });
  });

  it('refuses accounts without the filing permission, and audits nothing for them', async () => {
    const broker = await brokerAccount(db.owner, db.app, { role: 'VIEWER' });
    await expect(
      fileDeclaration(broker.on(LAUNCH_DAY), filingInput(declarationCsv(['B76-0324527-8']))),
    ).rejects.toThrow(ForbiddenError);
    const notify = await memberOf(
      db.owner,
      db.app,
      (await db.owner.organization.create({ data: { kind: 'NOTIFY_PARTY', name: 'N' } })).id,
      'NOTIFY_PARTY',
      'ADMIN',
    );
    await expect(
      fileDeclaration(notify.on(LAUNCH_DAY), filingInput(declarationCsv(['B76-0324527-8']))),
    ).rejects.toThrow(ForbiddenError);
  });
});

describe('exactly once', () => {
  it('rejects an entry already on an accepted declaration, naming its claim number, across accounts', async () => {
    const broker = await brokerAccount(db.owner, db.app);
    const importer = await importerAccount(db.owner, db.app, { clientOf: broker.organizationId });
    const entry = await createEntrySummary(db.owner, {
      filerCode: broker.filerCodes[0]!,
      importerPartyId: importer.partyId,
    });
    const first = await fileDeclaration(
      broker.on(LAUNCH_DAY),
      filingInput(declarationCsv([entry.entryNumber])),
    );
    const claim = first.declaration.claimNumber!;
    // The preflight already says so (from the facts read, not from a failed insert).
    const preview = await preflightDeclaration(importer.on('2026-04-21'), {
      content: declarationCsv([entry.entryNumber]),
    });
    expect(preview.entries[0]).toMatchObject({
      outcome: 'REJECTED',
      reasons: [{ code: 'ALREADY_ON_ACCEPTED_DECLARATION', detail: `Already on declaration ${claim}.` }],
      otherPath: { kind: 'NONE' },
    });
    const second = await fileDeclaration(
      importer.on('2026-04-21'),
      filingInput(declarationCsv([entry.entryNumber])),
    );
    expect(second.declaration.status).toBe('REJECTED');
    const [row] = await storedEntries(second.declaration.id);
    expect(row).toMatchObject({
      outcome: 'REJECTED',
      reasonCodes: ['ALREADY_ON_ACCEPTED_DECLARATION'],
      reasonDetails: [`Already on declaration ${claim}.`],
    });
  });

  it('never changes a filed declaration or its entries, whoever asks (the database refuses)', async () => {
    const broker = await brokerAccount(db.owner, db.app);
    const entry = await createEntrySummary(db.owner, { filerCode: broker.filerCodes[0]! });
    const { declaration } = await fileDeclaration(
      broker.on(LAUNCH_DAY),
      filingInput(declarationCsv([entry.entryNumber])),
    );
    await expect(
      db.owner.capeDeclaration.update({ where: { id: declaration.id }, data: { fileName: 'changed.csv' } }),
    ).rejects.toThrow(/never change/);
    await expect(
      db.owner.declarationEntry.deleteMany({ where: { declarationId: declaration.id } }),
    ).rejects.toThrow(/never change/);
  });
});

describe('attestation and idempotency', () => {
  it('records who certified which text when, from where, and the file SHA-256; audits the filing', async () => {
    const broker = await brokerAccount(db.owner, db.app);
    const entry = await createEntrySummary(db.owner, { filerCode: broker.filerCodes[0]! });
    const content = declarationCsv([entry.entryNumber]);
    const { declaration } = await fileDeclaration(
      broker.on(LAUNCH_DAY),
      filingInput(content, { clientAddress: '198.51.100.7', userAgent: 'Mozilla/5.0 test' }),
    );
    expect(declaration).toMatchObject({
      submittedByUserId: broker.userId,
      certificationVersion: 'cape-declaration-certification-2026-04-20',
      certifiedAt: new Date('2026-04-20T14:00:00Z'),
      clientAddress: '198.51.100.7',
      userAgent: 'Mozilla/5.0 test',
      fileSha256: createHash('sha256').update(content).digest('hex'),
      filingDate: '2026-04-20',
    });
    const audit = await db.owner.auditLogEntry.findMany({ where: { subjectId: declaration.id } });
    expect(
      audit.map((a) => [a.action, a.actorUserId, (a.details as { claimNumber: string }).claimNumber]),
    ).toEqual([['declaration.filed', broker.userId, declaration.claimNumber]]);
  });

  it('refuses a certification that is not the current text', async () => {
    const broker = await brokerAccount(db.owner, db.app);
    await expect(
      fileDeclaration(
        broker.on(LAUNCH_DAY),
        filingInput(declarationCsv(['B76-0324527-8']), { certificationVersion: 'some-old-version' }),
      ),
    ).rejects.toThrow(NotAllowedError);
  });

  it('returns the first declaration for a resent request: same idempotency key, or same file within 24 hours', async () => {
    const broker = await brokerAccount(db.owner, db.app);
    const a = await createEntrySummary(db.owner, { filerCode: broker.filerCodes[0]! });
    const b = await createEntrySummary(db.owner, { filerCode: broker.filerCodes[0]! });
    const context = broker.on(LAUNCH_DAY);
    const keyed = await fileDeclaration(
      context,
      filingInput(declarationCsv([a.entryNumber]), { idempotencyKey: 'k-1' }),
    );
    // Same key, even another file: the same request as far as the client is concerned.
    const again = await fileDeclaration(
      context,
      filingInput(declarationCsv([b.entryNumber]), { idempotencyKey: 'k-1' }),
    );
    expect(again).toMatchObject({ replayed: true, declaration: { id: keyed.declaration.id } });

    const file = declarationCsv([b.entryNumber]);
    const first = await fileDeclaration(context, filingInput(file));
    const resent = await fileDeclaration(context, filingInput(file));
    expect(resent).toMatchObject({ replayed: true, declaration: { id: first.declaration.id } });
    // A new key files the same content again on purpose (its entry is then already declared).
    const deliberate = await fileDeclaration(context, filingInput(file, { idempotencyKey: 'k-2' }));
    expect(deliberate.replayed).toBe(false);
    expect(deliberate.declaration.status).toBe('REJECTED');

    const declarations = await db.owner.capeDeclaration.count({
      where: { organizationId: broker.organizationId },
    });
    expect(declarations).toBe(3);
    const replays = await db.owner.auditLogEntry.count({
      where: { organizationId: broker.organizationId, action: 'declaration.replayed' },
    });
    expect(replays).toBe(2);
  });

  it('validates a failed file again when it is resent (a failure files nothing to protect)', async () => {
    const broker = await brokerAccount(db.owner, db.app);
    const file = declarationCsv(['not-an-entry']);
    const first = await fileDeclaration(broker.on(LAUNCH_DAY), filingInput(file));
    const second = await fileDeclaration(broker.on(LAUNCH_DAY), filingInput(file));
    expect(first.declaration.status).toBe('FAILED_INITIAL_VALIDATION');
    expect(second.replayed).toBe(false);
    expect(second.declaration.id).not.toBe(first.declaration.id);
    const refusals = await db.owner.auditLogEntry.count({
      where: { organizationId: broker.organizationId, action: 'declaration.refused' },
    });
    expect(refusals).toBe(2);
  });
});
