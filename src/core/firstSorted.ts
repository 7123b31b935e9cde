/**
 * The first `k` of some numbers in an order, without sorting them all: a page of a million records needs its
 * thousand, not a million compared and moved. A bounded max-heap keeps the k best seen; most numbers are turned
 * away by one comparison with its top.
 */

/**
 * The same as `Array.from(items).sort(compare).slice(0, k)` for a `compare` that orders any two distinct items
 * (never 0 for two different ones, as the record orders are: their last resort is the seq).
 */
export function firstSorted(items: ArrayLike<number>, k: number, compare: (a: number, b: number) => number): number[] {
  const n = items.length;
  if (k <= 0) return [];
  if (k * 4 >= n) return Array.from(items).sort(compare).slice(0, k);
  // heap[0] is the worst of the k best so far.
  const heap: number[] = [];
  const down = (from: number) => {
    let at = from;
    for (;;) {
      const l = 2 * at + 1;
      const r = l + 1;
      let worst = at;
      if (l < heap.length && compare(heap[l]!, heap[worst]!) > 0) worst = l;
      if (r < heap.length && compare(heap[r]!, heap[worst]!) > 0) worst = r;
      if (worst === at) return;
      [heap[at], heap[worst]] = [heap[worst]!, heap[at]!];
      at = worst;
    }
  };
  // From the last: records are mostly appended in time order, and then the newest come first and fill the heap, and
  // the rest are turned away by one comparison each (the answer is the same in any order).
  for (let i = n - 1; i >= 0; i--) {
    const item = items[i]!;
    if (heap.length < k) {
      heap.push(item);
      // Up to its place.
      for (let at = heap.length - 1; at > 0; ) {
        const parent = (at - 1) >> 1;
        if (compare(heap[at]!, heap[parent]!) <= 0) break;
        [heap[at], heap[parent]] = [heap[parent]!, heap[at]!];
        at = parent;
      }
    } else if (compare(item, heap[0]!) < 0) {
      heap[0] = item;
      down(0);
    }
  }
  return heap.sort(compare);
}
