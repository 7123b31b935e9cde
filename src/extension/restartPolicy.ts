/**
 * When the language server crashes: restart it, up to a few times in a few minutes, and tell the user once per
 * session (the first restart), not at every crash. Past the limit it stays down until the user restarts it.
 */

export interface CrashDecision {
  restart: boolean;
  /** Tell the user: the first restart of the session, or giving up. */
  notify: boolean;
  /** Crashes within the period, this one included. */
  recent: number;
}

export class RestartPolicy {
  private crashes: number[] = [];
  private told = false;

  constructor(
    /** Restarts allowed within {@link periodMs}; one more crash stops the server. */
    readonly maxRestarts = 4,
    readonly periodMs = 3 * 60_000,
  ) {}

  crashed(now: number): CrashDecision {
    this.crashes = [...this.crashes.filter((t) => now - t < this.periodMs), now];
    const recent = this.crashes.length;
    if (recent > this.maxRestarts) return { restart: false, notify: true, recent };
    const notify = !this.told;
    this.told = true;
    return { restart: true, notify, recent };
  }

  /** After a restart by hand (Refresh): the count starts again. */
  reset(): void {
    this.crashes = [];
  }
}
