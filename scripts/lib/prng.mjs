// mulberry32: a small, fast, seeded PRNG (floats in [0, 1)) for the generated workspaces, so the same seed always
// gives the same files. The TypeScript tests have the same generator in test/support/prng.ts.
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
