/**
 * vtysh's per-prefix, per-neighbour and zebra detail views in the `bgp` scenario. Three stand-in
 * speakers (AS 64513) in the workers' namespaces advertise svc1's VIP to the router (172.18.0.6,
 * AS 64512); myk8s-worker first, the other two one second later. Every expected text below is
 * written out by hand from FRR's formats (bgp_route.c route_vty_out_detail, peer_adj_routes,
 * zebra_vty.c's route detail) and the lab's known state: seed 5 gives myk8s-worker 172.18.0.3,
 * myk8s-worker2 172.18.0.4, myk8s-worker3 172.18.0.2, the control plane 172.18.0.5; the lab's
 * clock starts at 2024-10-03 09:00:00 UTC.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { BgpSpeaker } from '../../../src/lib/engine/bgp/speaker';
import type { Lab } from '../../../src/lib/engine/lab';
import { makeCidr } from '../../../src/lib/engine/net';
import { buildLab } from '../../../src/lib/shell/scenarios';
import { LabShell } from '../../../src/lib/shell/shell';
import { NATIVE_OPTS, ip } from './harness';

const VIP = makeCidr(ip('172.18.255.200'), 32);
const WORKERS = ['myk8s-worker', 'myk8s-worker2', 'myk8s-worker3'];

let lab: Lab;
let shell: LabShell;
const speakers: BgpSpeaker[] = [];

async function vtysh(...cmds: string[]): Promise<{ out: string; code: number }> {
  const r = await shell.run(`docker exec router vtysh ${cmds.map((c) => `-c '${c}'`).join(' ')}`);
  return { out: r.stdout + r.stderr, code: r.exitCode };
}

// No `bgp router-id` is configured, so zebra's choice applies: the highest interface address,
// the router's leg on the clients network (192.168.10.254 > 172.18.0.6).
const TABLE_HEADER = (version: number) =>
  [
    `BGP table version is ${version}, local router ID is 192.168.10.254, vrf id 0`,
    'Default local pref 100, local AS 64512',
    'Status codes:  s suppressed, d damped, h history, u unsorted, * valid, > best, = multipath,',
    '               i internal, r RIB-failure, S Stale, R Removed',
    "Nexthop codes: @NNN nexthop's vrf id, < announce-nh-self",
    'Origin codes:  i - IGP, e - EGP, ? - incomplete',
    'RPKI validation codes: V valid, I invalid, N Not found',
    '',
    '     Network          Next Hop            Metric LocPrf Weight Path'
  ].join('\n');

beforeAll(async () => {
  lab = await buildLab({ scenario: 'bgp', seed: 5 });
  shell = new LabShell(lab);
  const addr = WORKERS.map((w) => lab.docker.endpoint(lab.docker.find(w)!, 'kind')!.ipv4);
  expect(addr).toEqual(['172.18.0.3', '172.18.0.4', '172.18.0.2']);
  for (const [i, name] of WORKERS.entries()) {
    const s = new BgpSpeaker(lab.docker.netnsOf(lab.docker.find(name)!.id)!, lab.sim, NATIVE_OPTS(64513, addr[i]));
    s.addNeighbor(ip('172.18.0.6'), 64512, {}, false);
    s.start();
    speakers.push(s);
  }
  await lab.advance(5_000);
  // the instants the UPDATEs leave, so the "Last update" seconds below follow from the clock
  expect(lab.sim.clock.date().toISOString()).toBe('2024-10-03T09:02:47.200Z');
  speakers[0].setAdvertisements(ip('172.18.0.6'), [{ prefix: VIP, attrs: {} }]);
  await lab.advance(1_000);
  expect(lab.sim.clock.date().toISOString()).toBe('2024-10-03T09:02:48.200Z');
  for (const s of speakers.slice(1)) s.setAdvertisements(ip('172.18.0.6'), [{ prefix: VIP, attrs: {} }]);
  await lab.advance(59_000);
}, 60_000);

/** One eBGP path from a stand-in speaker, as route_vty_out_detail prints it. */
const path = (peer: string, flags: string, second: string) =>
  ['  64513', `    ${peer} from ${peer} (${peer})`, `      Origin IGP, valid, external, ${flags}`, `      Last update: Thu Oct  3 09:02:${second} 2024`].join('\n');

const VIP_DETAIL = [
  // three paths, each a change of the entry: version 3
  'BGP routing table entry for 172.18.255.200/32, version 3',
  'Paths: (3 available, best #1, table default)',
  // bgpd sends its best path to every Established peer but the one it came from (172.18.0.3);
  // the control plane (172.18.0.5) has no speaker here, so no session
  '  Advertised to non peer-group peers:',
  '  172.18.0.2 172.18.0.4',
  // all equal up to the age: the oldest eBGP path wins (RFC 5004), the others are multipaths
  path('172.18.0.3', 'multipath, best (Older Path)', '47'),
  path('172.18.0.2', 'multipath', '48'),
  path('172.18.0.4', 'multipath', '48'),
  ''
].join('\n');

describe('show ip bgp <prefix>', () => {
  test('an address finds the longest prefix holding it', async () => {
    expect(await vtysh('show ip bgp 172.18.255.200')).toEqual({ out: VIP_DETAIL, code: 0 });
  });

  test('the prefix itself, under each spelling of the IPv4 unicast table', async () => {
    for (const cmd of ['show ip bgp 172.18.255.200/32', 'show bgp ipv4 unicast 172.18.255.200/32', 'show bgp 172.18.255.200', 'sh ip b ipv4 uni 172.18.255.200/32']) {
      expect(await vtysh(cmd)).toEqual({ out: VIP_DETAIL, code: 0 });
    }
  });

  test('no match: "% Network not in table", a warning, so vtysh -c still exits 0', async () => {
    expect(await vtysh('show ip bgp 172.18.255.0/24')).toEqual({ out: '% Network not in table\n', code: 0 });
    expect(await vtysh('show ip bgp 10.1.1.1')).toEqual({ out: '% Network not in table\n', code: 0 });
  });
});

const LEGEND = [
  'Codes: K - kernel route, C - connected, L - local, S - static,',
  '       R - RIP, O - OSPF, I - IS-IS, B - BGP, E - EIGRP, N - NHRP,',
  '       T - Table, v - VNC, V - VNC-Direct, A - Babel, F - PBR,',
  '       f - OpenFabric, t - Table-Direct,',
  '       > - selected route, * - FIB route, q - queued, r - rejected, b - backup',
  '       t - trapped, o - offload failure',
  '',
  'IPv4 unicast VRF default:'
].join('\n');

describe('zebra: show ip route bgp and show ip route <address|prefix>', () => {
  /**
   * The route's age: zebra installed it when the third path joined, a few ms after the UPDATE
   * left at 168.2 s of virtual time; each docker exec before this one took a little time.
   */
  const bgpAge = () => `00:00:${String(Math.floor((lab.sim.clock.now() - 168_200) / 1000)).padStart(2, '0')}`;

  test('show ip route bgp: the legend, then only the B route, next hops by address', async () => {
    expect(lab.sim.clock.now() - 168_200).toBeLessThan(60_000);
    const want = [
      LEGEND,
      `B>* 172.18.255.200/32 [20/0] via 172.18.0.2, eth0, weight 1, ${bgpAge()}`,
      `  *                          via 172.18.0.3, eth0, weight 1, ${bgpAge()}`,
      `  *                          via 172.18.0.4, eth0, weight 1, ${bgpAge()}`,
      ''
    ].join('\n');
    expect(await vtysh('show ip route bgp')).toEqual({ out: want, code: 0 });
    expect((await vtysh('sh ip ro b')).out).toBe(want);
  });

  test('the VIP in detail: known via bgp, distance 20, one line per next hop', async () => {
    const want = [
      'Routing entry for 172.18.255.200/32',
      '  Known via "bgp", distance 20, metric 0, best',
      `  Last update ${bgpAge()} ago`,
      '  * 172.18.0.2, via eth0, weight 1',
      '  * 172.18.0.3, via eth0, weight 1',
      '  * 172.18.0.4, via eth0, weight 1',
      '',
      ''
    ].join('\n');
    expect(await vtysh('show ip route 172.18.255.200')).toEqual({ out: want, code: 0 });
    expect(await vtysh('show ip route 172.18.255.200/32')).toEqual({ out: want, code: 0 });
  });

  test('other addresses: the router\'s own (local), a neighbour (connected), anything else (the kernel default)', async () => {
    // zebra learnt these at container start, minutes before; the seconds tick between commands
    const aged = async (cmd: string) => {
      const out = (await vtysh(cmd)).out;
      expect(/Last update (\d\d:\d\d:\d\d) ago/.exec(out)?.[1]).toMatch(/^00:0\d:\d\d$/);
      return out.replace(/Last update \d\d:\d\d:\d\d ago/, 'Last update AGE ago');
    };
    expect(await aged('show ip route 172.18.0.6')).toBe('Routing entry for 172.18.0.6/32\n  Known via "local", distance 0, metric 0, best\n  Last update AGE ago\n  * directly connected, eth0\n\n');
    expect(await aged('show ip route 172.18.0.5')).toBe('Routing entry for 172.18.0.0/16\n  Known via "connected", distance 0, metric 0, best\n  Last update AGE ago\n  * directly connected, eth0\n\n');
    expect(await aged('show ip route 8.8.8.8')).toBe('Routing entry for 0.0.0.0/0\n  Known via "kernel", distance 0, metric 0, best\n  Last update AGE ago\n  * 172.18.0.1, via eth0\n\n');
  });

  test('a prefix zebra does not hold: "% Network not in table", exit 0', async () => {
    expect(await vtysh('show ip route 172.18.255.0/24')).toEqual({ out: '% Network not in table\n', code: 0 });
  });
});

describe('show ip bgp neighbors <ip> routes | advertised-routes | received-routes', () => {
  test('routes: the table filtered to that peer; the total still counts every path', async () => {
    const want = [TABLE_HEADER(3), ' *=  172.18.255.200/32', `${' '.repeat(20)}172.18.0.4${' '.repeat(6 + 10 + 7)}      0 64513 i`, '', 'Displayed 1 routes and 3 total paths', ''].join('\n');
    expect(await vtysh('show ip bgp neighbors 172.18.0.4 routes')).toEqual({ out: want, code: 0 });
    expect((await vtysh('show bgp ipv4 unicast neighbors 172.18.0.4 routes')).out).toBe(want);
  });

  test('routes of a peer with none (the control plane) and advertised-routes (the router sends nothing): no output', async () => {
    expect(await vtysh('show ip bgp neighbors 172.18.0.5 routes')).toEqual({ out: '', code: 0 });
    expect(await vtysh('show ip bgp neighbors 172.18.0.3 advertised-routes')).toEqual({ out: '', code: 0 });
  });

  test('received-routes without soft-reconfiguration inbound: FRR refuses, as a warning', async () => {
    expect(await vtysh('show ip bgp neighbors 172.18.0.3 received-routes')).toEqual({ out: '% Inbound soft reconfiguration not enabled\n', code: 0 });
    expect(await vtysh('show ip bgp neighbors 172.18.0.3 filtered-routes')).toEqual({ out: '% Inbound soft reconfiguration not enabled\n', code: 0 });
  });

  test('unknown or malformed neighbours, and an ambiguous abbreviation', async () => {
    expect(await vtysh('show ip bgp neighbors 172.18.0.9 routes')).toEqual({ out: 'No such neighbor in this view/vrf\n', code: 0 });
    expect(await vtysh('show ip bgp neighbors foo routes')).toEqual({ out: '% Malformed address or name: foo\n', code: 0 });
    // show ip bgp neighbors X itself (bgp_show_neighbor) words it with a %
    expect(await vtysh('show ip bgp neighbors 172.18.0.9')).toEqual({ out: '% No such neighbor in this view/vrf\n', code: 0 });
    // "r" is both received-routes and routes
    expect(await vtysh('show ip bgp neighbors 172.18.0.3 r')).toEqual({ out: '% Ambiguous command: show ip bgp neighbors 172.18.0.3 r\n', code: 1 });
    expect(await vtysh('show ip bgp neighbors 172.18.0.3 bogus-routes')).toEqual({ out: '% Unknown command: show ip bgp neighbors 172.18.0.3 bogus-routes\n', code: 1 });
  });
});

describe('summary synonyms', () => {
  test('show bgp summary and show bgp ipv4 summary print what show ip bgp summary prints; with unicast named, without the title', async () => {
    // each docker exec takes a little virtual time: compare with the Up/Down column blanked
    const blank = (r: { out: string; code: number }) => ({ ...r, out: r.out.replace(/ \d\d:\d\d:\d\d /g, ' hh:mm:ss ') });
    const base = blank(await vtysh('show ip bgp summary'));
    expect(base.out).toContain('\nIPv4 Unicast Summary:\n');
    // sent to 172.18.0.3: OPEN, KEEPALIVEs at 0, 30 and 60 s, End-of-RIB; nothing to advertise
    // to it (the best path is its own). 172.18.0.2 got the VIP too: one more UPDATE, PfxSnt 1
    expect(base.out).toContain('\n172.18.0.2      4      64513         5         6        3    0    0 hh:mm:ss            1        1 N/A\n');
    expect(base.out).toContain('\n172.18.0.3      4      64513         5         5        3    0    0 hh:mm:ss            1        0 N/A\n');
    for (const cmd of ['show bgp summary', 'show bgp ipv4 summary']) {
      expect(blank(await vtysh(cmd))).toEqual(base);
    }
    // naming the SAFI too: bgp_show_summary_afi_safi() prints the title only while it goes
    // through the address families itself
    const untitled = { ...base, out: base.out.replace('\nIPv4 Unicast Summary:\n', '') };
    for (const cmd of ['show ip bgp ipv4 unicast summary', 'show bgp ipv4 unicast summary']) {
      expect(blank(await vtysh(cmd))).toEqual(untitled);
    }
  });

  test('abbreviations, and a missing word', async () => {
    // every word may be shortened while it stays unique
    expect(await vtysh('show ip bgp neighbors 172.18.0.3 received')).toEqual({ out: '% Inbound soft reconfiguration not enabled\n', code: 0 });
    expect(await vtysh('show ip bgp neighbors 172.18.0.3 advertised')).toEqual({ out: '', code: 0 });
    expect(await vtysh('conf t', 'router bgp', 'neighbor 172.18.0.3 soft-reconfiguration')).toEqual({
      out: '% Command incomplete: neighbor 172.18.0.3 soft-reconfiguration\n',
      code: 1
    });
  });
});

describe('neighbor X soft-reconfiguration inbound', () => {
  test('an unconfigured neighbour is refused', async () => {
    expect(await vtysh('conf t', 'router bgp 64512', 'neighbor 10.9.9.9 soft-reconfiguration inbound')).toEqual({ out: '% Specify remote-as or peer-group commands first\n', code: 1 });
  });

  test('accepted under router bgp, written in the address-family block, and the session is reset', async () => {
    expect(await vtysh('conf t', 'router bgp 64512', 'neighbor 172.18.0.3 soft-reconfiguration inbound', 'end')).toEqual({ out: '', code: 0 });
    const run = (await vtysh('show running-config')).out;
    expect(run).toContain(
      [
        ' neighbor 172.18.0.5 remote-as 64513',
        ' !',
        ' address-family ipv4 unicast',
        '  neighbor 172.18.0.3 soft-reconfiguration inbound',
        ' exit-address-family',
        'exit',
        '!',
        'end',
        ''
      ].join('\n')
    );
    // a native MetalLB peer has no route-refresh capability: FRR resets it to refill the Adj-RIB-In
    const nb = (await vtysh('show ip bgp neighbors 172.18.0.3')).out;
    expect(nb).toContain('  Last reset 00:00:00,  due to NOTIFICATION sent (Cease/Other Configuration Change)\n');
    expect(nb).toContain('  Packet Queue length 0\n  Inbound soft reconfiguration allowed\n  Community attribute sent to this neighbor(all)\n');
    expect((await vtysh('show ip bgp neighbors 172.18.0.4')).out).not.toContain('Inbound soft reconfiguration');
  });

  test('once the speaker is back: received-routes lists what it sent', async () => {
    await lab.advance(10_000);
    const { out, code } = await vtysh('show ip bgp neighbors 172.18.0.3 received-routes');
    expect(code).toBe(0);
    const version = Number(/^BGP table version is (\d+),/.exec(out)?.[1]);
    expect(out).toBe([TABLE_HEADER(version), ' *>  172.18.255.200/32', `${' '.repeat(20)}172.18.0.3${' '.repeat(6 + 10 + 7)}      0 64513 i`, '', 'Total number of prefixes 1', ''].join('\n'));
    // no inbound filter or route-map: nothing was filtered
    expect(await vtysh('show ip bgp neighbors 172.18.0.3 filtered-routes')).toEqual({ out: '', code: 0 });
    // the others were not reset: still no Adj-RIB-In for them
    expect((await vtysh('show ip bgp neighbors 172.18.0.4 received-routes')).out).toBe('% Inbound soft reconfiguration not enabled\n');
  });

  test('the path that came back is now the newest: the best is the older of the other two', async () => {
    const out = (await vtysh('show ip bgp 172.18.255.200')).out;
    // the best now comes from 172.18.0.2: the others, 172.18.0.3 back up again, are sent it
    expect(out).toContain('Paths: (3 available, best #1, table default)\n  Advertised to non peer-group peers:\n  172.18.0.3 172.18.0.4\n  64513\n    172.18.0.2 from 172.18.0.2 (172.18.0.2)\n      Origin IGP, valid, external, multipath, best (Older Path)\n');
  });

  test('accepted in address-family ipv4 unicast too, and removed with no', async () => {
    await vtysh('conf t', 'router bgp 64512', 'address-family ipv4 unicast', 'neighbor 172.18.0.4 soft-reconfiguration inbound');
    expect((await vtysh('show running-config')).out).toContain('  neighbor 172.18.0.3 soft-reconfiguration inbound\n  neighbor 172.18.0.4 soft-reconfiguration inbound\n');
    await vtysh('conf t', 'router bgp 64512', 'no neighbor 172.18.0.3 soft-reconfiguration inbound', 'address-family ipv4', 'no neighbor 172.18.0.4 soft-reconfiguration inbound');
    const run = (await vtysh('show running-config')).out;
    expect(run).not.toContain('address-family');
    expect((await vtysh('show ip bgp neighbors 172.18.0.3 received-routes')).out).toBe('% Inbound soft reconfiguration not enabled\n');
  });
});

describe('before any speaker: nothing learnt', () => {
  test('show ip route bgp prints nothing (the legend comes with the first route), received-routes of a waiting peer nothing', async () => {
    const fresh = await buildLab({ scenario: 'bgp', seed: 5 });
    const sh = new LabShell(fresh);
    const run = async (cmd: string) => {
      const r = await sh.run(`docker exec router vtysh ${cmd}`);
      return { out: r.stdout + r.stderr, code: r.exitCode };
    };
    expect(await run(`-c 'show ip route bgp'`)).toEqual({ out: '', code: 0 });
    expect(await run(`-c 'show ip bgp 172.18.255.200'`)).toEqual({ out: '% Network not in table\n', code: 0 });
    // the session is not up: setting soft-reconfiguration resets nothing, and there is nothing to list
    expect(await run(`-c 'conf t' -c 'router bgp' -c 'neighbor 172.18.0.2 soft-reconfiguration inbound'`)).toEqual({ out: '', code: 0 });
    expect(await run(`-c 'show ip bgp neighbors 172.18.0.2 received-routes'`)).toEqual({ out: '', code: 0 });
    expect((await run(`-c 'show ip bgp neighbors 172.18.0.2'`)).out).toContain('  Last reset never\n');
  }, 30_000);
});
