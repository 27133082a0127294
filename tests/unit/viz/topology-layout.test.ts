import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { COMPACT_OVER, fit, layoutTopology, textWidth, neighbour, podApp, type Card } from '../../../src/lib/ui/viz/topology/layout';
import { pointAt, route, track } from '../../../src/lib/ui/viz/topology/paths';
import { articleWorld, bigWorld } from './topology-fixture';

function overlaps(a: Card, b: Card): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

describe('topology layout', () => {
  it('lays the article lab out as full cards, four to a row at 700 px, in the order given', () => {
    const l = layoutTopology(articleWorld(), 700);
    expect(l.compact).toBe(false);
    // 700 - 24 (trunk) - 8 (pad) = 668 px for cards of at least 140 px with 10 px gaps: 4 columns of 159 px
    expect(l.cols).toBe(4);
    expect(l.cardW).toBe(159);
    expect(l.cards.map((c) => [c.name, c.row, c.col])).toEqual([
      ['myk8s-control-plane', 0, 0],
      ['myk8s-worker', 0, 1],
      ['myk8s-worker2', 0, 2],
      ['myk8s-worker3', 0, 3],
      ['mypc', 1, 0]
    ]);
    expect(l.cards.map((c) => c.x)).toEqual([24, 193, 362, 531, 24]);
    // one bus line per row, running from the trunk to the last card's drop
    expect(l.rows).toHaveLength(2);
    expect(l.rows[0].x1).toBe(531 + 80);
    expect(l.rows[1].x1).toBe(24 + 80);
    for (const c of l.cards) expect(c.busY).toBeLessThan(c.y);
  });

  it('draws each pod of the named apps as a labelled chip, the others as muted squares', () => {
    const l = layoutTopology(articleWorld(), 800);
    const w2 = l.byName.get('myk8s-worker2')!;
    expect(w2.chips.filter((c) => c.app !== 'other').map((c) => [c.app, c.label])).toEqual([
      ['webpod', 'webpod2'],
      ['speaker', 'speaker']
    ]);
    expect(w2.chips.filter((c) => c.app === 'other').map((c) => c.pod)).toEqual(['kube-system/kindnet-er2']);
    const cp = l.byName.get('myk8s-control-plane')!;
    // coredns ×2, etcd, apiserver, kindnet, local-path-provisioner: six muted squares, all fit
    expect(cp.chips.filter((c) => c.app === 'other')).toHaveLength(6);
    expect(cp.hiddenPods).toBe(0);
    // one memberlist mark per member, two VIP badges on worker2, none elsewhere
    expect(w2.members.map((m) => m.name)).toEqual(['myk8s-control-plane', 'myk8s-worker', 'myk8s-worker2', 'myk8s-worker3']);
    expect(w2.badges.map((b) => b.ip)).toEqual(['172.18.255.200', '172.18.255.202']);
    expect(l.byName.get('mypc')!.members).toEqual([]);
    expect(l.byName.get('myk8s-worker3')!.badges).toEqual([]);
  });

  it('keeps every chip, mark and badge inside its card', () => {
    for (const width of [360, 600, 800, 1400]) {
      const l = layoutTopology(articleWorld(), width);
      for (const c of l.cards) {
        for (const r of [...c.chips, ...c.badges.map((b) => ({ ...b, h: 18 })), ...c.members.map((m) => ({ ...m, w: 10, h: 10 }))]) {
          expect(r.x).toBeGreaterThanOrEqual(0);
          expect(r.x + r.w).toBeLessThanOrEqual(c.w);
          expect(r.y + r.h).toBeLessThanOrEqual(c.h);
        }
      }
    }
  });

  it('fits two columns in a 360 px wide phone', () => {
    const l = layoutTopology(articleWorld(), 360);
    expect(l.cols).toBe(2);
    expect(l.width).toBe(360);
    for (const c of l.cards) expect(c.x + c.w).toBeLessThanOrEqual(360);
  });

  it(`switches to compact cards past ${COMPACT_OVER} machines: 100 nodes wrap into rows, pods counted`, () => {
    const l = layoutTopology(bigWorld(99), 1200);
    expect(l.compact).toBe(true);
    expect(l.cards).toHaveLength(101);
    // 1200 - 32 = 1168 px for cards of at least 118 px: 9 columns, 12 rows
    expect(l.cols).toBe(9);
    expect(l.rows).toHaveLength(12);
    for (const c of l.cards) {
      expect(c.chips).toEqual([]);
      expect(c.members).toEqual([]);
    }
    expect(l.byName.get('myk8s-worker57')!.hiddenPods).toBe(2);
  });

  it('never overlaps cards and keeps them inside the picture, whatever the count and width', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 140 }), fc.integer({ min: 200, max: 2400 }), (workers, width) => {
        const l = layoutTopology(bigWorld(workers), width);
        for (let i = 0; i < l.cards.length; i++) {
          const c = l.cards[i];
          expect(c.x + c.w).toBeLessThanOrEqual(l.width);
          expect(c.y + c.h).toBeLessThanOrEqual(l.height);
          if (i > 0) expect(overlaps(c, l.cards[i - 1])).toBe(false);
          if (i >= l.cols) expect(overlaps(c, l.cards[i - l.cols])).toBe(false);
        }
      }),
      { numRuns: 60 }
    );
  });

  it('shortens names that do not fit with an ellipsis', () => {
    expect(fit('myk8s-control-plane', 1000)).toBe('myk8s-control-plane');
    // 67 px at 6.7 px a character: 10 characters, the last one an ellipsis
    expect(fit('myk8s-control-plane', 67)).toBe('myk8s-con…');
  });

  it('counts Hangul as wider than a monospace cell, so Korean lines are cut before they leave the card', () => {
    // 61 px at 6.1 px a cell: 10 cells; a Hangul syllable takes 1.6 of them, the ellipsis 1
    // 가나다라마 = 8 cells + ellipsis = 9; one more syllable would make 10.6
    expect(fit('가나다라마바사', 61, true)).toBe('가나다라마…');
    expect(fit('가나다라마', 61, true)).toBe('가나다라마');
    expect(textWidth('가a', true)).toBeCloseTo(2.6 * 6.1);
  });

  it('moves between cards with the arrow keys like a grid', () => {
    // 10 cards, 4 columns: 0 1 2 3 / 4 5 6 7 / 8 9
    expect(neighbour(1, 'ArrowRight', 10, 4)).toBe(2);
    expect(neighbour(0, 'ArrowLeft', 10, 4)).toBe(0);
    expect(neighbour(9, 'ArrowRight', 10, 4)).toBe(9);
    expect(neighbour(5, 'ArrowDown', 10, 4)).toBe(9);
    expect(neighbour(6, 'ArrowDown', 10, 4)).toBe(6);
    expect(neighbour(6, 'ArrowUp', 10, 4)).toBe(2);
    expect(neighbour(2, 'ArrowUp', 10, 4)).toBe(2);
    expect(neighbour(6, 'Home', 10, 4)).toBe(0);
    expect(neighbour(2, 'End', 10, 4)).toBe(9);
  });
});

describe('packet routes', () => {
  const l = layoutTopology(articleWorld(), 700);
  const w = l.byName.get('myk8s-worker')!;
  const w3 = l.byName.get('myk8s-worker3')!;
  const pc = l.byName.get('mypc')!;

  it('go up the drop, along the row bus and down, between machines of one row', () => {
    expect(route(l, 'myk8s-worker', 'myk8s-worker3')).toEqual([
      { x: w.cx, y: w.y },
      { x: w.cx, y: w.busY },
      { x: w3.cx, y: w3.busY },
      { x: w3.cx, y: w3.y }
    ]);
  });

  it('take the trunk between rows, and start at the gateway for the host', () => {
    expect(route(l, 'mypc', 'myk8s-worker')).toEqual([
      { x: pc.cx, y: pc.y },
      { x: pc.cx, y: pc.busY },
      { x: l.trunkX, y: pc.busY },
      { x: l.trunkX, y: w.busY },
      { x: w.cx, y: w.busY },
      { x: w.cx, y: w.y }
    ]);
    expect(route(l, null, 'myk8s-worker')[0]).toEqual(l.gateway);
    expect(route(l, 'myk8s-worker', 'bus')).toEqual([
      { x: w.cx, y: w.y },
      { x: w.cx, y: w.busY }
    ]);
  });

  it('are walked by length: a point at a fraction lies on the polyline', () => {
    // an L: 30 down then 40 right, 70 long
    const t = track([
      { x: 0, y: 0 },
      { x: 0, y: 30 },
      { x: 40, y: 30 }
    ]);
    expect(t.length).toBe(70);
    expect(pointAt(t, 0)).toEqual({ x: 0, y: 0 });
    expect(pointAt(t, 15 / 70)).toEqual({ x: 0, y: 15 });
    expect(pointAt(t, 50 / 70)).toEqual({ x: 20, y: 30 });
    expect(pointAt(t, 1)).toEqual({ x: 40, y: 30 });
    expect(pointAt(t, 2)).toEqual({ x: 40, y: 30 });
  });
});

describe('pod colours', () => {
  it('come from the app label, and for MetalLB (app: metallb) from the component in the name', () => {
    expect(podApp({ namespace: 'default', name: 'webpod1', app: 'webpod' })).toBe('webpod');
    expect(podApp({ namespace: 'metallb-system', name: 'speaker-2jg4x', app: 'metallb' })).toBe('speaker');
    expect(podApp({ namespace: 'metallb-system', name: 'controller-65d4fb59c8-qg6pn', app: 'metallb' })).toBe('controller');
    expect(podApp({ namespace: 'kube-system', name: 'coredns-5fff47b4c9-gv8s6', app: 'kube-dns' })).toBe('other');
    expect(podApp({ namespace: 'default', name: 'speaker-of-mine' })).toBe('other');
  });
});
