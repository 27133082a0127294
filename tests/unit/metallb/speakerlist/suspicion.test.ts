/**
 * The suspicion timeout table, computed here from memberlist's formula with Math functions
 * written in the test (not by calling the engine), then compared with the engine.
 */
import { describe, expect, test } from 'vitest';
import { Suspicion, suspicionTable } from '../../../../src/lib/engine/metallb/speakerlist';
import { ProcessTimers } from '../../../../src/lib/engine/metallb/speakerlist/timers';
import { createSim } from '../../../../src/lib/engine/sim';

/** memberlist v0.5.1 suspicion.go / util.go, transcribed for the test. */
function reference(n: number, c: number, mult = 4, maxMult = 6, intervalMs = 1000): number {
  let k = mult - 2;
  if (n - 2 < k) k = 0;
  const scale = Math.max(1, Math.log10(Math.max(1, n)));
  const min = (mult * Math.floor(scale * 1000) * intervalMs) / 1000;
  const max = maxMult * min;
  if (k < 1) return min;
  if (c === 0) return max;
  const raw = max / 1000 - (Math.log(c + 1) / Math.log(k + 1)) * (max / 1000 - min / 1000);
  const t = Math.floor(1000 * raw);
  return t < min ? min : t;
}

describe('suspicion timeout', () => {
  test('n = 4: 24000 ms, then 11381 ms after one confirmation, 4000 ms after two', () => {
    expect([0, 1, 2].map((c) => reference(4, c))).toEqual([24000, 11381, 4000]);
    // the brief quoted 11380 for one confirmation: flooring 11381.40… gives 11381
    expect(24 - (Math.log(2) / Math.log(3)) * 20).toBeCloseTo(11.3814, 4);
    const t = suspicionTable(4);
    expect({ k: t.k, min: t.minMs, max: t.maxMs }).toEqual({ k: 2, min: 4000, max: 24000 });
    expect(t.totals).toEqual([24000, 11381, 4000]);
  });

  test('other cluster sizes agree with the reference', () => {
    for (const n of [1, 2, 3, 5, 10, 12, 20, 50, 100]) {
      const t = suspicionTable(n);
      expect(t.totals.map((_, c) => reference(n, c)), `n=${n}`).toEqual(t.totals);
    }
    // with 3 nodes nobody can confirm: k = 0 and the timer is just min
    expect(suspicionTable(3)).toMatchObject({ k: 0, totals: [4000] });
    // with 20 nodes the minimum grows with log10(n): 4 × 1.301 s
    expect(suspicionTable(20).minMs).toBe(5204);
  });

  test('the timer shrinks with independent confirmations and ignores repeats', async () => {
    const sim = createSim(1);
    const proc = new ProcessTimers(sim.scheduler, 'test');
    const fired: { t: number; c: number }[] = [];
    const s = new Suspicion(proc, 'accuser', 2, 4000, 24000, 'suspicion', (c) => fired.push({ t: sim.scheduler.now(), c }));
    expect(s.deadline()).toBe(24000);
    await sim.scheduler.advance(1000);
    expect(s.confirm('accuser')).toBe(false);
    expect(s.confirm('b')).toBe(true);
    expect(s.deadline()).toBe(11381);
    expect(s.confirm('b')).toBe(false);
    await sim.scheduler.advance(500);
    expect(s.confirm('c')).toBe(true);
    expect(s.deadline()).toBe(4000);
    // enough confirmations: the next ones are not news
    expect(s.confirm('d')).toBe(false);
    await sim.scheduler.advance(10_000);
    expect(fired).toEqual([{ t: 4000, c: 2 }]);
  });

  test('a confirmation that comes after the shortened time has passed fires at once', async () => {
    const sim = createSim(1);
    const proc = new ProcessTimers(sim.scheduler, 'test');
    const fired: number[] = [];
    const s = new Suspicion(proc, 'a', 2, 4000, 24000, 'suspicion', () => fired.push(sim.scheduler.now()));
    await sim.scheduler.advance(5000);
    s.confirm('b');
    s.confirm('c');
    await sim.scheduler.advance(1);
    expect(fired).toEqual([5000]);
  });
});
