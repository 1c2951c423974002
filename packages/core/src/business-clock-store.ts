// The operator's override of the business date, kept in PostgreSQL so every API replica and worker agrees on
// what day it is for CAPE. Moving the clock is for demos and tests: production refuses it.
import { type PrismaClient, type TenantTransaction, withTenant } from '@cape/db';
import { type IsoDate, isIsoDate } from '@cape/domain';
import { requirePermission } from './authorization.ts';
import { type BusinessClock, businessDateOf } from './business-clock.ts';
import { type ServiceContext, tenantOfActor } from './context.ts';
import { NotAllowedError } from './errors.ts';

const CLOCK_ROW = 1;

function toIsoDate(date: Date): IsoDate {
  return date.toISOString().slice(0, 10);
}

/** Today for CAPE: the operator's override when one is set, else the real date in America/New_York. */
export function databaseBusinessClock(
  db: PrismaClient,
  realNow: () => Date = () => new Date(),
): BusinessClock {
  return {
    async today() {
      const row = await db.businessClock.findUnique({ where: { id: CLOCK_ROW } });
      return row?.overrideDate ? toIsoDate(row.overrideDate) : businessDateOf(realNow());
    },
    now: realNow,
  };
}

export interface MoveClockOptions {
  /** The platform's mode: the clock never moves in production. */
  production: boolean;
}

/**
 * Sets the business date (or, with null, returns to the real date). Time may move backwards too: a demo can
 * be replayed; what was already processed keeps the dates it was processed with.
 */
export async function setBusinessDate(
  context: ServiceContext,
  date: IsoDate | null,
  options: MoveClockOptions,
): Promise<IsoDate> {
  const actor = requirePermission(context.actor, 'processing:run');
  if (options.production) {
    throw new NotAllowedError(
      'The business date cannot be changed in production: it is always today in Eastern time.',
    );
  }
  if (date !== null && !isIsoDate(date))
    throw new NotAllowedError(`"${date}" is not a calendar date (YYYY-MM-DD).`);
  const overrideDate = date === null ? null : new Date(`${date}T00:00:00Z`);
  const setByUserId = actor.kind === 'system' ? null : actor.userId;
  const write = async (tx: TenantTransaction) => {
    await tx.businessClock.upsert({
      where: { id: CLOCK_ROW },
      create: { id: CLOCK_ROW, overrideDate, setByUserId },
      update: { overrideDate, setByUserId, setAt: new Date() },
    });
    await tx.auditLogEntry.create({
      data: {
        organizationId: actor.kind === 'system' ? null : actor.organizationId,
        actorUserId: setByUserId,
        action: 'business_clock.set',
        subjectType: 'business_clock',
        subjectId: String(CLOCK_ROW),
        details: { date, actor: actor.kind === 'system' ? actor.purpose : actor.kind },
      },
    });
  };
  if (actor.kind === 'system') await context.db.$transaction(write);
  else await withTenant(context.db, tenantOfActor(actor), write);
  return await databaseBusinessClock(context.db).today();
}
