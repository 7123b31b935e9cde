/**
 * Holders of something kept from one use to the next while a folder's files are read one after another (a buffer,
 * columns, the lists of links seen): each `hold()` returns its release, and when the last holder lets go, `onFree`
 * runs (what was kept is dropped). Releasing twice counts once.
 */
export class Holds {
  private count = 0;

  constructor(private readonly onFree: () => void) {}

  get held(): boolean {
    return this.count > 0;
  }

  hold(): () => void {
    this.count++;
    let held = true;
    return () => {
      if (held && --this.count === 0) this.onFree();
      held = false;
    };
  }
}
