// CBP Form 4811 designations (DOMAIN 9): an importer names a notify party, by its number, to receive its
// refunds, bills and/or liquidation notices for a period, and revokes it. Designations are history: a
// revocation ends the period and keeps the row. Both sides see the designation, and the notify party sees
// why refunds are (or are not) routed to it (DOMAIN "Recipient of a refund").
import { type Form4811Status, type PartyModel, type TenantTransaction, withTenant } from '@cape/db';
import { type IsoDate, isIsoDate } from '@cape/domain';
import { recordAudit } from '../audit.ts';
import { requireTenantActor } from '../authorization.ts';
import { type ApiTokenActor, type ServiceContext, tenantOfActor, type UserActor } from '../context.ts';
import { NotAllowedError, ValidationError } from '../errors.ts';
import { dateColumn, isoDateOf } from './date-columns.ts';
import { isUuid } from './ids.ts';
import { normalizedPartyNumber, ownParty } from './own-parties.ts';

export interface Form4811Scope {
  coversRefunds: boolean;
  coversBills: boolean;
  coversLiquidationNotices: boolean;
}

export interface DesignationInput extends Form4811Scope {
  /** Which of the account's importer numbers (optional when it holds one). */
  importerNumber?: string | null;
  notifyPartyNumber: string;
  /** The agent's name as on the form; needed only when the number is not known here yet. */
  notifyPartyName?: string | null;
  /** Default: today (business date). Never in the past. */
  effectiveFrom?: IsoDate | null;
  /** Exclusive end; null: until revoked. */
  effectiveUntil?: IsoDate | null;
}

export interface PartyRef {
  id: string;
  partyNumber: string;
  name: string;
}

export interface DesignationView extends Form4811Scope {
  id: string;
  importer: PartyRef;
  notifyParty: PartyRef;
  status: Form4811Status;
  filedOn: IsoDate;
  effectiveFrom: IsoDate;
  effectiveUntil: IsoDate | null;
  revokedAt: Date | null;
  /** In force on the business date it was read: filed, not revoked, and today within its period. */
  inForceToday: boolean;
  /** Whether the notify party has an active ACH refund enrollment (without one, refunds go to the importer). */
  notifyPartyAchActive: boolean;
  /** True when a refund of an entry naming the notify party, liquidated today, would be paid to it. */
  refundsRoutedToNotifyParty: boolean;
  /** The routing in words, for both sides. */
  refundRouting: string;
}

const MANAGE = 'form-4811:manage';
const READ = 'form-4811:read';

const INCLUDE_PARTIES = {
  importer: { select: { id: true, partyNumber: true, name: true } },
  notifyParty: { select: { id: true, partyNumber: true, name: true } },
} as const;

type DesignationRow = Awaited<ReturnType<typeof findDesignations>>[number];

function findDesignations(tx: TenantTransaction, where: object, page?: { offset: number; limit: number }) {
  return tx.form4811Designation.findMany({
    where,
    include: INCLUDE_PARTIES,
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    skip: page?.offset,
    take: page?.limit,
  });
}

function describeRouting(
  row: DesignationRow,
  today: IsoDate,
  achActive: boolean,
): { routed: boolean; text: string } {
  const notify = row.notifyParty.name;
  const importer = row.importer.name;
  const from = isoDateOf(row.effectiveFrom);
  const until = row.effectiveUntil ? isoDateOf(row.effectiveUntil) : null;
  if (!row.coversRefunds) {
    return {
      routed: false,
      text: `This designation does not cover refunds: ${importer}'s refunds are not routed to ${notify} by it.`,
    };
  }
  if (row.status === 'REVOKED' || row.status === 'LAPSED' || (until !== null && until <= today)) {
    const ended = until ? ` on ${until}` : '';
    return {
      routed: false,
      text: `This designation ${row.status === 'LAPSED' ? 'lapsed' : 'ended'}${ended}: refunds of entries liquidated from then on are paid to ${importer}.`,
    };
  }
  const condition = `Refunds of ${importer}'s entries that name ${notify} as notify party on the entry summary (box 28) and liquidate while this designation is in force`;
  const window = from > today ? ` (from ${from})` : '';
  if (!achActive) {
    return {
      routed: false,
      text: `${condition}${window} would be paid to ${notify}, but ${notify} has no active ACH refund enrollment, so they are paid to ${importer}.`,
    };
  }
  return {
    routed: from <= today,
    text: `${condition}${window} are paid to ${notify}, which is enrolled for ACH refunds.`,
  };
}

async function views(
  tx: TenantTransaction,
  rows: DesignationRow[],
  today: IsoDate,
): Promise<DesignationView[]> {
  const notifyIds = [...new Set(rows.map((row) => row.notifyPartyId))];
  const [row] = await tx.$queryRaw<{ active: string[] }[]>`
    select app_active_ach_party_ids(${notifyIds}::uuid[]) as active`;
  const enrolled = new Set(row?.active ?? []);
  return rows.map((row) => {
    const from = isoDateOf(row.effectiveFrom);
    const until = row.effectiveUntil ? isoDateOf(row.effectiveUntil) : null;
    const achActive = enrolled.has(row.notifyPartyId);
    const routing = describeRouting(row, today, achActive);
    return {
      id: row.id,
      importer: row.importer,
      notifyParty: row.notifyParty,
      coversRefunds: row.coversRefunds,
      coversBills: row.coversBills,
      coversLiquidationNotices: row.coversLiquidationNotices,
      status: row.status,
      filedOn: isoDateOf(row.filedOn),
      effectiveFrom: from,
      effectiveUntil: until,
      revokedAt: row.revokedAt,
      inForceToday: row.status === 'IN_FORCE' && from <= today && (until === null || today < until),
      notifyPartyAchActive: achActive,
      refundsRoutedToNotifyParty: routing.routed,
      refundRouting: routing.text,
    };
  });
}

function checkDate(value: IsoDate | null | undefined, path: string): IsoDate | null {
  if (value == null) return null;
  if (!isIsoDate(value)) throw ValidationError.of(path, `"${value}" is not a calendar date (YYYY-MM-DD).`);
  return value;
}

function overlaps(a: { from: IsoDate; until: IsoDate | null }, b: { from: IsoDate; until: IsoDate | null }) {
  return (a.until === null || b.from < a.until) && (b.until === null || a.from < b.until);
}

const SCOPE_NAMES: [keyof Form4811Scope, string][] = [
  ['coversRefunds', 'refunds'],
  ['coversBills', 'bills'],
  ['coversLiquidationNotices', 'liquidation notices'],
];

interface ResolvedNotifyParty {
  party_id: string;
  name: string;
  registered: boolean;
}

/** Names a notify party for one of the account's importer numbers. */
export async function designateNotifyParty(
  context: ServiceContext,
  input: DesignationInput,
): Promise<DesignationView> {
  const actor = requireTenantActor(context.actor, MANAGE);
  const today = await context.clock.today();
  const notifyNumber = normalizedPartyNumber(input.notifyPartyNumber, 'input.notifyPartyNumber');
  const from = checkDate(input.effectiveFrom, 'input.effectiveFrom') ?? today;
  const until = checkDate(input.effectiveUntil, 'input.effectiveUntil');
  const issues: { path: string; message: string }[] = [];
  if (!input.coversRefunds && !input.coversBills && !input.coversLiquidationNotices) {
    issues.push({
      path: 'input',
      message: 'A designation covers refunds, bills or liquidation notices (at least one).',
    });
  }
  if (from < today) {
    issues.push({
      path: 'input.effectiveFrom',
      message: `A designation takes effect today (${today}) or later, not ${from}.`,
    });
  }
  if (until !== null && until <= from) {
    issues.push({
      path: 'input.effectiveUntil',
      message: `The end (${until}) must be after the start (${from}).`,
    });
  }
  const name = input.notifyPartyName?.trim() || null;
  if (name !== null && name.length > 200) {
    issues.push({ path: 'input.notifyPartyName', message: 'A name has at most 200 characters.' });
  }
  if (issues.length > 0) throw new ValidationError(issues[0]!.message, issues);

  return await withTenant(context.db, tenantOfActor(actor), async (tx) => {
    const importer = await ownParty(tx, actor, input.importerNumber, 'input.importerNumber');
    if (importer.kind !== 'IMPORTER_OF_RECORD') {
      throw ValidationError.of(
        'input.importerNumber',
        `${importer.partyNumber} is not an importer of record number.`,
      );
    }
    if (importer.partyNumber === notifyNumber.value) {
      throw ValidationError.of(
        'input.notifyPartyNumber',
        'An importer cannot name itself as its notify party.',
      );
    }
    // One designation at a time per importer: overlapping ones are checked under this lock.
    await tx.$executeRaw`select pg_advisory_xact_lock(hashtext('form_4811:' || ${importer.id}))`;
    await refuseOverlap(tx, importer, input, { from, until });
    const [notify] = await tx.$queryRaw<ResolvedNotifyParty[]>`
      select * from app_resolve_notify_party(${notifyNumber.value}, ${notifyNumber.kind}::"PartyNumberKind", ${name})`;
    if (!notify) {
      throw ValidationError.of(
        'input.notifyPartyName',
        `No party with number ${notifyNumber.value} is known here yet: give the notify party's name as written on the Form 4811.`,
      );
    }
    const created = await tx.form4811Designation.create({
      data: {
        importerPartyId: importer.id,
        notifyPartyId: notify.party_id,
        coversRefunds: input.coversRefunds,
        coversBills: input.coversBills,
        coversLiquidationNotices: input.coversLiquidationNotices,
        status: 'IN_FORCE',
        filedOn: dateColumn(today),
        effectiveFrom: dateColumn(from),
        effectiveUntil: until === null ? null : dateColumn(until),
      },
      include: INCLUDE_PARTIES,
    });
    await recordAudit(tx, actor, {
      action: 'form_4811.designated',
      subjectType: 'form_4811_designation',
      subjectId: created.id,
      details: {
        importerNumber: importer.partyNumber,
        notifyPartyNumber: notifyNumber.value,
        notifyPartyName: notify.name,
        notifyPartyRegistered: notify.registered,
        coversRefunds: input.coversRefunds,
        coversBills: input.coversBills,
        coversLiquidationNotices: input.coversLiquidationNotices,
        effectiveFrom: from,
        effectiveUntil: until,
      },
    });
    return (await views(tx, [created], today))[0]!;
  });
}

async function refuseOverlap(
  tx: TenantTransaction,
  importer: PartyModel,
  scope: Form4811Scope,
  period: { from: IsoDate; until: IsoDate | null },
): Promise<void> {
  const current = await tx.form4811Designation.findMany({
    where: { importerPartyId: importer.id, status: { in: ['PENDING', 'IN_FORCE'] } },
    include: { notifyParty: { select: { name: true, partyNumber: true } } },
  });
  for (const existing of current) {
    const shared = SCOPE_NAMES.filter(([key]) => scope[key] && existing[key]).map(([, label]) => label);
    const existingPeriod = {
      from: isoDateOf(existing.effectiveFrom),
      until: existing.effectiveUntil ? isoDateOf(existing.effectiveUntil) : null,
    };
    if (shared.length > 0 && overlaps(existingPeriod, period)) {
      throw new NotAllowedError(
        `${importer.partyNumber} already designates ${existing.notifyParty.name} (${existing.notifyParty.partyNumber}) for ${shared.join(', ')} ` +
          `from ${existingPeriod.from}${existingPeriod.until ? ` until ${existingPeriod.until}` : ''} (designation ${existing.id}): revoke it or end it before this one starts.`,
      );
    }
  }
}

/**
 * Revokes a designation from a date (default today; never earlier, as refunds may already have been routed
 * by it). The row stays, with status REVOKED and its period ended.
 */
export async function revokeForm4811Designation(
  context: ServiceContext,
  input: { designationId: string; effectiveUntil?: IsoDate | null },
): Promise<DesignationView> {
  const actor = requireTenantActor(context.actor, MANAGE);
  const today = await context.clock.today();
  const requested = checkDate(input.effectiveUntil, 'input.effectiveUntil') ?? today;
  if (requested < today) {
    throw ValidationError.of(
      'input.effectiveUntil',
      `A revocation takes effect today (${today}) or later, not ${requested}.`,
    );
  }
  return await withTenant(context.db, tenantOfActor(actor), async (tx) => {
    const designation = await ownDesignation(tx, actor, input.designationId);
    if (designation.status !== 'IN_FORCE' && designation.status !== 'PENDING') {
      throw new NotAllowedError(`This designation is already ${designation.status.toLowerCase()}.`);
    }
    const from = isoDateOf(designation.effectiveFrom);
    const previousUntil = designation.effectiveUntil ? isoDateOf(designation.effectiveUntil) : null;
    // Revoked before it started: an empty period. Already ending earlier: that end stands.
    // biome-ignore lint/complexity/useMathMinMax: ISO dates, compared as strings
    let until = requested < from ? from : requested;
    if (previousUntil !== null && previousUntil < until) until = previousUntil;
    const revoked = await tx.form4811Designation.update({
      where: { id: designation.id },
      data: { status: 'REVOKED', effectiveUntil: dateColumn(until), revokedAt: context.clock.now() },
      include: INCLUDE_PARTIES,
    });
    await recordAudit(tx, actor, {
      action: 'form_4811.revoked',
      subjectType: 'form_4811_designation',
      subjectId: revoked.id,
      details: {
        importerNumber: revoked.importer.partyNumber,
        notifyPartyNumber: revoked.notifyParty.partyNumber,
        effectiveUntil: until,
        previousEffectiveUntil: previousUntil,
        previousStatus: designation.status,
      },
    });
    return (await views(tx, [revoked], today))[0]!;
  });
}

async function ownDesignation(
  tx: TenantTransaction,
  actor: UserActor | ApiTokenActor,
  designationId: string,
) {
  const owned = await tx.party.findMany({
    where: { organizationId: actor.organizationId },
    select: { id: true },
  });
  const designation = isUuid(designationId)
    ? await tx.form4811Designation.findFirst({
        where: { id: designationId, importerPartyId: { in: owned.map((party) => party.id) } },
      })
    : null;
  if (!designation) throw ValidationError.of('input.designationId', 'No designation of yours has this id.');
  return designation;
}

export interface DesignationFilter {
  status?: Form4811Status | null;
  /** Only designations by this importer number (given) or naming this notify party number (received). */
  partyNumber?: string | null;
}

export interface OffsetPage {
  offset: number;
  limit: number;
}

export type DesignationSide = 'GIVEN' | 'RECEIVED';

/**
 * Designations the actor's account gave (as importer) or received (as notify party), newest first, with
 * their history. `limit + 1` rows may be asked for to learn whether a next page exists.
 */
export async function listForm4811Designations(
  context: ServiceContext,
  side: DesignationSide,
  filter: DesignationFilter,
  page: OffsetPage,
): Promise<{ designations: DesignationView[]; totalCount: () => Promise<number> }> {
  const actor = requireTenantActor(context.actor, READ);
  const today = await context.clock.today();
  const tenant = tenantOfActor(actor);
  const where = async (tx: TenantTransaction) => {
    const owned = await tx.party.findMany({
      where: { organizationId: actor.organizationId },
      select: { id: true },
    });
    const ownIds = { in: owned.map((party) => party.id) };
    const otherNumber = filter.partyNumber
      ? normalizedPartyNumber(filter.partyNumber, 'filter.partyNumber').value
      : null;
    return side === 'GIVEN'
      ? {
          importerPartyId: ownIds,
          ...(otherNumber ? { notifyParty: { partyNumber: otherNumber } } : {}),
          ...(filter.status ? { status: filter.status } : {}),
        }
      : {
          notifyPartyId: ownIds,
          ...(otherNumber ? { importer: { partyNumber: otherNumber } } : {}),
          ...(filter.status ? { status: filter.status } : {}),
        };
  };
  const designations = await withTenant(context.db, tenant, async (tx) =>
    views(tx, await findDesignations(tx, await where(tx), page), today),
  );
  return {
    designations,
    totalCount: () =>
      withTenant(context.db, tenant, async (tx) => tx.form4811Designation.count({ where: await where(tx) })),
  };
}
