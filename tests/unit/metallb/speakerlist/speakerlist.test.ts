import { describe, expect, test } from 'vitest';
import { IPPROTO_TCP, IPPROTO_UDP, decodeEthernet, decodeIpv4, decodeTcp, decodeUdp, formatIpv4 } from '../../../../src/lib/engine/net';
import { GoKitLogger } from '../../../../src/lib/engine/metallb/logging';
import { SpeakerList, speakerListLogTo } from '../../../../src/lib/engine/metallb/speakerlist';
import { type Lab, NODES, buildLab, membersOf, partition, startAll } from './harness';

const ALL = NODES.map((n) => n.name).sort();
const CP = 'myk8s-control-plane';
const W1 = 'myk8s-worker';
const W2 = 'myk8s-worker2';
const W3 = 'myk8s-worker3';

async function converged(seed: number, opts: { secret?: string } = {}): Promise<Lab> {
  const lab = buildLab(seed, opts);
  await startAll(lab, seed);
  await lab.sim.scheduler.advance(5000);
  return lab;
}

function kill(lab: Lab, name: string): number {
  lab.hosts.get(name)!.setUp(false);
  lab.lists.get(name)!.stop(false);
  return lab.sim.scheduler.now();
}

/** ms from `since` to the first NodeLeave about `name` seen by each observer. */
function leaveDelays(lab: Lab, name: string, since: number, observers: readonly string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const o of observers) {
    const e = lab.events.find((x) => x.observer === o && x.name === name && x.type === 'NodeLeave' && x.t >= since);
    if (e) out.set(o, e.t - since);
  }
  return out;
}

describe('four speakers on the kind network', () => {
  test('everybody sees 4 members within a few seconds of the last start', async () => {
    const lab = buildLab(1);
    await startAll(lab, 1);
    const lastStart = lab.sim.scheduler.now();
    await lab.sim.scheduler.advance(2000);
    for (const n of NODES) expect(membersOf(lab, n.name), n.name).toEqual(ALL);
    // a NodeJoin for ourselves (memberlist's setAlive) and one for each peer, on every speaker
    for (const n of NODES) {
      const joins = lab.events.filter((e) => e.observer === n.name && e.type === 'NodeJoin').map((e) => e.name);
      expect(joins.sort(), n.name).toEqual(ALL);
      expect(lab.syncs.get(n.name)).toBe(4);
    }
    // the last speaker to start joined the other three at once
    const last = lab.logs.filter((l) => l.node === W3 && l.msg === 'memberlist join successfully');
    expect(last).toEqual([{ t: expect.any(Number), node: W3, level: 'info', caller: 'speakerlist.go:258', op: 'Member detection', msg: 'memberlist join successfully', 'number of other nodes': 3 }]);
    expect(last[0].t - lastStart).toBeLessThan(0);
    // the first one found nobody yet: a partial join, as MetalLB logs it
    const first = lab.logs.find((l) => l.node === CP && l.msg === 'partial join');
    expect(first).toMatchObject({ level: 'error', op: 'memberDiscovery', joined: 0, expected: 3 });
    expect(String(first!.error)).toMatch(/^3 errors occurred:\n\t\* Failed to join 172\.18\.0\.3:7946: dial tcp 172\.18\.0\.3:7946: connect: connection refused\n/);
    // the node event line
    expect(lab.logs).toContainEqual({ t: expect.any(Number), node: CP, level: 'info', caller: 'speakerlist.go:313', msg: 'node event - forcing sync', 'node addr': '172.18.0.3', 'node name': W1, 'node event': 'NodeJoin' });
  });

  test('memberlist traffic is real UDP and TCP on port 7946, sealed like AES-GCM', async () => {
    const lab = await converged(2);
    const frames = lab.sim.trace.ofType('frame');
    const udp = frames.flatMap((f) => {
      const ip = decodeIpv4(decodeEthernet(f.bytes)!.payload);
      if (!ip || ip.protocol !== IPPROTO_UDP) return [];
      const d = decodeUdp(ip.payload)!;
      return [{ f, ip, d }];
    });
    expect(udp.length).toBeGreaterThan(20);
    for (const { ip, d } of udp) {
      expect(d.srcPort).toBe(7946);
      expect(d.dstPort).toBe(7946);
      expect(formatIpv4(ip.src)).toMatch(/^172\.18\.0\.[2-5]$/);
      // version byte 1, a 12-byte nonce, the message, a 16-byte tag
      expect(d.payload[0]).toBe(1);
      expect(d.payload.length).toBeGreaterThanOrEqual(29 + 5);
    }
    const whys = udp.map((u) => u.f.why ?? '');
    expect(whys.some((w) => /^memberlist ping from myk8s-worker2 to myk8s-worker \(probe\)/.test(w))).toBe(true);
    expect(whys.some((w) => /^memberlist ack from myk8s-worker to myk8s-worker2/.test(w))).toBe(true);
    expect(udp[0].f.summary).toMatch(/^IP 172\.18\.0\.\d\.7946 > 172\.18\.0\.\d\.7946: UDP, length \d+$/);
    const tcp = frames.filter((f) => decodeIpv4(decodeEthernet(f.bytes)!.payload)?.protocol === IPPROTO_TCP);
    expect(tcp.some((f) => decodeTcp(decodeIpv4(decodeEthernet(f.bytes)!.payload)!.payload)!.dstPort === 7946)).toBe(true);
    expect(tcp.some((f) => /^memberlist join from myk8s-worker3 to 172\.18\.0\.2: SYN$/.test(f.why ?? ''))).toBe(true);
  });

  test('without a secret the speaker warns and the packets are plain messages', async () => {
    const lab = await converged(3, { secret: '' });
    expect(lab.logs).toContainEqual({ t: 0, node: CP, level: 'warn', caller: 'speakerlist.go:89', op: 'startup', warning: 'no ml-secret-key set, memberlist traffic will not be encrypted' });
    for (const n of NODES) expect(membersOf(lab, n.name)).toEqual(ALL);
    const first = lab.sim.trace.ofType('frame').map((f) => decodeIpv4(decodeEthernet(f.bytes)!.payload)).find((p) => p?.protocol === IPPROTO_UDP)!;
    // a ping (0), or a compound (7) / CRC (12) around one
    expect([0, 2, 7, 12]).toContain(decodeUdp(first.payload)!.payload[0]);
  });
});

describe('failure detection', () => {
  test('hard kill: every survivor fires NodeLeave 4–24 s later, typically within 10 s', async () => {
    const all: number[] = [];
    for (let seed = 1; seed <= 12; seed++) {
      const lab = await converged(seed);
      await lab.sim.scheduler.advance(seed * 173);
      const victim = NODES[1 + (seed % 3)].name;
      const survivors = NODES.map((n) => n.name).filter((n) => n !== victim);
      const t0 = kill(lab, victim);
      await lab.sim.scheduler.advance(30_000);
      const d = leaveDelays(lab, victim, t0, survivors);
      expect([...d.keys()].sort(), `seed ${seed}`).toEqual([...survivors].sort());
      for (const [o, ms] of d) {
        expect(ms, `seed ${seed} ${o}`).toBeGreaterThanOrEqual(4000);
        expect(ms, `seed ${seed} ${o}`).toBeLessThanOrEqual(24_000);
        // the typical case: the survivors confirm each other's suspicion
        expect(ms, `seed ${seed} ${o}`).toBeLessThanOrEqual(10_000);
        all.push(ms);
      }
      for (const s of survivors) expect(membersOf(lab, s)).toEqual(ALL.filter((n) => n !== victim));
      // memberlist's own lines, as MetalLB logs them
      const ml = lab.logs.filter((l) => l.t >= t0 && l.component === 'Memberlist');
      expect(ml.some((l) => l.level === 'info' && l.msg === `memberlist: Suspect ${victim} has failed, no acks received` && l.caller === 'state.go:456')).toBe(true);
      expect(ml.some((l) => l.level === 'debug' && l.msg === `memberlist: Failed UDP ping: ${victim} (timeout reached)`)).toBe(true);
      expect(ml.some((l) => l.level === 'info' && /^memberlist: Marking myk8s-worker\d? as failed, suspect timeout reached \([0-2] peer confirmations\)$/.test(String(l.msg)))).toBe(true);
      const ev = lab.logs.find((l) => l.t >= t0 && l.msg === 'node event - forcing sync' && l['node event'] === 'NodeLeave');
      expect(ev).toMatchObject({ caller: 'speakerlist.go:313', level: 'info', 'node name': victim, 'node addr': NODES.find((n) => n.name === victim)!.ip });
    }
    all.sort((a, b) => a - b);
    expect(all[0]).toBeGreaterThanOrEqual(4000);
  });

  test('graceful stop: leave is seen within about a second', async () => {
    const lab = await converged(4);
    const t0 = lab.sim.scheduler.now();
    let doneAt = -1;
    const bound = lab.lists.get(W1)!.stop(true, () => (doneAt = lab.sim.scheduler.now()));
    expect(bound).toBe(1000);
    await lab.sim.scheduler.advance(3000);
    const d = leaveDelays(lab, W1, t0, [CP, W2, W3]);
    expect(d.size).toBe(3);
    for (const ms of d.values()) expect(ms).toBeLessThanOrEqual(1000);
    expect(doneAt - t0).toBeGreaterThan(0);
    expect(doneAt - t0).toBeLessThanOrEqual(1000);
    const lines = lab.logs.filter((l) => l.node === W1 && l.op === 'shutdown').map((l) => [l.msg, l.error]);
    expect(lines).toEqual([
      ['leaving memberlist cluster', undefined],
      ['left memberlist cluster', null],
      ['memberlist shutdown', null]
    ]);
    for (const n of [CP, W2, W3]) {
      expect(membersOf(lab, n)).toEqual([CP, W2, W3]);
      expect(lab.lists.get(n)!.memberlist!.nodeStates().find((s) => s.name === W1)?.state).toBe('left');
    }
    // memberlist tells the leaver about itself too (NotifyLeave on its own node)
    expect(lab.events.some((e) => e.observer === W1 && e.name === W1 && e.type === 'NodeLeave')).toBe(true);
    // nobody needed to suspect it
    expect(lab.logs.some((l) => l.t >= t0 && String(l.msg).includes('Suspect myk8s-worker has failed'))).toBe(false);
  });

  test('a restarted speaker rejoins within the 60 s ticker and the peers fire NodeJoin', async () => {
    const lab = await converged(5);
    kill(lab, W1);
    await lab.sim.scheduler.advance(15_000);
    for (const n of [CP, W2, W3]) expect(membersOf(lab, n)).not.toContain(W1);
    const t1 = lab.sim.scheduler.now();
    lab.hosts.get(W1)!.setUp(true);
    const fresh = lab.startSpeaker(W1, { joinNow: false });
    expect(fresh.memberlist!.nodeStates()).toEqual([expect.objectContaining({ name: W1, incarnation: 1, state: 'alive' })]);
    await lab.sim.scheduler.advance(61_000);
    for (const n of NODES) expect(membersOf(lab, n.name), n.name).toEqual(ALL);
    for (const n of [CP, W2, W3]) {
      const j = lab.events.find((e) => e.observer === n && e.name === W1 && e.type === 'NodeJoin' && e.t >= t1);
      expect(j, n).toBeDefined();
      expect(j!.t - t1).toBeLessThanOrEqual(60_000);
    }
    // by then the peers had forgotten the dead node (30 s of gossip to the dead, then reaped),
    // so its fresh incarnation 1 was news to them
    expect(lab.sim.trace.ofType('note').filter((n) => n.t >= t1 && n.text.endsWith('forgot myk8s-worker (dead for more than 30s)')).length).toBe(3);
  });

  test('a restarted speaker that joins at start is back within a second', async () => {
    const lab = await converged(6);
    kill(lab, W2);
    await lab.sim.scheduler.advance(20_000);
    const t1 = lab.sim.scheduler.now();
    lab.hosts.get(W2)!.setUp(true);
    lab.startSpeaker(W2);
    await lab.sim.scheduler.advance(2000);
    for (const n of NODES) expect(membersOf(lab, n.name), n.name).toEqual(ALL);
    for (const n of [CP, W1, W3]) {
      const j = lab.events.find((e) => e.observer === n && e.name === W2 && e.type === 'NodeJoin' && e.t >= t1);
      expect(j!.t - t1, n).toBeLessThan(1500);
    }
    // the peers still remembered it dead at incarnation 1: the new speaker had to refute that
    const refute = lab.logs.find((l) => l.node === W2 && l.t >= t1 && l.level === 'warn');
    expect(refute).toMatchObject({ caller: 'state.go:1186', component: 'Memberlist', msg: 'memberlist: Refuting a suspect message (from: myk8s-worker2)' });
    expect(lab.lists.get(W2)!.memberlist!.nodeStates().find((s) => s.name === W2)!.incarnation).toBe(2);
  });

  test('a cut between {cp, worker} and {worker2, worker3}: split brain, then healing', async () => {
    const lab = await converged(7);
    const t0 = lab.sim.scheduler.now();
    const heal = partition(lab, [CP, W1], [W2, W3]);
    await lab.sim.scheduler.advance(30_000);
    expect(membersOf(lab, CP)).toEqual([CP, W1]);
    expect(membersOf(lab, W1)).toEqual([CP, W1]);
    expect(membersOf(lab, W2)).toEqual([W2, W3]);
    expect(membersOf(lab, W3)).toEqual([W2, W3]);
    for (const [o, gone] of [
      [CP, W2],
      [CP, W3],
      [W1, W2],
      [W1, W3],
      [W2, CP],
      [W2, W1],
      [W3, CP],
      [W3, W1]
    ] as const) {
      const ms = leaveDelays(lab, gone, t0, [o]).get(o);
      expect(ms, `${o} sees ${gone} leave`).toBeDefined();
      expect(ms!).toBeLessThanOrEqual(24_000);
    }
    heal();
    // the minute ticker joins the missing speakers again; refutations bring them back
    await lab.sim.scheduler.advance(65_000);
    for (const n of NODES) expect(membersOf(lab, n.name), n.name).toEqual(ALL);
  });

  test('UDP 7946 blocked but TCP open: the TCP fallback ping keeps everyone alive', async () => {
    const lab = await converged(8);
    const t0 = lab.sim.scheduler.now();
    partition(lab, [CP, W1], [W2, W3], true);
    await lab.sim.scheduler.advance(30_000);
    for (const n of NODES) expect(membersOf(lab, n.name), n.name).toEqual(ALL);
    const warns = lab.logs.filter((l) => l.t >= t0 && l.level === 'warn' && /over TCP but UDP probes failed, network may be misconfigured$/.test(String(l.msg)));
    expect(warns.length).toBeGreaterThan(5);
    expect(warns[0].msg).toMatch(/^memberlist: Was able to connect to myk8s-[a-z-]+\d? over TCP but UDP probes failed, network may be misconfigured$/);
    expect(lab.events.some((e) => e.t >= t0 && e.type === 'NodeLeave')).toBe(false);
  });

  test('a frozen speaker is declared dead, then refutes and is back after it thaws', async () => {
    const lab = await converged(9);
    const t0 = lab.sim.scheduler.now();
    lab.lists.get(W3)!.pause();
    await lab.sim.scheduler.advance(40_000);
    for (const n of [CP, W1, W2]) expect(membersOf(lab, n)).toEqual([CP, W1, W2]);
    // the kernel still accepts the TCP ping, but nobody answers it
    expect(lab.logs.some((l) => l.t >= t0 && l.level === 'error' && /^memberlist: Failed fallback TCP ping: timeout 1s: read tcp 172\.18\.0\.\d:\d+->172\.18\.0\.5:7946: i\/o timeout$/.test(String(l.msg)))).toBe(true);
    // nothing ran inside the frozen speaker
    expect(lab.logs.some((l) => l.node === W3 && l.t > t0)).toBe(false);
    const t1 = lab.sim.scheduler.now();
    lab.lists.get(W3)!.resume();
    await lab.sim.scheduler.advance(65_000);
    for (const n of NODES) expect(membersOf(lab, n.name), n.name).toEqual(ALL);
    expect(lab.logs.some((l) => l.node === W3 && l.t >= t1 && l.level === 'warn' && String(l.msg).startsWith('memberlist: Refuting a '))).toBe(true);
    for (const n of [CP, W1, W2]) expect(lab.events.some((e) => e.observer === n && e.name === W3 && e.type === 'NodeJoin' && e.t >= t1)).toBe(true);
  });

  test('an isolated node suspects everybody and its local health degrades', async () => {
    const lab = await converged(10);
    partition(lab, [W2], [CP, W1, W3]);
    await lab.sim.scheduler.advance(6000);
    const ml = lab.lists.get(W2)!.memberlist!;
    expect(ml.healthScore()).toBeGreaterThan(0);
    // Lifeguard slows the isolated node down (probes up to 8 s apart) and nobody confirms its
    // suspicions, so each of its peers takes the full 24 s
    await lab.sim.scheduler.advance(45_000);
    expect(ml.healthScore()).toBe(7);
    expect(membersOf(lab, W2)).toEqual([W2]);
    expect(lab.logs.filter((l) => l.node === W2 && /as failed, suspect timeout reached \(0 peer confirmations\)$/.test(String(l.msg))).length).toBe(3);
    for (const n of [CP, W1, W3]) expect(membersOf(lab, n)).toEqual([CP, W1, W3]);
  });
});

describe('determinism and errors', () => {
  async function timeline(seed: number): Promise<string[]> {
    const lab = await converged(seed);
    kill(lab, W1);
    await lab.sim.scheduler.advance(20_000);
    lab.lists.get(W2)!.stop(true);
    await lab.sim.scheduler.advance(5000);
    lab.hosts.get(W1)!.setUp(true);
    lab.startSpeaker(W1);
    await lab.sim.scheduler.advance(10_000);
    return [
      ...lab.events.map((e) => `${e.t} ${e.observer} ${e.type} ${e.name}`),
      ...lab.logs.map((l) => `${l.t} ${l.node} ${JSON.stringify(l)}`),
      `frames ${lab.sim.trace.ofType('frame').length}`
    ];
  }

  test('same seed, same timeline; another seed, another one', async () => {
    const a = await timeline(11);
    const b = await timeline(11);
    expect(a).toEqual(b);
    const c = await timeline(12);
    expect(c).not.toEqual(a);
  });

  test('lines through the speaker’s JSON logger look like MetalLB’s', async () => {
    const lab = buildLab(14);
    const lines: string[] = [];
    const logger = new GoKitLogger(lab.sim.clock, (l) => lines.push(l), 'debug');
    const r = SpeakerList.create({ nodeName: CP, bindAddr: '172.18.0.2', secret: 's', host: lab.hosts.get(CP)!, sim: lab.sim, log: speakerListLogTo(logger), forceSync: () => {} });
    expect(r.ok).toBe(true);
    if (r.ok) r.speakerList.start(() => ['172.18.0.2', '172.18.0.3']);
    await lab.sim.scheduler.advance(1000);
    const ts = lab.sim.clock.rfc3339(0);
    expect(lines).toContain(`{"caller":"speakerlist.go:313","level":"info","msg":"node event - forcing sync","node addr":"172.18.0.2","node event":"NodeJoin","node name":"myk8s-control-plane","ts":"${ts}"}`);
    expect(lines).toContain(`{"caller":"memberlist.go:257","component":"Memberlist","level":"debug","msg":"memberlist: Failed to join 172.18.0.3:7946: dial tcp 172.18.0.3:7946: connect: connection refused","ts":"${ts}"}`);
    expect(lines.at(-1)).toBe(
      `{"caller":"speakerlist.go:256","error":"1 error occurred:\\n\\t* Failed to join 172.18.0.3:7946: dial tcp 172.18.0.3:7946: connect: connection refused\\n\\n","expected":1,"joined":0,"level":"error","msg":"partial join","op":"memberDiscovery","ts":"${ts}"}`
    );
  });

  test('bad input comes back as values', async () => {
    const lab = await converged(13);
    const logs: Record<string, unknown>[] = [];
    // a second memberlist on the same node and port
    const dup = SpeakerList.create({ nodeName: W1, bindAddr: '172.18.0.3', secret: 'x', host: lab.hosts.get(W1)!, sim: lab.sim, log: (f) => logs.push(f), forceSync: () => {} });
    expect(dup.ok).toBe(false);
    if (!dup.ok) expect(dup.error).toMatch(/Failed to start TCP listener on "172\.18\.0\.3" port 7946: listen tcp 172\.18\.0\.3:7946: bind: address already in use$/);
    expect(logs.at(-1)).toMatchObject({ level: 'error', op: 'startup', msg: 'failed to create memberlist' });
    // an address the node does not have
    const wrong = SpeakerList.create({ nodeName: W1, bindAddr: '10.9.9.9', secret: 'x', host: lab.hosts.get(W1)!, sim: lab.sim, log: () => {}, forceSync: () => {} });
    expect(wrong.ok).toBe(false);
    // a bad --ml-bindport
    const port = SpeakerList.create({ nodeName: W1, bindAddr: '172.18.0.3', bindPort: 'abc', host: lab.hosts.get(W1)!, sim: lab.sim, log: () => {}, forceSync: () => {} });
    expect(port).toEqual({ ok: false, error: 'strconv.Atoi: parsing "abc": invalid syntax' });
    // no bind address: memberlist is off
    const off = SpeakerList.create({ nodeName: W1, bindAddr: '', host: lab.hosts.get(W1)!, sim: lab.sim, log: (f) => logs.push(f), forceSync: () => {} });
    expect(off.ok && off.speakerList.disabled).toBe(true);
    expect(logs.at(-1)).toMatchObject({ level: 'info', msg: 'not starting fast dead node detection (memberlist), need ml-bindaddr / ml-labels config' });
    // joins that cannot work
    const ml = lab.lists.get(CP)!.memberlist!;
    const p = ml.join(['not-an-ip', '172.18.0.99']);
    await lab.sim.scheduler.advance(15_000);
    const r = await p;
    expect(r.joined).toBe(0);
    expect(r.errors).toEqual(['Failed to resolve not-an-ip: lookup not-an-ip: no such host', 'Failed to join 172.18.0.99:7946: dial tcp 172.18.0.99:7946: connect: no route to host']);
    expect(r.error).toBe(`2 errors occurred:\n\t* ${r.errors[0]}\n\t* ${r.errors[1]}\n\n`);
    // one success is enough for memberlist to report no error
    const p2 = ml.join(['172.18.0.99', '172.18.0.4']);
    await lab.sim.scheduler.advance(15_000);
    expect(await p2).toEqual({ joined: 1, errors: [], error: null });
    // leave after shutdown is an error value, not a panic
    ml.shutdown();
    expect(await ml.leave(1000)).toBe('leave after shutdown');
  });
});
