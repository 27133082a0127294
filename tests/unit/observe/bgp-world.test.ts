/**
 * The topology's BGP read-model in scenario `bgp`, driven by the commands a learner types.
 * Expected addresses and next hops come from the learner's own tools (`docker inspect`,
 * `docker exec router ip route`, `kubectl get pods`), not from the code under test.
 */
import { SVC1_APPLY } from '../../../src/lessons/11-bgp-mode/commands';
import { describe, expect, it } from 'vitest';
import { METALLB_APPLY, METALLB_WAIT, PODS_APPLY } from '../../../src/lessons/shared';
import { lessonBySlug } from '../../../src/lessons';
import { bgpVipsByMachine, viewWorld } from '../../../src/lib/engine/observe';
import { macAt, macIndex } from '../../../src/lib/ui/viz/topology/frames';
import { buildLab } from '../../../src/lib/shell/scenarios';
import { LabShell } from '../../../src/lib/shell/shell';
import { kernelNextHops, sh } from '../bgp/router-shell';

const VIP = '172.18.255.200';
const NODES = ['myk8s-control-plane', 'myk8s-worker', 'myk8s-worker2', 'myk8s-worker3'];
const WORKERS = NODES.slice(1);



/** Next hops of the VIP in the router's kernel table, as `ip route` prints them. */
describe('viewWorld: BGP part', () => {
  it('l2-only worlds carry no bgp part', async () => {
    const lab = await buildLab({ scenario: 'kind', seed: 3 });
    expect(viewWorld(lab).bgp).toBeUndefined();
  });

  it('sessions, ECMP sets through MetalLB, externalTrafficPolicy Local and a killed node', async () => {
    const lab = await buildLab({ scenario: 'bgp', seed: 5 });
    const shell = new LabShell(lab);
    const addr: Record<string, string> = {};
    for (const n of [...NODES, 'router']) addr[n] = (await sh(shell, `docker inspect ${n} -f '{{.NetworkSettings.Networks.kind.IPAddress}}'`)).trim();
    const byIp = new Map(Object.entries(addr).map(([n, ip]) => [ip, n]));
    const ipOrder = (names: string[]) => names.map((n) => addr[n]).sort((a, b) => Number(a.split('.')[3]) - Number(b.split('.')[3]));

    // the router is up, a neighbour per node, none Established before MetalLB
    let w = viewWorld(lab);
    expect(w.bgp).toBeDefined();
    // the client behind the router, on its own network
    expect(w.bgp!.networks.map((n) => [n.name, n.subnet, n.bridges.map((b) => [b.name, b.ip]), n.machines.map((m) => [m.name, m.ip, m.state])])).toEqual([
      ['clients', '192.168.10.0/24', [['router', '192.168.10.254']], [['client', '192.168.10.100', 'running']]]
    ]);
    expect(w.bgp!.routers).toHaveLength(1);
    let r = w.bgp!.routers[0];
    expect(r).toMatchObject({ name: 'router', asn: 64512, running: true, routes: [] });
    expect(r.sessions.map((s) => s.peer)).toEqual(ipOrder(NODES));
    expect(r.sessions.map((s) => s.node)).toEqual(ipOrder(NODES).map((ip) => byIp.get(ip)));
    for (const s of r.sessions) {
      expect(['Active', 'Connect']).toContain(s.state);
      expect(s.since).toBeNull();
      expect(s.adminDown).toBe(false);
    }
    expect(bgpVipsByMachine(w.bgp).size).toBe(0);
    // L2 badges stay empty in BGP mode
    expect(w.machines.find((m) => m.name === 'router')).toMatchObject({ role: 'router', ip: addr.router });

    await sh(shell, METALLB_APPLY);
    await sh(shell, METALLB_WAIT);
    const lesson = lessonBySlug('11-bgp-mode')!;
    const peer = lesson.steps.find((s) => s.id === 'peer')!.solution.find((c) => c.includes('kind: BGPPeer'))!;
    await sh(shell, peer.replace('$ROUTERIP', addr.router));
    await sh(shell, PODS_APPLY);
    await sh(shell, SVC1_APPLY);
    await sh(shell, 'kubectl wait --for=condition=Ready pod/webpod1 pod/webpod2 --timeout=120s');
    await sh(shell, 'sleep 5');

    // every speaker peers (the control plane too); only the workers advertise (exclude label)
    w = viewWorld(lab);
    r = w.bgp!.routers[0];
    expect(r.sessions.map((s) => s.state)).toEqual(['Established', 'Established', 'Established', 'Established']);
    for (const s of r.sessions) expect(s.since).toBeLessThanOrEqual(w.now);
    const hops = await kernelNextHops(shell);
    expect(hops).toEqual(ipOrder(WORKERS));
    expect(r.routes).toEqual([{ prefix: `${VIP}/32`, ip: VIP, nextHops: hops, nodes: hops.map((h) => byIp.get(h)) }]);
    const routed = bgpVipsByMachine(w.bgp);
    expect([...routed.keys()].sort()).toEqual(WORKERS);
    for (const n of WORKERS) expect(routed.get(n)).toEqual([VIP]);
    expect(w.machines.flatMap((m) => m.owns)).toEqual([]);

    // Local: the nodes with a webpod, as kubectl reports them
    await sh(shell, `kubectl patch svc svc1 -p '{"spec":{"externalTrafficPolicy":"Local"}}'`);
    await sh(shell, 'sleep 5');
    const podNodes = (await sh(shell, `kubectl get pods -l app=webpod -o jsonpath='{.items[*].spec.nodeName}'`)).trim().split(/\s+/).sort();
    expect(podNodes).toHaveLength(2);
    r = viewWorld(lab).bgp!.routers[0];
    expect(r.routes.map((x) => [...x.nodes].sort())).toEqual([podNodes]);
    expect(r.routes[0].nextHops).toEqual(await kernelNextHops(shell));

    // kill one of them: still a next hop at +60 s (hold 90 s, last keepalive ≤ 30 s before), gone by +90 s
    const victim = podNodes[0];
    const killedAt = lab.now();
    await sh(shell, `docker stop ${victim} --signal 9`);
    await sh(shell, 'sleep 60');
    w = viewWorld(lab);
    r = w.bgp!.routers[0];
    expect(r.routes[0].nodes).toContain(victim);
    expect(r.sessions.find((s) => s.node === victim)!.state).toBe('Established');
    expect(w.machines.find((m) => m.name === victim)!.state).toBe('stopped');
    await sh(shell, 'sleep 31');
    w = viewWorld(lab);
    r = w.bgp!.routers[0];
    expect(r.routes.map((x) => x.nodes)).toEqual([podNodes.filter((n) => n !== victim)]);
    const down = r.sessions.find((s) => s.node === victim)!;
    expect(down.state).not.toBe('Established');
    expect(down.since).toBeGreaterThan(killedAt + 60_000);
    expect(down.since).toBeLessThanOrEqual(killedAt + 90_000);
    expect(r.sessions.filter((s) => s.state === 'Established')).toHaveLength(3);
    expect(bgpVipsByMachine(w.bgp).get(victim)).toBeUndefined();

    // the router stopped: not running, nothing routed
    await sh(shell, 'docker stop router');
    await sh(shell, 'sleep 2');
    w = viewWorld(lab);
    expect(w.bgp!.routers[0].running).toBe(false);
    expect(bgpVipsByMachine(w.bgp).size).toBe(0);
  }, 120_000);

  it('a second network: its own containers as machines, the router as the bridge', async () => {
    // scenario bgp builds `clients` 192.168.10.0/24 with the router's eth1 at .254 and `client` at .100
    const lab = await buildLab({ scenario: 'bgp', seed: 5 });
    const shell = new LabShell(lab);
    const routerMac = (await sh(shell, `docker inspect router -f '{{.NetworkSettings.Networks.clients.MacAddress}}'`)).trim();
    const clientMac = (await sh(shell, `docker inspect client -f '{{.NetworkSettings.Networks.clients.MacAddress}}'`)).trim();
    const w = viewWorld(lab);
    expect(w.machines.map((m) => m.name)).not.toContain('client');
    expect(w.bgp!.networks).toEqual([
      {
        name: 'clients',
        subnet: '192.168.10.0/24',
        gateway: '192.168.10.1',
        machines: [{ name: 'client', role: 'client', state: 'running', ip: '192.168.10.100', mac: clientMac, pods: [], owns: [], excluded: false }],
        bridges: [{ name: 'router', ip: '192.168.10.254', mac: routerMac }]
      }
    ]);
    // the picture draws frames on that bus: the trace names the segment, and both ends are known by MAC
    const seen: { segment: string; src: string; dst: string }[] = [];
    const un = lab.sim.trace.subscribe((e) => {
      if (e.type === 'frame' && e.segment === 'clients') seen.push({ segment: e.segment, src: macAt(e.bytes, 6), dst: macAt(e.bytes, 0) });
    });
    await sh(shell, 'docker exec client ping -c 1 192.168.10.254');
    un();
    const macs = macIndex(w);
    expect(seen.some((f) => macs.get(f.src) === 'client' && macs.get(f.dst) === 'router@clients')).toBe(true);
    expect(seen.some((f) => macs.get(f.src) === 'router@clients' && macs.get(f.dst) === 'client')).toBe(true);
    await sh(shell, 'docker pause client');
    expect(viewWorld(lab).bgp!.networks[0].machines[0].state).toBe('paused');
    await sh(shell, 'docker stop client');
    expect(viewWorld(lab).bgp!.networks[0].machines[0].state).toBe('stopped');
  });
});
