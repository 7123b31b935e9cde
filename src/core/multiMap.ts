/** Appends `value` to the list under `key`, creating it: in place, so building a map of n values stays O(n). */
export function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** The value under `key`, made by `make` and kept there the first time it is asked for. */
export function getOrMake<K, V>(map: Map<K, V>, key: K, make: (key: K) => V): V {
  let value = map.get(key);
  if (value === undefined) map.set(key, (value = make(key)));
  return value;
}

/** `a` in an array twice its length (a typed array's room, doubled as it fills). */
export function grown(a: Int32Array): Int32Array<ArrayBuffer> {
  const more = new Int32Array(a.length * 2);
  more.set(a);
  return more;
}

/** Numbers keys 0, 1, 2, … in the order they are first given; `keys[n]` is the key numbered n. */
export class Numbering<K> {
  readonly keys: K[] = [];
  private readonly numbers = new Map<K, number>();

  /** The number of `key`, given it now if it has none. */
  of(key: K): number {
    let n = this.numbers.get(key);
    if (n === undefined) {
      this.numbers.set(key, (n = this.keys.length));
      this.keys.push(key);
    }
    return n;
  }
}
