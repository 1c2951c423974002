import { bench, describe } from 'vitest';
import { addDays } from './calendar-date';
import { applyInterestFactor, computeInterest, type InterestFactor, interestFactor } from './interest';

/**
 * The consolidation benchmark computes interest for 1,000,000 entries. Realistic shape: deposits spread over
 * the IEEPA year (2025-02-04 .. 2026-02-23), (re)liquidations in May-June 2026, both rate kinds; each
 * distinct (deposit date, end date, corporate) factor is built once, then applied to every principal.
 * Run: pnpm --filter @cape/domain bench
 */
const ENTRIES = 1_000_000;
const depositDates = Array.from({ length: 385 }, (_, i) => addDays('2025-02-04', i));
const endDates = ['2026-05-07', '2026-05-14', '2026-05-21', '2026-06-04', '2026-06-11'];
const principals = Array.from({ length: ENTRIES }, (_, i) => BigInt(5_000 + ((i * 7_919) % 50_000_000)));

function factorsFor(): InterestFactor[] {
  const factors: InterestFactor[] = [];
  for (const depositDate of depositDates) {
    for (const endDate of endDates) {
      for (const corporate of [false, true])
        factors.push(interestFactor({ depositDate, endDate, corporate }));
    }
  }
  return factors;
}

const factors = factorsFor();

describe(`interest for ${ENTRIES.toLocaleString('en-US')} entries`, () => {
  bench(
    `build all ${factors.length} factors`,
    () => {
      factorsFor();
    },
    { iterations: 3 },
  );

  bench(
    `apply factors to ${ENTRIES.toLocaleString('en-US')} principals`,
    () => {
      let total = 0n;
      for (let i = 0; i < ENTRIES; i++)
        total += applyInterestFactor(principals[i]!, factors[i % factors.length]!);
      if (total <= 0n) throw new Error('no interest');
    },
    { iterations: 3 },
  );

  bench(
    'computeInterest per entry (factor rebuilt every time), 10,000 entries',
    () => {
      for (let i = 0; i < 10_000; i++) {
        computeInterest({
          principalCents: principals[i]!,
          depositDate: depositDates[i % depositDates.length]!,
          endDate: endDates[i % endDates.length]!,
          corporate: i % 2 === 0,
        });
      }
    },
    { iterations: 3 },
  );
});
