/**
 * The client behind the router reaching svc1's VIP: client → router (eth1) → the node the
 * router's ECMP hash picks → kube-proxy → a webpod. Which node a request entered is read from
 * the frames (the destination MAC of the SYN the router forwarded onto the kind bridge), never
 * from the hash function. The tests run in order on one lab: policy 0, policy 1, then Local.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { type BgpLab, CLIENT_IP, VIP, WORKERS, bgpLabWithService, countBy, ingressNodes, ipOf, lastSeq, macsOn, tcpFrames } from './harness';

let L: BgpLab;

/** whoami's Hostname and RemoteAddr lines. */
function whoami(out: string): { hostname: string; remote: string } {
  return { hostname: /^Hostname: (.+)$/m.exec(out)?.[1] ?? '', remote: /^RemoteAddr: (.+)$/m.exec(out)?.[1] ?? '' };
}

/** One request from the client: whoami's answer and the node it entered through. */
async function request(): Promise<{ hostname: string; remote: string; ingress: string; sport: number }> {
  const before = lastSeq(L.lab);
  const r = await L.sh(`docker exec client curl -s ${VIP}`);
  expect(r.code).toBe(0);
  const nodes = ingressNodes(L.lab, before);
  expect(nodes.length).toBe(1);
  const syn = tcpFrames(L.lab, before).find((f) => f.segment === 'clients' && f.syn && !f.ack);
  return { ...whoami(r.out), ingress: nodes[0], sport: syn?.sport ?? -1 };
}

/** The node each webpod runs on (the article pins them). */
const POD_NODE: Record<string, string> = { webpod1: 'myk8s-worker', webpod2: 'myk8s-worker2' };

beforeAll(async () => {
  L = await bgpLabWithService(5);
  expect((await L.sh(`kubectl get svc svc1 -o jsonpath='{.status.loadBalancer.ingress[0].ip}'`)).out).toBe(VIP);
  for (const [pod, node] of Object.entries(POD_NODE)) expect((await L.sh(`kubectl get pod ${pod} -o jsonpath='{.spec.nodeName}'`)).out).toBe(node);
}, 120_000);

describe('client → router → ECMP → kube-proxy', () => {
  test('curl from the client answers; the SYN crosses clients (client → router eth1), then kind (router → a worker); the reply comes back the same way', async () => {
    const before = lastSeq(L.lab);
    const r = await L.sh(`docker exec client curl -s ${VIP}`);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Hostname: webpod[12]\n/);
    // whoami dumps the request as Go writes it on the wire: CRLF line ends
    expect(r.out).toContain(`\nHost: ${VIP}\r\n`);
    const onClients = macsOn(L.lab, 'clients');
    const onKind = macsOn(L.lab, 'kind');
    const frames = tcpFrames(L.lab, before);
    const syns = frames.filter((f) => f.syn && !f.ack);
    const rows = syns.map((f) => [f.segment, onClients.get(f.srcMac) ?? onKind.get(f.srcMac), onClients.get(f.dstMac) ?? onKind.get(f.dstMac), f.src, f.dst]);
    expect(rows.slice(0, 2)).toEqual([
      ['clients', 'client', 'router', CLIENT_IP, VIP],
      ['kind', 'router', expect.stringMatching(/^myk8s-worker\d?$/), CLIENT_IP, VIP]
    ]);
    const ingress = rows[1][2];
    // Cluster: when kube-proxy picked the pod on another node, one more SYN, DNATed to the pod
    // and masqueraded to the ingress node's address
    if (rows.length === 3) expect(rows[2]).toEqual(['kind', ingress, expect.stringMatching(/^myk8s-worker\d?$/), ipOf(L.lab, ingress as string), expect.stringMatching(/^10\.10\.\d+\.\d+$/)]);
    expect(rows.length).toBeLessThanOrEqual(3);
    // the answer: node → router on kind, router → client on clients; nothing through the Docker host
    const answers = frames.filter((f) => f.dst === CLIENT_IP && new TextDecoder().decode(f.payload).startsWith('HTTP/1.1 200 OK'));
    expect(answers.map((f) => [f.segment, onKind.get(f.srcMac) ?? onClients.get(f.srcMac), onKind.get(f.dstMac) ?? onClients.get(f.dstMac)])).toEqual([
      ['kind', ingress, 'router'],
      ['clients', 'router', 'client']
    ]);
  });

  test('hash policy 0 (the default): 50 requests from the client all enter through the same node', async () => {
    expect((await L.sh('docker exec router sysctl net.ipv4.fib_multipath_hash_policy')).out).toBe('net.ipv4.fib_multipath_hash_policy = 0\n');
    const before = lastSeq(L.lab);
    expect((await L.sh(`for i in $(seq 1 50); do docker exec client curl -s ${VIP} >/dev/null; done`)).code).toBe(0);
    const nodes = ingressNodes(L.lab, before);
    expect(nodes.length).toBe(50);
    expect(countBy(nodes).size).toBe(1);
    expect(WORKERS).toContain(nodes[0]);
    // without ports in the hash, the router's own lookup for this source names that node
    expect((await L.sh(`docker exec router ip route get ${VIP} from ${CLIENT_IP} iif eth1`)).out).toBe(`${VIP} from ${CLIENT_IP} via ${ipOf(L.lab, nodes[0])} dev eth0 \n    cache iif eth1 \n`);
  });

  test('hash policy 1 (ports too): 60 requests spread over all three next hops', async () => {
    expect((await L.sh('docker exec router sysctl -w net.ipv4.fib_multipath_hash_policy=1')).out).toBe('net.ipv4.fib_multipath_hash_policy = 1\n');
    const before = lastSeq(L.lab);
    await L.sh(`for i in $(seq 1 60); do docker exec client curl -s ${VIP} >/dev/null; done`);
    const counts = countBy(ingressNodes(L.lab, before));
    expect([...counts.keys()].sort()).toEqual(WORKERS);
    for (const w of WORKERS) expect(counts.get(w)).toBeGreaterThanOrEqual(5);
    expect([...counts.values()].reduce((a, b) => a + b, 0)).toBe(60);
  });

  test('ip route get … iif eth1 in the router names the next hop each request took (policy 1: with its ports)', async () => {
    for (let i = 0; i < 12; i++) {
      const r = await request();
      const got = await L.sh(`docker exec router ip route get ${VIP} from ${CLIENT_IP} iif eth1 ipproto tcp sport ${r.sport} dport 80`);
      expect(got.out).toBe(`${VIP} from ${CLIENT_IP} via ${ipOf(L.lab, r.ingress)} dev eth0 \n    cache iif eth1 \n`);
    }
  });

  test('externalTrafficPolicy Cluster: the pod never sees the client address', async () => {
    // KUBE-EXT-… marks external traffic for Cluster (KUBE-MARK-MASQ, 0x4000) and KUBE-POSTROUTING
    // MASQUERADEs it, which takes the address of the interface the packet leaves by: towards a pod
    // on another node that is the ingress node's eth0 (its kind address); towards a local pod it
    // is the node's end of the pod's veth, the first address of the node's podCIDR (kindnet's ptp
    // gateway). Either way the client's 192.168.10.100 is gone.
    const podGateway: Record<string, string> = {};
    for (const n of WORKERS) {
      const cidr = (await L.sh(`kubectl get node ${n} -o jsonpath='{.spec.podCIDR}'`)).out;
      const [a, b, c] = cidr.split('/')[0].split('.');
      podGateway[n] = `${a}.${b}.${c}.1`;
    }
    const seen = { local: 0, hop: 0 };
    for (let i = 0; i < 24; i++) {
      const r = await request();
      const ip = r.remote.split(':')[0];
      expect(ip).not.toBe(CLIENT_IP);
      const podNode = POD_NODE[r.hostname];
      if (podNode === r.ingress) {
        seen.local++;
        expect(ip).toBe(podGateway[podNode]);
      } else {
        seen.hop++;
        expect(ip).toBe(ipOf(L.lab, r.ingress));
      }
    }
    expect(seen.local).toBeGreaterThan(0);
    expect(seen.hop).toBeGreaterThan(0);
  });

  test('externalTrafficPolicy Local: only the webpod nodes are next hops, requests stay on the node they enter, RemoteAddr is the client', async () => {
    expect((await L.sh(`kubectl patch svc svc1 -p '{"spec":{"externalTrafficPolicy":"Local"}}'`)).code).toBe(0);
    await L.sh('sleep 5');
    const route = (await L.sh('docker exec router ip route show 172.18.255.200')).out;
    const hops = [...route.matchAll(/nexthop via (\S+) dev eth0/g)].map((m) => m[1]).sort();
    expect(hops).toEqual([ipOf(L.lab, 'myk8s-worker'), ipOf(L.lab, 'myk8s-worker2')].sort());
    const entered = new Set<string>();
    for (let i = 0; i < 30; i++) {
      const r = await request();
      entered.add(r.ingress);
      expect(r.remote).toBe(`${CLIENT_IP}:${r.sport}`);
      expect(POD_NODE[r.hostname]).toBe(r.ingress);
    }
    expect([...entered].sort()).toEqual(['myk8s-worker', 'myk8s-worker2']);
  });
});
