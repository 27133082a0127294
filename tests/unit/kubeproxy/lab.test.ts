/**
 * kube-proxy wired into the real lab the way the integrator will (registerKubeProxy), then read
 * back through the shell: `docker exec NODE iptables …` shows the node's real tables.
 */
import { describe, expect, test } from 'vitest';
import { kubeProxyOf, listRules, registerKubeProxy } from '../../../src/lib/engine/kubeproxy';
import { Lab } from '../../../src/lib/engine/lab';
import { LabShell } from '../../../src/lib/shell/shell';

describe('kube-proxy in the kind lab', () => {
  test('the DaemonSet pods run it; docker exec iptables prints the node tables; docker stop/start', async () => {
    const lab = await Lab.create({ seed: 4 });
    const cluster = lab.cluster()!;
    registerKubeProxy(cluster);
    const sh = new LabShell(lab);
    // the lab started its kube-proxy pods before registration: let the DaemonSet recreate them
    expect((await sh.run('kubectl delete pod -n kube-system -l k8s-app=kube-proxy')).exitCode).toBe(0);
    await lab.advance(20_000);
    for (const n of cluster.nodes) {
      const kp = kubeProxyOf(cluster, n.name)!;
      expect(kp.status()).toBe('running');
      const lines = listRules(kp.table('nat')!)!;
      expect(lines.filter((l) => l.startsWith('-A KUBE-SERVICES')).at(-1)).toContain('kubernetes service nodeports');
      const r = await sh.run(`docker exec ${n.name} iptables -t nat -S`);
      expect(r.exitCode).toBe(0);
      expect(r.stdout).toBe(lines.map((l) => `${l}\n`).join(''));
    }
    // the default kubernetes service's chain name is the real one (§1.1)
    if (cluster.api.get('services', 'default', 'kubernetes')) expect(listRules(kubeProxyOf(cluster, 'myk8s-worker')!.table('nat')!)!).toContain('-N KUBE-SVC-NPX46M4PTMTKRN6Y');
    expect((await sh.run('docker exec mypc iptables -t nat -S')).stdout).toBe('-P PREROUTING ACCEPT\n-P INPUT ACCEPT\n-P OUTPUT ACCEPT\n-P POSTROUTING ACCEPT\n');
    expect((await sh.run('docker exec myk8s-worker iptables -t bogus -S')).exitCode).toBe(3);
    // the node stops: kube-proxy with it; it comes back with the node
    await sh.run('docker stop myk8s-worker');
    await lab.advance(15_000);
    expect(kubeProxyOf(cluster, 'myk8s-worker')!.status()).toBe('stopped');
    await sh.run('docker start myk8s-worker');
    await lab.advance(60_000);
    expect(kubeProxyOf(cluster, 'myk8s-worker')!.status()).toBe('running');
  }, 60_000);
});
