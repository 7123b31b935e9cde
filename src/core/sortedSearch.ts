/** Binary searches over numbers in ascending order (typed arrays or plain ones). */

/** The index of the last of `sorted[0..count)` at or before `value`; 0 when none is. */
export function lastAtOrBefore(sorted: ArrayLike<number>, count: number, value: number): number {
  let lo = 0;
  let hi = count - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (sorted[mid]! <= value) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The index of the first of `sorted` at or after `value`: where `value` is, or would go; `sorted.length` past the last. */
export function firstAtOrAfter(sorted: ArrayLike<number>, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
