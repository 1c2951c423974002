import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  AchDecryptionError,
  AchKeyConfigurationError,
  decryptAccountNumber,
  encryptAccountNumber,
  keyIdOf,
  parseAchKeyRing,
} from './ach-encryption.ts';
import { openAchCiphertextByHand as openByHand } from './testing.ts';

const KEY_1 = Buffer.alloc(32, 7);
const KEY_2 = randomBytes(32);
const ring1 = parseAchKeyRing(`k1:${KEY_1.toString('base64')}`);
const PARTY = '2f1b8c1e-3f5d-4c59-9d55-0d7a3e6f1a01';

function flipCharacter(text: string, index: number): string {
  const replacement = text[index] === 'A' ? 'B' : 'A';
  return text.slice(0, index) + replacement + text.slice(index + 1);
}

describe('ACH account number encryption', () => {
  it('writes "<key id>:<iv>:<tag>:<data>" that AES-256-GCM with the key opens, never the plain number', () => {
    const ciphertext = encryptAccountNumber(ring1, '000123456789', PARTY);
    const parts = ciphertext.split(':');
    expect(parts).toHaveLength(4);
    expect(parts[0]).toBe('k1');
    expect(Buffer.from(parts[1]!, 'base64url')).toHaveLength(12);
    expect(Buffer.from(parts[2]!, 'base64url')).toHaveLength(16);
    expect(ciphertext).not.toContain('123456789');
    expect(openByHand(ciphertext, KEY_1, PARTY)).toBe('000123456789');
    expect(decryptAccountNumber(ring1, ciphertext, PARTY)).toBe('000123456789');
  });

  it('uses a fresh IV each time (same number, different ciphertexts)', () => {
    expect(encryptAccountNumber(ring1, '12345678', PARTY)).not.toBe(
      encryptAccountNumber(ring1, '12345678', PARTY),
    );
  });

  it('refuses altered data, tag or IV, and a ciphertext moved to another party', () => {
    const ciphertext = encryptAccountNumber(ring1, '987654321', PARTY);
    const [keyId, iv, tag, data] = ciphertext.split(':') as [string, string, string, string];
    for (const altered of [
      [keyId, iv, tag, flipCharacter(data, 0)],
      [keyId, iv, flipCharacter(tag, 3), data],
      [keyId, flipCharacter(iv, 1), tag, data],
      [keyId, iv, tag.slice(0, 10), data],
    ]) {
      expect(() => decryptAccountNumber(ring1, altered.join(':'), PARTY)).toThrow(AchDecryptionError);
    }
    expect(() => decryptAccountNumber(ring1, ciphertext, '00000000-0000-4000-8000-000000000000')).toThrow(
      'failed authentication',
    );
    expect(() => decryptAccountNumber(ring1, 'k1:only-two', PARTY)).toThrow('malformed');
  });

  it('rotates: a ring led by a new key writes with it and still opens the old key’s ciphertexts', () => {
    const old = encryptAccountNumber(ring1, '55554444', PARTY);
    const rotated = parseAchKeyRing(`k2:${KEY_2.toString('base64url')}, k1:${KEY_1.toString('base64')}`);
    expect(rotated.primaryKeyId).toBe('k2');
    expect(decryptAccountNumber(rotated, old, PARTY)).toBe('55554444');
    const fresh = encryptAccountNumber(rotated, '55554444', PARTY);
    expect(keyIdOf(fresh)).toBe('k2');
    expect(openByHand(fresh, KEY_2, PARTY)).toBe('55554444');
    const withoutOldKey = parseAchKeyRing(`k2:${KEY_2.toString('base64')}`);
    expect(() => decryptAccountNumber(withoutOldKey, old, PARTY)).toThrow('key "k1"');
  });

  it('refuses malformed key configuration with the reason', () => {
    expect(() => parseAchKeyRing('')).toThrow(AchKeyConfigurationError);
    expect(() => parseAchKeyRing(`k1:${randomBytes(16).toString('base64')}`)).toThrow('32 random bytes');
    expect(() => parseAchKeyRing(`bad id:${KEY_1.toString('base64')}`)).toThrow('letters, digits');
    expect(() => parseAchKeyRing(KEY_1.toString('base64'))).toThrow('"<id>:<base64 key>"');
    expect(() => parseAchKeyRing(`k1:${KEY_1.toString('base64')},k1:${KEY_2.toString('base64')}`)).toThrow(
      'appears twice',
    );
  });
});
