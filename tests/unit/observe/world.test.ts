import { describe, expect, it } from 'vitest';
import type { Node } from '../../../src/lib/engine/k8s/types';
import { viewWorld } from '../../../src/lib/engine/observe';
import { buildLab } from '../../../src/lib/shell/scenarios';
import { LabShell } from '../../../src/lib/shell/shell';
import { ranking } from './helpers';

const WORKERS = ['myk8s-worker', 'myk8s-worker2', 'myk8s-worker3'];
const VIPS = ['172.18.255.200', '172.18.255.201', '172.18.255.202'];

describe('viewWorld', () => {
  it('empty scenario: no network, no machines', async () => {
    const lab = await buildLab({ scenario: 'empty' });
    expect(viewWorld(lab)).toEqual({ now: 0, network: null, machines: [], vips: [] });
  });

  it('kind scenario: four nodes then mypc, roles and states, no speakers or VIPs yet', async () => {
    const lab = await buildLab({ scenario: 'kind', seed: 3 });
    const w = viewWorld(lab);
    expect(w.network).toEqual({ name: 'kind', subnet: '172.18.0.0/16', gateway: '172.18.0.1' });
    expect(w.machines.map((m) => [m.name, m.role, m.state])).toEqual([
      ['myk8s-control-plane', 'control-plane', 'Ready'],
      ['myk8s-worker', 'worker', 'Ready'],
      ['myk8s-worker2', 'worker', 'Ready'],
      ['myk8s-worker3', 'worker', 'Ready'],
      ['mypc', 'client', 'running']
    ]);
    for (const m of w.machines) {
      const ep = lab.docker.find(m.name)!.endpoints.find((e) => e.network === 'kind')!;
      expect(m.ip).toBe(ep.ipv4);
      expect(m.mac).toMatch(/^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/);
      expect(m.speaker).toBeUndefined();
      expect(m.owns).toEqual([]);
    }
    expect(w.machines.find((m) => m.name === 'mypc')!.ip).toBe('172.18.0.100');
    expect(w.machines.map((m) => m.excluded)).toEqual([true, false, false, false, false]);
    const cp = w.machines[0].pods;
    expect(cp.map((p) => p.name)).toContain('kube-apiserver-myk8s-control-plane');
    expect(cp.find((p) => p.name.startsWith('kube-proxy-'))).toMatchObject({ namespace: 'kube-system', phase: 'Running', ready: true, hostNetwork: true });
    expect(w.machines[4].pods).toEqual([]);
    expect(w.vips).toEqual([]);
  });

  describe('l2 scenario (seed 1)', async () => {
    const lab = await buildLab({ scenario: 'l2', seed: 1 });
    const shell = new LabShell(lab);
    const before = viewWorld(lab);

    it('every VIP is owned by the SHA-256 winner among the workers; the control-plane is excluded', () => {
      expect(before.vips.map((v) => v.ip)).toEqual(VIPS);
      expect(before.vips.map((v) => v.services)).toEqual([['default/svc1'], ['default/svc2'], ['default/svc3']]);
      for (const v of before.vips) {
        const winner = ranking(v.ip, WORKERS)[0];
        expect(v.owner).toBe(winner);
        expect(v.announcers).toEqual([winner]);
        expect(before.machines.find((m) => m.name === winner)!.owns).toContain(v.ip);
        expect(v.bursting).toBe(false);
      }
      const owned = before.machines.flatMap((m) => m.owns).sort();
      expect(owned).toEqual(VIPS);
      expect(before.machines[0]).toMatchObject({ name: 'myk8s-control-plane', excluded: true, owns: [] });
    });

    it('pods per node, a running speaker everywhere with every member alive', () => {
      const webpods = before.machines.flatMap((m) => m.pods.filter((p) => p.app === 'webpod').map((p) => [p.name, p.phase, p.ready, m.name]));
      expect(webpods.map((x) => x[0]).sort()).toEqual(['webpod1', 'webpod2']);
      for (const [, phase, ready, node] of webpods) {
        expect(phase).toBe('Running');
        expect(ready).toBe(true);
        expect(WORKERS).toContain(node);
      }
      for (const m of before.machines.slice(0, 4)) {
        expect(m.speaker?.running).toBe(true);
        expect(m.speaker?.pod).toMatch(/^speaker-/);
        expect(m.pods.find((p) => p.name === m.speaker?.pod)).toMatchObject({ namespace: 'metallb-system', hostNetwork: true, ip: m.ip, app: 'metallb' });
        expect(m.speaker?.members).toEqual(['myk8s-control-plane', ...WORKERS].map((name) => ({ name, state: 'alive' })));
      }
      for (const m of before.machines) expect(m.pods.map((p) => `${p.namespace}/${p.name}`)).toEqual(m.pods.map((p) => `${p.namespace}/${p.name}`).sort());
    });

    it('after a kill: stopped at once, the others see it dead, the node turns NotReady but the container state wins', async () => {
      const owner = ranking(VIPS[0], WORKERS)[0];
      await shell.run(`docker stop ${owner} --signal 9`);
      let w = viewWorld(lab);
      const dead = () => w.machines.find((m) => m.name === owner)!;
      expect(dead().state).toBe('stopped');
      expect(dead().owns).toEqual([]);
      expect(dead().speaker).toMatchObject({ running: false, members: [] });
      expect(w.vips[0].owner).toBeNull(); // memberlist has not noticed yet

      await lab.advance(12_000);
      w = viewWorld(lab);
      for (const m of w.machines.slice(0, 4)) {
        if (m.name === owner) continue;
        const seen = m.speaker!.members.find((x) => x.name === owner);
        expect(['dead', 'left']).toContain(seen?.state);
        expect(m.speaker!.members.filter((x) => x.name !== owner).every((x) => x.state === 'alive')).toBe(true);
      }
      expect(w.vips[0].owner).toBe(ranking(VIPS[0], WORKERS.filter((x) => x !== owner))[0]);

      await lab.advance(40_000);
      w = viewWorld(lab);
      const node = lab.cluster()!.api.get<Node>('nodes', undefined, owner)!;
      expect(node.status.conditions!.find((c) => c.type === 'Ready')!.status).not.toBe('True');
      expect(dead().state).toBe('stopped');

      // started again: the container runs, the Node object is still not Ready for a few seconds
      await shell.run(`docker start ${owner}`);
      w = viewWorld(lab);
      expect(dead().state).toBe('NotReady');
      await lab.advance(30_000);
      w = viewWorld(lab);
      expect(dead().state).toBe('Ready');
      expect(dead().speaker?.running).toBe(true);
    });

    it('a paused machine is paused and answers for nothing', async () => {
      const owner = ranking(VIPS[2], WORKERS)[0];
      await shell.run(`docker pause ${owner}`);
      const w = viewWorld(lab);
      const m = w.machines.find((x) => x.name === owner)!;
      expect(m.state).toBe('paused');
      expect(m.owns).toEqual([]);
      expect(w.vips[2].announcers).not.toContain(owner);
      await shell.run(`docker unpause ${owner}`);
      expect(viewWorld(lab).machines.find((x) => x.name === owner)!.state).toBe('Ready');
    });
  });
});
