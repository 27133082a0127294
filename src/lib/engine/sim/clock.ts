/** Virtual time in milliseconds since the lab's epoch. Nothing in the engine reads the wall clock. */
export class Clock {
  private t = 0;
  /** Wall-clock instant (ms since 1970) that virtual time 0 stands for; used only for printing. */
  readonly epochMs: number;

  constructor(epochMs: number) {
    this.epochMs = epochMs;
  }

  now(): number {
    return this.t;
  }

  /** Only the scheduler moves time, and only forwards. */
  set(t: number): void {
    if (t < this.t) throw new Error(`clock cannot go backwards (${t} < ${this.t})`);
    this.t = t;
  }

  /** Date for a virtual instant, for timestamps shown to the learner. */
  date(t: number = this.t): Date {
    return new Date(this.epochMs + t);
  }

  /** RFC 3339 with second precision, as Kubernetes prints creationTimestamp. */
  rfc3339(t: number = this.t): string {
    return this.date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');
  }
}

/** The lab's epoch: a fixed instant, so transcripts do not depend on when they were made. */
export const DEFAULT_EPOCH_MS = Date.UTC(2024, 9, 3, 9, 0, 0);
