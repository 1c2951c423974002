import { withTenant } from '@cape/db';
import { useTestDatabase } from '@cape/db/testing';
import {
  createAchEnrollment,
  createBrokerWithFilerCode,
  createImporterParty,
  createNotifyParty,
} from '@cape/testkit';
import { describe, expect, it } from 'vitest';
import { ForbiddenError, NotAllowedError, type ValidationError } from '../errors.ts';
import { designateNotifyParty, listForm4811Designations, revokeForm4811Designation } from './form-4811.ts';
import { contextFor, newMember } from './testing.ts';

const db = await useTestDatabase();
const TODAY = '2026-05-04';
const page = { offset: 0, limit: 50 };

const acme = await createImporterParty(db.owner, { name: 'Acme Imports', partyNumber: '12-345678900' });
const acmeOrg = { id: acme.organizationId!, kind: 'IMPORTER' as const };
const keystone = await createNotifyParty(db.owner, {
  name: 'Keystone Trade Finance',
  partyNumber: '45-678901200',
});
const keystoneOrg = { id: keystone.organizationId!, kind: 'NOTIFY_PARTY' as const };
const rival = await createImporterParty(db.owner, { name: 'Rival Goods', partyNumber: '98-765432100' });
const rivalOrg = { id: rival.organizationId!, kind: 'IMPORTER' as const };
const broker = await createBrokerWithFilerCode(db.owner, { name: 'Harbor Brokerage' });

const acmeAdmin = await newMember(db, acmeOrg, 'ADMIN', TODAY);
const acmeStaff = await newMember(db, acmeOrg, 'STAFF', TODAY);
const keystoneStaff = await newMember(db, keystoneOrg, 'STAFF', TODAY);
const rivalAdmin = await newMember(db, rivalOrg, 'ADMIN', TODAY);
const brokerAdmin = await newMember(db, { id: broker.organizationId, kind: 'BROKER' }, 'ADMIN', TODAY);

const REFUNDS_ONLY = { coversRefunds: true, coversBills: false, coversLiquidationNotices: false };

describe('Form 4811 designations', () => {
  it('lets the importer admin name a notify party by its number (normalized), effective today', async () => {
    const designation = await designateNotifyParty(acmeAdmin.context, {
      notifyPartyNumber: ' 45-678901200 ',
      ...REFUNDS_ONLY,
    });
    expect(designation).toMatchObject({
      importer: { partyNumber: '12-345678900', name: 'Acme Imports' },
      notifyParty: { partyNumber: '45-678901200', name: 'Keystone Trade Finance' },
      status: 'IN_FORCE',
      filedOn: TODAY,
      effectiveFrom: TODAY,
      effectiveUntil: null,
      inForceToday: true,
      notifyPartyAchActive: false,
      refundsRoutedToNotifyParty: false,
    });
    expect(designation.refundRouting).toContain(
      'has no active ACH refund enrollment, so they are paid to Acme Imports',
    );
    const [audit] = await db.owner.auditLogEntry.findMany({ where: { action: 'form_4811.designated' } });
    expect(audit).toMatchObject({
      organizationId: acmeOrg.id,
      actorUserId: acmeAdmin.userId,
      subjectId: designation.id,
    });
  });

  it('shows the notify party what is routed to it and why, and that changes with its ACH enrollment', async () => {
    const before = await listForm4811Designations(keystoneStaff.context, 'RECEIVED', {}, page);
    expect(before.designations.map((d) => [d.importer.name, d.refundsRoutedToNotifyParty])).toEqual([
      ['Acme Imports', false],
    ]);
    await createAchEnrollment(db.owner, { partyId: keystone.partyId });
    const after = await listForm4811Designations(keystoneStaff.context, 'RECEIVED', {}, page);
    expect(after.designations[0]).toMatchObject({
      notifyPartyAchActive: true,
      refundsRoutedToNotifyParty: true,
    });
    expect(after.designations[0]!.refundRouting).toBe(
      "Refunds of Acme Imports's entries that name Keystone Trade Finance as notify party on the entry summary (box 28) " +
        'and liquidate while this designation is in force are paid to Keystone Trade Finance, which is enrolled for ACH refunds.',
    );
    expect(await after.totalCount()).toBe(1);
    // The importer sees the same routing from its side.
    const given = await listForm4811Designations(acmeStaff.context, 'GIVEN', {}, page);
    expect(given.designations.map((d) => [d.notifyParty.name, d.refundsRoutedToNotifyParty])).toEqual([
      ['Keystone Trade Finance', true],
    ]);
  });

  it('refuses an overlapping designation for the same scope, and accepts one for another scope', async () => {
    const other = await createNotifyParty(db.owner, {
      name: 'Parcel Carrier Inc',
      partyNumber: '77-123456700',
    });
    await expect(
      designateNotifyParty(acmeAdmin.context, {
        notifyPartyNumber: other.party.partyNumber,
        ...REFUNDS_ONLY,
      }),
    ).rejects.toThrow(/already designates Keystone Trade Finance \(45-678901200\) for refunds/);
    const bills = await designateNotifyParty(acmeAdmin.context, {
      notifyPartyNumber: '77-123456700',
      coversRefunds: false,
      coversBills: true,
      coversLiquidationNotices: true,
      effectiveFrom: '2026-06-01',
      effectiveUntil: '2027-06-01',
    });
    expect(bills).toMatchObject({
      inForceToday: false,
      refundsRoutedToNotifyParty: false,
      effectiveFrom: '2026-06-01',
    });
    expect(bills.refundRouting).toContain('does not cover refunds');
  });

  it('registers a notify party not known here when its name is given, and asks for the name otherwise', async () => {
    await expect(
      designateNotifyParty(rivalAdmin.context, { notifyPartyNumber: '33-444555600', ...REFUNDS_ONLY }),
    ).rejects.toThrow("give the notify party's name");
    const designation = await designateNotifyParty(rivalAdmin.context, {
      notifyPartyNumber: '33-444555600',
      notifyPartyName: 'Customs Agent Services LLC',
      ...REFUNDS_ONLY,
    });
    expect(designation.notifyParty).toMatchObject({
      partyNumber: '33-444555600',
      name: 'Customs Agent Services LLC',
    });
    const party = await db.owner.party.findUniqueOrThrow({ where: { partyNumber: '33-444555600' } });
    expect(party).toMatchObject({ kind: 'NOTIFY_PARTY', organizationId: null, partyNumberKind: 'EIN' });
  });

  it('refuses bad input with the field: no scope, a past start, an end before the start, bad numbers, itself', async () => {
    const attempt = (input: Partial<Parameters<typeof designateNotifyParty>[1]>) =>
      designateNotifyParty(acmeAdmin.context, {
        notifyPartyNumber: '45-678901200',
        ...REFUNDS_ONLY,
        ...input,
      }).then(
        () => {
          throw new Error('the designation was accepted');
        },
        (error: unknown) => error as ValidationError,
      );
    expect((await attempt({ coversRefunds: false })).issues?.[0]?.message).toContain('at least one');
    expect((await attempt({ effectiveFrom: '2026-05-03' })).issues?.[0]).toEqual({
      path: 'input.effectiveFrom',
      message: 'A designation takes effect today (2026-05-04) or later, not 2026-05-03.',
    });
    expect(
      (await attempt({ effectiveFrom: '2026-07-01', effectiveUntil: '2026-07-01' })).issues?.[0]?.path,
    ).toBe('input.effectiveUntil');
    expect((await attempt({ effectiveFrom: '2026-02-30' })).issues?.[0]?.message).toContain(
      'not a calendar date',
    );
    expect((await attempt({ notifyPartyNumber: '912-34-5678' })).issues?.[0]?.message).toContain('ITIN');
    expect((await attempt({ notifyPartyNumber: '12345678900' })).issues?.[0]?.path).toBe(
      'input.notifyPartyNumber',
    );
    expect((await attempt({ notifyPartyNumber: '12-345678900' })).message).toContain('cannot name itself');
    expect(await attempt({})).toBeInstanceOf(NotAllowedError);
  });

  it('revokes without deleting: history keeps the row, the period ends, later designations may follow', async () => {
    const [current] = (
      await listForm4811Designations(
        acmeAdmin.context,
        'GIVEN',
        { status: 'IN_FORCE', partyNumber: '45-678901200' },
        page,
      )
    ).designations;
    await expect(
      revokeForm4811Designation(acmeAdmin.context, {
        designationId: current!.id,
        effectiveUntil: '2026-05-01',
      }),
    ).rejects.toThrow('today (2026-05-04) or later');
    const revoked = await revokeForm4811Designation(acmeAdmin.context, { designationId: current!.id });
    expect(revoked).toMatchObject({ status: 'REVOKED', effectiveUntil: TODAY, inForceToday: false });
    expect(revoked.refundRouting).toContain('ended on 2026-05-04');
    await expect(
      revokeForm4811Designation(acmeAdmin.context, { designationId: current!.id }),
    ).rejects.toThrow('already revoked');
    // A new refund designation from today no longer overlaps the revoked one.
    await designateNotifyParty(acmeAdmin.context, { notifyPartyNumber: '45-678901200', ...REFUNDS_ONLY });
    const history = await listForm4811Designations(
      acmeAdmin.context,
      'GIVEN',
      { partyNumber: '45-678901200' },
      page,
    );
    expect(history.designations.map((d) => [d.status, d.effectiveFrom, d.effectiveUntil])).toEqual([
      ['IN_FORCE', TODAY, null],
      ['REVOKED', TODAY, TODAY],
    ]);
    expect(await db.owner.form4811Designation.count({ where: { importerPartyId: acme.partyId } })).toBe(3);
    // A designation revoked before it starts keeps an empty period.
    const future = (
      await listForm4811Designations(acmeAdmin.context, 'GIVEN', { partyNumber: '77-123456700' }, page)
    ).designations[0]!;
    const early = await revokeForm4811Designation(acmeAdmin.context, { designationId: future.id });
    expect([early.effectiveFrom, early.effectiveUntil]).toEqual(['2026-06-01', '2026-06-01']);
    expect((await db.owner.auditLogEntry.findMany({ where: { action: 'form_4811.revoked' } })).length).toBe(
      2,
    );
  });

  it('cannot be deleted by the application, even by the importer admin', async () => {
    const deleted = await withTenant(
      db.app,
      { organizationId: acmeOrg.id, organizationKind: 'IMPORTER', userId: acmeAdmin.userId },
      async (tx) => {
        return await tx.form4811Designation.deleteMany({});
      },
    );
    expect(deleted.count).toBe(0);
  });

  it('is managed by the importer admin only: staff, notify parties and brokers are refused', async () => {
    for (const member of [acmeStaff, keystoneStaff, brokerAdmin]) {
      await expect(
        designateNotifyParty(member.context, { notifyPartyNumber: '45-678901200', ...REFUNDS_ONLY }),
      ).rejects.toBeInstanceOf(ForbiddenError);
    }
    await expect(listForm4811Designations(brokerAdmin.context, 'GIVEN', {}, page)).rejects.toBeInstanceOf(
      ForbiddenError,
    );
  });

  it('keeps accounts apart: another importer neither sees nor revokes Acme’s designations', async () => {
    const acmeDesignations = await listForm4811Designations(acmeAdmin.context, 'GIVEN', {}, page);
    const rivalGiven = await listForm4811Designations(rivalAdmin.context, 'GIVEN', {}, page);
    expect(rivalGiven.designations.map((d) => d.importer.partyNumber)).toEqual(['98-765432100']);
    expect((await listForm4811Designations(rivalAdmin.context, 'RECEIVED', {}, page)).designations).toEqual(
      [],
    );
    const target = acmeDesignations.designations.find((d) => d.status === 'IN_FORCE' && d.coversRefunds)!;
    await expect(revokeForm4811Designation(rivalAdmin.context, { designationId: target.id })).rejects.toThrow(
      'No designation of yours',
    );
    // Naming Acme's notify party does not let Rival see Acme's designation to it.
    const keystoneView = await listForm4811Designations(
      contextFor(db.app, { userId: keystoneStaff.userId, organization: keystoneOrg, role: 'STAFF' }, TODAY),
      'RECEIVED',
      {},
      page,
    );
    expect(keystoneView.designations.every((d) => d.importer.partyNumber === '12-345678900')).toBe(true);
    const rivalReadsKeystone = await withTenant(
      db.app,
      { organizationId: rivalOrg.id, organizationKind: 'IMPORTER', userId: rivalAdmin.userId },
      async (tx) => {
        return await tx.form4811Designation.count({ where: { importerPartyId: acme.partyId } });
      },
    );
    expect(rivalReadsKeystone).toBe(0);
  });
});
