/**
 * When a kernel timer really fires. Linux keeps TCP's timers (retransmission, delayed ACK,
 * TIME_WAIT) in the timer wheel (kernel/time/timer.c), which trades precision for cheapness:
 * a timer lands in a bucket whose granularity grows with its distance (level n buckets are
 * 8^n jiffies wide), and the expiry is rounded *up* to the bucket's end so it never fires early.
 * A 1 s SYN retransmission therefore fires 1–64 ms late, and the 64 s wait after the last SYN
 * up to 4 s late: that is why curl reports the kernel giving up after ~130 s, not 127 s.
 *
 * HZ is taken as 1000 (one jiffy per ms), as on Docker Desktop's and most distribution kernels.
 */

/** Buckets per level (LVL_BITS = 6). */
const LVL_SIZE = 64;
/** Each level is 8× coarser than the one below (LVL_CLK_SHIFT = 3). */
const LVL_CLK_SHIFT = 3;
const LVL_DEPTH = 9;

/** First delta (in jiffies) that goes to level n: (LVL_SIZE - 1) << ((n - 1) * LVL_CLK_SHIFT). */
function levelStart(n: number): number {
  return n === 0 ? 0 : (LVL_SIZE - 1) * 2 ** ((n - 1) * LVL_CLK_SHIFT);
}

/** The wheel level a timer delta (jiffies) is filed in. */
export function wheelLevel(delta: number): number {
  for (let n = 1; n < LVL_DEPTH; n++) if (delta < levelStart(n)) return n - 1;
  return LVL_DEPTH - 1;
}

/**
 * Virtual time at which a timer armed at `now` for `delayMs` fires. `jiffiesOffset` is the
 * jiffies counter at virtual time 0 (it decides where bucket boundaries fall).
 */
export function wheelFireAt(now: number, delayMs: number, jiffiesOffset: number): number {
  const nowJ = Math.floor(now) + jiffiesOffset;
  const delta = Math.max(0, Math.ceil(delayMs));
  const expires = nowJ + delta;
  const gran = 2 ** (wheelLevel(delta) * LVL_CLK_SHIFT);
  // calc_index(): expires = (expires >> LVL_SHIFT(lvl)) + 1, bucket_expiry = expires << LVL_SHIFT(lvl)
  const bucket = (Math.floor(expires / gran) + 1) * gran;
  return bucket - jiffiesOffset;
}
