import { verifyPassword, verifySessionToken } from '@cape/auth';
import { useTestDatabase } from '@cape/db/testing';
import {
  createBrokerWithFilerCode,
  createImporterParty,
  createOrganization,
  createUser,
} from '@cape/testkit';
import { describe, expect, it } from 'vitest';
import { InvalidCredentialsError } from '../errors.ts';
import { TEST_API_CONFIG } from '../testing.ts';
import { signIn } from './session-service.ts';

const db = await useTestDatabase();
const broker = await createBrokerWithFilerCode(db.owner, { name: 'Harbor Brokerage' });
const staff = await createUser(db.owner, {
  email: 'Staff@Harbor.test',
  organizationId: broker.organizationId,
  role: 'STAFF',
});
const importer = await createImporterParty(db.owner, { name: 'Acme Imports' });
await db.owner.membership.create({
  data: { userId: staff.user.id, organizationId: importer.organizationId!, role: 'VIEWER' },
});

describe('signIn', () => {
  it('returns a session token for the first organization and records the sign-in', async () => {
    const result = await signIn(db.app, TEST_API_CONFIG, {
      email: 'staff@harbor.test',
      password: staff.password,
    });
    expect(result.viewer).toMatchObject({
      organizationName: 'Harbor Brokerage',
      organizationKind: 'BROKER',
      role: 'STAFF',
    });
    expect(result.viewer.permissions.has('declaration:file')).toBe(true);
    const claims = verifySessionToken(result.token, TEST_API_CONFIG.sessionSecret);
    expect(claims).toMatchObject({ userId: staff.user.id, organizationId: broker.organizationId });
    const audit = await db.owner.auditLogEntry.findMany({
      where: { action: 'session.signed_in', actorUserId: staff.user.id },
    });
    expect(audit).toHaveLength(1);
  });

  it('signs into another of the user’s organizations when asked', async () => {
    const result = await signIn(db.app, TEST_API_CONFIG, {
      email: 'STAFF@harbor.test',
      password: staff.password,
      organizationId: importer.organizationId,
    });
    expect(result.viewer).toMatchObject({
      organizationName: 'Acme Imports',
      organizationKind: 'IMPORTER',
      role: 'VIEWER',
    });
  });

  it('refuses an organization the user does not belong to', async () => {
    const other = await createBrokerWithFilerCode(db.owner);
    await expect(
      signIn(db.app, TEST_API_CONFIG, {
        email: 'staff@harbor.test',
        password: staff.password,
        organizationId: other.organizationId,
      }),
    ).rejects.toBeInstanceOf(InvalidCredentialsError);
  });

  it('fails alike for a wrong password and an unknown e-mail, and audits both', async () => {
    await expect(
      signIn(db.app, TEST_API_CONFIG, { email: 'staff@harbor.test', password: 'wrong' }),
    ).rejects.toThrow('The e-mail address or password is not correct.');
    await expect(
      signIn(db.app, TEST_API_CONFIG, { email: 'nobody@harbor.test', password: 'x' }),
    ).rejects.toThrow('The e-mail address or password is not correct.');
    const failures = await db.owner.auditLogEntry.findMany({
      where: {
        action: 'session.sign_in_failed',
        subjectId: { in: ['nobody@harbor.test', 'staff@harbor.test'] },
      },
    });
    expect(failures.map((entry) => [entry.subjectId, entry.organizationId])).toEqual(
      expect.arrayContaining([
        ['nobody@harbor.test', null],
        ['staff@harbor.test', null],
      ]),
    );
  });

  it('refuses a user without any membership', async () => {
    const loner = await createUser(db.owner, { email: 'loner@harbor.test' });
    await expect(
      signIn(db.app, TEST_API_CONFIG, { email: 'loner@harbor.test', password: loner.password }),
    ).rejects.toBeInstanceOf(InvalidCredentialsError);
  });

  it('replaces a hash made with weaker parameters at sign-in, keeping the password', async () => {
    const config = { ...TEST_API_CONFIG, passwordCost: { N: 2048, r: 8, p: 1 } };
    const weak = await createUser(db.owner, {
      email: 'weak@harbor.test',
      organizationId: broker.organizationId,
    });
    await signIn(db.app, config, { email: 'weak@harbor.test', password: weak.password });
    const { passwordHash } = await db.owner.user.findUniqueOrThrow({ where: { id: weak.user.id } });
    expect(weak.user.passwordHash).toMatch(/^scrypt\$1024\$/);
    expect(passwordHash).toMatch(/^scrypt\$2048\$8\$1\$/);
    expect(await verifyPassword(weak.password, passwordHash)).toBe(true);
    await signIn(db.app, config, { email: 'weak@harbor.test', password: weak.password });
    expect((await db.owner.user.findUniqueOrThrow({ where: { id: weak.user.id } })).passwordHash).toBe(
      passwordHash,
    );
  });

  it("upgrades an operator's hash over the operator role only, never through the application role", async () => {
    const config = { ...TEST_API_CONFIG, passwordCost: { N: 2048, r: 8, p: 1 } };
    const cbp = await createOrganization(db.owner, { kind: 'OPERATOR', name: 'CBP' });
    const officer = await createUser(db.owner, {
      email: 'officer@cbp.test',
      organizationId: cbp.id,
      role: 'STAFF',
    });
    const stored = async () =>
      (await db.owner.user.findUniqueOrThrow({ where: { id: officer.user.id } })).passwordHash;
    // What anyone with the application role's SQL could try: it knows the hash from the sign-in function.
    const [attempt] = await db.app.$queryRaw<{ replaced: boolean }[]>`
      select app_replace_password_hash(${officer.user.id}::uuid, ${officer.user.passwordHash}, 'scrypt$1024$8$1$bWluZQ==$bWluZQ==') as replaced`;
    expect(attempt).toEqual({ replaced: false });
    await signIn(db.app, config, { email: 'officer@cbp.test', password: officer.password });
    expect(await stored()).toBe(officer.user.passwordHash);
    await signIn(
      db.app,
      config,
      { email: 'officer@cbp.test', password: officer.password },
      { operatorPrisma: db.operator },
    );
    expect(await stored()).toMatch(/^scrypt\$2048\$/);
  });
});
