/**
 * A map with versions that share their entries: a version reads a base map, shared with the versions before it and
 * never changed, through its own small overlay of what changed since. `next()` makes the version to write to, so an
 * update of a few keys of a map of 100,000 copies only the overlay, not the map; once the overlay outgrows a share
 * of the base, `next()` merges them into a new base (the cost spread over the updates that grew it).
 */
const GONE: unique symbol = Symbol('gone');

export class LayeredMap<K, V> implements Iterable<[K, V]> {
  private constructor(
    private readonly base: ReadonlyMap<K, V>,
    private readonly overlay: Map<K, V | typeof GONE>,
    private count: number,
  ) {}

  /** A first version holding `map` (which the caller no longer changes). */
  static of<K, V>(map: ReadonlyMap<K, V>): LayeredMap<K, V> {
    return new LayeredMap(map, new Map(), map.size);
  }

  /** The next version, equal to this one; changing it leaves this one as it is. */
  next(): LayeredMap<K, V> {
    if (this.overlay.size > Math.max(1024, this.base.size / 8)) return LayeredMap.of(new Map(this));
    return new LayeredMap(this.base, new Map(this.overlay), this.count);
  }

  get size(): number {
    return this.count;
  }

  get(key: K): V | undefined {
    const v = this.overlay.get(key);
    if (v === GONE) return undefined;
    return v !== undefined || this.overlay.has(key) ? (v as V) : this.base.get(key);
  }

  has(key: K): boolean {
    const v = this.overlay.get(key);
    if (v === GONE) return false;
    return v !== undefined || this.overlay.has(key) || this.base.has(key);
  }

  /**
   * The keys whose values may differ between this version and `other` (an earlier or later one), when both are
   * versions of the same first one (no merge of the overlay between them); undefined otherwise.
   */
  keysChangedSince(other: LayeredMap<K, V>): Set<K> | undefined {
    if (other.base !== this.base) return undefined;
    const keys = new Set(this.overlay.keys());
    for (const k of other.overlay.keys()) keys.add(k);
    return keys;
  }

  /** Only on a version from `next()` that no one reads yet. */
  set(key: K, value: V): this {
    if (!this.has(key)) this.count++;
    this.overlay.set(key, value);
    return this;
  }

  /** Only on a version from `next()` that no one reads yet. */
  delete(key: K): boolean {
    if (!this.has(key)) return false;
    this.count--;
    if (this.base.has(key)) this.overlay.set(key, GONE);
    else this.overlay.delete(key);
    return true;
  }

  entries(): IterableIterator<[K, V]> {
    return this.overlay.size ? this.layeredEntries() : this.base.entries();
  }

  keys(): IterableIterator<K> {
    return this.overlay.size ? this.layeredKeys() : this.base.keys();
  }

  *values(): IterableIterator<V> {
    for (const [, v] of this.entries()) yield v;
  }

  private *layeredEntries(): IterableIterator<[K, V]> {
    for (const [k, v] of this.base) if (!this.overlay.has(k)) yield [k, v];
    for (const [k, v] of this.overlay) if (v !== GONE) yield [k, v as V];
  }

  private *layeredKeys(): IterableIterator<K> {
    for (const k of this.base.keys()) if (!this.overlay.has(k)) yield k;
    for (const [k, v] of this.overlay) if (v !== GONE) yield k;
  }

  [Symbol.iterator](): IterableIterator<[K, V]> {
    return this.entries();
  }
}
