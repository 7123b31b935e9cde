/** mulberry32: a small seeded PRNG (floats in [0, 1)), so a failing random case can be replayed from its seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Random whole numbers below `n` and picks from a list, from one seeded `prng`. */
export function randomTools(seed: number): { int: (n: number) => number; pick: <T>(xs: readonly T[]) => T } {
  const next = prng(seed);
  const int = (n: number) => Math.floor(next() * n);
  return { int, pick: <T>(xs: readonly T[]) => xs[int(xs.length)]! };
}
