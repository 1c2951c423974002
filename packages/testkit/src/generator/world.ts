/**
 * The trade parties around the entries: brokers with filer codes and many importer-of-record clients,
 * self-filing importers, Form 4811 notify parties and their designations, ACH refund enrollments and debts.
 * Everything is derived from the seed and the run's filer codes, so a second run gets fresh ids.
 */
import type { IsoDate } from '@cape/domain';
import { addDays } from '@cape/domain';
import {
  pickFreeFilerCodes,
  randomCbpAssignedNumber,
  randomEinImporterNumber,
  randomRoutingNumber,
  randomSsn,
} from './identifiers.ts';
import { Prng, type WeightedTable, weighted } from './prng.ts';
import {
  BROKER_NAME_FIRST,
  BROKER_NAME_LAST,
  COUNTRY_TABLE,
  type CountryProfile,
  IMPORTER_NAME_FIRST,
  IMPORTER_NAME_MIDDLE,
  IMPORTER_NAME_SUFFIX,
  INDIVIDUAL_FIRST,
  INDIVIDUAL_LAST,
  KNOWN_ROUTING_NUMBERS,
  NOTIFY_NAME_FIRST,
  NOTIFY_NAME_LAST,
} from './reference-data.ts';

export type OrganizationKind = 'BROKER' | 'IMPORTER' | 'NOTIFY_PARTY' | 'OPERATOR';

export interface GeneratedOrganization {
  id: string;
  kind: OrganizationKind;
  name: string;
}

export interface GeneratedFilerCode {
  code: string;
  organizationId: string;
}

export interface GeneratedParty {
  id: string;
  kind: 'IMPORTER_OF_RECORD' | 'NOTIFY_PARTY';
  partyNumber: string;
  partyNumberKind: 'EIN' | 'SSN' | 'CBP_ASSIGNED';
  name: string;
  corporate: boolean;
  organizationId: string | null;
}

export interface GeneratedBrokerClient {
  brokerOrganizationId: string;
  partyId: string;
}

export interface GeneratedDesignation {
  id: string;
  importerPartyId: string;
  notifyPartyId: string;
  status: 'PENDING' | 'IN_FORCE' | 'REVOKED' | 'LAPSED';
  filedOn: IsoDate;
  effectiveFrom: IsoDate;
  /** Exclusive end; null while in force. */
  effectiveUntil: IsoDate | null;
}

export interface GeneratedAchEnrollment {
  id: string;
  partyId: string;
  organizationId: string;
  routingNumber: string;
  accountLast4: string;
  status: 'PENDING' | 'ACTIVE' | 'REVOKED';
  /** ISO timestamp, or null while pending. */
  enrolledAt: string | null;
}

export interface GeneratedDebt {
  id: string;
  partyId: string;
  source: 'CBP' | 'TREASURY_OFFSET_PROGRAM';
  billNumber: string;
  incurredOn: IsoDate;
  originalCents: bigint;
  outstandingCents: bigint;
}

/** A filer code with its running transaction number (entry numbers are assigned sequentially per code). */
export interface FilerCodeCounter {
  code: string;
  nextTransactionNumber: number;
}

/** An importer of record as the entry generator sees it. */
export interface ImporterProfile {
  partyId: string;
  organizationId: string | null;
  /** Most of an importer's goods come from one country. */
  mainCountry: CountryProfile;
  /** Notify party named on entries dated in [from, until). */
  notify: { notifyPartyId: string; from: IsoDate; until: IsoDate | null } | null;
}

export interface Filer {
  organizationId: string;
  kind: 'BROKER' | 'SELF_FILER';
  filerCodes: FilerCodeCounter[];
  filerCodeTable: WeightedTable<FilerCodeCounter>;
  clients: WeightedTable<ImporterProfile>;
}

export interface World {
  organizations: GeneratedOrganization[];
  filerCodes: GeneratedFilerCode[];
  parties: GeneratedParty[];
  brokerClients: GeneratedBrokerClient[];
  designations: GeneratedDesignation[];
  achEnrollments: GeneratedAchEnrollment[];
  debts: GeneratedDebt[];
  /** Who files entries, weighted by volume. */
  filers: WeightedTable<Filer>;
  /** Brokers in order (ids and names), for callers that need to find them again (e.g. the demo seed). */
  brokers: { organizationId: string; name: string; filerCodes: string[] }[];
  /** Featured importers of the first broker, in the order requested. */
  featuredImporters: { organizationId: string; partyId: string; name: string; partyNumber: string }[];
  notifyParties: { organizationId: string; partyId: string; name: string }[];
}

export interface WorldParams {
  seed: number;
  brokers: number;
  importersPerBroker: number;
  selfFilingImporters: number;
  notifyParties: number;
  /** Names for the first brokers (the rest are generated). */
  brokerNames?: readonly string[];
  /** Filer codes wanted for the first brokers; a code already in use is replaced by a free one. */
  preferredFilerCodes?: readonly (readonly string[])[];
  /** Importers of the first broker with an account here, each getting `entryShare` of that broker's entries. */
  featuredImporters?: readonly { name: string; entryShare: number }[];
  notifyPartyNames?: readonly string[];
  /** Filer codes already in the database: never picked. */
  unavailableFilerCodes: ReadonlySet<string>;
  /** Filer codes only ever used when asked for by name in `preferredFilerCodes`. */
  reservedFilerCodes: ReadonlySet<string>;
  /** Party numbers already in the database: regenerated when drawn. */
  unavailablePartyNumbers: ReadonlySet<string>;
}

const CORPORATE_SHARE = 0.95;

function brokerName(rng: Prng, index: number, names: readonly string[] | undefined): string {
  return names?.[index] ?? `${rng.pick(BROKER_NAME_FIRST)} ${rng.pick(BROKER_NAME_LAST)}`;
}

function importerName(rng: Prng): string {
  return `${rng.pick(IMPORTER_NAME_FIRST)} ${rng.pick(IMPORTER_NAME_MIDDLE)} ${rng.pick(IMPORTER_NAME_SUFFIX)}`;
}

/** Zipf-like weights: a few big accounts, a long tail of small ones. */
function zipfWeight(rank: number, exponent: number): number {
  return 1 / (rank + 1) ** exponent;
}

export function generateWorld(params: WorldParams): World {
  const filerCodeCount =
    Array.from({ length: params.brokers }, (_, i) => params.preferredFilerCodes?.[i]?.length ?? 0).reduce(
      (a, b) => a + b,
      0,
    ) +
    4 * params.brokers +
    params.selfFilingImporters;
  // Codes come first: they make this run unique, so every other id stream is salted with them.
  const codeRng = Prng.derive(params.seed, 'filer-codes');
  const preferredFree = (params.preferredFilerCodes ?? []).map((codes) =>
    codes.filter((code) => !params.unavailableFilerCodes.has(code) && code !== '000'),
  );
  const notRandom = new Set([
    ...params.unavailableFilerCodes,
    ...params.reservedFilerCodes,
    ...preferredFree.flat(),
  ]);
  const freeCodes = pickFreeFilerCodes(filerCodeCount, notRandom, codeRng);
  const runSalt = [...preferredFree.flat(), ...freeCodes].join('');
  const rng = Prng.derive(params.seed, 'world', runSalt);
  const nextFreeCode = () => {
    const code = freeCodes.shift();
    if (code === undefined) throw new Error('Generator bug: ran out of pre-picked filer codes');
    return code;
  };

  const world: Omit<World, 'filers'> = {
    organizations: [],
    filerCodes: [],
    parties: [],
    brokerClients: [],
    designations: [],
    achEnrollments: [],
    debts: [],
    brokers: [],
    featuredImporters: [],
    notifyParties: [],
  };
  const usedPartyNumbers = new Set(params.unavailablePartyNumbers);
  const uniquePartyNumber = (draw: () => string) => {
    for (;;) {
      const candidate = draw();
      if (!usedPartyNumbers.has(candidate)) {
        usedPartyNumbers.add(candidate);
        return candidate;
      }
    }
  };
  let debtSerial = 0;
  const runTag = runSalt.slice(0, 3);

  const addOrganization = (kind: OrganizationKind, name: string) => {
    const organization = { id: rng.uuid(), kind, name };
    world.organizations.push(organization);
    return organization;
  };

  const addAch = (partyId: string, organizationId: string, activeShare: number) => {
    const roll = rng.next();
    if (roll >= activeShare + 0.04) return; // not enrolled: refunds to this party are held
    const status = roll < activeShare ? 'ACTIVE' : 'PENDING';
    const enrolledDay = addDays('2026-02-06', rng.int(0, 120));
    world.achEnrollments.push({
      id: rng.uuid(),
      partyId,
      organizationId,
      routingNumber: rng.chance(0.5) ? rng.pick(KNOWN_ROUTING_NUMBERS) : randomRoutingNumber(rng),
      accountLast4: rng.digits(4),
      status,
      enrolledAt:
        status === 'ACTIVE' ? `${enrolledDay}T${String(rng.int(13, 22)).padStart(2, '0')}:00:00.000Z` : null,
    });
  };

  const addDebts = (partyId: string, probability: number) => {
    if (!rng.chance(probability)) return;
    const count = rng.int(1, 2);
    for (let i = 0; i < count; i++) {
      const originalCents = BigInt(rng.logUniformInt(10_000, 5_000_000));
      const outstandingCents = rng.chance(0.7)
        ? originalCents
        : (originalCents * BigInt(rng.int(10, 90))) / 100n;
      const source = rng.chance(0.7) ? 'CBP' : 'TREASURY_OFFSET_PROGRAM';
      debtSerial++;
      world.debts.push({
        id: rng.uuid(),
        partyId,
        source,
        billNumber: `${source === 'CBP' ? 'CBP' : 'TOP'}-${runTag}-${String(debtSerial).padStart(6, '0')}`,
        incurredOn: addDays('2024-06-01', rng.int(0, 700)),
        originalCents,
        outstandingCents,
      });
    }
  };

  const addImporter = (name: string, withAccount: boolean, featured = false): ImporterProfile => {
    // Featured importers (the demo's) are companies with a working ACH enrollment.
    const roll = featured ? 0 : rng.next();
    const individual = roll > CORPORATE_SHARE + 0.02;
    const kind = roll < CORPORATE_SHARE ? 'EIN' : individual ? 'SSN' : 'CBP_ASSIGNED';
    const mainCountry = rng.pickWeighted(COUNTRY_TABLE);
    const partyNumber = uniquePartyNumber(() =>
      kind === 'EIN'
        ? randomEinImporterNumber(rng)
        : kind === 'SSN'
          ? randomSsn(rng)
          : randomCbpAssignedNumber(rng, rng.pick(mainCountry.ports)),
    );
    const partyName = individual ? `${rng.pick(INDIVIDUAL_FIRST)} ${rng.pick(INDIVIDUAL_LAST)}` : name;
    const organization = withAccount ? addOrganization('IMPORTER', partyName) : null;
    const party: GeneratedParty = {
      id: rng.uuid(),
      kind: 'IMPORTER_OF_RECORD',
      partyNumber,
      partyNumberKind: kind,
      name: partyName,
      corporate: !individual,
      organizationId: organization?.id ?? null,
    };
    world.parties.push(party);
    if (organization !== null) addAch(party.id, organization.id, featured ? 1 : 0.88);
    addDebts(party.id, 0.03);
    return { partyId: party.id, organizationId: party.organizationId, mainCountry, notify: null };
  };

  // Notify parties first, so importers can designate them.
  const notifyProfiles: { partyId: string }[] = [];
  for (let i = 0; i < params.notifyParties; i++) {
    const name =
      params.notifyPartyNames?.[i] ?? `${rng.pick(NOTIFY_NAME_FIRST)} ${rng.pick(NOTIFY_NAME_LAST)}`;
    const organization = addOrganization('NOTIFY_PARTY', name);
    const party: GeneratedParty = {
      id: rng.uuid(),
      kind: 'NOTIFY_PARTY',
      partyNumber: uniquePartyNumber(() => randomEinImporterNumber(rng)),
      partyNumberKind: 'EIN',
      name,
      corporate: true,
      organizationId: organization.id,
    };
    world.parties.push(party);
    addAch(party.id, organization.id, 0.95);
    addDebts(party.id, 0.2);
    notifyProfiles.push({ partyId: party.id });
    world.notifyParties.push({ organizationId: organization.id, partyId: party.id, name });
  }

  const designate = (importer: ImporterProfile, notifyPartyId: string, forceInForce: boolean) => {
    const roll = forceInForce ? 0 : rng.next();
    const status = roll < 0.8 ? 'IN_FORCE' : roll < 0.9 ? 'REVOKED' : roll < 0.95 ? 'LAPSED' : 'PENDING';
    const filedOn =
      status === 'PENDING' ? addDays('2026-10-01', rng.int(0, 40)) : addDays('2024-01-02', rng.int(0, 500));
    const effectiveFrom = addDays(filedOn, rng.int(7, 14)); // about 10 business days at the Center
    const effectiveUntil =
      status === 'REVOKED' || status === 'LAPSED' ? addDays(effectiveFrom, rng.int(120, 500)) : null;
    world.designations.push({
      id: rng.uuid(),
      importerPartyId: importer.partyId,
      notifyPartyId,
      status,
      filedOn,
      effectiveFrom,
      effectiveUntil,
    });
    if (status !== 'PENDING') importer.notify = { notifyPartyId, from: effectiveFrom, until: effectiveUntil };
  };

  const allImporters: ImporterProfile[] = [];
  const filers: [Filer, number][] = [];
  for (let b = 0; b < params.brokers; b++) {
    const name = brokerName(rng, b, params.brokerNames);
    const organization = addOrganization('BROKER', name);
    const codes = [...(preferredFree[b] ?? [])];
    const extraCodes = codes.length > 0 ? 0 : rng.int(1, 3);
    for (let i = 0; i < extraCodes; i++) codes.push(nextFreeCode());
    if (codes.length === 0) codes.push(nextFreeCode());
    const counters = codes.map((code) => ({ code, nextTransactionNumber: rng.int(1, 2_000_000) }));
    for (const code of codes) world.filerCodes.push({ code, organizationId: organization.id });
    world.brokers.push({ organizationId: organization.id, name, filerCodes: codes });

    const clients: [ImporterProfile, number][] = [];
    const featured = b === 0 ? (params.featuredImporters ?? []) : [];
    for (const feature of featured) {
      const importer = addImporter(feature.name, true, true);
      const party = world.parties.at(-1)!;
      world.featuredImporters.push({
        organizationId: importer.organizationId!,
        partyId: importer.partyId,
        name: party.name,
        partyNumber: party.partyNumber,
      });
      clients.push([importer, -feature.entryShare]); // weight fixed below, once the others are known
      allImporters.push(importer);
    }
    for (let i = 0; i < params.importersPerBroker; i++) {
      // A few importers use more than one broker.
      const shared = allImporters.length > 10 && rng.chance(0.04) ? rng.pick(allImporters) : null;
      const importer = shared ?? addImporter(importerName(rng), rng.chance(0.85));
      if (shared === null) allImporters.push(importer);
      if (clients.some(([client]) => client === importer)) continue;
      clients.push([importer, zipfWeight(i, 0.9)]);
    }
    const regularWeight = clients.filter(([, w]) => w > 0).reduce((sum, [, w]) => sum + w, 0);
    const featuredShare = featured.reduce((sum, f) => sum + f.entryShare, 0);
    const weightedClients = clients.map(([client, w]): [ImporterProfile, number] => [
      client,
      w >= 0 ? w : (-w * regularWeight) / Math.max(1e-9, 1 - featuredShare),
    ]);
    for (const [client] of weightedClients) {
      world.brokerClients.push({ brokerOrganizationId: organization.id, partyId: client.partyId });
    }
    filers.push([
      {
        organizationId: organization.id,
        kind: 'BROKER',
        filerCodes: counters,
        filerCodeTable: weighted(counters.map((c, i) => [c, i === 0 ? 3 : 1] as const)),
        clients: weighted(weightedClients),
      },
      zipfWeight(b, 0.8),
    ]);
  }

  // Self-filers together carry about 8% of the entries when there are brokers too.
  const brokerVolume = filers.reduce((sum, [, w]) => sum + w, 0);
  const selfFilerWeight =
    params.brokers > 0 ? (0.08 * brokerVolume) / (0.92 * params.selfFilingImporters) : 1;
  for (let s = 0; s < params.selfFilingImporters; s++) {
    const importer = addImporter(importerName(rng), true);
    const code = nextFreeCode();
    world.filerCodes.push({ code, organizationId: importer.organizationId! });
    const counter = { code, nextTransactionNumber: rng.int(1, 2_000_000) };
    filers.push([
      {
        organizationId: importer.organizationId!,
        kind: 'SELF_FILER',
        filerCodes: [counter],
        filerCodeTable: weighted([[counter, 1]]),
        clients: weighted([[importer, 1]]),
      },
      selfFilerWeight,
    ]);
    allImporters.push(importer);
  }
  if (filers.length === 0) throw new RangeError('At least one broker or self-filing importer is needed');

  // Form 4811: a few importers name a notify party; every notify party gets at least one designation
  // in force from a client of the first broker.
  if (notifyProfiles.length > 0) {
    const firstBrokerClients = world.brokerClients
      .filter((c) => c.brokerOrganizationId === world.brokers[0]?.organizationId)
      .map((c) => allImporters.find((i) => i.partyId === c.partyId)!)
      .filter((i) => !world.featuredImporters.some((f) => f.partyId === i.partyId));
    const candidates = firstBrokerClients.length > 0 ? firstBrokerClients : allImporters;
    for (const [index, notify] of notifyProfiles.entries()) {
      // A mid-sized client (not the broker's biggest account), so notify parties get a realistic share.
      const start = Math.floor(candidates.length / 4) + index * 7;
      const importer = candidates.find((c, i) => i >= start && c.notify === null) ?? candidates[0]!;
      designate(importer, notify.partyId, true);
    }
    for (const importer of allImporters) {
      if (importer.notify === null && rng.chance(0.06))
        designate(importer, rng.pick(notifyProfiles).partyId, false);
    }
  }
  return { ...world, filers: weighted(filers) };
}
