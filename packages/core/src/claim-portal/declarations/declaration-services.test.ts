import { useTestDatabase } from '@cape/db/testing';
import { parseClaimNumber } from '@cape/domain';
import { createEntrySummary } from '@cape/testkit';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { userActor } from '../../context.ts';
import { ForbiddenError, NotAllowedError } from '../../errors.ts';
import { approveDeclaration, declineDeclaration, setDeclarationApprovalRule } from './approval.ts';
import { buildDeclarations, buildRework, fileBuiltDeclarations, fileRework } from './build-declarations.ts';
import { CURRENT_CERTIFICATION } from './certification.ts';
import {
  getDeclaration,
  getDeclarationByClaimNumber,
  listDeclarationEntries,
  listDeclarations,
} from './declaration-queries.ts';
import { declarationResults, declarationTemplate } from './downloads.ts';
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
const attestation = {
  certificationVersion: CURRENT_CERTIFICATION.version,
  clientAddress: '203.0.113.5',
  userAgent: 'ua',
};

describe('downloads', () => {
  it('offers the blank template', () => {
    expect(declarationTemplate()).toEqual({
      fileName: 'ACEP_CapeEntryNumberUploadTemplate.csv',
      content: 'Entry Number\r\n',
    });
  });

  it('writes CBP\'s Claim Details columns first, numbers as ="...", then reason code and fix', async () => {
    const broker = await brokerAccount(db.owner, db.app);
    const good = await createEntrySummary(db.owner, { filerCode: broker.filerCodes[0]! });
    const drawback = await createEntrySummary(db.owner, {
      filerCode: broker.filerCodes[0]!,
      drawbackDesignated: true,
    });
    const { declaration } = await fileDeclaration(
      broker.on(LAUNCH_DAY),
      filingInput(declarationCsv([good.entryNumber, drawback.entryNumber])),
    );
    const download = await declarationResults(broker.on(LAUNCH_DAY), declaration.id);
    expect(download!.fileName).toBe(`CAPE_Claim_Details_${declaration.claimNumber}.csv`);
    const rows = parse(download!.content, { bom: true }) as string[][];
    expect(rows[0]).toEqual([
      'ENTRY_NUMBER',
      'CLAIM_NUMBER',
      'STATUS',
      'ERROR_DESCRIPTION',
      'REASON_CODE',
      'FIX',
      'DETAIL',
      'ROW',
      'IEEPA_PRINCIPAL_USD',
    ]);
    expect(rows[1]).toEqual([
      `="${good.entryNumber}"`,
      `="${declaration.claimNumber}"`,
      'Entry Summary Updated',
      '',
      '',
      '',
      '',
      '2',
      '1000.00',
    ]);
    expect(rows[2]!.slice(0, 5)).toEqual([
      `="${drawback.entryNumber}"`,
      `="${declaration.claimNumber}"`,
      'Failed',
      'ENTRY ON DRAWBACK',
      'DRAWBACK_DESIGNATED',
    ]);
    expect(rows[2]![5]).toMatch(/drawback/i);
    expect(download!.content).toContain('\r\n');
  });

  it('lists a failed file as its validation results, and neutralizes spreadsheet formulas in what was uploaded', async () => {
    const broker = await brokerAccount(db.owner, db.app);
    const injected = '=HYPERLINK("http://evil.example","x")';
    const { declaration } = await fileDeclaration(
      broker.on(LAUNCH_DAY),
      filingInput(
        Buffer.from(
          `Entry Number\r\n${injected.replaceAll('"', '""').replace(/^/, '"').concat('"')}\r\n+1-2\r\n@SUM(A1)\r\n`,
        ),
      ),
    );
    const download = await declarationResults(broker.on(LAUNCH_DAY), declaration.id);
    const rows = parse(download!.content, { bom: true }) as string[][];
    expect(rows[0]).toEqual(['ROW', 'VALUE', 'PROBLEM_CODE', 'PROBLEM', 'SUGGESTION']);
    expect(rows.slice(1).map((r) => [r[0], r[1], r[2]])).toEqual([
      ['2', `'${injected}`, 'MALFORMED_ENTRY_NUMBER'],
      ['3', "'+1-2", 'MALFORMED_ENTRY_NUMBER'],
      ['4', "'@SUM(A1)", 'MALFORMED_ENTRY_NUMBER'],
    ]);
    // No cell of the file starts with a formula character except our own ="..." numbers.
    for (const cell of rows.flat()) expect(cell).not.toMatch(/^[=+\-@]/);
  });
});

describe('reading declarations', () => {
  it('finds them by id and by claim number (a mistyped claim number says so), lists and pages them', async () => {
    const broker = await brokerAccount(db.owner, db.app);
    const entries = [];
    for (let i = 0; i < 3; i++)
      entries.push(await createEntrySummary(db.owner, { filerCode: broker.filerCodes[0]! }));
    const filed = [];
    for (const entry of entries) {
      filed.push(
        (await fileDeclaration(broker.on(LAUNCH_DAY), filingInput(declarationCsv([entry.entryNumber]))))
          .declaration,
      );
    }
    const context = broker.on(LAUNCH_DAY);
    expect((await getDeclaration(context, filed[0]!.id))?.claimNumber).toBe(filed[0]!.claimNumber);
    const claim = filed[1]!.claimNumber!;
    expect((await getDeclarationByClaimNumber(context, `${claim.slice(0, 4)}-${claim.slice(4)}`))?.id).toBe(
      filed[1]!.id,
    );
    const typo = `${claim.slice(0, 10)}${claim[11]}${claim[10]}`;
    if (typo !== claim)
      await expect(getDeclarationByClaimNumber(context, typo)).rejects.toThrow(NotAllowedError);
    const firstPage = await listDeclarations(context, { first: 2 });
    const secondPage = await listDeclarations(context, { first: 2, after: firstPage.at(-1)!.id });
    expect([...firstPage, ...secondPage].map((d) => d.id).sort()).toEqual(filed.map((d) => d.id).sort());
    const rows = await listDeclarationEntries(context, filed[2]!.id);
    expect(rows).toEqual([
      expect.objectContaining({
        row: 2,
        entryNumber: entries[2]!.entryNumber,
        formattedEntryNumber: `${entries[2]!.entryNumber.slice(0, 3)}-${entries[2]!.entryNumber.slice(3, 10)}-${entries[2]!.entryNumber[10]}`,
        outcome: 'ACCEPTED',
        ieepaPrincipalCents: 100_000n,
      }),
    ]);
  });

  it("never shows one account another's declarations, results or downloads (cross-tenant)", async () => {
    const broker = await brokerAccount(db.owner, db.app);
    const stranger = await brokerAccount(db.owner, db.app);
    const importer = await importerAccount(db.owner, db.app, { clientOf: broker.organizationId });
    const entry = await createEntrySummary(db.owner, {
      filerCode: broker.filerCodes[0]!,
      importerPartyId: importer.partyId,
    });
    const { declaration } = await fileDeclaration(
      broker.on(LAUNCH_DAY),
      filingInput(declarationCsv([entry.entryNumber])),
    );
    for (const other of [stranger, importer]) {
      const context = other.on(LAUNCH_DAY);
      expect(await getDeclaration(context, declaration.id)).toBeNull();
      expect(await getDeclarationByClaimNumber(context, declaration.claimNumber!)).toBeNull();
      expect(await listDeclarations(context)).toEqual([]);
      expect(await listDeclarationEntries(context, declaration.id)).toBeNull();
      expect(await declarationResults(context, declaration.id)).toBeNull();
      await expect(buildRework(context, declaration.id)).rejects.toThrow(NotAllowedError);
    }
    // The stranger cannot preflight or build with the broker's entries either: they are not its own.
    const preflight = await preflightDeclaration(stranger.on(LAUNCH_DAY), {
      content: declarationCsv([entry.entryNumber]),
    });
    expect(preflight.fileProblems.map((p) => p.code)).toEqual(['ENTRIES_NOT_PERMITTED']);
    expect((await buildDeclarations(stranger.on(LAUNCH_DAY))).eligibleCount).toBe(0);
  });

  it('refuses readers without the permission and the system actor', async () => {
    const broker = await brokerAccount(db.owner, db.app);
    const notify = await memberOf(
      db.owner,
      db.app,
      (await db.owner.organization.create({ data: { kind: 'NOTIFY_PARTY', name: 'Notify' } })).id,
      'NOTIFY_PARTY',
      'ADMIN',
    );
    await expect(listDeclarations(notify.on(LAUNCH_DAY))).rejects.toThrow(ForbiddenError);
    const viewer = await memberOf(db.owner, db.app, broker.organizationId, 'BROKER', 'VIEWER');
    await expect(listDeclarations(viewer.on(LAUNCH_DAY))).resolves.toEqual([]);
    await expect(buildDeclarations(viewer.on(LAUNCH_DAY))).rejects.toThrow(ForbiddenError);
  });
});

describe('the two-person rule', () => {
  it('holds what staff prepare until another admin approves; both are recorded; approval files it', async () => {
    const broker = await brokerAccount(db.owner, db.app);
    const admin = await memberOf(db.owner, db.app, broker.organizationId, 'BROKER', 'ADMIN');
    const otherAdmin = await memberOf(db.owner, db.app, broker.organizationId, 'BROKER', 'ADMIN');
    await expect(setDeclarationApprovalRule(broker.on(LAUNCH_DAY), true)).rejects.toThrow(ForbiddenError);
    expect(await setDeclarationApprovalRule(admin.on(LAUNCH_DAY), true)).toBe(true);
    const entry = await createEntrySummary(db.owner, { filerCode: broker.filerCodes[0]! });

    const prepared = await fileDeclaration(
      broker.on(LAUNCH_DAY),
      filingInput(declarationCsv([entry.entryNumber])),
    );
    expect(prepared.declaration).toMatchObject({ status: 'AWAITING_APPROVAL', claimNumber: null });
    expect(await db.owner.declarationEntry.count({ where: { declarationId: prepared.declaration.id } })).toBe(
      0,
    );
    await expect(
      approveDeclaration(broker.on(LAUNCH_DAY), prepared.declaration.id, attestation),
    ).rejects.toThrow(ForbiddenError);
    // Another organization's admin cannot see it, let alone decide it.
    const rival = await brokerAccount(db.owner, db.app, { role: 'ADMIN' });
    await expect(
      approveDeclaration(rival.on(LAUNCH_DAY), prepared.declaration.id, attestation),
    ).rejects.toThrow('No such declaration.');
    await expect(declineDeclaration(rival.on(LAUNCH_DAY), prepared.declaration.id, 'no')).rejects.toThrow(
      'No such declaration.',
    );

    const approved = await approveDeclaration(admin.on('2026-04-22'), prepared.declaration.id, attestation);
    expect(approved.declaration).toMatchObject({
      status: 'ACCEPTED',
      submittedByUserId: broker.userId,
      decidedByUserId: admin.userId,
      decisionClientAddress: '203.0.113.5',
      filingDate: '2026-04-22',
      acceptedCount: 1,
    });
    expect(parseClaimNumber(approved.declaration.claimNumber!).ok).toBe(true);
    await expect(
      approveDeclaration(otherAdmin.on(LAUNCH_DAY), prepared.declaration.id, attestation),
    ).rejects.toThrow(/not awaiting approval/);
    const actions = await db.owner.auditLogEntry.findMany({
      where: { subjectId: prepared.declaration.id },
      orderBy: { id: 'asc' },
      select: { action: true, actorUserId: true },
    });
    expect(actions).toEqual([
      { action: 'declaration.prepared', actorUserId: broker.userId },
      { action: 'declaration.approved', actorUserId: admin.userId },
      { action: 'declaration.filed', actorUserId: admin.userId },
    ]);
  });

  it('lets admins file directly, refuses self-approval, and records a decline with its reason', async () => {
    const broker = await brokerAccount(db.owner, db.app);
    const admin = await memberOf(db.owner, db.app, broker.organizationId, 'BROKER', 'ADMIN');
    await setDeclarationApprovalRule(admin.on(LAUNCH_DAY), true);
    const a = await createEntrySummary(db.owner, { filerCode: broker.filerCodes[0]! });
    const b = await createEntrySummary(db.owner, { filerCode: broker.filerCodes[0]! });
    const direct = await fileDeclaration(admin.on(LAUNCH_DAY), filingInput(declarationCsv([a.entryNumber])));
    expect(direct.declaration.status).toBe('ACCEPTED');

    const prepared = await fileDeclaration(
      broker.on(LAUNCH_DAY),
      filingInput(declarationCsv([b.entryNumber])),
    );
    // A staff member promoted to admin still cannot approve what they prepared.
    await db.owner.membership.updateMany({ where: { userId: broker.userId }, data: { role: 'ADMIN' } });
    const promoted = {
      ...broker.on(LAUNCH_DAY),
      actor: userActor({
        userId: broker.userId,
        organizationId: broker.organizationId,
        organizationKind: 'BROKER',
        role: 'ADMIN',
      }),
    };
    await expect(approveDeclaration(promoted, prepared.declaration.id, attestation)).rejects.toThrow(
      /another admin/,
    );
    await expect(declineDeclaration(admin.on(LAUNCH_DAY), prepared.declaration.id, '  ')).rejects.toThrow(
      NotAllowedError,
    );
    const declined = await declineDeclaration(admin.on(LAUNCH_DAY), prepared.declaration.id, 'Wrong client');
    expect(declined).toMatchObject({
      status: 'APPROVAL_DECLINED',
      decisionNote: 'Wrong client',
      claimNumber: null,
    });
    await expect(declarationResults(admin.on(LAUNCH_DAY), prepared.declaration.id)).rejects.toThrow(
      NotAllowedError,
    );
  });
});

describe('building and reworking declarations', () => {
  it("builds files of the account's eligible, undeclared entries with filters, and files them", async () => {
    const broker = await brokerAccount(db.owner, db.app, { additionalFilerCodes: [] });
    const importer = await importerAccount(db.owner, db.app, { clientOf: broker.organizationId });
    const code = broker.filerCodes[0]!;
    const mine = [];
    for (let i = 0; i < 4; i++) {
      mine.push(
        await createEntrySummary(db.owner, {
          filerCode: code,
          importerPartyId: importer.partyId,
          portCode: '2704',
        }),
      );
    }
    const otherPort = await createEntrySummary(db.owner, { filerCode: code, portCode: '1001' });
    await createEntrySummary(db.owner, { filerCode: code, openProtest: true });
    const context = broker.on(LAUNCH_DAY);
    const all = await buildDeclarations(context);
    expect(all).toMatchObject({ consideredCount: 6, eligibleCount: 5 });
    expect(all.files).toHaveLength(1);
    const byImporter = await buildDeclarations(context, { iorNumber: importer.partyNumber.replace('-', '') });
    expect(byImporter.eligibleCount).toBe(4);
    expect(byImporter.files[0]!.content).toBe(
      `Entry Number\r\n${mine
        .map((e) => e.entryNumber)
        .sort()
        .join('\r\n')}\r\n`,
    );
    expect(byImporter.files[0]!.ieepaPrincipalCents).toBe(400_000n);
    const byPort = await buildDeclarations(context, { portCode: '1001' });
    expect(byPort.files[0]!.content).toContain(otherPort.entryNumber);
    expect(byPort.eligibleCount).toBe(1);
    expect((await buildDeclarations(context, { entryDateFrom: '2025-06-03' })).eligibleCount).toBe(0);

    const filed = await fileBuiltDeclarations(context, { iorNumber: importer.partyNumber }, attestation);
    expect(filed.map((f) => [f.declaration.status, f.declaration.acceptedCount])).toEqual([['ACCEPTED', 4]]);
    // Declared entries are no longer offered.
    expect((await buildDeclarations(context)).eligibleCount).toBe(1);
  });

  it('splits more than 9,999 eligible entries over several files', async () => {
    const { declarationFiles } = await import('./build-declarations.ts');
    const entries = Array.from({ length: 10_001 }, (_, i) => ({
      entryNumber: `Z01${String(i).padStart(8, '0')}`,
      ieepaPrincipalCents: 1n,
    })) as never[];
    const files = declarationFiles(entries, LAUNCH_DAY, 'x');
    expect(files.map((f) => f.entryCount)).toEqual([9_999, 2]);
    expect(files.every((f) => Buffer.byteLength(f.content) < 1_048_576)).toBe(true);
    expect(files[1]!.fileName).toBe('x_2026-04-20_2_of_2.csv');
  });

  it('reworks a declaration: files again only the rejected entries whose problem is fixed, linked to it', async () => {
    const broker = await brokerAccount(db.owner, db.app);
    const code = broker.filerCodes[0]!;
    const fixedLater = await createEntrySummary(db.owner, { filerCode: code, summaryStatus: 'REJECTED' });
    const stillBad = await createEntrySummary(db.owner, { filerCode: code, drawbackDesignated: true });
    const fine = await createEntrySummary(db.owner, { filerCode: code });
    const first = await fileDeclaration(
      broker.on(LAUNCH_DAY),
      filingInput(declarationCsv([fixedLater.entryNumber, stillBad.entryNumber, fine.entryNumber])),
    );
    expect(first.declaration.status).toBe('ACCEPTED_WITH_ERRORS');
    // The filer corrects and retransmits the entry summary; ACE accepts it.
    await db.owner.entrySummary.update({
      where: { id: fixedLater.entrySummary.id },
      data: { summaryStatus: 'ACCEPTED' },
    });
    const rework = await buildRework(broker.on('2026-04-21'), first.declaration.id);
    expect(rework.fixed.map((e) => e.entryNumber)).toEqual([fixedLater.entryNumber]);
    expect(rework.stillRejected.map((e) => [e.entryNumber, e.reasons.map((r) => r.code)])).toEqual([
      [stillBad.entryNumber, ['DRAWBACK_DESIGNATED']],
    ]);
    const filed = await fileRework(broker.on('2026-04-21'), first.declaration.id, attestation);
    expect(filed!.declaration).toMatchObject({
      status: 'ACCEPTED',
      acceptedCount: 1,
      reworkOfId: first.declaration.id,
    });
    expect(await fileRework(broker.on('2026-04-21'), first.declaration.id, attestation)).toBeNull();
  });
});
