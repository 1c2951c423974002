// The party numbers an account holds (its IOR numbers, or its notify-party number), chosen by number.
import type { PartyModel, TenantTransaction } from '@cape/db';
import { parseImporterNumber } from '@cape/domain';
import type { ApiTokenActor, UserActor } from '../context.ts';
import { ValidationError } from '../errors.ts';

/** A party number as people type it, normalized (DOMAIN 8.1), or a ValidationError for the field. */
export function normalizedPartyNumber(
  raw: string,
  path: string,
): { value: string; kind: PartyModel['partyNumberKind'] } {
  const parsed = parseImporterNumber(raw);
  if (!parsed.ok) throw ValidationError.of(path, parsed.error.message);
  return parsed.value;
}

/**
 * The actor's own party with this number; without a number, its only party. Another account's number is
 * refused exactly like an unknown one (row-level security does not show it either).
 */
export async function ownParty(
  tx: TenantTransaction,
  actor: UserActor | ApiTokenActor,
  partyNumber: string | null | undefined,
  path: string,
): Promise<PartyModel> {
  if (partyNumber == null || partyNumber.trim() === '') {
    const parties = await tx.party.findMany({
      where: { organizationId: actor.organizationId },
      orderBy: { partyNumber: 'asc' },
      take: 2,
    });
    if (parties.length === 1) return parties[0]!;
    throw ValidationError.of(
      path,
      parties.length === 0
        ? 'Your account holds no importer or notify-party number.'
        : 'Your account holds several numbers: give the one this concerns.',
    );
  }
  const number = normalizedPartyNumber(partyNumber, path);
  const party = await tx.party.findFirst({
    where: { organizationId: actor.organizationId, partyNumber: number.value },
  });
  if (!party) throw ValidationError.of(path, `${number.value} is not one of your account's numbers.`);
  return party;
}
