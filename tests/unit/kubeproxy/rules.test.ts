import { describe, expect, test } from 'vitest';
import { Bridge, NetHost, parseIpv4 } from '../../../src/lib/engine/net';
import {
  ChainHashCache,
  KubeProxy,
  base32,
  buildKubeRules,
  endpointChainHash,
  formatProbability,
  hashInputs,
  kubeProbabilityFixed,
  kubeProxyOf,
  listRules,
  listTable,
  portProtoHash,
  printNum,
  saveTable
} from '../../../src/lib/engine/kubeproxy';
import type { ProxyClusterView } from '../../../src/lib/engine/kubeproxy';
import type { KindCluster } from '../../../src/lib/engine/k8s/cluster';
import { createSim } from '../../../src/lib/engine/sim';
import { FakeApi, type Ep, fakeCluster, refBase32, refHash, refProbability, service, slice } from './helpers';

// KindCluster must be usable where kube-proxy wants its cluster view.
const _clusterFits = (c: KindCluster): ProxyClusterView => c;
void _clusterFits;

describe('chain names (§1.1, §1.2)', () => {
  const svcNames: [string, string, string][] = [
    ['default/svc1:svc1-webport', 'tcp', 'DLGPAL4ZCYSJ7UPR'],
    ['default/svc2:svc2-webport', 'tcp', '52NWEQM6QLDFKRCQ'],
    ['default/svc3:svc3-webport', 'tcp', 'CY3XQR2NWKKCV4WA'],
    ['default/kubernetes:https', 'tcp', 'NPX46M4PTMTKRN6Y'],
    ['kube-system/kube-dns:dns', 'udp', 'TCOU7JCQXEZGVUNU'],
    ['kube-system/kube-dns:dns-tcp', 'tcp', 'ERIFXISQEP7F7OF4'],
    ['kube-system/kube-dns:metrics', 'tcp', 'JD5MR3NA4I4DYORP'],
    ['default/webpod', 'tcp', 'CNZCPOCNCNOROALA'],
    ['default/svc1', 'tcp', 'DZERXHZGH3HKTTEJ'],
    ['default/svc2', 'tcp', 'YVPE3ZCFS63KKD7X'],
    ['default/svc3', 'tcp', '5TQEKN7CFM64454R']
  ];
  const sepNames: [string, string, string, string][] = [
    ['default/svc1:svc1-webport', 'tcp', '10.10.2.4:80', 'TCU75ZJZFA2NRX5P'],
    ['default/svc1:svc1-webport', 'tcp', '10.10.1.3:80', 'NYQLNUBQRHHHCFRZ'],
    ['default/svc2:svc2-webport', 'tcp', '10.10.2.4:80', 'X6ACIVCJGPMD7FKG'],
    ['default/svc2:svc2-webport', 'tcp', '10.10.1.3:80', 'L47WOK5MQGVUMAUL'],
    ['default/svc3:svc3-webport', 'tcp', '10.10.2.4:80', 'ZTH6QIAAA4WLBUUO'],
    ['default/svc3:svc3-webport', 'tcp', '10.10.1.3:80', 'RRQKD7NEEUHUZBM5'],
    ['default/svc1:svc1-webport', 'tcp', '10.10.3.2:80', 'L5CZ53QWWUDULVDG'],
    ['default/svc1:svc1-webport', 'tcp', '10.10.1.2:80', '6L26EVW6JDANNGAB'],
    ['default/svc1:svc1-webport', 'tcp', '10.10.2.2:80', 'M3FYXQ5CIRDIPFIK'],
    ['default/svc1:svc1-webport', 'tcp', '10.10.3.3:80', 'L6SWHLHTULTEJGNO'],
    ['kube-system/kube-dns:dns-tcp', 'tcp', '10.244.0.2:53', 'IT2ZTR26TO4XFPTO'],
    ['kube-system/kube-dns:dns', 'udp', '10.244.0.2:53', 'YIL6JZP7A3QYXJU2'],
    ['default/kubernetes:https', 'tcp', '172.20.0.2:6443', 'ME73ZWD7U6KL3OSU'],
    ['default/kubernetes:https', 'tcp', '172.18.0.2:6443', 'V2PECCYPB6X2GSCW'],
    ['default/kubernetes:https', 'tcp', '172.18.0.3:6443', 'QKX4QX54UKWK6JIY'],
    ['default/svc1', 'tcp', '10.10.2.4:80', 'RCEDZ56BKAQI5OZK'],
    ['default/svc1', 'tcp', '10.10.1.3:80', 'ZCFWSHMAHZZ65ZUL']
  ];

  test.each(svcNames)('portProtoHash(%s, %s) = %s', async (name, proto, want) => {
    expect(refHash(name + proto)).toBe(want);
    expect(await portProtoHash(name, proto)).toBe(want);
  });

  test.each(sepNames)('endpoint chain of %s %s %s = %s', async (name, proto, ep, want) => {
    expect(refHash(name + proto + ep)).toBe(want);
    expect(await endpointChainHash(name, proto, ep)).toBe(want);
  });

  test('base32 agrees with an independent RFC 4648 encoder, padding included', () => {
    for (const len of [0, 1, 2, 3, 4, 5, 6, 31, 32]) {
      const b = Buffer.from(Array.from({ length: len }, (_, i) => (i * 37 + len) & 0xff));
      expect(base32(new Uint8Array(b))).toBe(refBase32(b));
    }
    expect(base32(new TextEncoder().encode('foobar'))).toBe('MZXW6YTBOI======');
  });

  test('the cache answers synchronously once ensured and hashes each string once', async () => {
    const c = new ChainHashCache();
    expect(c.lookup('default/svc1:svc1-webporttcp')).toBeNull();
    await c.ensure(['default/svc1:svc1-webporttcp', 'default/svc1:svc1-webporttcp']);
    expect(c.lookup('default/svc1:svc1-webporttcp')).toBe('DLGPAL4ZCYSJ7UPR');
    expect(c.size()).toBe(1);
  });
});

describe('probabilities (§1.6)', () => {
  test.each([
    [2, '0.50000000000'],
    [3, '0.33333333349'],
    [4, '0.25000000000'],
    [5, '0.20000000019']
  ])('n=%i prints %s', (n, want) => {
    expect(refProbability(n)).toBe(want);
    expect(formatProbability(kubeProbabilityFixed(n))).toBe(want);
  });

  test('n = 2..50 agree with the lround formula', () => {
    for (let n = 2; n <= 50; n++) expect(formatProbability(kubeProbabilityFixed(n))).toBe(refProbability(n));
  });
});

const SVC1_LINES = [
  '-N KUBE-EXT-DLGPAL4ZCYSJ7UPR',
  '-N KUBE-SEP-NYQLNUBQRHHHCFRZ',
  '-N KUBE-SEP-TCU75ZJZFA2NRX5P',
  '-N KUBE-SVC-DLGPAL4ZCYSJ7UPR',
  '-A KUBE-EXT-DLGPAL4ZCYSJ7UPR -m comment --comment "masquerade traffic for default/svc1:svc1-webport external destinations" -j KUBE-MARK-MASQ',
  '-A KUBE-EXT-DLGPAL4ZCYSJ7UPR -j KUBE-SVC-DLGPAL4ZCYSJ7UPR',
  '-A KUBE-NODEPORTS -d 127.0.0.0/8 -p tcp -m comment --comment "default/svc1:svc1-webport" -m tcp --dport 31234 -m nfacct --nfacct-name  localhost_nps_accepted_pkts -j KUBE-EXT-DLGPAL4ZCYSJ7UPR',
  '-A KUBE-NODEPORTS -p tcp -m comment --comment "default/svc1:svc1-webport" -m tcp --dport 31234 -j KUBE-EXT-DLGPAL4ZCYSJ7UPR',
  '-A KUBE-SEP-NYQLNUBQRHHHCFRZ -s 10.10.1.3/32 -m comment --comment "default/svc1:svc1-webport" -j KUBE-MARK-MASQ',
  '-A KUBE-SEP-NYQLNUBQRHHHCFRZ -p tcp -m comment --comment "default/svc1:svc1-webport" -m tcp -j DNAT --to-destination 10.10.1.3:80',
  '-A KUBE-SEP-TCU75ZJZFA2NRX5P -s 10.10.2.4/32 -m comment --comment "default/svc1:svc1-webport" -j KUBE-MARK-MASQ',
  '-A KUBE-SEP-TCU75ZJZFA2NRX5P -p tcp -m comment --comment "default/svc1:svc1-webport" -m tcp -j DNAT --to-destination 10.10.2.4:80',
  '-A KUBE-SERVICES -d 10.200.1.143/32 -p tcp -m comment --comment "default/svc1:svc1-webport cluster IP" -m tcp --dport 80 -j KUBE-SVC-DLGPAL4ZCYSJ7UPR',
  '-A KUBE-SERVICES -d 172.18.255.201/32 -p tcp -m comment --comment "default/svc1:svc1-webport loadbalancer IP" -m tcp --dport 80 -j KUBE-EXT-DLGPAL4ZCYSJ7UPR',
  '-A KUBE-SVC-DLGPAL4ZCYSJ7UPR ! -s 10.10.0.0/16 -d 10.200.1.143/32 -p tcp -m comment --comment "default/svc1:svc1-webport cluster IP" -m tcp --dport 80 -j KUBE-MARK-MASQ',
  '-A KUBE-SVC-DLGPAL4ZCYSJ7UPR -m comment --comment "default/svc1:svc1-webport -> 10.10.1.3:80" -m statistic --mode random --probability 0.50000000000 -j KUBE-SEP-NYQLNUBQRHHHCFRZ',
  '-A KUBE-SVC-DLGPAL4ZCYSJ7UPR -m comment --comment "default/svc1:svc1-webport -> 10.10.2.4:80" -j KUBE-SEP-TCU75ZJZFA2NRX5P'
];

const SHARED_LINES = [
  '-P PREROUTING ACCEPT',
  '-P INPUT ACCEPT',
  '-P OUTPUT ACCEPT',
  '-P POSTROUTING ACCEPT',
  '-N DOCKER_OUTPUT',
  '-N DOCKER_POSTROUTING',
  '-N KIND-MASQ-AGENT',
  '-N KUBE-KUBELET-CANARY',
  '-N KUBE-MARK-MASQ',
  '-N KUBE-NODEPORTS',
  '-N KUBE-POSTROUTING',
  '-N KUBE-PROXY-CANARY',
  '-N KUBE-SERVICES',
  '-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
  '-A PREROUTING -d 172.18.0.1/32 -j DOCKER_OUTPUT',
  '-A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
  '-A OUTPUT -d 172.18.0.1/32 -j DOCKER_OUTPUT',
  '-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING',
  '-A POSTROUTING -d 172.18.0.1/32 -j DOCKER_POSTROUTING',
  '-A POSTROUTING -m addrtype ! --dst-type LOCAL -m comment --comment "kind-masq-agent: ensure nat POSTROUTING directs all non-LOCAL destination traffic to our custom KIND-MASQ-AGENT chain" -j KIND-MASQ-AGENT',
  '-A KIND-MASQ-AGENT -d 10.10.0.0/16 -m comment --comment "kind-masq-agent: local traffic is not subject to MASQUERADE" -j RETURN',
  '-A KIND-MASQ-AGENT -m comment --comment "kind-masq-agent: outbound traffic is subject to MASQUERADE (must be last in chain)" -j MASQUERADE',
  '-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000',
  '-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN',
  '-A KUBE-POSTROUTING -j MARK --set-xmark 0x4000/0x0',
  '-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully',
  '-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS'
];

const NODES = ['myk8s-worker', 'myk8s-worker2', 'myk8s-worker3'];
const NODE_IPS: Record<string, string> = { 'myk8s-worker': '172.18.0.3', 'myk8s-worker2': '172.18.0.4', 'myk8s-worker3': '172.18.0.5' };

/** Nodes on a kind bridge with KubeProxies over a fake API; returns what the tests need. */
function proxies(seed = 1, opts: { shuffle?: boolean } = {}) {
  const sim = createSim(seed);
  const kind = new Bridge('kind', sim);
  const ns: Record<string, NetHost> = {};
  for (const n of NODES) {
    ns[n] = new NetHost(n, sim, { ipForward: true });
    ns[n].attachBridge({ bridge: kind, mac: `02:42:ac:12:00:0${NODES.indexOf(n) + 3}`, ip: parseIpv4(NODE_IPS[n])!, prefix: 16, gateway: parseIpv4('172.18.0.1')! });
  }
  const api = new FakeApi();
  const cluster = fakeCluster(sim, api, ns);
  const kp: Record<string, KubeProxy> = {};
  for (const n of NODES) kp[n] = new KubeProxy(cluster, n, { shuffle: opts.shuffle });
  return { sim, api, cluster, kp, ns };
}

const SVC1_EPS: Ep[] = [
  { ip: '10.10.1.3', node: 'myk8s-worker' },
  { ip: '10.10.2.4', node: 'myk8s-worker2' }
];

function svc1(etp: 'Cluster' | 'Local' = 'Cluster') {
  return service('svc1', { clusterIP: '10.200.1.143', lbIP: '172.18.255.201', nodePort: 31234, etp, ...(etp === 'Local' ? { hcNodePort: 32000 } : {}) });
}

function own(lines: string[], chains: string[]): string[] {
  return lines.filter((l) => chains.some((c) => l.includes(c)) && !l.includes('nodeports; NOTE'));
}

describe('the nat table of svc1 (§1.4)', () => {
  test('ETP Cluster: the same block of rules on every node, and the shared chains', async () => {
    const { sim, api, kp } = proxies();
    api.put(svc1());
    api.put(slice('svc1', SVC1_EPS));
    for (const n of NODES) kp[n].start();
    await sim.scheduler.advance(10);
    for (const n of NODES) {
      const lines = listRules(kp[n].table('nat')!)!;
      expect(new Set(own(lines, ['DLGPAL4ZCYSJ7UPR', 'NYQLNUBQRHHHCFRZ', 'TCU75ZJZFA2NRX5P']))).toEqual(new Set(SVC1_LINES));
      for (const l of SHARED_LINES) expect(lines).toContain(l);
      // ordering: -P, then -N sorted byte-wise, then -A grouped in the same chain order
      const kinds = lines.map((l) => l.slice(0, 2));
      expect(kinds.indexOf('-N')).toBe(4);
      expect(kinds.lastIndexOf('-P')).toBe(3);
      const news = lines.filter((l) => l.startsWith('-N ')).map((l) => l.slice(3));
      expect(news).toEqual([...news].sort());
      expect(news.indexOf('KUBE-SEP-TCU75ZJZFA2NRX5P')).toBeLessThan(news.indexOf('KUBE-SERVICES'));
      expect(news.indexOf('KUBE-SERVICES')).toBeLessThan(news.indexOf('KUBE-SVC-DLGPAL4ZCYSJ7UPR'));
      const docker = lines.filter((l) => l.startsWith('-A DOCKER_'));
      expect(docker[0]).toMatch(/^-A DOCKER_OUTPUT -d 172\.18\.0\.1\/32 -p tcp -m tcp --dport 53 -j DNAT --to-destination 127\.0\.0\.11:\d+$/);
      const tcpPort = docker[0].split(':').at(-1);
      expect(docker).toContain(`-A DOCKER_POSTROUTING -s 127.0.0.11/32 -p tcp -m tcp --sport ${tcpPort} -j SNAT --to-source 172.18.0.1:53`);
      // the nodeports rule is last in KUBE-SERVICES
      const svcRules = lines.filter((l) => l.startsWith('-A KUBE-SERVICES '));
      expect(svcRules.at(-1)).toContain('kubernetes service nodeports');
    }
    expect(kubeProxyOf(kp['myk8s-worker'].cluster, 'myk8s-worker2')).toBe(kp['myk8s-worker2']);
    expect(sim.trace.ofType('note').filter((n) => n.topic === 'kube-proxy').map((n) => n.text)).toEqual([
      'myk8s-worker: synced iptables rules (46 rules)',
      'myk8s-worker2: synced iptables rules (46 rules)',
      'myk8s-worker3: synced iptables rules (46 rules)'
    ]);
  });

  test('`-S CHAIN` prints -N then the chain; the filter table has the kind node rules (§1.8)', async () => {
    const { sim, api, kp } = proxies();
    api.put(svc1());
    api.put(slice('svc1', SVC1_EPS));
    kp['myk8s-worker'].start();
    await sim.scheduler.advance(10);
    expect(listRules(kp['myk8s-worker'].table('nat')!, 'KUBE-SVC-DLGPAL4ZCYSJ7UPR')).toEqual(['-N KUBE-SVC-DLGPAL4ZCYSJ7UPR', ...SVC1_LINES.slice(-3)]);
    expect(listRules(kp['myk8s-worker'].table('nat')!, 'PREROUTING')).toEqual(['-P PREROUTING ACCEPT', SHARED_LINES[13], SHARED_LINES[14]]);
    expect(listRules(kp['myk8s-worker'].table('nat')!, 'NOPE')).toBeNull();
    const filter = listRules(kp['myk8s-worker'].table('filter')!)!;
    expect(filter).toContain('-A KUBE-FIREWALL ! -s 127.0.0.0/8 -d 127.0.0.0/8 -m comment --comment "block incoming localnet connections" -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP');
    expect(filter.filter((l) => l.startsWith('-A KUBE-FORWARD'))).toEqual([
      '-A KUBE-FORWARD -m conntrack --ctstate INVALID -j DROP',
      '-A KUBE-FORWARD -m comment --comment "kubernetes forwarding rules" -m mark --mark 0x4000/0x4000 -j ACCEPT',
      '-A KUBE-FORWARD -m comment --comment "kubernetes forwarding conntrack rule" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT'
    ]);
    expect(filter.filter((l) => l.startsWith('-N '))).toEqual([
      '-N KUBE-EXTERNAL-SERVICES',
      '-N KUBE-FIREWALL',
      '-N KUBE-FORWARD',
      '-N KUBE-KUBELET-CANARY',
      '-N KUBE-NODEPORTS',
      '-N KUBE-PROXY-CANARY',
      '-N KUBE-PROXY-FIREWALL',
      '-N KUBE-SERVICES'
    ]);
    expect(filter.slice(0, 3)).toEqual(['-P INPUT ACCEPT', '-P FORWARD ACCEPT', '-P OUTPUT ACCEPT']);
  });

  test('KUBE-SERVICES follows a per-sync shuffle (Go map order); endpoints stay sorted', async () => {
    const { sim, api, kp } = proxies(3);
    const names = ['svc1', 'svc2', 'svc3', 'svc4', 'svc5', 'svc6'];
    names.forEach((n, i) => {
      api.put(service(n, { clusterIP: `10.200.1.${20 + i}` }));
      api.put(slice(n, [{ ip: '10.10.2.4', node: 'myk8s-worker2' }, { ip: '10.10.1.3', node: 'myk8s-worker' }]));
    });
    const k = kp['myk8s-worker'];
    k.start();
    const orders = new Set<string>();
    for (let i = 0; i < 8; i++) {
      await sim.scheduler.advance(30_000);
      const lines = listRules(k.table('nat')!, 'KUBE-SERVICES')!;
      expect(lines.at(-1)).toContain('kubernetes service nodeports');
      orders.add(lines.map((l) => l.match(/default\/(svc\d)/)?.[1] ?? '').join(','));
      const svc = listRules(k.table('nat')!)!.filter((l) => l.includes('-> 10.10'));
      for (let j = 0; j < svc.length; j += 2) {
        expect(svc[j]).toContain('-> 10.10.1.3:80');
        expect(svc[j + 1]).toContain('-> 10.10.2.4:80');
      }
    }
    expect(orders.size).toBeGreaterThan(1);
    // periodic syncs leave no trace note; only the initial sync does
    expect(sim.trace.ofType('note').filter((n) => n.topic === 'kube-proxy').length).toBe(1);
    expect(k.history.length).toBeGreaterThanOrEqual(8);
  });
});

describe('ETP Local (§1.5)', () => {
  test('a node with a local endpoint, one without, and the filter rules', async () => {
    const { sim, api, kp } = proxies();
    api.put(svc1('Local'));
    api.put(slice('svc1', SVC1_EPS));
    for (const n of NODES) kp[n].start();
    await sim.scheduler.advance(10);
    const ext = (n: string) => listRules(kp[n].table('nat')!)!.filter((l) => l.startsWith('-A KUBE-EXT-') || l.startsWith('-A KUBE-SVL-') || l.startsWith('-N KUBE-SVL-'));
    expect(ext('myk8s-worker')).toEqual([
      '-N KUBE-SVL-DLGPAL4ZCYSJ7UPR',
      '-A KUBE-EXT-DLGPAL4ZCYSJ7UPR -s 10.10.0.0/16 -m comment --comment "pod traffic for default/svc1:svc1-webport external destinations" -j KUBE-SVC-DLGPAL4ZCYSJ7UPR',
      '-A KUBE-EXT-DLGPAL4ZCYSJ7UPR -m comment --comment "masquerade LOCAL traffic for default/svc1:svc1-webport external destinations" -m addrtype --src-type LOCAL -j KUBE-MARK-MASQ',
      '-A KUBE-EXT-DLGPAL4ZCYSJ7UPR -m comment --comment "route LOCAL traffic for default/svc1:svc1-webport external destinations" -m addrtype --src-type LOCAL -j KUBE-SVC-DLGPAL4ZCYSJ7UPR',
      '-A KUBE-EXT-DLGPAL4ZCYSJ7UPR -j KUBE-SVL-DLGPAL4ZCYSJ7UPR',
      '-A KUBE-SVL-DLGPAL4ZCYSJ7UPR -m comment --comment "default/svc1:svc1-webport -> 10.10.1.3:80" -j KUBE-SEP-NYQLNUBQRHHHCFRZ'
    ]);
    // KUBE-SVC and both SEPs stay as with Cluster policy
    const w1 = listRules(kp['myk8s-worker'].table('nat')!)!;
    for (const l of SVC1_LINES.filter((x) => x.includes('KUBE-SVC-') && x.startsWith('-A KUBE-SVC') || x.includes('KUBE-SEP-') && x.startsWith('-A KUBE-SEP'))) expect(w1).toContain(l);
    expect(w1.some((l) => l.includes('masquerade traffic for'))).toBe(false);
    // worker3 has no local endpoint: no final jump, no SVL, DROP rules in filter
    expect(ext('myk8s-worker3')).toEqual(ext('myk8s-worker').slice(1, 4));
    const f3 = listRules(kp['myk8s-worker3'].table('filter')!)!;
    expect(f3).toContain('-A KUBE-EXTERNAL-SERVICES -d 172.18.255.201/32 -p tcp -m comment --comment "default/svc1:svc1-webport has no local endpoints" -m tcp --dport 80 -j DROP');
    expect(f3).toContain('-A KUBE-EXTERNAL-SERVICES -p tcp -m comment --comment "default/svc1:svc1-webport has no local endpoints" -m addrtype --dst-type LOCAL -m tcp --dport 31234 -j DROP');
    for (const n of NODES)
      expect(listRules(kp[n].table('filter')!)!).toContain('-A KUBE-NODEPORTS -p tcp -m comment --comment "default/svc1:svc1-webport health check node port" -m tcp --dport 32000 -j ACCEPT');
    expect(listRules(kp['myk8s-worker'].table('filter')!)!.some((l) => l.includes('has no local endpoints'))).toBe(false);
  });

  test('two local endpoints: the SVL chain gets the 0.5 / fall-through pair', async () => {
    const { sim, api, kp } = proxies();
    api.put(svc1('Local'));
    api.put(slice('svc1', [{ ip: '10.10.1.3', node: 'myk8s-worker' }, { ip: '10.10.1.2', node: 'myk8s-worker' }]));
    kp['myk8s-worker'].start();
    await sim.scheduler.advance(10);
    expect(listRules(kp['myk8s-worker'].table('nat')!, 'KUBE-SVL-DLGPAL4ZCYSJ7UPR')).toEqual([
      '-N KUBE-SVL-DLGPAL4ZCYSJ7UPR',
      '-A KUBE-SVL-DLGPAL4ZCYSJ7UPR -m comment --comment "default/svc1:svc1-webport -> 10.10.1.2:80" -m statistic --mode random --probability 0.50000000000 -j KUBE-SEP-6L26EVW6JDANNGAB',
      '-A KUBE-SVL-DLGPAL4ZCYSJ7UPR -m comment --comment "default/svc1:svc1-webport -> 10.10.1.3:80" -j KUBE-SEP-NYQLNUBQRHHHCFRZ'
    ]);
  });
});

describe('services without endpoints, several endpoints, churn', () => {
  test('no endpoints: no nat rules, REJECT in filter for the cluster IP, LB IP and nodePort', async () => {
    const { sim, api, kp } = proxies();
    api.put(svc1());
    api.put(slice('svc1', []));
    kp['myk8s-worker'].start();
    await sim.scheduler.advance(10);
    const nat = listRules(kp['myk8s-worker'].table('nat')!)!;
    expect(nat.some((l) => l.includes('svc1'))).toBe(false);
    const filter = listRules(kp['myk8s-worker'].table('filter')!)!;
    expect(filter.filter((l) => l.includes('svc1'))).toEqual([
      '-A KUBE-EXTERNAL-SERVICES -d 172.18.255.201/32 -p tcp -m comment --comment "default/svc1:svc1-webport has no endpoints" -m tcp --dport 80 -j REJECT --reject-with icmp-port-unreachable',
      '-A KUBE-EXTERNAL-SERVICES -p tcp -m comment --comment "default/svc1:svc1-webport has no endpoints" -m addrtype --dst-type LOCAL -m tcp --dport 31234 -j REJECT --reject-with icmp-port-unreachable',
      '-A KUBE-SERVICES -d 10.200.1.143/32 -p tcp -m comment --comment "default/svc1:svc1-webport has no endpoints" -m tcp --dport 80 -j REJECT --reject-with icmp-port-unreachable'
    ]);
  });

  test('five endpoints: 1/5, 1/4, 1/3, 1/2, then the fall-through', async () => {
    const { sim, api, kp } = proxies();
    api.put(service('svc1', { clusterIP: '10.200.1.143' }));
    api.put(slice('svc1', ['10.10.3.3', '10.10.1.2', '10.10.2.2', '10.10.1.3', '10.10.3.2'].map((ip) => ({ ip, node: 'myk8s-worker3' }))));
    kp['myk8s-worker'].start();
    await sim.scheduler.advance(10);
    const lines = listRules(kp['myk8s-worker'].table('nat')!, 'KUBE-SVC-DLGPAL4ZCYSJ7UPR')!.slice(2);
    expect(lines.map((l) => [l.match(/-> ([\d.:]+)/)?.[1], l.match(/--probability (\S+)/)?.[1] ?? null, l.split(' ').at(-1)])).toEqual([
      ['10.10.1.2:80', '0.20000000019', 'KUBE-SEP-6L26EVW6JDANNGAB'],
      ['10.10.1.3:80', '0.25000000000', 'KUBE-SEP-NYQLNUBQRHHHCFRZ'],
      ['10.10.2.2:80', '0.33333333349', 'KUBE-SEP-M3FYXQ5CIRDIPFIK'],
      ['10.10.3.2:80', '0.50000000000', 'KUBE-SEP-L5CZ53QWWUDULVDG'],
      ['10.10.3.3:80', null, 'KUBE-SEP-L6SWHLHTULTEJGNO']
    ]);
  });

  test('an endpoint turning not ready: its SEP chain goes within minSyncPeriod; a stopped proxy writes nothing', async () => {
    const { sim, api, kp } = proxies();
    api.put(svc1());
    api.put(slice('svc1', SVC1_EPS));
    const k = kp['myk8s-worker'];
    const k2 = kp['myk8s-worker2'];
    k.start();
    k2.start();
    await sim.scheduler.advance(100);
    k2.stop();
    const t0 = sim.clock.now();
    api.put(slice('svc1', [SVC1_EPS[0], { ...SVC1_EPS[1], ready: false, serving: false }]));
    await sim.scheduler.advance(0);
    // rate limit: the change waits for the 1 s since the last sync
    expect(listRules(k.table('nat')!)!.some((l) => l.includes('TCU75ZJZFA2NRX5P'))).toBe(true);
    await sim.scheduler.advance(1000);
    const after = listRules(k.table('nat')!)!;
    expect(after.some((l) => l.includes('TCU75ZJZFA2NRX5P'))).toBe(false);
    expect(after).toContain('-A KUBE-SVC-DLGPAL4ZCYSJ7UPR -m comment --comment "default/svc1:svc1-webport -> 10.10.1.3:80" -j KUBE-SEP-NYQLNUBQRHHHCFRZ');
    expect(k.history.at(-1)!.at).toBeLessThanOrEqual(t0 + 1000);
    // the stopped proxy kept the old rules
    expect(listRules(k2.table('nat')!)!.some((l) => l.includes('TCU75ZJZFA2NRX5P'))).toBe(true);
  });
});

describe('the sync loop', () => {
  test('pause holds syncs back, unpause catches up; a node without a namespace is retried calmly', async () => {
    const { sim, api, kp } = proxies();
    api.put(svc1());
    api.put(slice('svc1', SVC1_EPS));
    const k = kp['myk8s-worker'];
    k.start();
    await sim.scheduler.advance(10);
    k.pause();
    expect(k.status()).toBe('paused');
    api.put(slice('svc1', [SVC1_EPS[0]]));
    await sim.scheduler.advance(5000);
    expect(listRules(k.table('nat')!)!.some((l) => l.includes('TCU75ZJZFA2NRX5P'))).toBe(true);
    k.unpause();
    await sim.scheduler.advance(10);
    expect(listRules(k.table('nat')!)!.some((l) => l.includes('TCU75ZJZFA2NRX5P'))).toBe(false);

    // a proxy whose node has no namespace (yet): attempts at most once per minSyncPeriod
    const lonely = new KubeProxy(fakeCluster(sim, api, {}), 'myk8s-ghost');
    lonely.start();
    const n = await sim.scheduler.advance(10_000);
    expect(n).toBeLessThan(200);
    expect(lonely.history.length).toBe(0);
    expect(lonely.table('nat')).toBeUndefined();
  });
});

describe('-L and iptables-save (§1.7)', () => {
  test('counters: %5llu, then K/M/G steps (xtables_print_num), exact with -x', () => {
    expect(printNum(0, false)).toBe('    0 ');
    expect(printNum(3102, false)).toBe(' 3102 ');
    expect(printNum(99999, false)).toBe('99999 ');
    expect(printNum(100000, false)).toBe(' 100K ');
    expect(printNum(597_300, false)).toBe(' 597K ');
    expect(printNum(12_345_678, false)).toBe('  12M ');
    expect(printNum(17780, false, true)).toBe('17780 ');
    expect(printNum(123456, true)).toBe('  123456 ');
  });

  test('the KUBE-SVC chain with -n -v', async () => {
    const { sim, api, kp } = proxies();
    api.put(svc1());
    api.put(slice('svc1', SVC1_EPS));
    kp['myk8s-worker'].start();
    await sim.scheduler.advance(10);
    const t = kp['myk8s-worker'].table('nat')!;
    expect(listTable(t, 'KUBE-SVC-DLGPAL4ZCYSJ7UPR', { numeric: true, verbose: true })!.map((l) => l.trimEnd())).toEqual([
      'Chain KUBE-SVC-DLGPAL4ZCYSJ7UPR (2 references)',
      ' pkts bytes target     prot opt in     out     source               destination',
      '    0     0 KUBE-MARK-MASQ  tcp  --  *      *      !10.10.0.0/16         10.200.1.143         /* default/svc1:svc1-webport cluster IP */ tcp dpt:80',
      '    0     0 KUBE-SEP-NYQLNUBQRHHHCFRZ  all  --  *      *       0.0.0.0/0            0.0.0.0/0            /* default/svc1:svc1-webport -> 10.10.1.3:80 */ statistic mode random probability 0.50000000000',
      '    0     0 KUBE-SEP-TCU75ZJZFA2NRX5P  all  --  *      *       0.0.0.0/0            0.0.0.0/0            /* default/svc1:svc1-webport -> 10.10.2.4:80 */'
    ]);
    expect(listTable(t, 'KUBE-SEP-NYQLNUBQRHHHCFRZ', { numeric: true, verbose: true })!.map((l) => l.trimEnd())).toEqual([
      'Chain KUBE-SEP-NYQLNUBQRHHHCFRZ (1 references)',
      ' pkts bytes target     prot opt in     out     source               destination',
      '    0     0 KUBE-MARK-MASQ  all  --  *      *       10.10.1.3            0.0.0.0/0            /* default/svc1:svc1-webport */',
      '    0     0 DNAT       tcp  --  *      *       0.0.0.0/0            0.0.0.0/0            /* default/svc1:svc1-webport */ tcp to:10.10.1.3:80'
    ]);
    expect(listTable(t, 'PREROUTING', {})!.map((l) => l.trimEnd())).toEqual([
      'Chain PREROUTING (policy ACCEPT)',
      'target     prot opt source               destination',
      'KUBE-SERVICES  all  --  anywhere             anywhere             /* kubernetes service portals */',
      'DOCKER_OUTPUT  all  --  anywhere             172.18.0.1'
    ]);
    expect(listTable(t, 'KUBE-MARK-MASQ', { numeric: true, lineNumbers: true })!.map((l) => l.trimEnd())).toEqual([
      'Chain KUBE-MARK-MASQ (4 references)',
      'num  target     prot opt source               destination',
      '1    MARK       all  --  0.0.0.0/0            0.0.0.0/0            MARK or 0x4000'
    ]);
    const save = saveTable(t, new Date(Date.UTC(2024, 9, 3, 9, 12, 33)));
    expect(save[0]).toBe('# Generated by iptables-save v1.8.9 (nf_tables) on Thu Oct  3 09:12:33 2024');
    expect(save.slice(1, 6)).toEqual(['*nat', ':PREROUTING ACCEPT [0:0]', ':INPUT ACCEPT [0:0]', ':OUTPUT ACCEPT [0:0]', ':POSTROUTING ACCEPT [0:0]']);
    expect(save).toContain(':KUBE-SVC-DLGPAL4ZCYSJ7UPR - [0:0]');
    expect(save.slice(-2)).toEqual(['COMMIT', '# Completed on Thu Oct  3 09:12:33 2024']);
  });
});

describe('the rule builder alone', () => {
  test('hashInputs covers every name, and a missing hash is an error value', async () => {
    const svcs = [svc1()];
    const slices = [slice('svc1', SVC1_EPS)];
    const cache = new ChainHashCache();
    const missing = buildKubeRules({ nodeName: 'myk8s-worker', clusterCIDR: null, services: svcs, slices, hash: (s) => cache.lookup(s) });
    expect(missing.ok).toBe(false);
    await cache.ensure(hashInputs(svcs, slices, 'myk8s-worker'));
    const built = buildKubeRules({ nodeName: 'myk8s-worker', clusterCIDR: null, services: svcs, slices, hash: (s) => cache.lookup(s), nfacct: false });
    expect(built.ok).toBe(true);
    if (built.ok) {
      expect([...built.value.nat.keys()]).toContain('KUBE-SEP-TCU75ZJZFA2NRX5P');
      expect(built.value.nat.get('KUBE-NODEPORTS')!.length).toBe(1);
      // without a clusterCIDR there is no masquerade rule for off-cluster sources
      expect(built.value.nat.get('KUBE-SVC-DLGPAL4ZCYSJ7UPR')!.length).toBe(2);
    }
  });
});
