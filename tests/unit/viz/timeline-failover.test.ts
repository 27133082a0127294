import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { frameRecords, measureFailovers, timelineOf } from '$lib/engine/observe';
import { buildLab } from '$lib/shell/scenarios';
import { LabShell } from '$lib/shell/shell';
import { axisEntry, failoverEntries, marksIn, stopwatch, viewRange } from '$lib/ui/viz/timeline/model';
import { filterItems, frameItem } from '$lib/ui/viz/inspector/model';

const VIP = '172.18.255.200';

/** The layer-2 election order, worked out with Node's crypto: workers by SHA-256 of "node#ip". */
function ranking(ip: string): string[] {
  const h = (n: string) => createHash('sha256').update(`${n}#${ip}`).digest('hex');
  return ['myk8s-worker', 'myk8s-worker2', 'myk8s-worker3'].sort((a, b) => h(a).localeCompare(h(b)));
}

describe('the views on a real failover (l2, seed 5)', () => {
  it('stopwatch, failover marks and the gratuitous ARPs of the new owner', async () => {
    const [owner, next] = ranking(VIP);
    const lab = await buildLab({ scenario: 'l2', seed: 5 });
    const sh = new LabShell(lab);
    const killedAt = lab.now();
    await sh.run(`docker stop ${owner} --signal 9`);
    await sh.run('sleep 60');
    expect((await sh.run(`docker exec mypc curl -s -m 2 ${VIP}`)).stdout).toMatch(/^Hostname: webpod/);

    const entries = timelineOf(lab);
    const sw = stopwatch(measureFailovers(lab), entries, lab.now())!;
    expect(sw.lost).toMatchObject({ machine: owner, how: 'killed' });
    expect(sw.lost.t - killedAt).toBeLessThan(1000);
    const m = sw.vips.find((x) => x.vip === VIP)!;
    expect(m.newOwner?.machine).toBe(next);
    // memberlist: suspicion after a missed probe, dead after the suspicion timeout: seconds
    expect(m.ownerMovedMs).toBeGreaterThanOrEqual(5000);
    expect(m.ownerMovedMs).toBeLessThanOrEqual(8000);
    // the node controller's grace period: NotReady about 40 s after the kill
    expect(sw.notReadyMs).toBeGreaterThanOrEqual(38_000);
    expect(sw.notReadyMs).toBeLessThanOrEqual(45_000);
    expect(sw.waiting).toBeNull();
    expect(sw.elapsedMs).toBe(m.durationMs);

    // both marks on the axis of a 2-minute window ending now
    const axis = entries.map(axisEntry).concat(failoverEntries(sw.vips, { lost: () => 'lost', moved: () => 'moved', answer: () => 'answer' }));
    const marks = marksIn(axis, viewRange(lab.now(), 120_000, null), 1);
    const kinds = new Set(marks.flatMap((m) => m.entries.map((e) => `${e.kind}:${e.text}`)));
    expect(kinds).toContain('failover:moved');
    expect([...kinds].some((k) => k.startsWith('node:') && k.includes('NotReady') && k.includes(owner))).toBe(true);

    // the packet list filtered on GARP and the new owner
    const items = frameRecords(lab, { segment: 'kind' }).map(frameItem);
    const garps = filterItems(items, 'garp', `${next} ${VIP}`, 500).shown;
    expect(garps.length).toBeGreaterThan(0);
    for (const g of garps) expect(g.frame?.kind).toBe('garp');
    expect(garps.some((g) => g.frame!.why?.includes(next) && g.frame!.why.includes(VIP))).toBe(true);
  });
});
