/**
 * The VIP badge's ranking popover judges candidates as the election explorer does: with the
 * lab's L2Advertisement nodeSelectors applied. Expected order from node:crypto's SHA-256.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { viewWorld } from '../../../src/lib/engine/observe';
import { buildLab } from '../../../src/lib/shell/scenarios';
import { LabShell } from '../../../src/lib/shell/shell';
import { readLabFacts } from '../../../src/lib/ui/viz/election/lab-facts';
import { vipRanking } from '../../../src/lib/ui/viz/topology/ranking';

const VIP = '172.18.255.200';
const NODES = ['myk8s-control-plane', 'myk8s-worker', 'myk8s-worker2', 'myk8s-worker3'];
const sha = (s: string) => createHash('sha256').update(s).digest('hex');

const ONLY_W2_W3 = `cat <<EOF | kubectl apply -f -
apiVersion: metallb.io/v1beta1
kind: L2Advertisement
metadata:
  name: my-l2-advertise
  namespace: metallb-system
spec:
  ipAddressPools:
  - my-ippool
  nodeSelectors:
  - matchExpressions:
    - key: kubernetes.io/hostname
      operator: In
      values: [myk8s-worker2, myk8s-worker3]
EOF`;

describe('the VIP ranking popover with L2Advertisement nodeSelectors', () => {
  it('marks the nodes no advertisement selects, in the SHA-256 order, the owner among the selected', async () => {
    const lab = await buildLab({ scenario: 'l2', seed: 5 });
    const shell = new LabShell(lab);
    const r = await shell.run(ONLY_W2_W3);
    expect(r.exitCode, r.stderr).toBe(0);
    await shell.run('sleep 5');
    const world = viewWorld(lab);
    const rows = await vipRanking(world, VIP, readLabFacts(lab));
    const order = [...NODES].sort((a, b) => (sha(`${a}#${VIP}`) < sha(`${b}#${VIP}`) ? -1 : 1));
    expect(rows.map((x) => x.node)).toEqual(order);
    const by = new Map(rows.map((x) => [x.node, x]));
    expect(by.get('myk8s-control-plane')!.out).toBe('excluded');
    expect(by.get('myk8s-worker')!.out).toBe('advertisement');
    expect(by.get('myk8s-worker2')!.out).toBeUndefined();
    expect(by.get('myk8s-worker3')!.out).toBeUndefined();
    // the owner MetalLB elected is the first of worker2/worker3 in that order, and the popover says so
    const winner = order.find((n) => n === 'myk8s-worker2' || n === 'myk8s-worker3')!;
    expect(world.vips.find((v) => v.ip === VIP)!.owner).toBe(winner);
    expect(rows.filter((x) => x.owner).map((x) => x.node)).toEqual([winner]);
  });
});
