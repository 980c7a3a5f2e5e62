/**
 * The seed's random source: a seeded PRNG and independent streams, so the same seed gives the
 * same programme and what one entity draws never shifts another's.
 */

/** mulberry32: a tiny, fast 32-bit PRNG; the same seed gives the same sequence. */
export const mulberry32 = (seed: number): (() => number) => {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

/** murmur3's finaliser: spreads the bits of a 32-bit integer. */
export const mix32 = (x: number): number => {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
};

export class Rand {
  readonly next: () => number;

  constructor(seed: number) {
    this.next = mulberry32(seed);
  }

  /** An integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  between(lo: number, hi: number): number {
    return lo + this.next() * (hi - lo);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(list: readonly T[]): T {
    const v = list[Math.floor(this.next() * list.length)];
    if (v === undefined) throw new Error('pick from an empty list');
    return v;
  }

  weighted<T>(list: readonly T[], weight: (t: T) => number): T {
    const total = list.reduce((s, t) => s + weight(t), 0);
    let x = this.next() * total;
    for (const t of list) {
      x -= weight(t);
      if (x < 0) return t;
    }
    return this.pick(list);
  }

  /** `k` distinct items, each drawn by weight. */
  some<T>(list: readonly T[], k: number, weight: (t: T) => number = () => 1): T[] {
    const left = [...list];
    const out: T[] = [];
    while (out.length < k && left.length > 0) {
      const t = this.weighted(left, weight);
      out.push(t);
      left.splice(left.indexOf(t), 1);
    }
    return out;
  }

  /** A standard normal draw (Box–Muller). */
  normal(): number {
    const u = 1 - this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }
}

/** Independent streams: what one entity draws never shifts another's. */
export const STREAM = { ambassador: 1, join: 2, activity: 3, organizer: 4, lecture: 5, extra: 6 } as const;
export const streamOf = (seed: number, stream: number, i: number) =>
  new Rand(mix32(mix32(seed ^ Math.imul(stream, 0x9e3779b9)) + i));
