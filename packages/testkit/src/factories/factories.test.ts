import { verifyPassword } from '@cape/auth';
import { withTenant } from '@cape/db';
import { useTestDatabase } from '@cape/db/testing';
import { isValidAbaRoutingNumber, parseEntryNumber, parseImporterNumber } from '@cape/domain';
import { describe, expect, it } from 'vitest';
import { createEntrySummary } from './entry-summaries.ts';
import { createBrokerWithFilerCode, createOrganization, createUser } from './organizations.ts';
import {
  createAchEnrollment,
  createDebt,
  createForm4811Designation,
  createImporterParty,
  createNotifyParty,
} from './parties.ts';

const db = await useTestDatabase();

describe('factories', () => {
  it('create organizations and users with hashed passwords and memberships', async () => {
    const organization = await createOrganization(db.owner, { kind: 'OPERATOR' });
    expect(organization.kind).toBe('OPERATOR');
    const { user, membership, password } = await createUser(db.owner, {
      email: 'Someone@Example.test',
      organizationId: organization.id,
      role: 'STAFF',
    });
    expect(user.email).toBe('someone@example.test');
    expect(membership).toMatchObject({ organizationId: organization.id, role: 'STAFF' });
    expect(await verifyPassword(password, user.passwordHash)).toBe(true);
    expect((await createUser(db.owner)).membership).toBeNull();
  });

  it('create a broker with the filer codes asked for, or fresh ones', async () => {
    const broker = await createBrokerWithFilerCode(db.owner, {
      filerCode: 'B76',
      additionalFilerCodes: ['002'],
    });
    expect(broker.filerCodes).toEqual(['B76', '002']);
    const codes = await db.owner.filerCode.findMany({ where: { organizationId: broker.organizationId } });
    expect(codes.map((c) => c.code).sort()).toEqual(['002', 'B76']);
    const other = await createBrokerWithFilerCode(db.owner);
    expect(other.filerCode).toMatch(/^[A-Z0-9]{3}$/);
    expect(other.filerCode).not.toBe('000');
  });

  it('create parties with valid, unique numbers and optional accounts', async () => {
    const broker = await createBrokerWithFilerCode(db.owner);
    const withAccount = await createImporterParty(db.owner, { clientOf: broker.organizationId });
    const withoutAccount = await createImporterParty(db.owner, {
      organizationId: null,
      partyNumber: '123-45-6789',
    });
    expect(withAccount.organization?.kind).toBe('IMPORTER');
    expect(withoutAccount.party).toMatchObject({
      organizationId: null,
      partyNumberKind: 'SSN',
      corporate: false,
    });
    expect(parseImporterNumber(withAccount.party.partyNumber).ok).toBe(true);
    expect(withAccount.party.partyNumber).not.toBe(withoutAccount.party.partyNumber);
    const clients = await db.owner.brokerClient.findMany({
      where: { brokerOrganizationId: broker.organizationId },
    });
    expect(clients.map((c) => c.partyId)).toEqual([withAccount.partyId]);
    await expect(createImporterParty(db.owner, { partyNumber: '12-3456789OI' })).rejects.toThrow(/O, I or Z/);
  });

  it('create designations, ACH enrollments and debts', async () => {
    const importer = await createImporterParty(db.owner);
    const notify = await createNotifyParty(db.owner);
    expect(notify.party.kind).toBe('NOTIFY_PARTY');
    expect(notify.organization?.kind).toBe('NOTIFY_PARTY');
    const designation = await createForm4811Designation(db.owner, {
      importerPartyId: importer.partyId,
      notifyPartyId: notify.partyId,
    });
    expect(designation).toMatchObject({ status: 'IN_FORCE', coversRefunds: true, effectiveUntil: null });
    const ach = await createAchEnrollment(db.owner, { partyId: importer.partyId });
    expect(ach).toMatchObject({ organizationId: importer.organizationId, status: 'ACTIVE' });
    expect(isValidAbaRoutingNumber(ach.routingNumber)).toBe(true);
    const debt = await createDebt(db.owner, { partyId: notify.partyId, outstandingCents: 10_000n });
    expect(debt).toMatchObject({ originalCents: 50_000n, outstandingCents: 10_000n });
    const accountless = await createImporterParty(db.owner, { organizationId: null });
    await expect(createAchEnrollment(db.owner, { partyId: accountless.partyId })).rejects.toThrow(
      /no organization/,
    );
  });

  it('create an entry summary with consistent totals and tenant keys, visible to the filer and the importer', async () => {
    const broker = await createBrokerWithFilerCode(db.owner, { filerCode: 'K9R' });
    const importer = await createImporterParty(db.owner, { clientOf: broker.organizationId });
    const created = await createEntrySummary(db.owner, {
      filerCode: broker.filerCode,
      importerPartyId: importer.partyId,
      entryDate: '2025-09-15',
      lines: [
        {
          countryOfOrigin: 'CN',
          enteredValueCents: 2_000_000n,
          htsNumber: '8544429090',
          mfnBasisPoints: 260,
          chapter99: [
            { htsNumber: '9903.01.24' },
            { htsNumber: '9903.01.25' },
            { htsNumber: '9903.88.03', basisPoints: 2500 },
          ],
        },
        { countryOfOrigin: 'MX', enteredValueCents: 500_000n, chapter99: [{ htsNumber: '9903.01.27' }] },
      ],
    });
    expect(parseEntryNumber(created.entryNumber).ok).toBe(true);
    expect(created.entryNumber.startsWith('K9R')).toBe(true);
    // $20,000 x (2.6% + 20% + 10% + 25%) + $5,000 x 0%
    expect(created.totalDutyCents).toBe(52_000n + 400_000n + 200_000n + 500_000n);
    expect(created.ieepaDutyCents).toBe(600_000n);
    expect(created.entrySummary).toMatchObject({
      filerOrganizationId: broker.organizationId,
      importerOrganizationId: importer.organizationId,
      currentVersion: 1,
    });
    expect(
      created.lines.map((l) => l.tariffs.map((t) => `${t.htsNumber} ${t.tariffClass} ${t.rateText}`)),
    ).toEqual([
      [
        '8544429090 HTS_CHAPTER_1_97 2.6%',
        '99030124 IEEPA 20%',
        '99030125 IEEPA 10%',
        '99038803 SECTION_301 25%',
      ],
      ['8471300100 HTS_CHAPTER_1_97 Free', '99030127 IEEPA Free'],
    ]);
    const version = await db.owner.entrySummaryVersion.findUniqueOrThrow({
      where: { entrySummaryId_versionNumber: { entrySummaryId: created.entrySummary.id, versionNumber: 1 } },
    });
    expect(version).toMatchObject({ reason: 'ORIGINAL', totalDutyCents: created.totalDutyCents });

    const user = await createUser(db.owner, { organizationId: broker.organizationId });
    const seenByBroker = await withTenant(
      db.app,
      { organizationId: broker.organizationId, organizationKind: 'BROKER', userId: user.user.id },
      (tx) => tx.entrySummary.findMany({ select: { entryNumber: true } }),
    );
    expect(seenByBroker).toEqual([{ entryNumber: created.entryNumber }]);
    const importerUser = await createUser(db.owner, { organizationId: importer.organizationId! });
    const seenByImporter = await withTenant(
      db.app,
      {
        organizationId: importer.organizationId!,
        organizationKind: 'IMPORTER',
        userId: importerUser.user.id,
      },
      (tx) => tx.entrySummary.count(),
    );
    expect(seenByImporter).toBe(1);
  });

  it('create a whole entry with defaults, and liquidated ones when a date is given', async () => {
    const plain = await createEntrySummary(db.owner);
    expect(plain.entrySummary).toMatchObject({
      entryType: '01',
      liquidationStatus: 'UNLIQUIDATED',
      summaryStatus: 'ACCEPTED',
    });
    expect(plain.ieepaDutyCents).toBe(100_000n); // 10% of $10,000 under 9903.01.25
    expect(plain.entrySummary.ieepaDutyPaidBySurety).toBe(false);
    const suretyPaid = await createEntrySummary(db.owner, {
      filerCode: plain.entryNumber.slice(0, 3),
      importerPartyId: plain.entrySummary.importerPartyId,
      ieepaDutyPaidBySurety: true,
      // Any spelling of a Chapter 99 number; stored as digits.
      lines: [{ chapter99: [{ htsNumber: 'HTS 9903-01-25' }] }],
    });
    expect(suretyPaid.entrySummary.ieepaDutyPaidBySurety).toBe(true);
    expect(suretyPaid.lines[0]!.tariffs.map((t) => `${t.htsNumber} ${t.tariffClass}`)).toContain(
      '99030125 IEEPA',
    );
    // A tariff number that is not 8 or 10 digits is refused, never stored as an ordinary tariff.
    await expect(
      createEntrySummary(db.owner, {
        filerCode: plain.entryNumber.slice(0, 3),
        importerPartyId: plain.entrySummary.importerPartyId,
        lines: [{ chapter99: [{ htsNumber: '9903.01.2', basisPoints: 1000 }] }],
      }),
    ).rejects.toThrow(/has 7 digits/);
    const liquidated = await createEntrySummary(db.owner, {
      filerCode: plain.entryNumber.slice(0, 3),
      importerPartyId: plain.entrySummary.importerPartyId,
      liquidationDate: '2026-04-03',
      entryDate: '2026-03-02',
      lines: [{}],
    });
    expect(liquidated.entrySummary.liquidationStatus).toBe('LIQUIDATED');
    expect(liquidated.ieepaDutyCents).toBe(0n); // no IEEPA default after collection stopped
    await expect(
      createEntrySummary(db.owner, {
        filerCode: plain.entryNumber.slice(0, 3),
        entryNumber: plain.entryNumber,
      }),
    ).rejects.toThrow();
  });
});
