/** TCP sequence-number arithmetic modulo 2^32 (RFC 9293 §3.4). */

export function seqAdd(a: number, n: number): number {
  return (a + n) >>> 0;
}

/** a − b as a signed 32-bit distance. */
export function seqDiff(a: number, b: number): number {
  return (a - b) | 0;
}

export function seqLt(a: number, b: number): boolean {
  return seqDiff(a, b) < 0;
}

export function seqLeq(a: number, b: number): boolean {
  return seqDiff(a, b) <= 0;
}

/** lo ≤ x ≤ hi in sequence space. */
export function seqBetween(x: number, lo: number, hi: number): boolean {
  return seqLeq(lo, x) && seqLeq(x, hi);
}
