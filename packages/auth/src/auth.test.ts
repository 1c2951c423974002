import { describe, expect, it } from 'vitest';
import {
  hashPassword,
  permissionsFor,
  signSessionToken,
  verifyPassword,
  verifySessionToken,
} from './index.ts';

const FAST = { N: 1024, r: 8, p: 1 };

describe('passwords', () => {
  it('verify the right password and reject a wrong one', async () => {
    const stored = await hashPassword('correct horse', FAST);
    expect(stored).toMatch(/^scrypt\$1024\$8\$1\$/);
    expect(await verifyPassword('correct horse', stored)).toBe(true);
    expect(await verifyPassword('correct horsE', stored)).toBe(false);
  });
  it('salt every hash', async () => {
    expect(await hashPassword('same', FAST)).not.toBe(await hashPassword('same', FAST));
  });
  it('reject stored values that are not scrypt hashes', async () => {
    expect(await verifyPassword('x', 'plain-text')).toBe(false);
    expect(await verifyPassword('x', 'bcrypt$1$2$3$4$5')).toBe(false);
  });
});

describe('session tokens', () => {
  const claims = { userId: 'u1', organizationId: 'o1', exp: 2_000 };
  it('round-trip before expiry', () => {
    expect(verifySessionToken(signSessionToken(claims, 's3cret'), 's3cret', 1_000)).toEqual(claims);
  });
  it('reject expired, tampered, foreign-secret and malformed tokens', () => {
    const token = signSessionToken(claims, 's3cret');
    expect(verifySessionToken(token, 's3cret', 2_000)).toBeNull();
    expect(verifySessionToken(token, 'other', 1_000)).toBeNull();
    const [payload, signature] = token.split('.') as [string, string];
    const forged = Buffer.from(JSON.stringify({ ...claims, organizationId: 'o2' })).toString('base64url');
    expect(verifySessionToken(`${forged}.${signature}`, 's3cret', 1_000)).toBeNull();
    expect(verifySessionToken(`${payload}`, 's3cret', 1_000)).toBeNull();
    expect(verifySessionToken(`${payload}.${signature}.x`, 's3cret', 1_000)).toBeNull();
    const garbage = 'not-json';
    expect(
      verifySessionToken(`${garbage}.${signSessionToken(claims, 's').split('.')[1]}`, 's', 1),
    ).toBeNull();
  });
});

describe('permissions', () => {
  it('let broker staff file declarations but not manage bank details', () => {
    const staff = permissionsFor('BROKER', 'STAFF');
    expect(staff.has('declaration:file')).toBe(true);
    expect(staff.has('ach-enrollment:manage')).toBe(false);
  });
  it('keep viewers read-only', () => {
    expect(permissionsFor('IMPORTER', 'VIEWER').has('declaration:file')).toBe(false);
    expect(permissionsFor('IMPORTER', 'VIEWER').has('entry:read')).toBe(true);
  });
  it('give bank details and 4811 designations to the importer admin only', () => {
    expect(permissionsFor('IMPORTER', 'ADMIN').has('ach-enrollment:manage')).toBe(true);
    expect(permissionsFor('IMPORTER', 'ADMIN').has('form-4811:manage')).toBe(true);
    expect(permissionsFor('BROKER', 'ADMIN').has('ach-enrollment:manage')).toBe(false);
  });
  it('do not let a notify party read entries', () => {
    expect(permissionsFor('NOTIFY_PARTY', 'ADMIN').has('entry:read')).toBe(false);
  });
  it('let operators review', () => {
    expect(permissionsFor('OPERATOR', 'STAFF').has('operations:review')).toBe(true);
  });
});
