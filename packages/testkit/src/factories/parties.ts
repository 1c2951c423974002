/** Factories for trade parties and what hangs off them: 4811 designations, ACH enrollments, debts. */
import type {
  AchEnrollmentStatus,
  AchRefundEnrollmentModel,
  DebtModel,
  DebtSource,
  Form4811DesignationModel,
  Form4811Status,
  OrganizationModel,
  PartyModel,
  PartyNumberKind,
  PrismaClient,
} from '@cape/db';
import { type IsoDate, parseImporterNumber } from '@cape/domain';
import { createOrganization } from './organizations.ts';
import { nextBillNumber, nextEinImporterNumber, nextNotifyPartyNumber, nextSequence } from './sequence.ts';

/** A business date as Prisma wants it for @db.Date columns. */
export function dateOnly(date: IsoDate): Date {
  return new Date(`${date}T00:00:00.000Z`);
}

export interface PartyOverrides {
  name?: string;
  /** Default: a unique EIN with suffix ('98-NNNNNNN00'). Validated against DOMAIN 8.1 formats. */
  partyNumber?: string;
  corporate?: boolean;
  /**
   * The party's own account here: undefined creates a new organization (IMPORTER or NOTIFY_PARTY), a string
   * uses that organization, null leaves the party without an account.
   */
  organizationId?: string | null;
}

export interface ImporterPartyOverrides extends PartyOverrides {
  /** Broker organizations that have this importer as a client (broker_clients rows). */
  clientOf?: string | readonly string[];
}

export interface CreatedParty {
  party: PartyModel;
  /** The account created for the party, or the one given (null when it has none). */
  organization: OrganizationModel | null;
  partyId: string;
  organizationId: string | null;
}

function kindOfPartyNumber(partyNumber: string): { value: string; kind: PartyNumberKind } {
  const parsed = parseImporterNumber(partyNumber);
  if (!parsed.ok) throw new RangeError(`Invalid party number for a factory: ${parsed.error.message}`);
  return parsed.value;
}

async function createParty(
  prisma: PrismaClient,
  kind: 'IMPORTER_OF_RECORD' | 'NOTIFY_PARTY',
  overrides: PartyOverrides,
  defaultNumber: () => string,
): Promise<CreatedParty> {
  const name =
    overrides.name ??
    (kind === 'IMPORTER_OF_RECORD' ? `Importer ${nextSequence()} LLC` : `Notify ${nextSequence()} LLC`);
  let organization: OrganizationModel | null = null;
  if (overrides.organizationId === undefined) {
    organization = await createOrganization(prisma, {
      kind: kind === 'IMPORTER_OF_RECORD' ? 'IMPORTER' : 'NOTIFY_PARTY',
      name,
    });
  } else if (overrides.organizationId !== null) {
    organization = await prisma.organization.findUniqueOrThrow({ where: { id: overrides.organizationId } });
  }
  const number = kindOfPartyNumber(overrides.partyNumber ?? defaultNumber());
  const party = await prisma.party.create({
    data: {
      kind,
      partyNumber: number.value,
      partyNumberKind: number.kind,
      name,
      corporate: overrides.corporate ?? number.kind !== 'SSN',
      organizationId: organization?.id ?? null,
    },
  });
  return { party, organization, partyId: party.id, organizationId: organization?.id ?? null };
}

/** An importer of record (with its own IMPORTER account unless `organizationId: null`). */
export async function createImporterParty(
  prisma: PrismaClient,
  overrides: ImporterPartyOverrides = {},
): Promise<CreatedParty> {
  const created = await createParty(prisma, 'IMPORTER_OF_RECORD', overrides, nextEinImporterNumber);
  const brokers = overrides.clientOf === undefined ? [] : [overrides.clientOf].flat();
  if (brokers.length > 0) {
    await prisma.brokerClient.createMany({
      data: brokers.map((brokerOrganizationId) => ({ brokerOrganizationId, partyId: created.party.id })),
    });
  }
  return created;
}

/** A Form 4811 notify party (with its own NOTIFY_PARTY account unless `organizationId: null`). */
export async function createNotifyParty(
  prisma: PrismaClient,
  overrides: PartyOverrides = {},
): Promise<CreatedParty> {
  return await createParty(prisma, 'NOTIFY_PARTY', overrides, nextNotifyPartyNumber);
}

export interface Form4811Overrides {
  importerPartyId: string;
  notifyPartyId: string;
  status?: Form4811Status;
  coversRefunds?: boolean;
  coversBills?: boolean;
  coversLiquidationNotices?: boolean;
  filedOn?: IsoDate;
  effectiveFrom?: IsoDate;
  /** Exclusive end; default null (in force). */
  effectiveUntil?: IsoDate | null;
}

/** Default: IN_FORCE since 2025-01-16 (filed 2025-01-02), covering refunds. */
export async function createForm4811Designation(
  prisma: PrismaClient,
  overrides: Form4811Overrides,
): Promise<Form4811DesignationModel> {
  const effectiveUntil = overrides.effectiveUntil ?? null;
  return await prisma.form4811Designation.create({
    data: {
      importerPartyId: overrides.importerPartyId,
      notifyPartyId: overrides.notifyPartyId,
      status: overrides.status ?? 'IN_FORCE',
      coversRefunds: overrides.coversRefunds ?? true,
      coversBills: overrides.coversBills ?? false,
      coversLiquidationNotices: overrides.coversLiquidationNotices ?? false,
      filedOn: dateOnly(overrides.filedOn ?? '2025-01-02'),
      effectiveFrom: dateOnly(overrides.effectiveFrom ?? '2025-01-16'),
      effectiveUntil: effectiveUntil === null ? null : dateOnly(effectiveUntil),
    },
  });
}

export interface AchEnrollmentOverrides {
  partyId: string;
  /** Default: the party's own organization (an enrollment belongs to the account that entered it). */
  organizationId?: string;
  /** Default 021000021 (a real routing number that passes the ABA checksum). */
  routingNumber?: string;
  accountLast4?: string;
  accountCiphertext?: string | null;
  status?: AchEnrollmentStatus;
  /** Default: now for ACTIVE enrollments, null otherwise. */
  enrolledAt?: Date | null;
}

export async function createAchEnrollment(
  prisma: PrismaClient,
  overrides: AchEnrollmentOverrides,
): Promise<AchRefundEnrollmentModel> {
  let organizationId = overrides.organizationId;
  if (organizationId === undefined) {
    const party = await prisma.party.findUniqueOrThrow({ where: { id: overrides.partyId } });
    if (party.organizationId === null) {
      throw new Error(
        `Party ${party.partyNumber} has no organization: pass organizationId to createAchEnrollment`,
      );
    }
    organizationId = party.organizationId;
  }
  const status = overrides.status ?? 'ACTIVE';
  return await prisma.achRefundEnrollment.create({
    data: {
      partyId: overrides.partyId,
      organizationId,
      routingNumber: overrides.routingNumber ?? '021000021',
      accountLast4: overrides.accountLast4 ?? '6789',
      accountCiphertext: overrides.accountCiphertext ?? null,
      status,
      enrolledAt:
        overrides.enrolledAt === undefined ? (status === 'ACTIVE' ? new Date() : null) : overrides.enrolledAt,
    },
  });
}

export interface DebtOverrides {
  partyId: string;
  source?: DebtSource;
  billNumber?: string;
  incurredOn?: IsoDate;
  /** Default $500.00. */
  originalCents?: bigint;
  /** Default: all of it. */
  outstandingCents?: bigint;
}

export async function createDebt(prisma: PrismaClient, overrides: DebtOverrides): Promise<DebtModel> {
  const originalCents = overrides.originalCents ?? 50_000n;
  return await prisma.debt.create({
    data: {
      partyId: overrides.partyId,
      source: overrides.source ?? 'CBP',
      billNumber: overrides.billNumber ?? nextBillNumber(),
      incurredOn: dateOnly(overrides.incurredOn ?? '2025-10-01'),
      originalCents,
      outstandingCents: overrides.outstandingCents ?? originalCents,
    },
  });
}
