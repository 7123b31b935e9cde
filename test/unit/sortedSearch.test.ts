import { strict as assert } from 'node:assert';
import { firstAtOrAfter, lastAtOrBefore } from '../../src/core/sortedSearch';

describe('sorted search', () => {
  it('finds what a scan from the ends finds, over random ascending numbers with repeats', () => {
    let a = 11;
    const rand = (n: number) => ((a = (a * 1103515245 + 12345) >>> 0) >>> 8) % n;
    for (let round = 0; round < 500; round++) {
      const sorted = Int32Array.from({ length: rand(12) }, () => rand(20)).sort();
      const count = sorted.length ? 1 + rand(sorted.length) : 0;
      for (let value = -2; value < 23; value++) {
        let first = 0;
        while (first < sorted.length && sorted[first]! < value) first++;
        assert.equal(firstAtOrAfter(sorted, value), first, `${sorted.join(',')} ${value}`);
        if (!count) continue;
        let last = count - 1;
        while (last > 0 && sorted[last]! > value) last--;
        assert.equal(lastAtOrBefore(sorted, count, value), last, `${sorted.join(',')} of ${count}, ${value}`);
      }
    }
  });
});
