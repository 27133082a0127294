/**
 * `show ip bgp summary json` (bgpd/bgp_vty.c bgp_show_summary with use_json; peer_uptime for the
 * uptime keys; printed by vty_json, i.e. json-c JSON_C_TO_STRING_PRETTY). Key names and order
 * are written out from that function; the values are checked against what the text summary of
 * the same moment prints, never against the code that builds the JSON.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { runTranscript } from '../../../src/cli/transcript';
import type { Lab } from '../../../src/lib/engine/lab';
import { jsonC } from '../../../src/lib/shell/commands/vtysh/summary-json';
import { buildLab } from '../../../src/lib/shell/scenarios';
import { LabShell } from '../../../src/lib/shell/shell';
import { fixture } from '../transcript/helpers';
import { sh } from './router-shell';

/** bgp_show_summary: the per-AFI object's keys, in the order it adds them (no update-delay, max-med, peer groups or dampening here). */
const TOP_KEYS = ['routerId', 'as', 'vrfId', 'vrfName', 'tableVersion', 'ribCount', 'ribMemory', 'peerCount', 'peerMemory', 'peers', 'failedPeers', 'displayedPeers', 'totalPeers', 'dynamicPeers', 'bestPath'];
/** A peer's keys (no hostname/domainname capability from MetalLB's native speaker, no description). */
const PEER_KEYS_NEVER_UP = ['softwareVersion', 'remoteAs', 'localAs', 'version', 'msgRcvd', 'msgSent', 'tableVersion', 'outq', 'inq', 'peerUptime', 'peerUptimeMsec', 'pfxRcd', 'pfxSnt', 'state', 'peerState', 'connectionsEstablished', 'connectionsDropped', 'idType'];
const PEER_KEYS_UP = [...PEER_KEYS_NEVER_UP.slice(0, 11), 'peerUptimeEstablishedEpoch', ...PEER_KEYS_NEVER_UP.slice(11)];

describe('json-c pretty printing', () => {
  it('two spaces a level, no space after the colon, {} for an empty object', () => {
    expect(jsonC({ a: 1, b: { c: 'x/y', d: {} }, e: true })).toBe('{\n  "a":1,\n  "b":{\n    "c":"x/y",\n    "d":{}\n  },\n  "e":true\n}');
  });
});

describe('show ip bgp summary json before any session', () => {
  let lab: Lab;
  let shell: LabShell;
  beforeAll(async () => {
    lab = await buildLab({ scenario: 'bgp', seed: 1 });
    shell = new LabShell(lab);
  });

  it('wraps the IPv4 unicast object by hand when the SAFI is left open; the four speakers are Active, never up', async () => {
    const out = await sh(shell, `docker exec router vtysh -c 'show ip bgp summary json'`);
    expect(out.startsWith('{\n"ipv4Unicast":{\n  "routerId":"192.168.10.254",\n  "as":64512,\n  "vrfId":0,\n  "vrfName":"default",\n')).toBe(true);
    expect(out.endsWith('  "bestPath":{\n    "multiPathRelax":"false"\n  }\n}\n}\n')).toBe(true);
    const o = JSON.parse(out).ipv4Unicast;
    expect(Object.keys(o)).toEqual(TOP_KEYS);
    expect(Object.keys(o.peers)).toEqual(['172.18.0.2', '172.18.0.3', '172.18.0.4', '172.18.0.5']);
    expect(o.peers['172.18.0.2']).toEqual({
      softwareVersion: 'n/a',
      remoteAs: 64513,
      localAs: 64512,
      version: 4,
      msgRcvd: 0,
      msgSent: 0,
      tableVersion: 0,
      outq: 0,
      inq: 0,
      peerUptime: 'never',
      peerUptimeMsec: 0,
      pfxRcd: 0,
      pfxSnt: 0,
      state: 'Active',
      peerState: 'OK',
      connectionsEstablished: 0,
      connectionsDropped: 0,
      idType: 'ipv4'
    });
    expect(Object.keys(o.peers['172.18.0.2'])).toEqual(PEER_KEYS_NEVER_UP);
    expect([o.failedPeers, o.displayedPeers, o.totalPeers, o.dynamicPeers, o.peerCount]).toEqual([4, 4, 4, 0, 4]);
  });

  it('naming AFI and SAFI prints the object alone, and the text summary loses its title the same way', async () => {
    const json = await sh(shell, `docker exec router vtysh -c 'show ip bgp ipv4 unicast summary json'`);
    expect(json.startsWith('{\n  "routerId":"192.168.10.254",\n')).toBe(true);
    expect(json.endsWith('\n}\n')).toBe(true);
    const text = await sh(shell, `docker exec router vtysh -c 'show ip bgp ipv4 unicast summary'`);
    expect(text.startsWith('BGP router identifier 192.168.10.254, local AS number 64512 VRF default vrf-id 0\n')).toBe(true);
    expect((await sh(shell, `docker exec router vtysh -c 'show ip bgp summary'`)).startsWith('\nIPv4 Unicast Summary:\nBGP router identifier')).toBe(true);
  });
});

describe('show ip bgp summary json with the speakers up', () => {
  let shell: LabShell;
  beforeAll(async () => {
    const setup = fixture('bgp.sh').split('\nkubectl get svc svc1\n')[0] + '\nsleep 30\n';
    const { lab } = await runTranscript(setup, { seed: 1, scenario: 'bgp' });
    shell = new LabShell(lab);
  });

  it('every peer agrees with its row in the text summary of the same moment', async () => {
    const text = await sh(shell, `docker exec router vtysh -c 'show ip bgp summary'`);
    const json = JSON.parse(await sh(shell, `docker exec router vtysh -c 'show ip bgp summary json'`)).ipv4Unicast;
    const now = Number((await sh(shell, 'date +%s')).trim());
    const rows = text.split('\n').filter((l) => /^172\.18\.0\.\d/.test(l));
    expect(rows.length).toBe(4);
    expect(json.tableVersion).toBe(Number(/BGP table version (\d+)/.exec(text)![1]));
    expect(json.ribCount).toBe(Number(/RIB entries (\d+), using (\d+) bytes/.exec(text)![1]));
    expect(json.ribMemory).toBe(Number(/RIB entries (\d+), using (\d+) bytes/.exec(text)![2]));
    for (const row of rows) {
      const [ip, , as, rcvd, sent, tblVer, , , upDown, pfxRcd, pfxSnt] = row.split(/\s+/);
      const p = json.peers[ip];
      expect(Object.keys(p)).toEqual(PEER_KEYS_UP);
      expect([p.remoteAs, p.msgRcvd, p.msgSent, p.tableVersion, p.pfxRcd, p.pfxSnt]).toEqual([Number(as), Number(rcvd), Number(sent), Number(tblVer), Number(pfxRcd), Number(pfxSnt)]);
      // the three uptime keys describe one instant: whole seconds, the hh:mm:ss text, the start epoch
      const secs = p.peerUptimeMsec / 1000;
      expect(Number.isInteger(secs)).toBe(true);
      const two = (n: number) => String(n).padStart(2, '0');
      expect(p.peerUptime).toBe(`${two(Math.floor(secs / 3600))}:${two(Math.floor(secs / 60) % 60)}:${two(secs % 60)}`);
      expect(Math.abs(p.peerUptimeEstablishedEpoch + secs - now)).toBeLessThanOrEqual(1);
      // and the text summary, a command earlier, showed the same uptime give or take its second
      const [h, m, s] = upDown.split(':').map(Number);
      expect(Math.abs(secs - (h * 3600 + m * 60 + s))).toBeLessThanOrEqual(1);
      expect([p.state, p.peerState, p.connectionsEstablished, p.connectionsDropped]).toEqual(['Established', 'OK', 1, 0]);
    }
    expect(json.failedPeers).toBe(0);
  });
});
