import { describe, expect, it } from 'vitest';
import type { FailoverMeasure, TimelineEntry } from '$lib/engine/observe/types';
import { type AxisEntry, LANES, failoverEntries, marksIn, stopwatch, ticks, viewRange, xPercent } from '$lib/ui/viz/timeline/model';
import { clockTime, seconds, sinceStart, sinceStartMs, windowLength } from '$lib/ui/viz/timeline/time-format';

// 1727946000 s = 19999 days + 0.375 day: 2024-10-03 09:00:00 UTC
const EPOCH = 1_727_946_000_000;

describe('time formats', () => {
  it('prints the lab clock in UTC and the time since the start', () => {
    expect(clockTime(EPOCH, 0)).toBe('09:00:00');
    expect(clockTime(EPOCH, 187_810)).toBe('09:03:07'); // 3 min 7.81 s later
    expect(clockTime(EPOCH, 15 * 3600_000 + 59_999)).toBe('00:00:59'); // past midnight
    expect(sinceStart(0)).toBe('+0:00');
    expect(sinceStart(187_810)).toBe('+3:07');
    expect(sinceStart(3_723_000)).toBe('+1:02:03');
    expect(sinceStartMs(187_810.05)).toBe('+3:07.810');
  });

  it('prints durations in tenths of a second, never rounding up', () => {
    expect(seconds(6309)).toBe('6.3');
    expect(seconds(6399)).toBe('6.3');
    expect(seconds(41_190)).toBe('41.1');
    expect(seconds(0)).toBe('0.0');
    expect(seconds(-5)).toBe('0.0');
  });

  it('names window lengths', () => {
    expect(windowLength(15_000)).toEqual({ value: 15, unit: 's' });
    expect(windowLength(120_000)).toEqual({ value: 2, unit: 'min' });
  });
});

describe('the window', () => {
  it('follows the present, or stays where the learner moved it', () => {
    expect(viewRange(187_810, 120_000, null)).toEqual({ start: 67_810, end: 187_810 });
    expect(viewRange(300_000, 120_000, 200_000)).toEqual({ start: 80_000, end: 200_000 });
    // a window end in the future is the present
    expect(viewRange(300_000, 120_000, 900_000)).toEqual({ start: 180_000, end: 300_000 });
    // a lab younger than the window shows [0, window]
    expect(viewRange(50_000, 120_000, null)).toEqual({ start: 0, end: 120_000 });
  });

  it('places times in percent of the width', () => {
    const r = { start: 100_000, end: 200_000 };
    expect(xPercent(100_000, r)).toBe(0);
    expect(xPercent(125_000, r)).toBe(25);
    expect(xPercent(200_000, r)).toBe(100);
  });

  it('ticks at round steps, at most six', () => {
    // 120 s: 15 s steps give 8, 30 s steps give 4
    expect(ticks({ start: 67_810, end: 187_810 })).toEqual([90_000, 120_000, 150_000, 180_000]);
    // 15 s: 5 s steps give 3 (plus the end when it falls on one)
    expect(ticks({ start: 10_000, end: 25_000 })).toEqual([10_000, 15_000, 20_000, 25_000]);
  });
});

describe('marks', () => {
  const e = (key: string, t: number, kind: AxisEntry['kind']): AxisEntry => ({ key, t, kind, text: key });

  it('merges close entries of one lane, keeps lanes apart, drops what is outside the window', () => {
    const r = { start: 0, end: 200_000 };
    const marks = marksIn([e('m1', 100_000, 'memberlist'), e('m2', 100_500, 'memberlist'), e('m3', 150_000, 'memberlist'), e('c1', 100_000, 'command'), e('old', -1, 'command'), e('late', 250_000, 'node')], r, 1);
    expect(marks.map((m) => [m.key, m.entries.map((x) => x.key)])).toEqual([
      ['c1', ['c1']], // same instant: command's lane comes first
      ['m1', ['m1', 'm2']], // 0.25 % apart < 1 %
      ['m3', ['m3']]
    ]);
    expect(marks[1].x).toBe(50);
  });

  it('gives each lane its own glyph', () => {
    expect(new Set(LANES.map((l) => l.glyph)).size).toBe(LANES.length);
  });
});

describe('the stopwatch', () => {
  const lost = { machine: 'myk8s-worker', t: 187_810, how: 'killed' as const };
  const text = { lost: () => 'lost', moved: () => 'moved', answer: () => 'answer' };

  it('runs while it waits for the new owner, then for the first answer, then stops', () => {
    expect(stopwatch([], [], 1000)).toBeNull();
    const waitingOwner: FailoverMeasure = { vip: '172.18.255.200', lost };
    expect(stopwatch([waitingOwner], [], 190_810)?.vips).toEqual([waitingOwner]);
    expect(stopwatch([waitingOwner], [], 190_810)).toMatchObject({ waiting: 'owner', elapsedMs: 3000 });
    const moved: FailoverMeasure = { ...waitingOwner, newOwner: { machine: 'myk8s-worker2', t: 194_119 }, ownerMovedMs: 6309 };
    expect(stopwatch([moved], [], 207_810)).toMatchObject({ waiting: 'answer', elapsedMs: 20_000 });
    const done: FailoverMeasure = { ...moved, firstAnswer: { t: 230_000 }, durationMs: 42_190 };
    expect(stopwatch([done], [], 500_000)).toMatchObject({ waiting: null, elapsedMs: 42_190, lost });
    expect(failoverEntries([done], text).map((x) => [x.key, x.t])).toEqual([
      ['f0-lost', 187_810],
      ['f0-moved', 194_119],
      ['f0-answer', 230_000]
    ]);
    expect(failoverEntries([waitingOwner], text)).toHaveLength(1);
    // one death mark however many VIPs the machine owned, glyphs told apart
    const other: FailoverMeasure = { ...done, vip: '172.18.255.201', firstAnswer: undefined, durationMs: undefined };
    const both = failoverEntries([done, other], { ...text, lost: (_m, vips) => vips.join(' ') });
    expect(both.map((x) => [x.key, x.text, x.glyph])).toEqual([
      ['f0-lost', '172.18.255.200 172.18.255.201', '✖'],
      ['f0-moved', 'moved', '⇄'],
      ['f0-answer', 'answer', '✓'],
      ['f1-moved', 'moved', '⇄']
    ]);
  });

  it('shows when the dead node turned NotReady, from the timeline', () => {
    const m: FailoverMeasure = { vip: '172.18.255.200', lost };
    const entries: TimelineEntry[] = [
      { seq: 1, t: 100_000, kind: 'node', text: 'Normal NodeNotReady default/node/myk8s-worker: before the kill', machine: 'myk8s-worker' },
      { seq: 2, t: 200_000, kind: 'node', text: 'Normal NodeNotReady default/node/myk8s-worker2: another node', machine: 'myk8s-worker2' },
      { seq: 3, t: 229_000, kind: 'node', text: 'Normal NodeNotReady default/node/myk8s-worker: Node myk8s-worker status is now: NodeNotReady', machine: 'myk8s-worker' }
    ];
    expect(stopwatch([m], entries, 300_000)?.notReadyMs).toBe(41_190);
    expect(stopwatch([m], entries.slice(0, 2), 300_000)?.notReadyMs).toBeUndefined();
  });

  it('shows the latest loss, with every VIP the machine owned in address order', () => {
    const a: FailoverMeasure = { vip: '172.18.255.200', lost };
    const b: FailoverMeasure = { vip: '172.18.255.202', lost: { machine: 'myk8s-worker3', t: 400_000, how: 'paused' } };
    const c: FailoverMeasure = { vip: '172.18.255.10', lost: b.lost };
    const sw = stopwatch([a, b, c], [], 401_000)!;
    expect(sw.lost).toEqual(b.lost);
    expect(sw.vips.map((m) => m.vip)).toEqual(['172.18.255.10', '172.18.255.202']);
  });

  it('keeps running until every VIP moved and one answered', () => {
    const m = (vip: string, moved?: number, answer?: number): FailoverMeasure => ({
      vip,
      lost,
      ...(moved ? { newOwner: { machine: 'myk8s-worker2', t: moved }, ownerMovedMs: moved - lost.t } : {}),
      ...(answer ? { firstAnswer: { t: answer }, durationMs: answer - lost.t } : {})
    });
    expect(stopwatch([m('172.18.255.200', 194_000, 230_000), m('172.18.255.201')], [], 300_000)).toMatchObject({ waiting: 'owner', elapsedMs: 112_190 });
    expect(stopwatch([m('172.18.255.200', 194_000), m('172.18.255.201', 194_100)], [], 300_000)).toMatchObject({ waiting: 'answer', elapsedMs: 112_190 });
    expect(stopwatch([m('172.18.255.200', 194_000, 230_000), m('172.18.255.201', 194_100)], [], 300_000)).toMatchObject({ waiting: null, elapsedMs: 42_190 });
    expect(stopwatch([m('172.18.255.200', 194_000, 230_000), m('172.18.255.201', 194_100, 240_000)], [], 300_000)).toMatchObject({ waiting: null, elapsedMs: 52_190 });
  });
});
