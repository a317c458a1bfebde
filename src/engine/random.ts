/**
 * Seeded pseudo-random numbers. The engine never calls `Math.random`: every random choice
 * (initial weights, shuffling, generated data) comes from an `Rng` built from a seed, so a run
 * is reproducible bit for bit.
 *
 * Generator: sfc32 (Chris Doty-Humphrey's Small Fast Counting generator), seeded through
 * splitmix32 so that nearby seeds give unrelated streams.
 */

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform in [lo, hi). */
  uniform(lo: number, hi: number): number;
  /** Standard normal N(0, 1) (Box–Muller). */
  normal(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Fisher–Yates shuffle in place. */
  shuffle<T extends { length: number; [i: number]: unknown }>(items: T): T;
}

function splitmix32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

export function createRng(seed: number): Rng {
  const mix = splitmix32(Math.floor(seed) | 0);
  let a = mix();
  let b = mix();
  let c = mix();
  let d = mix();
  const next32 = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 12; i++) next32();
  let spare: number | null = null;
  const rng: Rng = {
    next: () => next32() / 4294967296,
    uniform: (lo, hi) => lo + (hi - lo) * (next32() / 4294967296),
    normal: () => {
      if (spare !== null) {
        const s = spare;
        spare = null;
        return s;
      }
      let u = 0;
      while (u === 0) u = next32() / 4294967296;
      const v = next32() / 4294967296;
      const r = Math.sqrt(-2 * Math.log(u));
      spare = r * Math.sin(2 * Math.PI * v);
      return r * Math.cos(2 * Math.PI * v);
    },
    int: (n) => Math.floor((next32() / 4294967296) * n),
    shuffle: (items) => {
      for (let i = items.length - 1; i > 0; i--) {
        const j = Math.floor((next32() / 4294967296) * (i + 1));
        const tmp = items[i];
        items[i] = items[j];
        items[j] = tmp;
      }
      return items;
    },
  };
  return rng;
}

/**
 * A seed derived from a base seed and a name, so each node gets its own stream: FNV-1a over the
 * seed's four bytes, then the name's characters. (XOR-ing the seed into the FNV basis instead
 * would let `seed ^ char` collide: seed 3's node 'o' got seed 4's node 'h' stream.)
 */
export function deriveSeed(seed: number, name: string): number {
  let h = 0x811c9dc5;
  const mix = (value: number) => {
    h ^= value;
    h = Math.imul(h, 0x01000193) >>> 0;
  };
  const s = seed | 0;
  for (let k = 0; k < 32; k += 8) mix((s >>> k) & 0xff);
  for (let i = 0; i < name.length; i++) mix(name.charCodeAt(i));
  return h | 0;
}
