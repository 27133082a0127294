/**
 * memberlist's local health ("Lifeguard" awareness, awareness.go): a score in [0, max-1] that
 * grows when our own probes fail without the nacks we expected (or when we must refute), and
 * shrinks with every probe that got an answer. The probe interval is multiplied by score + 1,
 * so a node that is itself the problem slows down instead of accusing healthy peers.
 */
export class Awareness {
  private readonly max: number;
  private score = 0;

  constructor(max: number) {
    this.max = Math.max(1, max);
  }

  applyDelta(delta: number): void {
    this.score = Math.min(this.max - 1, Math.max(0, this.score + delta));
  }

  getHealthScore(): number {
    return this.score;
  }

  scaleTimeout(timeoutMs: number): number {
    return timeoutMs * (this.score + 1);
  }
}
