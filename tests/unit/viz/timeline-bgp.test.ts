/** The timeline's model in BGP mode: the stopwatch's waits and its axis marks, from hand-written measures. */
import { describe, expect, it } from 'vitest';
import type { FailoverMeasure } from '$lib/engine/observe/types';
import { en } from '$lib/i18n/en';
import { ko } from '$lib/i18n/ko';
import { LANES, failoverEntries, measureOpen, stopwatch } from '$lib/ui/viz/timeline/model';
import { laneName } from '$lib/ui/viz/timeline/lane-name';

const lost = { machine: 'myk8s-worker', t: 200_000, how: 'killed' as const };
const text = { lost: () => 'lost', moved: () => 'moved', answer: () => 'answer', session: () => 'session', route: (m: FailoverMeasure) => `route ${m.vip}` };

describe('the stopwatch in BGP mode', () => {
  it('waits for the router’s session, then its route, and stops at the later of the two', () => {
    const open: FailoverMeasure = { vip: '172.18.255.200', lost, mode: 'bgp' };
    expect(stopwatch([open], [], 260_000)).toMatchObject({ waiting: 'session', elapsedMs: 60_000 });
    expect(measureOpen(open)).toBe(true);
    const down: FailoverMeasure = { ...open, sessionDown: { t: 279_500, by: 'router', reason: 'due to NOTIFICATION sent (Hold Timer Expired)' }, sessionDownMs: 79_500 };
    expect(stopwatch([down], [], 279_600)).toMatchObject({ waiting: 'route', elapsedMs: 79_600 });
    const done: FailoverMeasure = { ...down, routeDropped: { t: 279_500, via: ['myk8s-worker2', 'myk8s-worker3'] }, routeDroppedMs: 79_500 };
    // no answer is awaited in BGP mode: done once the router dropped the node
    expect(stopwatch([done], [], 400_000)).toMatchObject({ waiting: null, elapsedMs: 79_500 });
    expect(measureOpen(done)).toBe(false);
    // two VIPs routed through the node: the stopwatch runs until both routes dropped it
    const other: FailoverMeasure = { ...down, vip: '172.18.255.201' };
    expect(stopwatch([done, other], [], 300_000)).toMatchObject({ waiting: 'route', elapsedMs: 100_000 });
    const otherDone: FailoverMeasure = { ...other, routeDropped: { t: 281_000, via: [] }, routeDroppedMs: 81_000 };
    expect(stopwatch([done, otherDone], [], 300_000)).toMatchObject({ waiting: null, elapsedMs: 81_000 });
  });

  it('marks the loss once, the session going down once, and each VIP’s route', () => {
    const a: FailoverMeasure = { vip: '172.18.255.200', lost, mode: 'bgp', sessionDown: { t: 279_500, by: 'router', reason: 'x' }, sessionDownMs: 79_500, routeDropped: { t: 279_500, via: [] }, routeDroppedMs: 79_500 };
    const b: FailoverMeasure = { ...a, vip: '172.18.255.201' };
    expect(failoverEntries([a, b], text).map((x) => [x.key, x.t, x.text, x.glyph])).toEqual([
      ['f0-lost', 200_000, 'lost', '✖'],
      ['f0-session', 279_500, 'session', '✂'],
      ['f0-route', 279_500, 'route 172.18.255.200', '⇄'],
      ['f1-route', 279_500, 'route 172.18.255.201', '⇄']
    ]);
    // layer-2 texts alone (no session/route texts): no BGP marks
    expect(failoverEntries([a], { lost: () => 'lost', moved: () => 'moved', answer: () => 'answer' }).map((x) => x.key)).toEqual(['f0-lost']);
  });

  it('has a BGP lane with its own glyph and a name in both languages', () => {
    const lane = LANES.find((l) => l.kind === 'bgp');
    expect(lane?.glyph).toBe('◎');
    expect(LANES.filter((l) => l.glyph === '◎')).toHaveLength(1);
    expect(laneName(en, 'bgp')).toBe('BGP');
    expect(laneName(ko, 'bgp')).toBe('BGP');
    expect(laneName(ko, 'memberlist')).toBe(ko.timeline.lanes.memberlist);
  });
});
