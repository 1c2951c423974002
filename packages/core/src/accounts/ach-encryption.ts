// Bank account numbers at rest: AES-256-GCM (authenticated encryption, node:crypto) under keys from
// configuration. Each ciphertext names its key ("<key id>:<iv>:<tag>:<data>", base64url parts), so keys
// can rotate: new writes use the first key of ACH_ENCRYPTION_KEYS, older keys stay listed until
// `reencryptAchAccountNumbers` has moved every row to the new one. The party the account belongs to is
// bound in as associated data: a ciphertext copied onto another party's row does not decrypt.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const ALGORITHM = 'aes-256-gcm';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;

export interface AchKeyRing {
  /** The key new ciphertexts are written with. */
  primaryKeyId: string;
  keys: ReadonlyMap<string, Buffer>;
}

export class AchKeyConfigurationError extends Error {
  constructor(message: string) {
    super(`ACH_ENCRYPTION_KEYS: ${message}`);
    this.name = 'AchKeyConfigurationError';
  }
}

/** Parses "id1:base64key,id2:base64key" (standard or url-safe base64 of 32 bytes); the first is primary. */
export function parseAchKeyRing(specification: string): AchKeyRing {
  const entries = specification
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  if (entries.length === 0) throw new AchKeyConfigurationError('no key given ("<id>:<base64 of 32 bytes>").');
  const keys = new Map<string, Buffer>();
  for (const entry of entries) {
    const separator = entry.indexOf(':');
    const id = separator < 0 ? '' : entry.slice(0, separator);
    const encoded = entry.slice(separator + 1);
    if (!KEY_ID.test(id)) {
      throw new AchKeyConfigurationError(
        `each key is "<id>:<base64 key>" with an id of letters, digits, "_" or "-" (1-32 characters); got "${id || entry.slice(0, 8)}…".`,
      );
    }
    if (keys.has(id)) throw new AchKeyConfigurationError(`key id "${id}" appears twice.`);
    const key = Buffer.from(encoded, 'base64');
    if (key.length !== KEY_BYTES || !/^[A-Za-z0-9+/_-]+={0,2}$/.test(encoded)) {
      throw new AchKeyConfigurationError(
        `key "${id}" must be ${KEY_BYTES} random bytes in base64 (e.g. \`openssl rand -base64 32\`).`,
      );
    }
    keys.set(id, key);
  }
  return { primaryKeyId: entries[0]!.slice(0, entries[0]!.indexOf(':')), keys };
}

/** A new key ring specification with one fresh random key (development; production sets its own). */
export function generateAchKeySpecification(id = `k${Date.now().toString(36)}`): string {
  return `${id}:${randomBytes(KEY_BYTES).toString('base64')}`;
}

function associatedData(partyId: string): Buffer {
  return Buffer.from(`cape/ach-account/${partyId}`);
}

export function encryptAccountNumber(ring: AchKeyRing, accountNumber: string, partyId: string): string {
  const key = ring.keys.get(ring.primaryKeyId);
  if (!key) throw new AchKeyConfigurationError(`the primary key "${ring.primaryKeyId}" is missing.`);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(associatedData(partyId));
  const data = Buffer.concat([cipher.update(accountNumber, 'utf8'), cipher.final()]);
  return [ring.primaryKeyId, iv, cipher.getAuthTag(), data]
    .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
    .join(':');
}

export class AchDecryptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AchDecryptionError';
  }
}

/** The id of the key a ciphertext was written with. */
export function keyIdOf(ciphertext: string): string {
  return ciphertext.slice(0, ciphertext.indexOf(':'));
}

/** The account number, or AchDecryptionError when the key is unknown or the ciphertext was altered. */
export function decryptAccountNumber(ring: AchKeyRing, ciphertext: string, partyId: string): string {
  const parts = ciphertext.split(':');
  if (parts.length !== 4) throw new AchDecryptionError('The ACH ciphertext is malformed.');
  const [keyId, iv, tag, data] = parts as [string, string, string, string];
  const key = ring.keys.get(keyId);
  if (!key) {
    throw new AchDecryptionError(
      `The ACH ciphertext was written with key "${keyId}", which ACH_ENCRYPTION_KEYS does not list.`,
    );
  }
  try {
    const decipher = createDecipheriv(ALGORITHM, key, Buffer.from(iv, 'base64url'), {
      authTagLength: TAG_BYTES,
    });
    decipher.setAAD(associatedData(partyId));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString(
      'utf8',
    );
  } catch {
    throw new AchDecryptionError(
      'The ACH ciphertext failed authentication: it was altered, belongs to another party, or the key is wrong.',
    );
  }
}
