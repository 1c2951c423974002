import {
  classifyChapter99,
  dayOfWeek,
  FRIDAY,
  ieepaHeadingOn,
  isValidAbaRoutingNumber,
  parseEntryNumber,
  parseImporterNumber,
} from '@cape/domain';
import { describe, expect, it } from 'vitest';
import type { GeneratedEntry } from './entries.ts';
import { pickFreeFilerCodes } from './identifiers.ts';
import { Prng } from './prng.ts';
import { generateSyntheticData, type SyntheticDataOptions } from './synthetic-data.ts';
import { rateText } from './tariffs.ts';

const SMALL: SyntheticDataOptions = { entries: 10_000, seed: 11, brokers: 4, importersPerBroker: 40 };

function allEntries(options: SyntheticDataOptions, chunkSize = 5_000): GeneratedEntry[] {
  return [...generateSyntheticData(options).entryChunks(chunkSize)].flat();
}

const entries = allEntries(SMALL);

describe('Prng', () => {
  it('is reproducible per seed and label, and labels give independent streams', () => {
    const draw = (rng: Prng) => Array.from({ length: 5 }, () => rng.nextUint32());
    expect(draw(Prng.derive(1, 'a'))).toEqual(draw(Prng.derive(1, 'a')));
    expect(draw(Prng.derive(1, 'a'))).not.toEqual(draw(Prng.derive(1, 'b')));
    expect(draw(Prng.derive(1, 'a'))).not.toEqual(draw(Prng.derive(2, 'a')));
  });

  it('keeps int() within bounds and makes version 4 UUIDs', () => {
    const rng = Prng.derive(3);
    for (let i = 0; i < 1000; i++) {
      const n = rng.int(-2, 2);
      expect(n).toBeGreaterThanOrEqual(-2);
      expect(n).toBeLessThanOrEqual(2);
    }
    expect(rng.uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe('generateSyntheticData', () => {
  it('gives identical data for the same seed, whatever the chunk size', () => {
    const again = allEntries(SMALL, 777);
    expect(again).toEqual(entries);
    expect(generateSyntheticData(SMALL).world).toEqual(generateSyntheticData(SMALL).world);
  });

  it('gives different data for a different seed', () => {
    const other = allEntries({ ...SMALL, seed: 12, entries: 100 });
    expect(other.map((e) => e.entryNumber)).not.toEqual(entries.slice(0, 100).map((e) => e.entryNumber));
  });

  it('avoids filer codes already in use, and a run with other codes gets other ids', () => {
    const first = generateSyntheticData(SMALL).world;
    const used = new Set(first.filerCodes.map((f) => f.code));
    const second = generateSyntheticData({ ...SMALL, unavailableFilerCodes: used }).world;
    expect(second.filerCodes.some((f) => used.has(f.code))).toBe(false);
    const firstIds = new Set(first.organizations.map((o) => o.id));
    expect(second.organizations.some((o) => firstIds.has(o.id))).toBe(false);
  });

  it('makes entry numbers that pass parseEntryNumber, start with the filer code and are unique', () => {
    for (const e of entries) {
      expect(parseEntryNumber(e.entryNumber)).toEqual({ ok: true, value: e.entryNumber });
      expect(e.entryNumber.startsWith(e.filerCode)).toBe(true);
    }
    expect(new Set(entries.map((e) => e.entryNumber)).size).toBe(entries.length);
  });

  it('keeps entry totals equal to the sum of the tariffs, and tariff classes as classifyChapter99 says', () => {
    for (const e of entries) {
      const tariffs = e.lines.flatMap((l) => l.tariffs);
      expect(e.totalDutyCents).toBe(tariffs.reduce((s, t) => s + t.dutyCents, 0n));
      expect(e.ieepaDutyCents).toBe(
        tariffs.filter((t) => t.tariffClass === 'IEEPA').reduce((s, t) => s + t.dutyCents, 0n),
      );
      for (const line of e.lines) {
        expect(line.tariffs[0]!.tariffClass).toBe('HTS_CHAPTER_1_97');
        expect(line.tariffs[0]!.htsNumber).toMatch(/^[0-9]{10}$/);
        for (const t of line.tariffs.slice(1)) {
          expect(classifyChapter99(t.htsNumber)).toEqual({ ok: true, value: t.tariffClass });
          expect(t.dutyCents).toBeGreaterThanOrEqual(0n);
        }
      }
    }
  });

  it('uses real IEEPA headings in force on the entry date, and none from 2026-02-24', () => {
    for (const e of entries) {
      for (const t of e.lines.flatMap((l) => l.tariffs)) {
        if (t.tariffClass !== 'IEEPA') continue;
        expect(e.entryDate < '2026-02-24').toBe(true);
        const inForce = ieepaHeadingOn(t.htsNumber, e.entryDate);
        expect(inForce, `${t.htsNumber} on ${e.entryDate}`).not.toBeNull();
        if (inForce?.rateBasisPoints != null) expect(t.rateText).toBe(rateText(inForce.rateBasisPoints));
      }
    }
  });

  it('has the expected mix of types, statuses, flags and programs', () => {
    const count = (predicate: (e: GeneratedEntry) => boolean) => entries.filter(predicate).length;
    const share = (predicate: (e: GeneratedEntry) => boolean) => count(predicate) / entries.length;
    expect(share((e) => e.entryType === '01')).toBeGreaterThan(0.7);
    for (const type of ['01', '11', '03', '06', '21', '31', '08', '09', '23', '47']) {
      expect(
        count((e) => e.entryType === type),
        `type ${type}`,
      ).toBeGreaterThan(0);
    }
    for (const status of ['UNLIQUIDATED', 'LIQUIDATED', 'EXTENDED', 'SUSPENDED', 'UNDER_REVIEW', 'FINAL']) {
      expect(
        count((e) => e.liquidationStatus === status),
        status,
      ).toBeGreaterThan(0);
    }
    expect(share((e) => e.reconciliationFlagged)).toBeGreaterThan(0.015);
    expect(share((e) => e.reconciliationFlagged)).toBeLessThan(0.05);
    expect(count((e) => e.drawbackDesignated)).toBeGreaterThan(0);
    expect(count((e) => e.openProtest)).toBeGreaterThan(0);
    expect(count((e) => e.adcvdPendingLiquidation1504d)).toBeGreaterThan(0);
    // Surety-paid IEEPA duty: a few entries in a thousand, and only where IEEPA duty was paid.
    expect(count((e) => e.ieepaDutyPaidBySurety)).toBeGreaterThan(0);
    expect(share((e) => e.ieepaDutyPaidBySurety)).toBeLessThan(0.01);
    expect(count((e) => e.ieepaDutyPaidBySurety && e.ieepaDutyCents === 0n)).toBe(0);
    expect(count((e) => !e.inAce)).toBeGreaterThan(0);
    expect(share((e) => e.summaryStatus === 'ACCEPTED')).toBeGreaterThan(0.97);
    expect(count((e) => e.notifyPartyId !== null)).toBeGreaterThan(0);
    expect(count((e) => e.importerOrganizationId !== null)).toBeGreaterThan(0);
    expect(share((e) => e.ieepaDutyCents > 0n)).toBeGreaterThan(0.6);
    expect(count((e) => e.entryDate >= '2026-02-24')).toBeGreaterThan(0);
    const classes = new Set(
      entries.flatMap((e) => e.lines.flatMap((l) => l.tariffs.map((t) => t.tariffClass))),
    );
    expect([...classes].sort()).toEqual([
      'HTS_CHAPTER_1_97',
      'IEEPA',
      'SECTION_122',
      'SECTION_232',
      'SECTION_301',
    ]);
    const lineAverage = entries.reduce((s, e) => s + e.lines.length, 0) / entries.length;
    expect(lineAverage).toBeGreaterThan(1.8);
    expect(lineAverage).toBeLessThan(2.2);
  });

  it('keeps dates consistent: deposits within two weeks, liquidations on Fridays ~314 days after entry (informal ones within weeks)', () => {
    for (const e of entries) {
      expect(e.entryDate >= '2025-02-04' && e.entryDate <= '2026-04-30').toBe(true);
      const depositLag = (Date.parse(e.depositDate) - Date.parse(e.entryDate)) / 86_400_000;
      expect(depositLag).toBeGreaterThanOrEqual(0);
      expect(depositLag).toBeLessThanOrEqual(14);
      const liquidated = e.liquidationStatus === 'LIQUIDATED' || e.liquidationStatus === 'FINAL';
      expect(e.liquidationDate !== null).toBe(liquidated);
      if (e.liquidationDate !== null) {
        expect(dayOfWeek(e.liquidationDate)).toBe(FRIDAY);
        expect(e.liquidationDate <= '2026-11-23').toBe(true);
        const days = (Date.parse(e.liquidationDate) - Date.parse(e.entryDate)) / 86_400_000;
        if (e.entryType === '11') {
          expect(days).toBeGreaterThanOrEqual(7);
          expect(days).toBeLessThanOrEqual(41);
        } else {
          expect(days).toBeGreaterThanOrEqual(300);
          expect(days).toBeLessThanOrEqual(334);
        }
      }
    }
  });

  it('makes valid party numbers and routing numbers', () => {
    const world = generateSyntheticData(SMALL).world;
    for (const party of world.parties) {
      const parsed = parseImporterNumber(party.partyNumber);
      expect(parsed.ok && parsed.value).toEqual({ kind: party.partyNumberKind, value: party.partyNumber });
    }
    expect(new Set(world.parties.map((p) => p.partyNumber)).size).toBe(world.parties.length);
    expect(world.achEnrollments.length).toBeGreaterThan(world.parties.length * 0.7);
    for (const ach of world.achEnrollments) expect(isValidAbaRoutingNumber(ach.routingNumber)).toBe(true);
    expect(world.designations.length).toBeGreaterThan(0);
    expect(world.debts.length).toBeGreaterThan(0);
    expect(world.brokerClients.length).toBeGreaterThanOrEqual(4 * 38);
  });
});

describe('pickFreeFilerCodes', () => {
  it('never picks 000 or a used code, even when almost every code is taken', () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
    const all: string[] = [];
    for (const a of alphabet) for (const b of alphabet) for (const c of alphabet) all.push(`${a}${b}${c}`);
    const free = ['Q7Z', 'A00', '999'];
    const used = new Set(all.filter((code) => !free.includes(code)));
    const picked = pickFreeFilerCodes(3, used, Prng.derive(1));
    expect(picked.sort()).toEqual([...free].sort());
    expect(() => pickFreeFilerCodes(4, used, Prng.derive(1))).toThrow(/Only 3 unused filer codes/);
  });
});
