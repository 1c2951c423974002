// Business dates in @db.Date columns: Prisma hands them over as Date at UTC midnight.
import type { IsoDate } from '@cape/domain';

export function dateColumn(date: IsoDate): Date {
  return new Date(`${date}T00:00:00.000Z`);
}

export function isoDateOf(column: Date): IsoDate {
  return column.toISOString().slice(0, 10);
}
