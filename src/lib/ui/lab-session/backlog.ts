/**
 * What a terminal that joins a session late must show: every event since the lab was last
 * built (its 'reset' first), live commands included as replay-command/replay-result pairs.
 * A page can build (or restore) its lab before the terminal's code has loaded; without this
 * the terminal would open on the banner alone and the learner's restored work would be hidden.
 */
import type { SessionEvent } from './types';

/** Characters of output kept; past this the oldest events go (the 'reset' stays first). */
export const BACKLOG_MAX_CHARS = 1_000_000;

function size(e: SessionEvent): number {
  switch (e.type) {
    case 'output':
      return e.text.length;
    case 'replay-command':
      return e.line.length + 1;
    case 'replay-result':
      return e.result.stdout.length + e.result.stderr.length + 1;
    case 'rewind':
      return (e.notice?.length ?? 0) + 1;
    case 'reset':
      return 1;
  }
}

export class SessionBacklog {
  private events: SessionEvent[] = [];
  private chars = 0;

  constructor(private readonly maxChars = BACKLOG_MAX_CHARS) {}

  record(e: SessionEvent): void {
    if (e.type === 'reset') {
      this.events = [];
      this.chars = 0;
    }
    this.events.push(e);
    this.chars += size(e);
    if (this.chars > this.maxChars) this.trim();
  }

  /** The events since the last reset, oldest first. */
  all(): readonly SessionEvent[] {
    return this.events;
  }

  /** Drop the oldest events down to three quarters of the limit, in one go (amortised). */
  private trim(): void {
    const head = this.events[0]?.type === 'reset' ? 1 : 0;
    let drop = head;
    while (drop < this.events.length - 1 && this.chars > (this.maxChars * 3) / 4) {
      this.chars -= size(this.events[drop]!);
      drop++;
    }
    this.events.splice(head, drop - head);
  }
}
