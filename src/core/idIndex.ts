/**
 * Feedback record ids to their seqs: an open-addressing hash table of seqs in one typed array, the ids themselves
 * looked up in the list they are already in. For a million records that is 8 MB and one allocation, where a Map
 * would grow through a dozen rehashes to several times that.
 */
export interface IdLookup {
  get(id: string): number | undefined;
}

function hashOf(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

export class IdIndex implements IdLookup {
  /** seq + 1 per slot; 0 is empty. */
  private readonly slots: Int32Array;
  private readonly mask: number;

  /** A table for up to `capacity` ids; `ids[seq]` is each added record's id. */
  constructor(private readonly ids: readonly string[], capacity: number) {
    let size = 16;
    while (size < capacity * 2) size *= 2;
    this.slots = new Int32Array(size);
    this.mask = size - 1;
  }

  get(id: string): number | undefined {
    const { slots, mask, ids } = this;
    for (let at = hashOf(id) & mask; ; at = (at + 1) & mask) {
      const v = slots[at]!;
      if (v === 0) return undefined;
      if (ids[v - 1] === id) return v - 1;
    }
  }

  /** Adds `seq` (whose id is `ids[seq]`) unless its id is there already; returns the seq that was there, if any. */
  add(seq: number): number | undefined {
    const { slots, mask, ids } = this;
    const id = ids[seq]!;
    for (let at = hashOf(id) & mask; ; at = (at + 1) & mask) {
      const v = slots[at]!;
      if (v === 0) {
        slots[at] = seq + 1;
        return undefined;
      }
      if (ids[v - 1] === id) return v - 1;
    }
  }
}
