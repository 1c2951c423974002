/** Factories for tenants and people: organizations, users with memberships, brokers with filer codes. */
import { hashPassword } from '@cape/auth';
import type {
  MembershipModel,
  MembershipRole,
  OrganizationKind,
  OrganizationModel,
  PrismaClient,
  UserModel,
} from '@cape/db';
import { nextFilerCode, nextSequence } from './sequence.ts';

/** Cheap scrypt parameters: fine for tests, far too weak for real passwords. */
export const TEST_PASSWORD_COST = { N: 1024, r: 8, p: 1 };
export const DEFAULT_TEST_PASSWORD = 'test-password-2026';

export interface OrganizationOverrides {
  kind?: OrganizationKind;
  name?: string;
}

const KIND_LABEL: Record<OrganizationKind, string> = {
  BROKER: 'Customs Brokerage',
  IMPORTER: 'Imports Inc.',
  NOTIFY_PARTY: 'Trade Finance LLC',
  OPERATOR: 'CBP Operations',
};

export async function createOrganization(
  prisma: PrismaClient,
  overrides: OrganizationOverrides = {},
): Promise<OrganizationModel> {
  const kind = overrides.kind ?? 'BROKER';
  return await prisma.organization.create({
    data: { kind, name: overrides.name ?? `Test ${nextSequence()} ${KIND_LABEL[kind]}` },
  });
}

export interface UserOverrides {
  email?: string;
  displayName?: string;
  /** Plain-text password (hashed with TEST_PASSWORD_COST); default DEFAULT_TEST_PASSWORD. */
  password?: string;
  /** Add a membership in this organization. */
  organizationId?: string;
  /** Role of that membership; default ADMIN. */
  role?: MembershipRole;
}

export interface CreatedUser {
  user: UserModel;
  membership: MembershipModel | null;
  /** The plain-text password, for sign-in tests. */
  password: string;
}

export async function createUser(prisma: PrismaClient, overrides: UserOverrides = {}): Promise<CreatedUser> {
  const n = nextSequence();
  const password = overrides.password ?? DEFAULT_TEST_PASSWORD;
  const user = await prisma.user.create({
    data: {
      email: (overrides.email ?? `user${n}@test.cape.example`).toLowerCase(),
      displayName: overrides.displayName ?? `Test User ${n}`,
      passwordHash: await hashPassword(password, TEST_PASSWORD_COST),
    },
  });
  const membership =
    overrides.organizationId === undefined
      ? null
      : await prisma.membership.create({
          data: {
            userId: user.id,
            organizationId: overrides.organizationId,
            role: overrides.role ?? 'ADMIN',
          },
        });
  return { user, membership, password };
}

export interface BrokerOverrides {
  name?: string;
  /** The broker's (first) filer code; default: a fresh Z.. code. */
  filerCode?: string;
  /** Further filer codes of the same broker. */
  additionalFilerCodes?: string[];
}

export interface CreatedBroker {
  organization: OrganizationModel;
  organizationId: string;
  /** The first filer code, for `createEntrySummary({ filerCode: broker.filerCode, ... })`. */
  filerCode: string;
  filerCodes: string[];
}

export async function createBrokerWithFilerCode(
  prisma: PrismaClient,
  overrides: BrokerOverrides = {},
): Promise<CreatedBroker> {
  const organization = await createOrganization(prisma, { kind: 'BROKER', name: overrides.name });
  const filerCodes = [overrides.filerCode ?? nextFilerCode(), ...(overrides.additionalFilerCodes ?? [])];
  await prisma.filerCode.createMany({
    data: filerCodes.map((code) => ({ code, organizationId: organization.id })),
  });
  return { organization, organizationId: organization.id, filerCode: filerCodes[0]!, filerCodes };
}
