import { describe, expect, it } from 'vitest';
import { barsOf, percentOf } from '$lib/ui/viz/chart/model';

describe('answer bars', () => {
  it('one bar per pod, most answers first, percent of all requests', () => {
    const c = barsOf({ command: 'loop', counts: [{ hostname: 'webpod1', count: 48 }, { hostname: 'webpod2', count: 52 }], failed: 0 });
    expect(c.total).toBe(100);
    expect(c.bars).toEqual([
      { name: 'webpod2', count: 52, percent: 52 },
      { name: 'webpod1', count: 48, percent: 48 }
    ]);
  });

  it('failed requests are a bar of their own, last', () => {
    const c = barsOf({ command: 'loop', counts: [{ hostname: 'webpod2', count: 7 }], failed: 3 });
    expect(c.total).toBe(10);
    expect(c.bars).toEqual([
      { name: 'webpod2', count: 7, percent: 70 },
      { name: null, count: 3, percent: 30 }
    ]);
  });

  it('ties keep the order the pods were seen in; percents have one decimal', () => {
    const c = barsOf({ command: 'loop', counts: [{ hostname: 'b', count: 1 }, { hostname: 'a', count: 1 }, { hostname: 'c', count: 1 }], failed: 0 });
    expect(c.bars.map((b) => b.name)).toEqual(['b', 'a', 'c']);
    expect(c.bars.map((b) => b.percent)).toEqual([33.3, 33.3, 33.3]);
    expect(percentOf(2, 3)).toBe(66.7);
    expect(percentOf(0, 0)).toBe(0);
  });

  it('a loop where everything failed', () => {
    expect(barsOf({ command: 'loop', counts: [], failed: 10 })).toEqual({ total: 10, bars: [{ name: null, count: 10, percent: 100 }] });
  });
});
