/** Command-line arguments of `pnpm gen:data`, validated with messages that say what to type instead. */
import { isIsoDate } from '@cape/domain';
import type { ConstraintStrategy } from '../loader/load-synthetic-data.ts';

export interface GenerateDataArguments {
  entries: number;
  seed?: number;
  brokers?: number;
  importersPerBroker?: number;
  referenceDate?: string;
  constraintStrategy?: ConstraintStrategy;
}

export const USAGE =
  'Usage: pnpm gen:data --entries <n> [--seed <n>] [--brokers <n>] [--importers-per-broker <n>] ' +
  '[--reference-date YYYY-MM-DD] [--constraints auto|keep|rebuild]';

export class ArgumentError extends Error {}

function wholeNumber(flag: string, raw: string, minimum: number): number {
  const kind = minimum > 0 ? 'a positive integer' : 'a whole number >= 0';
  if (!/^[0-9]+$/.test(raw)) throw new ArgumentError(`${flag} must be ${kind}, got ${JSON.stringify(raw)}`);
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < minimum) {
    throw new ArgumentError(`${flag} must be ${kind}, got ${JSON.stringify(raw)}`);
  }
  return value;
}

export function parseGenerateDataArguments(argv: readonly string[]): GenerateDataArguments {
  // pnpm may forward a literal "--" separator.
  const args = argv.filter((a) => a !== '--');
  const values = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const match = /^(--[a-z-]+)(?:=(.*))?$/.exec(arg);
    if (match === null) throw new ArgumentError(`Unexpected argument ${JSON.stringify(arg)}. ${USAGE}`);
    const flag = match[1]!;
    let value = match[2];
    if (value === undefined) {
      value = args[i + 1];
      if (value === undefined || value.startsWith('--'))
        throw new ArgumentError(`${flag} needs a value. ${USAGE}`);
      i++;
    }
    if (values.has(flag)) throw new ArgumentError(`${flag} is given twice`);
    values.set(flag, value);
  }
  const known = [
    '--entries',
    '--seed',
    '--brokers',
    '--importers-per-broker',
    '--reference-date',
    '--constraints',
  ];
  for (const flag of values.keys()) {
    if (!known.includes(flag)) throw new ArgumentError(`Unknown option ${flag}. ${USAGE}`);
  }
  const entries = values.get('--entries');
  if (entries === undefined) throw new ArgumentError(`--entries is required. ${USAGE}`);
  const result: GenerateDataArguments = { entries: wholeNumber('--entries', entries, 1) };
  const seed = values.get('--seed');
  if (seed !== undefined) result.seed = wholeNumber('--seed', seed, 0);
  const brokers = values.get('--brokers');
  if (brokers !== undefined) result.brokers = wholeNumber('--brokers', brokers, 1);
  const perBroker = values.get('--importers-per-broker');
  if (perBroker !== undefined)
    result.importersPerBroker = wholeNumber('--importers-per-broker', perBroker, 1);
  const referenceDate = values.get('--reference-date');
  if (referenceDate !== undefined) {
    if (!isIsoDate(referenceDate)) {
      throw new ArgumentError(
        `--reference-date must be a date like 2026-11-23, got ${JSON.stringify(referenceDate)}`,
      );
    }
    result.referenceDate = referenceDate;
  }
  const strategy = values.get('--constraints');
  if (strategy !== undefined) {
    if (strategy !== 'auto' && strategy !== 'keep' && strategy !== 'rebuild') {
      throw new ArgumentError(`--constraints must be auto, keep or rebuild, got ${JSON.stringify(strategy)}`);
    }
    result.constraintStrategy = strategy;
  }
  return result;
}
