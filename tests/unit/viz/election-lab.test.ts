import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Lab } from '../../../src/lib/engine/lab';
import { currentOwner } from '../../../src/lib/engine/metallb/speaker/registry';
import { buildLab } from '../../../src/lib/shell/scenarios';
import { LabShell } from '../../../src/lib/shell/shell';
import { readLabFacts } from '../../../src/lib/ui/viz/election/lab-facts';
import { NO_WHAT_IF, electionTable, winner } from '../../../src/lib/ui/viz/election/model';

const sha = (s: string): string => createHash('sha256').update(s).digest('hex');

describe('the explorer reads the article lab', () => {
  let lab: Lab;
  let shell: LabShell;
  beforeAll(async () => {
    lab = await buildLab({ scenario: 'l2', seed: 5 });
    shell = new LabShell(lab);
  }, 120_000);

  it('four nodes, the control plane excluded by its label, svc1–3 on .200–.202', () => {
    const f = readLabFacts(lab);
    expect(f.nodes).toEqual([
      { name: 'myk8s-control-plane', reason: 'excluded' },
      { name: 'myk8s-worker', reason: null },
      { name: 'myk8s-worker2', reason: null },
      { name: 'myk8s-worker3', reason: null }
    ]);
    expect(f.vips).toEqual([
      { ip: '172.18.255.200', services: ['default/svc1'] },
      { ip: '172.18.255.201', services: ['default/svc2'] },
      { ip: '172.18.255.202', services: ['default/svc3'] }
    ]);
  });

  it('the explorer’s owner is the node announcing each service, and digests are node:crypto’s', async () => {
    const f = readLabFacts(lab);
    const cluster = lab.cluster();
    if (!cluster) throw new Error('no cluster');
    for (const v of f.vips) {
      const svc = v.services[0];
      expect(await winner(f, v.ip, NO_WHAT_IF)).toBe(currentOwner(cluster, svc));
      for (const r of await electionTable(f, v.ip, NO_WHAT_IF)) expect(r.digestHex).toBe(sha(`${r.node}#${v.ip}`));
    }
  });

  it('follows the lab: a killed worker drops out once memberlist declares it dead', async () => {
    await shell.run('docker stop myk8s-worker --signal 9');
    // memberlist has not noticed yet: the other speakers still count it (as MetalLB would)
    expect(readLabFacts(lab).nodes.find((n) => n.name === 'myk8s-worker')?.reason).toBeNull();
    await shell.run('sleep 60');
    const f = readLabFacts(lab);
    expect(f.nodes.find((n) => n.name === 'myk8s-worker')?.reason).toBe('no-speaker');
    const cluster = lab.cluster();
    if (!cluster) throw new Error('no cluster');
    expect(await winner(f, '172.18.255.200', NO_WHAT_IF)).toBe('myk8s-worker2');
    expect(currentOwner(cluster, 'default/svc1')).toBe('myk8s-worker2');
  }, 120_000);
});

describe('the explorer applies ShouldAnnounce’s endpoint checks', () => {
  let lab: Lab;
  let shell: LabShell;
  beforeAll(async () => {
    lab = await buildLab({ scenario: 'l2', seed: 5 });
    shell = new LabShell(lab);
  }, 120_000);

  it('a service without a ready endpoint has no owner, in the explorer as in the lab', async () => {
    await shell.run('kubectl create service loadbalancer lonely --tcp=80:80');
    await shell.run('sleep 5');
    const f = readLabFacts(lab);
    const vip = f.vips.find((v) => v.services.includes('default/lonely'));
    expect(vip?.ip).toBe('172.18.255.203');
    expect(await winner(f, '172.18.255.203', NO_WHAT_IF)).toBeNull();
    const rows = await electionTable(f, '172.18.255.203', NO_WHAT_IF);
    expect(rows.map((r) => r.labReason)).toEqual(rows.map((r) => (r.node === 'myk8s-control-plane' ? 'excluded' : 'no-endpoints')));
    const cluster = lab.cluster();
    if (!cluster) throw new Error('no cluster');
    expect(currentOwner(cluster, 'default/lonely')).toBeNull();
  }, 120_000);

  it('externalTrafficPolicy Local: only workers running a webpod are candidates; the first by SHA-256 wins', async () => {
    await shell.run(`kubectl patch svc svc1 -p '{"spec":{"externalTrafficPolicy":"Local"}}'`);
    await shell.run('sleep 5');
    // where svc1's pods run, read from kubectl (not from the explorer)
    const wide = (await shell.run('kubectl get pods -l app=webpod -o wide --no-headers')).stdout;
    const withPod = new Set(wide.trim().split('\n').map((l) => l.split(/\s+/)[6]));
    const workers = ['myk8s-worker', 'myk8s-worker2', 'myk8s-worker3'];
    const expected = workers.filter((w) => withPod.has(w)).sort((a, b) => sha(`${a}#172.18.255.200`).localeCompare(sha(`${b}#172.18.255.200`)))[0];
    const f = readLabFacts(lab);
    const rows = await electionTable(f, '172.18.255.200', NO_WHAT_IF);
    for (const w of workers) expect(rows.find((r) => r.node === w)?.labReason).toBe(withPod.has(w) ? null : 'no-local-endpoint');
    expect(await winner(f, '172.18.255.200', NO_WHAT_IF)).toBe(expected);
    const cluster = lab.cluster();
    if (!cluster) throw new Error('no cluster');
    expect(currentOwner(cluster, 'default/svc1')).toBe(expected);
  }, 120_000);
});
