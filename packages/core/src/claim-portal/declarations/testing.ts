// Shared set-up of the declaration tests: accounts with members, a filing context, CSV files.
import type { MembershipRole, OrganizationKind } from '@cape/auth';
import type { PrismaClient } from '@cape/db';
import type { IsoDate } from '@cape/domain';
import {
  createBrokerWithFilerCode,
  createImporterParty,
  createOrganization,
  createUser,
} from '@cape/testkit';
import { fixedBusinessClock } from '../../business-clock.ts';
import { type ServiceContext, userActor } from '../../context.ts';
import { CURRENT_CERTIFICATION } from './certification.ts';
import type { FileDeclarationInput } from './file-declaration.ts';

export const LAUNCH_DAY: IsoDate = '2026-04-20';

export interface Member {
  userId: string;
  organizationId: string;
  kind: OrganizationKind;
  role: MembershipRole;
  /** A service context for this member on a business date. */
  on(date: IsoDate, db?: PrismaClient): ServiceContext;
}

export async function memberOf(
  owner: PrismaClient,
  app: PrismaClient,
  organizationId: string,
  kind: OrganizationKind,
  role: MembershipRole = 'STAFF',
): Promise<Member> {
  const { user } = await createUser(owner, { organizationId, role });
  return {
    userId: user.id,
    organizationId,
    kind,
    role,
    on: (date, db = app) => ({
      db,
      actor: userActor({ userId: user.id, organizationId, organizationKind: kind, role }),
      clock: fixedBusinessClock(date, new Date(`${date}T14:00:00Z`)),
    }),
  };
}

export interface BrokerAccount extends Member {
  filerCodes: string[];
}

export async function brokerAccount(
  owner: PrismaClient,
  app: PrismaClient,
  options: { filerCode?: string; additionalFilerCodes?: string[]; role?: MembershipRole } = {},
): Promise<BrokerAccount> {
  const broker = await createBrokerWithFilerCode(owner, options);
  const member = await memberOf(owner, app, broker.organizationId, 'BROKER', options.role);
  return { ...member, filerCodes: broker.filerCodes };
}

export interface ImporterAccount extends Member {
  partyId: string;
  partyNumber: string;
}

/** An importer with its own account (and IOR party), optionally a client of brokers. */
export async function importerAccount(
  owner: PrismaClient,
  app: PrismaClient,
  options: { clientOf?: string | string[]; role?: MembershipRole; partyNumber?: string } = {},
): Promise<ImporterAccount> {
  const organization = await createOrganization(owner, { kind: 'IMPORTER' });
  const party = await createImporterParty(owner, {
    organizationId: organization.id,
    clientOf: options.clientOf,
    partyNumber: options.partyNumber,
  });
  const member = await memberOf(owner, app, organization.id, 'IMPORTER', options.role);
  return { ...member, partyId: party.partyId, partyNumber: party.party.partyNumber };
}

/** A declaration CSV as Excel saves it: the header, then one entry number per row, CRLF. */
export function declarationCsv(entryNumbers: readonly string[], header = 'Entry Number'): Uint8Array {
  return Buffer.from(`${[header, ...entryNumbers].join('\r\n')}\r\n`);
}

export function filingInput(
  content: Uint8Array,
  extra: Partial<FileDeclarationInput> = {},
): FileDeclarationInput {
  return {
    fileName: 'declaration.csv',
    content,
    certificationVersion: CURRENT_CERTIFICATION.version,
    clientAddress: '192.0.2.10',
    userAgent: 'vitest',
    ...extra,
  };
}
