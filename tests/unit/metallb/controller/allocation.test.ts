/**
 * The controller allocating LoadBalancer IPs on the article's cluster, and its webhooks.
 * Expected values by hand from the MetalLB reference: first free address, lowest first, in the
 * pool 172.18.255.200-172.18.255.250 (§0, §4.4); events and logs (§4.3, §9, §10); webhook
 * denials (§3.1, §3.5).
 */
import { beforeAll, describe, expect, test } from 'vitest';
import type { IPAddressPool } from '../../../../src/lib/engine/metallb/config/types';
import { metallbControllers } from '../../../../src/lib/engine/metallb/controller/app';
import { L2ADV, POOL, jsonLines, labWithMetalLB, poolYaml, svcYaml, type Env } from './setup';

const POOL_ANNOTATION = 'metallb.universe.tf/ip-allocated-from-pool';

describe('the article flow: pool, L2Advertisement, svc1–3', () => {
  let e: Env;
  let applyOut: string;
  beforeAll(async () => {
    e = await labWithMetalLB();
    applyOut = (await e.run(POOL)) + (await e.run(L2ADV));
    for (const n of ['svc1', 'svc2', 'svc3']) applyOut += await e.run(svcYaml(n));
    await e.advance(2_000);
  }, 60_000);

  test('kubectl prints what the article shows', () => {
    expect(applyOut).toBe(
      'ipaddresspool.metallb.io/my-ippool created\nl2advertisement.metallb.io/my-l2-advertise created\nservice/svc1 created\nservice/svc2 created\nservice/svc3 created\n'
    );
  });

  test('svc1–3 get .200, .201, .202 in creation order, with the pool annotation and ipMode VIP', () => {
    expect(['svc1', 'svc2', 'svc3'].map((n) => e.ipOf(n))).toEqual(['172.18.255.200', '172.18.255.201', '172.18.255.202']);
    for (const n of ['svc1', 'svc2', 'svc3']) {
      const s = e.svc(n)!;
      expect(s.metadata.annotations?.[POOL_ANNOTATION]).toBe('my-ippool');
      expect(s.status.loadBalancer.ingress).toEqual([{ ip: e.ipOf(n), ipMode: 'VIP' }]);
    }
  });

  test('one IPAllocated event per service, from metallb-controller', () => {
    const evs = e.events('svc1');
    const alloc = evs.filter((x) => x.source.component === 'metallb-controller');
    expect(alloc.map((x) => [x.type, x.reason, x.message, x.count])).toEqual([['Normal', 'IPAllocated', 'Assigned IP ["172.18.255.200"]', 1]]);
    expect(alloc[0].involvedObject).toMatchObject({ kind: 'Service', name: 'svc1', namespace: 'default', uid: e.svc('svc1')!.metadata.uid });
    expect(e.events('svc3', 'IPAllocated').map((x) => x.message)).toEqual(['Assigned IP ["172.18.255.202"]']);
  });

  test('kubectl get svc shows the external IPs', async () => {
    const out = await e.run('kubectl get svc svc1 svc2 svc3');
    expect(out).toMatch(/svc1\s+LoadBalancer\s+10\.200\.1\.\d+\s+172\.18\.255\.200\s+80:3\d{4}\/TCP/);
    expect(out).toMatch(/svc3\s+LoadBalancer\s+10\.200\.1\.\d+\s+172\.18\.255\.202\s+80:3\d{4}\/TCP/);
  });

  test('the controller log: reconcile, ipAllocated, serviceUpdated, with no service key on the converge lines', async () => {
    const lines = jsonLines(await e.run('kubectl logs -n metallb-system deploy/controller'));
    const strip = (o: Record<string, unknown>) => {
      const { ts: _ts, ...rest } = o;
      return rest;
    };
    const i = lines.findIndex((x) => x['start reconcile'] === 'default/svc1');
    expect(i).toBeGreaterThan(0);
    expect(lines.slice(i, i + 4).map(strip)).toEqual([
      { caller: 'service_controller.go:64', controller: 'ServiceReconciler', level: 'info', 'start reconcile': 'default/svc1' },
      { caller: 'service.go:150', event: 'ipAllocated', ip: ['172.18.255.200'], level: 'info', msg: 'IP address assigned by controller' },
      { caller: 'main.go:116', event: 'serviceUpdated', level: 'info', msg: 'updated service object' },
      { caller: 'service_controller.go:65', controller: 'ServiceReconciler', 'end reconcile': 'default/svc1', level: 'info' }
    ]);
    const poolLoad = lines.filter((x) => x.controller === 'PoolReconciler' && x.event !== undefined).map((x) => x.event);
    // Once for the empty config at start-up, once for my-ippool.
    expect(poolLoad).toEqual(['force service reload', 'config reloaded', 'force service reload', 'config reloaded']);
  });

  test('deleting svc2 frees .201 and the next service gets it', async () => {
    expect(await e.run('kubectl delete svc svc2')).toBe('service "svc2" deleted\n');
    await e.advance(1_000);
    const lines = jsonLines(await e.run('kubectl logs -n metallb-system deploy/controller'));
    expect(lines.some((x) => x.event === 'serviceDeleted' && x.msg === 'service deleted')).toBe(true);
    await e.run(svcYaml('svc4'));
    await e.advance(1_000);
    expect(e.ipOf('svc4')).toBe('172.18.255.201');
    expect(e.ipOf('svc1')).toBe('172.18.255.200');
    expect(e.ipOf('svc3')).toBe('172.18.255.202');
  });

  test('an overlapping pool is denied by the webhook, with the exact text', async () => {
    const r = await e.sh.run(poolYaml('b', '172.18.255.240/28', 'metallb-system'));
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe(
      'Error from server (Forbidden): error when creating "STDIN": admission webhook "ipaddresspoolvalidationwebhook.metallb.io" denied the request: ' +
        'CIDR "172.18.255.240/28" in pool "b" overlaps with already defined CIDR "172.18.255.240/29"\n'
    );
    expect(e.cluster.api.get('ipaddresspools.metallb.io', 'metallb-system', 'b')).toBeUndefined();
  });

  test('a pool outside metallb-system is denied on CREATE', async () => {
    const r = await e.sh.run(poolYaml('elsewhere', '172.18.254.0/24'));
    expect(r.stderr).toBe(
      'Error from server (Forbidden): error when creating "STDIN": admission webhook "ipaddresspoolvalidationwebhook.metallb.io" denied the request: resource must be created in metallb-system namespace\n'
    );
  });

  test('an update that would overlap is denied too (403, the webhook message)', () => {
    const api = e.cluster.api;
    const mk = api.create<IPAddressPool>({
      apiVersion: 'metallb.io/v1beta1',
      kind: 'IPAddressPool',
      metadata: { name: 'other', namespace: 'metallb-system', uid: '', resourceVersion: '', creationTimestamp: '' },
      spec: { addresses: ['172.18.254.0/24'] }
    });
    expect(mk.ok).toBe(true);
    const cur = api.get<IPAddressPool>('ipaddresspools.metallb.io', 'metallb-system', 'other')!;
    const upd = api.update({ ...cur, spec: { addresses: ['172.18.255.0/24'] } });
    expect(upd.ok).toBe(false);
    if (!upd.ok)
      expect(upd.error).toEqual({
        kind: 'ApiError',
        code: 403,
        reason: 'Forbidden',
        message:
          'admission webhook "ipaddresspoolvalidationwebhook.metallb.io" denied the request: CIDR "172.18.255.0/24" in pool "other" overlaps with already defined CIDR "172.18.255.200/29"'
      });
  });

  test('an L2Advertisement listing a pool twice is denied by its own webhook', async () => {
    const r = await e.sh.run(`cat <<EOF | kubectl apply -f -
apiVersion: metallb.io/v1beta1
kind: L2Advertisement
metadata:
  name: dup
  namespace: metallb-system
spec:
  ipAddressPools:
  - my-ippool
  - my-ippool
EOF`);
    expect(r.stderr).toBe(
      'Error from server (Forbidden): error when creating "STDIN": admission webhook "l2advertisementvalidationwebhook.metallb.io" denied the request: duplicate definition of ipAddressPools "my-ippool"\n'
    );
  });

  test('a service with a loadBalancerClass is left alone', async () => {
    await e.run(svcYaml('classy', '\n  loadBalancerClass: example.com/other'));
    await e.advance(2_000);
    expect(e.ipOf('classy')).toBeUndefined();
    expect(e.events('classy').filter((x) => x.source.component === 'metallb-controller')).toEqual([]);
  });

  test('the allocator agrees with the service statuses', () => {
    const [ctrl] = metallbControllers(e.cluster);
    expect(ctrl).toBeDefined();
    const allocs = ctrl.allocator!.allocations().sort((a, b) => (a.svc < b.svc ? -1 : 1));
    expect(allocs).toEqual([
      { svc: 'default/svc1', pool: 'my-ippool', ips: ['172.18.255.200'] },
      { svc: 'default/svc3', pool: 'my-ippool', ips: ['172.18.255.202'] },
      { svc: 'default/svc4', pool: 'my-ippool', ips: ['172.18.255.201'] }
    ]);
  });
});

describe('services waiting for a pool', () => {
  test('a service created before any pool stays pending, with no event, and gets an IP when the pool appears', async () => {
    const e = await labWithMetalLB();
    await e.run(svcYaml('early'));
    await e.advance(5_000);
    expect(e.ipOf('early')).toBeUndefined();
    expect(e.svc('early')!.status.loadBalancer).toEqual({});
    expect(e.events('early').filter((x) => x.source.component === 'metallb-controller')).toEqual([]);
    const out = await e.run('kubectl get svc early');
    expect(out).toMatch(/early\s+LoadBalancer\s+\S+\s+<pending>\s+80:3\d{4}\/TCP/);
    // No pool: convergeBalancer fails, SetBalancer returns ErrorNoRetry and the reconciler says so.
    const lines = jsonLines(await e.run('kubectl logs -n metallb-system deploy/controller'));
    const failed = lines.find((x) => x.name === 'default/early');
    expect(failed).toMatchObject({ caller: 'service_controller.go:102', controller: 'ServiceReconciler', event: 'failed to handle service', level: 'error', endpoints: '[]' });
    expect(JSON.parse(failed!.service as string)).toMatchObject({ metadata: { name: 'early', namespace: 'default' }, spec: { type: 'LoadBalancer' } });

    await e.run(POOL);
    await e.advance(2_000);
    expect(e.ipOf('early')).toBe('172.18.255.200');
    expect(e.events('early', 'IPAllocated').map((x) => x.message)).toEqual(['Assigned IP ["172.18.255.200"]']);
  }, 60_000);

  test('when the pool runs out the next service gets AllocationFailed, and the freed IP goes to it on delete', async () => {
    const e = await labWithMetalLB();
    await e.run(poolYaml('tiny', '172.18.255.200/31', 'metallb-system'));
    for (const n of ['a', 'b', 'c']) await e.run(svcYaml(n));
    await e.advance(2_000);
    expect(['a', 'b', 'c'].map((n) => e.ipOf(n))).toEqual(['172.18.255.200', '172.18.255.201', undefined]);
    expect(e.events('c', 'AllocationFailed').map((x) => [x.type, x.message])).toEqual([['Warning', 'Failed to allocate IP for "default/c": no available IPs']]);
    const lines = jsonLines(await e.run('kubectl logs -n metallb-system deploy/controller'));
    const err = lines.find((x) => x.op === 'allocateIPs')!;
    const { ts: _ts, ...rest } = err;
    expect(rest).toEqual({ caller: 'service.go:143', error: 'no available IPs', level: 'error', msg: 'IP allocation failed', op: 'allocateIPs' });
    // Deleting a holder makes the controller reprocess every service: c gets the freed .200.
    await e.run('kubectl delete svc a');
    await e.advance(2_000);
    expect(e.ipOf('c')).toBe('172.18.255.200');
    expect(e.events('c', 'IPAllocated').map((x) => x.message)).toEqual(['Assigned IP ["172.18.255.200"]']);
  }, 60_000);

  test('changing the pool so an IP falls outside clears it and assigns a new one', async () => {
    const e = await labWithMetalLB();
    await e.run(POOL);
    await e.run(svcYaml('svc1'));
    await e.advance(2_000);
    expect(e.ipOf('svc1')).toBe('172.18.255.200');
    await e.run(poolYaml('my-ippool', '172.18.255.210-172.18.255.250', 'metallb-system'));
    await e.advance(2_000);
    expect(e.ipOf('svc1')).toBe('172.18.255.210');
    expect(e.events('svc1', 'ClearAssignment').map((x) => [x.type, x.message])).toEqual([
      ['Normal', 'current IP for "default/svc1" not allowed by config, will attempt for new IP assignment: ["172.18.255.200"] is not allowed in config']
    ]);
    expect(e.events('svc1', 'IPAllocated').map((x) => x.message)).toEqual(['Assigned IP ["172.18.255.200"]', 'Assigned IP ["172.18.255.210"]']);
  }, 60_000);
});

describe('without the webhook configuration', () => {
  test('no webhook runs: a bad pool is stored, the controller logs the parse error and keeps its config', async () => {
    const e = await labWithMetalLB();
    await e.run(POOL);
    await e.advance(1_000);
    expect(await e.run('kubectl delete validatingwebhookconfiguration metallb-webhook-configuration')).toBe(
      'validatingwebhookconfiguration.admissionregistration.k8s.io "metallb-webhook-configuration" deleted\n'
    );
    expect(await e.run(poolYaml('b', '172.18.255.240/28', 'metallb-system'))).toBe('ipaddresspool.metallb.io/b created\n');
    await e.advance(1_000);
    const lines = jsonLines(await e.run('kubectl logs -n metallb-system deploy/controller'));
    const err = lines.find((x) => x.controller === 'PoolReconciler' && x.level === 'error')!;
    const { ts: _ts, caller: _c, ...rest } = err;
    // go-kit keeps the last of the two "error" values: the parse error, not "failed to parse the
    // configuration". The cache lists in map order, so either pool can be the one blamed.
    expect([
      'CIDR "172.18.255.240/28" in pool "b" overlaps with already defined CIDR "172.18.255.240/29"',
      'CIDR "172.18.255.240/29" in pool "my-ippool" overlaps with already defined CIDR "172.18.255.240/28"'
    ]).toContain(rest.error);
    expect(rest).toEqual({ controller: 'PoolReconciler', error: rest.error, level: 'error' });
    // The stale config still serves: a new service gets the next address of my-ippool.
    await e.run(svcYaml('svc1'));
    await e.advance(1_000);
    expect(e.ipOf('svc1')).toBe('172.18.255.200');
  }, 60_000);
});

describe('a new controller process', () => {
  test('rebuilds its allocator from the service statuses: IP holders first, nobody loses an address', async () => {
    const e = await labWithMetalLB();
    await e.run(POOL);
    for (const n of ['svc1', 'svc2', 'svc3']) await e.run(svcYaml(n));
    await e.advance(2_000);
    expect(await e.run('kubectl scale deployment controller -n metallb-system --replicas=0')).toBe('deployment.apps/controller scaled\n');
    await e.advance(10_000);
    expect(e.pods('controller-')).toEqual([]);
    // While no controller runs: svc2 goes away and two services arrive.
    await e.run('kubectl delete svc svc2');
    await e.run(svcYaml('svc4'));
    await e.run(svcYaml('svc5'));
    await e.advance(2_000);
    expect(e.ipOf('svc4')).toBeUndefined();
    await e.run('kubectl scale deployment controller -n metallb-system --replicas=1');
    await e.advance(30_000);
    expect(e.ipOf('svc1')).toBe('172.18.255.200');
    expect(e.ipOf('svc3')).toBe('172.18.255.202');
    // The newcomers share the free addresses .201 and .203 in reprocessAll's (random) order.
    expect([e.ipOf('svc4'), e.ipOf('svc5')].sort()).toEqual(['172.18.255.201', '172.18.255.203']);
    for (const n of ['svc1', 'svc3']) {
      expect(e.events(n, 'ClearAssignment')).toEqual([]);
      expect(e.events(n, 'IPAllocated').map((x) => x.count)).toEqual([1]);
    }
    const [ctrl] = metallbControllers(e.cluster);
    expect(ctrl.podName).toBe(e.pods('controller-')[0].metadata.name);
    // The new pod found the memberlist secret and did not create another one.
    const lines = jsonLines(await e.run('kubectl logs -n metallb-system deploy/controller'));
    expect(lines.some((x) => x.op === 'CreateMlSecret')).toBe(false);
    expect(lines[0].msg).toBe('MetalLB controller starting version 0.14.8 (commit dev, branch dev)');
  }, 60_000);
});
