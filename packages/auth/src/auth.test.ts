import { createHmac } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PASSWORD_COST,
  HASHES_AT_ONCE,
  hashPassword,
  needsRehash,
  passwordHashesRunning,
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
  it('refuse stored parameters that would make one check an attack (N above 2^20, N not a power of two)', async () => {
    const started = Date.now();
    expect(await verifyPassword('x', 'scrypt$1073741824$8$1$c2FsdA==$a2V5')).toBe(false);
    expect(await verifyPassword('x', 'scrypt$1000$8$1$c2FsdA==$a2V5')).toBe(false);
    expect(await verifyPassword('x', 'scrypt$1024$64$1$c2FsdA==$a2V5')).toBe(false);
    expect(Date.now() - started).toBeLessThan(1_000);
  });
  it('hash at OWASP strength by default (scrypt N=2^17, r=8, p=1) and still verify older hashes', async () => {
    const strong = await hashPassword('correct horse');
    expect(strong).toMatch(/^scrypt\$131072\$8\$1\$[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{43}=$/);
    expect(await verifyPassword('correct horse', strong)).toBe(true);
    const old = await hashPassword('correct horse', { N: 16384, r: 8, p: 1 });
    expect(await verifyPassword('correct horse', old)).toBe(true);
  });
  it('say when a stored hash is weaker than the current cost', async () => {
    expect(needsRehash('scrypt$16384$8$1$c2FsdA==$a2V5')).toBe(true);
    expect(needsRehash('scrypt$131072$8$1$c2FsdA==$a2V5')).toBe(false);
    expect(needsRehash('scrypt$131072$4$1$c2FsdA==$a2V5')).toBe(true);
    expect(needsRehash('plain-text')).toBe(true);
    expect(needsRehash(await hashPassword('x', FAST), FAST)).toBe(false);
    expect(DEFAULT_PASSWORD_COST).toEqual({ N: 131072, r: 8, p: 1 });
  });
  it('run few hashes at once (each holds 128·N·r bytes and a core), leaving a core to the rest', async () => {
    const cores = availableParallelism();
    expect(HASHES_AT_ONCE).toBeGreaterThanOrEqual(1);
    expect(HASHES_AT_ONCE).toBeLessThanOrEqual(Math.min(4, Math.max(1, cores - 1)));
    let most = 0;
    const sampler = setInterval(() => {
      most = Math.max(most, passwordHashesRunning());
    }, 1);
    await Promise.all(Array.from({ length: 6 }, () => hashPassword('x', { N: 16384, r: 8, p: 1 })));
    clearInterval(sampler);
    expect(most).toBe(HASHES_AT_ONCE);
    expect(passwordHashesRunning()).toBe(0);
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
  });
  it('reject correctly signed payloads that are not JSON or not claims', () => {
    // Signed here independently of the module, so the signature check passes and parsing is what refuses.
    const signed = (payload: string) =>
      `${payload}.${createHmac('sha256', 's3cret').update(payload).digest('base64url')}`;
    const encode = (text: string) => Buffer.from(text).toString('base64url');
    expect(verifySessionToken(signed(encode(JSON.stringify(claims))), 's3cret', 1_000)).toEqual(claims);
    expect(verifySessionToken(signed(encode('not-json')), 's3cret', 1_000)).toBeNull();
    expect(
      verifySessionToken(signed(encode('{"userId":"u1","organizationId":"o1"}')), 's3cret', 1_000),
    ).toBeNull();
    expect(verifySessionToken(signed(encode('null')), 's3cret', 1_000)).toBeNull();
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
