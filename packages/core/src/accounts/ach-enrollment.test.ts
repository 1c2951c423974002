import { randomBytes } from 'node:crypto';
import { withTenant } from '@cape/db';
import { useTestDatabase } from '@cape/db/testing';
import { createBrokerWithFilerCode, createImporterParty, createNotifyParty } from '@cape/testkit';
import { runMigrations } from 'graphile-worker';
import { describe, expect, it } from 'vitest';
import { fixedBusinessClock } from '../business-clock.ts';
import { type ServiceContext, systemActor } from '../context.ts';
import { ForbiddenError, NotAllowedError, ValidationError } from '../errors.ts';
import { parseAchKeyRing } from './ach-encryption.ts';
import {
  enrollAchRefund,
  listAchAccessGrants,
  listAchRefundEnrollments,
  revokeAchRefundEnrollment,
  setAchAccess,
} from './ach-enrollment.ts';
import { reencryptAchAccountNumbers } from './ach-key-rotation.ts';
import { removeMember } from './members.ts';
import { newMember, openAchCiphertextByHand as openByHand } from './testing.ts';

const db = await useTestDatabase();
const KEY_1 = randomBytes(32);
const KEY_2 = randomBytes(32);
const keyRing = parseAchKeyRing(`k1:${KEY_1.toString('base64')}`);

const acme = await createImporterParty(db.owner, { name: 'Acme Imports', partyNumber: '12-345678900' });
const acmeOrg = { id: acme.organizationId!, kind: 'IMPORTER' as const };
// A second IOR number of the same account (a different suffix).
const acmeSecond = await createImporterParty(db.owner, {
  name: 'Acme Imports (West)',
  partyNumber: '12-3456789AB',
  organizationId: acmeOrg.id,
});
const rival = await createImporterParty(db.owner, { name: 'Rival Goods', partyNumber: '98-765432100' });
const rivalOrg = { id: rival.organizationId!, kind: 'IMPORTER' as const };
const broker = await createBrokerWithFilerCode(db.owner, { name: 'Harbor Brokerage' });
const brokerOrg = { id: broker.organizationId, kind: 'BROKER' as const };

const acmeAdmin = await newMember(db, acmeOrg, 'ADMIN');
const acmeStaff = await newMember(db, acmeOrg, 'STAFF');
const acmeClerk = await newMember(db, acmeOrg, 'VIEWER');
const rivalAdmin = await newMember(db, rivalOrg, 'ADMIN');
const brokerAdmin = await newMember(db, brokerOrg, 'ADMIN');

const options = { keyRing };
// The worker's job queue, as the worker installs it: enrollments queue the release of held refunds there.
await runMigrations({ connectionString: db.ownerUrl });

/** The party ids of each release job queued since the last call, oldest first. */
let seenJobs = 0n;
async function releaseJobs(): Promise<(string[] | null)[]> {
  const jobs = await db.owner.$queryRaw<{ id: bigint; payload: { partyIds: string[] | null } }[]>`
    select j.id, j.payload from graphile_worker._private_jobs j
      join graphile_worker._private_tasks t on t.id = j.task_id
     where t.identifier = 'cape.refunds.release-held' and j.id > ${seenJobs} order by j.id`;
  if (jobs.length > 0) seenJobs = jobs.at(-1)!.id;
  return jobs.map((job) => job.payload.partyIds);
}
const ACME_BANK = {
  partyNumber: '12-345678900',
  routingNumber: '021000021',
  accountType: 'CHECKING' as const,
};

async function storedRow(partyId: string) {
  return await db.owner.achRefundEnrollment.findUniqueOrThrow({ where: { partyId } });
}

async function auditOf(action: string) {
  return await db.owner.auditLogEntry.findMany({ where: { action }, orderBy: { id: 'asc' } });
}

describe('ACH refund enrollment', () => {
  it('lets the importer admin enroll: ACTIVE, shown masked, stored encrypted, audited without the number', async () => {
    const result = await enrollAchRefund(
      acmeAdmin.context,
      { ...ACME_BANK, accountNumber: '000987654321' },
      options,
    );
    expect(result.enrollment).toMatchObject({
      routingNumber: '021000021',
      accountNumberMasked: '••••4321',
      accountType: 'CHECKING',
      status: 'ACTIVE',
    });
    expect(JSON.stringify(result)).not.toContain('987654321');

    const row = await storedRow(acme.partyId);
    expect(row.accountLast4).toBe('4321');
    expect(row.accountCiphertext).not.toBeNull();
    expect(row.accountCiphertext).not.toContain('987654321');
    expect(openByHand(row.accountCiphertext!, KEY_1, acme.partyId)).toBe('000987654321');
    // A tampered ciphertext in the database no longer opens.
    const tampered = row.accountCiphertext!.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    expect(() => openByHand(tampered, KEY_1, acme.partyId)).toThrow();

    const [audit] = await auditOf('ach_enrollment.enrolled');
    expect(audit).toMatchObject({
      organizationId: acmeOrg.id,
      actorUserId: acmeAdmin.userId,
      apiTokenId: null,
      subjectId: row.id,
    });
    expect(audit!.details).toMatchObject({
      partyNumber: '12-345678900',
      accountNumber: '••••4321',
      previous: null,
    });
    expect(JSON.stringify(audit!.details)).not.toContain('987654321');
    expect(await releaseJobs()).toEqual([[acme.partyId]]);
  });

  it('replaces the account in place (one per importer number) and audits old and new, masked', async () => {
    await enrollAchRefund(
      acmeAdmin.context,
      { ...ACME_BANK, routingNumber: '111000025', accountNumber: '11112222', accountType: 'SAVINGS' },
      options,
    );
    expect(await db.owner.achRefundEnrollment.count({ where: { partyId: acme.partyId } })).toBe(1);
    const row = await storedRow(acme.partyId);
    expect(openByHand(row.accountCiphertext!, KEY_1, acme.partyId)).toBe('11112222');
    const [changed] = await auditOf('ach_enrollment.changed');
    expect(changed!.details).toMatchObject({
      routingNumber: '111000025',
      accountNumber: '••••2222',
      accountType: 'SAVINGS',
      previous: {
        routingNumber: '021000021',
        accountNumber: '••••4321',
        accountType: 'CHECKING',
        status: 'ACTIVE',
      },
    });
  });

  it('refuses bad routing and account numbers with the reason, writing nothing', async () => {
    const attempt = (routingNumber: string, accountNumber: string) =>
      enrollAchRefund(
        acmeAdmin.context,
        { ...ACME_BANK, partyNumber: '12-3456789AB', routingNumber, accountNumber },
        options,
      );
    // 123456789: 3(1+4+7) + 7(2+5+8) + (3+6+9) = 36 + 105 + 18 = 159, not a multiple of 10.
    await expect(attempt('123456789', '12345678')).rejects.toThrow('fails the ABA check digit');
    // 991000025 passes the 3-7-1 checksum, 3(9+0+0) + 7(9+0+2) + (1+0+5) = 110, but 99 is no ABA prefix.
    await expect(attempt('991000025', '12345678')).rejects.toThrow('not an ABA routing prefix');
    await expect(attempt('02100002', '12345678')).rejects.toThrow('exactly 9 digits');
    for (const accountNumber of ['123', '123456789012345678', '1234-5678', '']) {
      const error = await attempt('021000021', accountNumber).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues).toEqual([
        { path: 'input.accountNumber', message: expect.stringContaining('4 to 17 digits') },
      ]);
    }
    const both = await attempt('123456789', 'x').catch((caught: unknown) => caught);
    expect((both as ValidationError).issues.map((issue) => issue.path)).toEqual([
      'input.routingNumber',
      'input.accountNumber',
    ]);
    expect(await db.owner.achRefundEnrollment.count({ where: { partyId: acmeSecond.partyId } })).toBe(0);
    // 17 digits is the longest account number.
    await attempt('021000021', '12345678901234567');
    expect((await storedRow(acmeSecond.partyId)).accountLast4).toBe('4567');
  });

  it('never lets a broker see or change it, not even through the database', async () => {
    await expect(listAchRefundEnrollments(brokerAdmin.context)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(
      enrollAchRefund(brokerAdmin.context, { ...ACME_BANK, accountNumber: '44445555' }, options),
    ).rejects.toBeInstanceOf(ForbiddenError);
    const forged = withTenant(
      db.app,
      { organizationId: brokerOrg.id, organizationKind: 'BROKER', userId: brokerAdmin.userId },
      async (tx) => {
        const visible = await tx.achRefundEnrollment.count();
        await tx.achRefundEnrollment.create({
          data: {
            partyId: rival.partyId,
            organizationId: brokerOrg.id,
            routingNumber: '021000021',
            accountLast4: '5555',
            status: 'ACTIVE',
          },
        });
        return visible;
      },
    );
    await expect(forged).rejects.toThrow(/row-level security/);
    const visibleToBroker = await withTenant(
      db.app,
      { organizationId: acmeOrg.id, organizationKind: 'IMPORTER', userId: brokerAdmin.userId },
      async (tx) => {
        return await tx.achRefundEnrollment.count();
      },
    );
    // Claiming Acme's organization without being its member shows nothing either.
    expect(visibleToBroker).toBe(0);
  });

  it('refuses members without a grant; a read-only grant views but cannot change; a full grant changes', async () => {
    await expect(listAchRefundEnrollments(acmeStaff.context)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(
      setAchAccess(acmeStaff.context, { userId: acmeClerk.userId, access: 'FULL' }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    await setAchAccess(acmeAdmin.context, { userId: acmeClerk.userId, access: 'READ_ONLY' });
    const seen = await listAchRefundEnrollments(acmeClerk.context);
    expect(seen.access).toBe('READ_ONLY');
    expect(seen.parties.map((party) => [party.partyNumber, party.enrollment?.accountNumberMasked])).toEqual([
      ['12-345678900', '••••2222'],
      ['12-3456789AB', '••••4567'],
    ]);
    await expect(
      enrollAchRefund(acmeClerk.context, { ...ACME_BANK, accountNumber: '99998888' }, options),
    ).rejects.toBeInstanceOf(ForbiddenError);
    await expect(revokeAchRefundEnrollment(acmeClerk.context, {})).rejects.toBeInstanceOf(ForbiddenError);
    // Row-level security holds too: the read-only member's own transaction may not update the row.
    const direct = withTenant(
      db.app,
      { organizationId: acmeOrg.id, organizationKind: 'IMPORTER', userId: acmeClerk.userId },
      async (tx) => {
        return await tx.achRefundEnrollment.updateMany({ data: { routingNumber: '011000015' } });
      },
    );
    expect((await direct).count).toBe(0);

    await setAchAccess(acmeAdmin.context, { userId: acmeStaff.userId, access: 'FULL' });
    await enrollAchRefund(acmeStaff.context, { ...ACME_BANK, accountNumber: '31313131' }, options);
    expect((await storedRow(acme.partyId)).accountLast4).toBe('3131');
    expect(
      (await listAchAccessGrants(acmeAdmin.context)).map((grant) => [grant.userId, grant.access]),
    ).toEqual([
      [acmeClerk.userId, 'READ_ONLY'],
      [acmeStaff.userId, 'FULL'],
    ]);
    const audit = await auditOf('ach_access.granted');
    expect(audit.map((row) => (row.details as { access: string }).access)).toEqual(['READ_ONLY', 'FULL']);
  });

  it('ends a grant with the membership: a removed member loses ACH access at once', async () => {
    const temp = await newMember(db, acmeOrg, 'STAFF');
    await setAchAccess(acmeAdmin.context, { userId: temp.userId, access: 'READ_ONLY' });
    expect((await listAchRefundEnrollments(temp.context)).access).toBe('READ_ONLY');
    await removeMember(acmeAdmin.context, { userId: temp.userId });
    await expect(listAchRefundEnrollments(temp.context)).rejects.toBeInstanceOf(ForbiddenError);
    expect(await db.owner.achAccessGrant.count({ where: { userId: temp.userId } })).toBe(0);
  });

  it('refuses admins as grantees and members of other accounts', async () => {
    await expect(
      setAchAccess(acmeAdmin.context, { userId: acmeAdmin.userId, access: 'READ_ONLY' }),
    ).rejects.toBeInstanceOf(NotAllowedError);
    await expect(
      setAchAccess(acmeAdmin.context, { userId: rivalAdmin.userId, access: 'FULL' }),
    ).rejects.toThrow('not a member of your account');
  });

  it('keeps accounts apart: another importer neither sees nor changes Acme’s enrollment', async () => {
    const rivalView = await listAchRefundEnrollments(rivalAdmin.context);
    expect(rivalView.parties.map((party) => party.partyNumber)).toEqual(['98-765432100']);
    await expect(
      enrollAchRefund(rivalAdmin.context, { ...ACME_BANK, accountNumber: '66667777' }, options),
    ).rejects.toThrow('12-345678900 is not one of your account');
    await expect(
      revokeAchRefundEnrollment(rivalAdmin.context, { partyNumber: '12-345678900' }),
    ).rejects.toThrow('not one of your account');
    expect(await listAchAccessGrants(rivalAdmin.context)).toEqual([]);
    expect((await storedRow(acme.partyId)).accountLast4).toBe('3131');
  });

  it('revokes: refunds are held from then on, the ciphertext is erased, re-enrolling activates again', async () => {
    await releaseJobs();
    const revoked = await revokeAchRefundEnrollment(acmeAdmin.context, { partyNumber: '12-345678900' });
    expect(revoked.enrollment).toMatchObject({ status: 'REVOKED', accountNumberMasked: '••••3131' });
    const row = await storedRow(acme.partyId);
    expect(row.accountCiphertext).toBeNull();
    expect(row.revokedAt).not.toBeNull();
    await expect(
      revokeAchRefundEnrollment(acmeAdmin.context, { partyNumber: '12-345678900' }),
    ).rejects.toBeInstanceOf(NotAllowedError);
    // Revoking queues no release.
    expect(await releaseJobs()).toEqual([]);
    await enrollAchRefund(acmeAdmin.context, { ...ACME_BANK, accountNumber: '24682468' }, options);
    expect((await storedRow(acme.partyId)).status).toBe('ACTIVE');
    expect(await releaseJobs()).toEqual([[acme.partyId]]);
    expect((await auditOf('ach_enrollment.revoked')).map((audit) => audit.actorUserId)).toEqual([
      acmeAdmin.userId,
    ]);
  });

  it('asks which number when the account holds several, and refuses without configured keys', async () => {
    await expect(
      enrollAchRefund(
        acmeAdmin.context,
        { ...ACME_BANK, partyNumber: null, accountNumber: '12345678' },
        options,
      ),
    ).rejects.toThrow('several numbers');
    await expect(
      enrollAchRefund(
        rivalAdmin.context,
        { ...ACME_BANK, partyNumber: null, accountNumber: '12345678' },
        { keyRing: null },
      ),
    ).rejects.toThrow('ACH_ENCRYPTION_KEYS');
  });

  it('lets a notify party’s admin enroll its own number', async () => {
    const keystone = await createNotifyParty(db.owner, {
      name: 'Keystone Trade Finance',
      partyNumber: '45-678901200',
    });
    const keystoneAdmin = await newMember(
      db,
      { id: keystone.organizationId!, kind: 'NOTIFY_PARTY' },
      'ADMIN',
    );
    const result = await enrollAchRefund(
      keystoneAdmin.context,
      { routingNumber: '011000015', accountNumber: '700070007', accountType: 'CHECKING' },
      options,
    );
    expect(result).toMatchObject({
      partyNumber: '45-678901200',
      enrollment: { accountNumberMasked: '••••0007' },
    });
  });

  it('re-encrypts every stored number under a new key (rotation) and audits each row', async () => {
    await releaseJobs();
    const before = await db.owner.achRefundEnrollment.findMany({
      where: { accountCiphertext: { not: null } },
    });
    expect(before.length).toBe(3);
    const rotated = parseAchKeyRing(`k2:${KEY_2.toString('base64')},k1:${KEY_1.toString('base64')}`);
    const system: ServiceContext = {
      db: db.owner,
      actor: systemActor('key rotation test'),
      clock: fixedBusinessClock('2026-05-04'),
    };
    const report = await reencryptAchAccountNumbers(system, rotated, { batchSize: 2 });
    expect(report).toEqual({ reencrypted: 3, fromKeys: { k1: 3 } });
    for (const old of before) {
      const now = await storedRow(old.partyId);
      expect(now.accountCiphertext!.startsWith('k2:')).toBe(true);
      expect(openByHand(now.accountCiphertext!, KEY_2, old.partyId)).toBe(
        openByHand(old.accountCiphertext!, KEY_1, old.partyId),
      );
    }
    expect(await auditOf('ach_enrollment.reencrypted')).toHaveLength(3);
    // Re-encryption changes no bank details: nothing is released by it.
    expect(await releaseJobs()).toEqual([]);
    expect(await reencryptAchAccountNumbers(system, rotated)).toEqual({ reencrypted: 0, fromKeys: {} });
    await expect(reencryptAchAccountNumbers(acmeAdmin.context, rotated)).rejects.toBeInstanceOf(
      ForbiddenError,
    );
  });
});
