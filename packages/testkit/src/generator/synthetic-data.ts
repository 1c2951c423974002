/**
 * Deterministic synthetic data: `generateSyntheticData(options)` gives the parties (World) and a stream of
 * entry summaries. Same seed + same options (including the filer codes and ids the database makes
 * available) => identical data.
 */
import type { IsoDate } from '@cape/domain';
import { EntryStream, type GeneratedEntry } from './entries.ts';
import { generateWorld, type World } from './world.ts';

export const DEFAULT_SEED = 42;
export const DEFAULT_REFERENCE_DATE: IsoDate = '2026-11-23';
/** Filer codes the generator never picks on its own: the demo seed asks for them by name. */
export const RESERVED_FILER_CODES: readonly string[] = ['B76', 'H7C'];

export interface SyntheticDataOptions {
  /** Number of entry summaries. */
  entries: number;
  seed?: number;
  /** Default: one per 80,000 entries, at least 3 and at most 25. */
  brokers?: number;
  /** Default 250. */
  importersPerBroker?: number;
  /** Default: a quarter of the brokers, at least 1. */
  selfFilingImporters?: number;
  /** Default: half the brokers, at least 2. */
  notifyParties?: number;
  /** "Today" for liquidation status: default 2026-11-23. */
  referenceDate?: IsoDate;
  brokerNames?: readonly string[];
  preferredFilerCodes?: readonly (readonly string[])[];
  featuredImporters?: readonly { name: string; entryShare: number }[];
  notifyPartyNames?: readonly string[];
  /** Filer codes (and party numbers) already taken in the target database. */
  unavailableFilerCodes?: ReadonlySet<string>;
  unavailablePartyNumbers?: ReadonlySet<string>;
  /** Ids the database reserved for this run (sequence values); default 1. */
  firstEntrySummaryId?: number;
  firstEntryLineId?: number;
}

export interface ResolvedSyntheticDataOptions {
  entries: number;
  seed: number;
  brokers: number;
  importersPerBroker: number;
  selfFilingImporters: number;
  notifyParties: number;
  referenceDate: IsoDate;
}

function positiveIntegerOrZero(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a whole number >= 0, got ${value}`);
  }
  return value;
}

export function resolveSyntheticDataOptions(options: SyntheticDataOptions): ResolvedSyntheticDataOptions {
  const entries = positiveIntegerOrZero('entries', options.entries);
  const brokers = positiveIntegerOrZero(
    'brokers',
    options.brokers ?? Math.min(25, Math.max(3, Math.ceil(entries / 80_000))),
  );
  return {
    entries,
    seed: positiveIntegerOrZero('seed', options.seed ?? DEFAULT_SEED),
    brokers,
    importersPerBroker: positiveIntegerOrZero('importersPerBroker', options.importersPerBroker ?? 250),
    selfFilingImporters: positiveIntegerOrZero(
      'selfFilingImporters',
      options.selfFilingImporters ?? Math.max(1, Math.round(brokers / 4)),
    ),
    notifyParties: positiveIntegerOrZero(
      'notifyParties',
      options.notifyParties ?? Math.max(2, Math.round(brokers / 2)),
    ),
    referenceDate: options.referenceDate ?? DEFAULT_REFERENCE_DATE,
  };
}

export interface SyntheticData {
  options: ResolvedSyntheticDataOptions;
  world: World;
  /** Yields `options.entries` entries in chunks; each call starts a fresh, identical stream. */
  entryChunks(chunkSize: number): Generator<GeneratedEntry[]>;
}

export function generateWorldFor(options: SyntheticDataOptions): World {
  const resolved = resolveSyntheticDataOptions(options);
  return generateWorld({
    seed: resolved.seed,
    brokers: resolved.brokers,
    importersPerBroker: resolved.importersPerBroker,
    selfFilingImporters: resolved.selfFilingImporters,
    notifyParties: resolved.notifyParties,
    brokerNames: options.brokerNames,
    preferredFilerCodes: options.preferredFilerCodes,
    featuredImporters: options.featuredImporters,
    notifyPartyNames: options.notifyPartyNames,
    unavailableFilerCodes: options.unavailableFilerCodes ?? new Set(),
    reservedFilerCodes: new Set(RESERVED_FILER_CODES),
    unavailablePartyNumbers: options.unavailablePartyNumbers ?? new Set(),
  });
}

export function generateSyntheticData(options: SyntheticDataOptions): SyntheticData {
  const resolved = resolveSyntheticDataOptions(options);
  return {
    options: resolved,
    world: generateWorldFor(options),
    *entryChunks(chunkSize: number) {
      if (!Number.isSafeInteger(chunkSize) || chunkSize <= 0) {
        throw new RangeError(`chunkSize must be a positive integer, got ${chunkSize}`);
      }
      // The world's filer-code counters advance while generating: use a fresh copy for every stream.
      const stream = new EntryStream(generateWorldFor(options), {
        seed: resolved.seed,
        referenceDate: resolved.referenceDate,
        firstEntrySummaryId: options.firstEntrySummaryId ?? 1,
        firstEntryLineId: options.firstEntryLineId ?? 1,
      });
      for (let done = 0; done < resolved.entries; ) {
        const size = Math.min(chunkSize, resolved.entries - done);
        const chunk: GeneratedEntry[] = new Array(size);
        for (let i = 0; i < size; i++) chunk[i] = stream.next();
        done += size;
        yield chunk;
      }
    },
  };
}
