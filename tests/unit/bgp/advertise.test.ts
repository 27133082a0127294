/**
 * The router re-advertises its best paths (FRR bgpd with `no bgp ebgp-requires-policy`, no
 * outbound policy): each best path goes to every Established peer except the one it came from.
 * Run on the `bgp` scenario with MetalLB's native speakers (tests/fixtures/bgp.sh up to the
 * service). Expected values are worked out by hand from the rules and from the wire (which
 * speaker's UPDATE reached the router first decides the best path: RFC 5004 "Older Path", the
 * paths being equal otherwise), never read back from bgpd.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { capturePcap } from '../../../src/cli/pcap';
import { runTranscript } from '../../../src/cli/transcript';
import { LabShell } from '../../../src/lib/shell/shell';
import { fixture } from '../transcript/helpers';
import { type WireMessage, bgpOnWire } from './harness';

const ROUTER = '172.18.0.6';
const MARKER = 'ff'.repeat(16);
const toHex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const octets = (ip: string) => ip.split('.').map((x) => Number(x).toString(16).padStart(2, '0')).join('');

/**
 * The router's eBGP UPDATE for 172.18.255.200/32, by hand (RFC 4271 §4.3, 4-octet AS):
 * ORIGIN IGP `40 01 01 00`, AS_PATH one AS_SEQUENCE [64512 64513] `40 02 0a 02 02 0000fc00
 * 0000fc01`, NEXT_HOP `40 03 04 nh`, no MED, no LOCAL_PREF; attributes 24 bytes, NLRI
 * `20 ac12ffc8`; 19 + 2 + 2 + 24 + 5 = 52 bytes.
 */
const vipUpdate = (nh: string) => `${MARKER}0034 02 0000 0018 40010100 400 20a 02 02 0000fc00 0000fc01 400304${octets(nh)} 20ac12ffc8`.replace(/ /g, '');
/** Withdrawal of 172.18.255.200/32: 19 + 2 + 5 + 2 = 28 bytes. */
const VIP_WITHDRAW = `${MARKER}001c02000520ac12ffc80000`;
/** End-of-RIB (RFC 4724): an UPDATE with both lengths 0, 23 bytes. */
const END_OF_RIB = `${MARKER}00170200000000`;

const setup = fixture('bgp.sh').split('\nkubectl get svc svc1\n')[0] + '\n';
/** One more endpoint on every worker, so that the service keeps ready endpoints when a node dies. */
const pinned = ['myk8s-worker', 'myk8s-worker2', 'myk8s-worker3']
  .map((n, i) => `cat <<EOF | kubectl apply -f -\napiVersion: v1\nkind: Pod\nmetadata:\n  name: pinned${i + 1}\n  labels:\n    app: webpod\nspec:\n  nodeName: ${n}\n  containers:\n  - name: container\n    image: traefik/whoami\nEOF\n`)
  .join('') + 'kubectl wait --for=condition=Ready pod -l app=webpod --timeout=120s\nsleep 5\n';

describe('bgpd advertises its best path to the other peers', async () => {
  const { lab, exitCodes } = await runTranscript(setup + pinned, { seed: 1, scenario: 'bgp' });
  const shell = new LabShell(lab);
  const sh = async (cmd: string) => {
    const r = await shell.run(cmd);
    return r.stdout + r.stderr;
  };
  const ipOf = (name: string) => lab.docker.endpoint(lab.docker.find(name)!, 'kind')!.ipv4;
  const nodes = ['myk8s-control-plane', 'myk8s-worker', 'myk8s-worker2', 'myk8s-worker3'];
  const nodeIps = nodes.map(ipOf).sort();
  const cp = ipOf('myk8s-control-plane');
  const wire = (): WireMessage[] => bgpOnWire(lab.sim.trace.ofType('frame').filter((f) => f.segment === 'kind'));
  const updates = (msgs: WireMessage[], from: string, to: string) => msgs.filter((m) => m.type === 2 && m.src === from && m.dst === to).map((m) => toHex(m.bytes));
  /** The speakers' UPDATEs that carry the VIP, in arrival order at the router. */
  const announcers = (msgs: WireMessage[]) => msgs.filter((m) => m.type === 2 && m.dst === ROUTER && m.bytes.length > 23 && m.bytes[19] === 0 && m.bytes[20] === 0);

  const before = wire();
  // oldest first; at the same instant the lower router ID (a speaker's is its node address)
  const num = (ip: string) => ip.split('.').reduce((a, x) => a * 256 + Number(x), 0);
  const order = announcers(before)
    .sort((a, b) => a.t - b.t || num(a.src) - num(b.src))
    .map((m) => m.src);
  const best = order[0];
  const others = nodeIps.filter((x) => x !== best);

  it('set-up: the three workers announce the VIP, the control plane does not (it is excluded)', () => {
    expect(exitCodes.every((c) => c === 0)).toBe(true);
    expect([...order].sort()).toEqual(nodeIps.filter((x) => x !== cp));
  });

  it('on the wire: the VIP to the three peers that are not its best path\'s source, with AS_PATH 64512 64513 and the best path\'s next hop', () => {
    // every peer shares 172.18.0.0/16 with the best path's next hop: FRR keeps it (third-party next hop)
    for (const p of others) expect(updates(before, ROUTER, p)).toContain(vipUpdate(best));
    expect(updates(before, ROUTER, best).filter((u) => u !== END_OF_RIB)).toEqual([]);
  });

  it('each session gets End-of-RIB once, 1.2 s after it came up (coalesce 1000 ms + 50 ms × 4 peers)', () => {
    for (const p of nodeIps) {
      const eor = before.filter((m) => m.src === ROUTER && m.dst === p && toHex(m.bytes) === END_OF_RIB);
      expect(eor.length).toBe(1);
      // the router's session is Established when the speaker's first KEEPALIVE arrives
      const ka = before.find((m) => m.src === p && m.dst === ROUTER && m.type === 4)!;
      expect(eor[0].t - ka.t).toBeGreaterThanOrEqual(1200);
      expect(eor[0].t - ka.t).toBeLessThan(1300);
    }
  });

  it.skipIf(!existsSync('/usr/bin/tshark'))('tshark reads the router\'s UPDATEs: AS_PATH 64512 64513, the next hop, no malformed frame', () => {
    const f = join(mkdtempSync(join(tmpdir(), 'bgp-adv-')), 'lab.pcap');
    writeFileSync(f, capturePcap(lab));
    expect(execFileSync('/usr/bin/tshark', ['-r', f, '-d', 'udp.port==7946,data', '-Y', '_ws.malformed'], { encoding: 'utf8' }).trim()).toBe('');
    const v = execFileSync('/usr/bin/tshark', ['-r', f, '-Y', `ip.src==${ROUTER} && bgp.type==2 && bgp.nlri_prefix`, '-V'], { encoding: 'utf8' });
    expect(v).toContain('Path Attribute - AS_PATH: 64512 64513');
    expect(v).toContain(`Path Attribute - NEXT_HOP: ${best}`);
    expect(v).toContain('NLRI prefix: 172.18.255.200');
    expect(v).not.toContain('LOCAL_PREF');
    expect(v).not.toContain('MULTI_EXIT_DISC');
  });

  it('show ip bgp summary: PfxSnt 1 for the three others, 0 for the source; MsgSent counts the UPDATEs', async () => {
    const rows = (await sh(`docker exec router vtysh -c 'show ip bgp summary'`)).split('\n').filter((l) => l.startsWith('172.18.0.'));
    expect(rows.length).toBe(4);
    for (const r of rows) {
      const ip = r.split(' ')[0];
      expect(r.slice(r.length - 26)).toBe(`${(ip === cp ? '0' : '1').padStart(13)} ${(ip === best ? '0' : '1').padStart(8)} N/A`);
      // MsgSent: OPEN, the KEEPALIVEs, End-of-RIB, and the VIP except to its source
      const msgs = wire().filter((m) => m.src === ROUTER && m.dst === ip);
      expect(msgs.filter((m) => m.type === 2).length).toBe(ip === best ? 1 : 2);
      expect(Number(r.slice(38, 48))).toBe(msgs.length);
    }
  });

  it('advertised-routes: the VIP as sent to the control plane, nothing to the source', async () => {
    const out = await sh(`docker exec router vtysh -c 'show ip bgp neighbors ${cp} advertised-routes'`);
    // the path before our AS is prepended, the next hop kept (third party)
    expect(out).toContain(`\n     Network          Next Hop            Metric LocPrf Weight Path\n *>  172.18.255.200/32\n${' '.repeat(20)}${best.padEnd(16)}${' '.repeat(17)}      0 64513 i\n\nTotal number of prefixes 1\n`);
    expect(await sh(`docker exec router vtysh -c 'show ip bgp neighbors ${best} advertised-routes'`)).toBe('');
  });

  it('show ip bgp 172.18.255.200: advertised to the three others, on one line', async () => {
    const out = await sh(`docker exec router vtysh -c 'show ip bgp 172.18.255.200'`);
    expect(out).toContain(`Paths: (3 available, best #1, table default)\n  Advertised to non peer-group peers:\n  ${others.join(' ')}\n  64513\n    ${best} from ${best}`);
  });

  it('the speakers keep nothing of what the router sends (native MetalLB drops UPDATEs): the sessions stay up', async () => {
    const out = await sh(`docker exec router vtysh -c 'show ip bgp summary'`);
    expect(out.split('\n').filter((l) => l.startsWith('172.18.0.') && /\d\d:\d\d:\d\d +\d+ +\d+ N\/A$/.test(l)).length).toBe(4);
  });

  describe('the best path\'s node dies (SIGKILL): after the hold time the best moves', () => {
    // the next oldest path (same rule as above among the two left)
    const next = order[1];
    const rest = nodeIps.filter((x) => x !== best && x !== next);
    let after: WireMessage[] = [];
    beforeAll(async () => {
      const victim = nodes.find((n) => ipOf(n) === best)!;
      const t0 = lab.sim.scheduler.now();
      // the router's hold timer (90 s negotiated) runs out within 95 s of the last KEEPALIVE
      await runTranscript(`docker stop ${victim} --signal 9\nsleep 95\n`, { seed: 1, scenario: 'bgp' }, lab);
      after = wire().filter((m) => m.t >= t0);
    });

    it('the new best\'s source gets a withdrawal, the others the VIP with the new next hop; nothing reaches the dead node', () => {
      expect(updates(after, ROUTER, next)).toEqual([VIP_WITHDRAW]);
      for (const p of rest) expect(updates(after, ROUTER, p)).toEqual([vipUpdate(next)]);
      expect(updates(after, ROUTER, best)).toEqual([]);
    });

    it('summary and detail follow: PfxSnt 0 for the new source, advertised to the other two', async () => {
      const rows = (await sh(`docker exec router vtysh -c 'show ip bgp summary'`)).split('\n').filter((l) => l.startsWith('172.18.0.'));
      for (const r of rows) {
        const ip = r.split(' ')[0];
        if (ip === best) expect(r).toMatch(/ +Active +0 N\/A$/);
        else expect(r.slice(r.length - 12)).toBe(`${(ip === next ? '0' : '1').padStart(8)} N/A`);
      }
      const out = await sh(`docker exec router vtysh -c 'show ip bgp 172.18.255.200'`);
      expect(out).toContain(`Paths: (2 available, best #1, table default)\n  Advertised to non peer-group peers:\n  ${rest.join(' ')}\n  64513\n    ${next} from ${next}`);
    });
  });
});
