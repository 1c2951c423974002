// Test helpers for the accounts services: a member of an organization as a service context, and an
// independent reader of ACH ciphertexts.
import { createDecipheriv } from 'node:crypto';
import type { MembershipRole, OrganizationKind } from '@cape/auth';
import type { PrismaClient } from '@cape/db';
import { createUser } from '@cape/testkit';
import { fixedBusinessClock } from '../business-clock.ts';
import { type ServiceContext, userActor } from '../context.ts';

export interface Member {
  userId: string;
  email: string;
  password: string;
  context: ServiceContext;
}

/** A new user with a membership, acting through the application role (row-level security applies). */
export async function newMember(
  db: { owner: PrismaClient; app: PrismaClient },
  organization: { id: string; kind: OrganizationKind },
  role: MembershipRole,
  today = '2026-05-04',
): Promise<Member> {
  const { user, password } = await createUser(db.owner, { organizationId: organization.id, role });
  return {
    userId: user.id,
    email: user.email,
    password,
    context: contextFor(db.app, { userId: user.id, organization, role }, today),
  };
}

export function contextFor(
  app: PrismaClient,
  member: { userId: string; organization: { id: string; kind: OrganizationKind }; role: MembershipRole },
  today = '2026-05-04',
): ServiceContext {
  return {
    db: app,
    actor: userActor({
      userId: member.userId,
      organizationId: member.organization.id,
      organizationKind: member.organization.kind,
      role: member.role,
    }),
    // A business date pinned for the rules, real time for instants (expiry is checked by PostgreSQL's clock).
    clock: { today: fixedBusinessClock(today).today, now: () => new Date() },
  };
}

/** An ACH ciphertext opened by hand with node:crypto, independently of decryptAccountNumber. */
export function openAchCiphertextByHand(ciphertext: string, key: Buffer, partyId: string): string {
  const [, iv, tag, data] = ciphertext.split(':') as [string, string, string, string];
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAAD(Buffer.from(`cape/ach-account/${partyId}`));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString();
}
