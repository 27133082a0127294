/**
 * The API server's calls to MetalLB's webhooks beyond the happy path: a frozen controller
 * (timeout), failurePolicy Ignore, the BFDProfile DELETE webhook, and the pure helpers.
 */
import { describe, expect, test } from 'vitest';
import type { KObject } from '../../../../src/lib/engine/k8s/types';
import { TimerGroup } from '../../../../src/lib/engine/k8s/kubelet/timers';
import { createSim } from '../../../../src/lib/engine/sim';
import { newMemberlistKey } from '../../../../src/lib/engine/metallb/controller/secret';
import { WorkQueue } from '../../../../src/lib/engine/metallb/controller/workqueue';
import { configFingerprint } from '../../../../src/lib/engine/metallb/controller/reconcile-pools';
import { parseConfig } from '../../../../src/lib/engine/metallb/config/config';
import type { IPAddressPool } from '../../../../src/lib/engine/metallb/config/types';
import { labWithMetalLB, poolYaml } from './setup';

const VWC = 'validatingwebhookconfigurations.admissionregistration.k8s.io';

describe('webhook calls that do not reach a working server', () => {
  test('the controller node is paused: the call times out (context deadline exceeded)', async () => {
    const e = await labWithMetalLB();
    const node = e.pods('controller-')[0].spec.nodeName!;
    expect(await e.run(`docker pause ${node}`)).toBe(`${node}\n`);
    await e.advance(2_000);
    const svcIP = e.svc('metallb-webhook-service', 'metallb-system')!.spec.clusterIP;
    const r = await e.sh.run(poolYaml('my-ippool', '172.18.255.200-172.18.255.250', 'metallb-system'));
    expect(r.stderr).toBe(
      'Error from server (InternalError): error when creating "STDIN": Internal error occurred: failed calling webhook "ipaddresspoolvalidationwebhook.metallb.io": ' +
        'failed to call webhook: Post "https://metallb-webhook-service.metallb-system.svc:443/validate-metallb-io-v1beta1-ipaddresspool?timeout=10s": context deadline exceeded\n'
    );
    expect(svcIP).toMatch(/^10\.200\.1\.\d+$/);
    await e.run(`docker unpause ${node}`);
    await e.advance(2_000);
    expect(await e.run(poolYaml('my-ippool', '172.18.255.200-172.18.255.250', 'metallb-system'))).toBe('ipaddresspool.metallb.io/my-ippool created\n');
  }, 60_000);

  test('failurePolicy Ignore lets the request through while the webhook is unreachable', async () => {
    const e = await labWithMetalLB({ settleMs: 2_000 });
    e.cluster.api.modify<KObject>(VWC, undefined, 'metallb-webhook-configuration', (o) => {
      for (const w of o.webhooks as { failurePolicy?: string }[]) w.failurePolicy = 'Ignore';
    });
    expect(await e.run(poolYaml('early', '172.18.250.0/24', 'metallb-system'))).toBe('ipaddresspool.metallb.io/early created\n');
  }, 60_000);

  test('the webhook service is gone: service not found', async () => {
    const e = await labWithMetalLB({ settleMs: 2_000 });
    await e.run('kubectl delete svc -n metallb-system metallb-webhook-service');
    const r = await e.sh.run(poolYaml('p', '172.18.250.0/24', 'metallb-system'));
    expect(r.stderr).toBe(
      'Error from server (InternalError): error when creating "STDIN": Internal error occurred: failed calling webhook "ipaddresspoolvalidationwebhook.metallb.io": ' +
        'failed to call webhook: Post "https://metallb-webhook-service.metallb-system.svc:443/validate-metallb-io-v1beta1-ipaddresspool?timeout=10s": service "metallb-webhook-service" not found\n'
    );
  }, 60_000);
});

describe('BFDProfile and BGPPeer webhooks', () => {
  test('a profile used by a peer cannot be deleted', async () => {
    const e = await labWithMetalLB();
    const out = await e.run(`cat <<EOF | kubectl apply -f -
apiVersion: metallb.io/v1beta1
kind: BFDProfile
metadata:
  name: fast
  namespace: metallb-system
---
apiVersion: metallb.io/v1beta2
kind: BGPPeer
metadata:
  name: router
  namespace: metallb-system
spec:
  myASN: 64512
  peerASN: 64513
  peerAddress: 172.18.0.200
  bfdProfile: fast
EOF`);
    expect(out).toBe('bfdprofile.metallb.io/fast created\nbgppeer.metallb.io/router created\n');
    const r = await e.sh.run('kubectl delete bfdprofile -n metallb-system fast');
    expect(r.stderr).toBe(
      'Error from server (Forbidden): admission webhook "bfdprofilevalidationwebhook.metallb.io" denied the request: failed to delete BFDProfile fast, used by BGPPeer router\n'
    );
    expect(e.cluster.api.get('bfdprofiles.metallb.io', 'metallb-system', 'fast')).toBeDefined();
  }, 60_000);

  test('a native-mode peer with a keepalive time is denied', async () => {
    const e = await labWithMetalLB();
    const r = await e.sh.run(`cat <<EOF | kubectl apply -f -
apiVersion: metallb.io/v1beta2
kind: BGPPeer
metadata:
  name: router
  namespace: metallb-system
spec:
  myASN: 64512
  peerASN: 64513
  peerAddress: 172.18.0.200
  keepaliveTime: 10s
EOF`);
    expect(r.stderr).toBe(
      'Error from server (Forbidden): error when creating "STDIN": admission webhook "bgppeersvalidationwebhook.metallb.io" denied the request: peer 172.18.0.200 has keepalive-time set on native bgp mode\n'
    );
  }, 60_000);
});

describe('pure pieces', () => {
  test('the memberlist key: 16 bytes, raw-std base64, 22 characters', () => {
    const rng = createSim(3).rng;
    for (let i = 0; i < 50; i++) {
      const k = newMemberlistKey(rng);
      expect(k).toMatch(/^[A-Za-z0-9+/]{22}$/);
      expect(Buffer.from(k, 'base64').length).toBe(16);
    }
  });

  test('config fingerprints ignore pool listing order and change with content', () => {
    const pool = (name: string, a: string): IPAddressPool => ({
      apiVersion: 'metallb.io/v1beta1',
      kind: 'IPAddressPool',
      metadata: { name, namespace: 'metallb-system', uid: name, resourceVersion: '1', creationTimestamp: '' },
      spec: { addresses: [a] }
    });
    const fp = (pools: IPAddressPool[]) => {
      const r = parseConfig({ pools });
      if (!r.ok) throw new Error(r.error);
      return configFingerprint(r.config);
    };
    const a = pool('a', '10.0.0.0/24');
    const b = pool('b', '10.0.1.0/24');
    expect(fp([a, b])).toBe(fp([b, a]));
    expect(fp([a, b])).not.toBe(fp([a, pool('b', '10.0.2.0/24')]));
  });

  test('the work queue: de-duplicates, runs a few ms later, retries with 5 ms × 2^n', async () => {
    const sim = createSim(1);
    const timers = new TimerGroup(sim.scheduler);
    const seen: [string, number][] = [];
    let failures = 3;
    const q = new WorkQueue(timers, sim.rng, 'test', (k) => {
      seen.push([k, sim.clock.now()]);
      return k !== 'flaky' || failures-- <= 0;
    });
    const t0 = sim.clock.now();
    q.add('a');
    q.add('a');
    q.add('flaky');
    await sim.scheduler.advance(1_000);
    const a = seen.filter(([k]) => k === 'a');
    expect(a.length).toBe(1);
    expect(a[0][1] - t0).toBeGreaterThanOrEqual(1);
    expect(a[0][1] - t0).toBeLessThanOrEqual(4);
    const flaky = seen.filter(([k]) => k === 'flaky').map(([, t]) => t);
    expect(flaky.length).toBe(4);
    // Each retry is queued 5, 10, 20 ms after the failure, then waits the queue's own 1–4 ms.
    const gaps = flaky.slice(1).map((t, i) => t - flaky[i]);
    expect(gaps[0]).toBeGreaterThanOrEqual(6);
    expect(gaps[0]).toBeLessThanOrEqual(9);
    expect(gaps[1]).toBeGreaterThanOrEqual(11);
    expect(gaps[1]).toBeLessThanOrEqual(14);
    expect(gaps[2]).toBeGreaterThanOrEqual(21);
    expect(gaps[2]).toBeLessThanOrEqual(24);
    q.shutDown();
  });
});
