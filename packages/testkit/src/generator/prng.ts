/**
 * A small seeded pseudo-random generator (sfc32) so synthetic data is reproducible: the same seed gives the
 * same sequence on every machine and Node version. Math.random is never used.
 */

/** 32-bit string hash (cyrb53's mixing, folded): turns a seed and labels into independent stream seeds. */
function hashToUint32(text: string, salt: number): number {
  let h1 = 0xdeadbeef ^ salt;
  let h2 = 0x41c6ce57 ^ salt;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (h1 ^ h2) >>> 0;
}

export interface WeightedChoice<T> {
  value: T;
  weight: number;
}

/** Precomputed cumulative weights, so a weighted pick is one random draw and a short search. */
export class WeightedTable<T> {
  private readonly values: T[];
  private readonly cumulative: number[];
  private readonly total: number;

  constructor(choices: readonly WeightedChoice<T>[]) {
    if (choices.length === 0) throw new RangeError('A weighted table needs at least one choice');
    this.values = choices.map((c) => c.value);
    let running = 0;
    this.cumulative = choices.map((c) => {
      if (!(c.weight >= 0)) throw new RangeError(`Weights must be >= 0, got ${c.weight}`);
      running += c.weight;
      return running;
    });
    this.total = running;
    if (this.total <= 0) throw new RangeError('A weighted table needs a positive total weight');
  }

  /** `r` in [0, 1). */
  pickWith(r: number): T {
    const target = r * this.total;
    let low = 0;
    let high = this.cumulative.length - 1;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.cumulative[mid]! > target) high = mid;
      else low = mid + 1;
    }
    return this.values[low]!;
  }
}

export function weighted<T>(entries: readonly (readonly [T, number])[]): WeightedTable<T> {
  return new WeightedTable(entries.map(([value, weight]) => ({ value, weight })));
}

export class Prng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** A stream for `seed` and a label path, e.g. `Prng.derive(42, 'entries')`: different labels are independent. */
  static derive(seed: number, ...labels: (string | number)[]): Prng {
    const text = [String(seed), ...labels.map(String)].join('\u0000');
    return new Prng(
      hashToUint32(text, 1),
      hashToUint32(text, 2),
      hashToUint32(text, 3),
      hashToUint32(text, 4),
    );
  }

  private constructor(a: number, b: number, c: number, d: number) {
    this.a = a;
    this.b = b;
    this.c = c;
    this.d = d;
    // Discard the first outputs: sfc32 needs a few rounds to mix a weak seed.
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). Used for choices and probabilities only, never for money. */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform integer in [min, max] (inclusive). */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('Cannot pick from an empty list');
    return items[Math.floor(this.next() * items.length)]!;
  }

  pickWeighted<T>(table: WeightedTable<T>): T {
    return table.pickWith(this.next());
  }

  /** Integer whose logarithm is uniform between log(min) and log(max): shipment values spread like reality. */
  logUniformInt(min: number, max: number): number {
    return Math.round(min * (max / min) ** this.next());
  }

  /** `count` random decimal digits as a string. */
  digits(count: number): string {
    let text = '';
    for (let i = 0; i < count; i++) text += String(this.nextUint32() % 10);
    return text;
  }

  /** A version 4 (random) UUID built from this stream, so ids are reproducible too. */
  uuid(): string {
    const hex = (n: number) => n.toString(16).padStart(8, '0');
    const w1 = hex(this.nextUint32());
    const w2 = hex(this.nextUint32());
    const w3 = hex(this.nextUint32());
    const w4 = hex(this.nextUint32());
    const version = `4${w2.slice(5, 8)}`;
    const variant = ((Number.parseInt(w3.slice(0, 1), 16) & 0x3) | 0x8).toString(16) + w3.slice(1, 4);
    return `${w1}-${w2.slice(0, 4)}-${version}-${variant}-${w3.slice(4, 8)}${w4}`;
  }
}
