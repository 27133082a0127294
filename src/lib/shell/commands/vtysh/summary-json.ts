/**
 * `show [ip] bgp [ipv4 [unicast]] summary json`: bgpd/bgp_vty.c bgp_show_summary() with
 * use_json, for the IPv4 unicast peers the lab has. The keys, their order and when each appears
 * follow that function and peer_uptime(); the text is json-c's JSON_C_TO_STRING_PRETTY (two
 * spaces per level, no space after the colon) that vty_json() prints. Unless both the AFI and
 * the SAFI are named, bgp_show_summary_afi_safi() wraps the object in `{"ipv4Unicast": …}`
 * written by hand around it.
 */
import { formatIpv4 } from '../../../engine/net/addr';
import { type Bgpd, frrUptime } from '../../../engine/router';

/** The same per-build memory figures as the text summary (128 B per RIB entry, 24 KiB per peer). */
const RIB_ENTRY_BYTES = 128;
const PEER_BYTES = 24 * 1024;

type Json = string | number | boolean | { [key: string]: Json };

/** json-c's pretty printer: objects keep insertion order; an empty object is `{}`. */
export function jsonC(v: Json, level = 0): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v !== 'object') return String(v);
  const keys = Object.keys(v);
  if (!keys.length) return '{}';
  const pad = '  '.repeat(level + 1);
  const body = keys.map((k) => `\n${pad}${JSON.stringify(k)}:${jsonC(v[k], level + 1)}`).join(',');
  return `{${body}\n${'  '.repeat(level)}}`;
}

/** peer_uptime() with a JSON object: the text, the milliseconds, and the epoch it started at. */
function uptimeKeys(d: Bgpd, since: number | null): Record<string, Json> {
  if (since === null) return { peerUptime: 'never', peerUptimeMsec: 0 };
  const secs = Math.floor((d.now() - since) / 1000);
  const nowEpoch = Math.floor(d.wallClock(d.now()).getTime() / 1000);
  return { peerUptime: frrUptime(d.now() - since), peerUptimeMsec: secs * 1000, peerUptimeEstablishedEpoch: nowEpoch - secs };
}

/** The IPv4 unicast summary object, or null when there is no peer to show. */
function summaryObject(d: Bgpd): Record<string, Json> | null {
  const b = d.config.bgp;
  const neighbors = d.speaker ? [...d.speaker.neighbors.values()].sort((x, y) => x.ip - y.ip) : [];
  if (!b || !neighbors.length) return null;
  const peers: Record<string, Json> = {};
  let failed = 0;
  for (const n of neighbors) {
    const s = n.session;
    const cfg = b.neighbors.find((x) => x.ip === n.ip);
    const est = s.state === 'Established';
    if (!est) failed++;
    const total = (c: typeof s.sent) => c.opens + c.notifications + c.updates + c.keepalives + c.routeRefresh;
    // peer->as: 0 until an OPEN tells a `remote-as external` peer's AS
    const remoteAs = n.remoteAs === 'external' ? (s.peerOpen?.myAs ?? 0) : n.remoteAs;
    const policy = d.policyDenies(n);
    const peer: Record<string, Json> = {
      softwareVersion: 'n/a',
      remoteAs,
      localAs: b.asn,
      version: 4,
      msgRcvd: total(s.rcvd),
      msgSent: total(s.sent),
      tableVersion: est ? d.tableVersion : 0,
      outq: 0,
      inq: 0,
      ...uptimeKeys(d, est ? s.upSince : s.lastResetAt),
      pfxRcd: est ? d.accepted(n) : 0,
      pfxSnt: est ? n.sentOut.size : 0,
      state: cfg?.shutdown ? 'Idle (Admin)' : s.state,
      peerState: cfg?.shutdown ? 'Admin' : cfg?.passive ? 'Passive' : policy ? 'Policy' : 'OK',
      connectionsEstablished: s.established,
      connectionsDropped: s.dropped
    };
    if (cfg?.description) peer.desc = cfg.description;
    peer.idType = 'ipv4';
    peers[formatIpv4(n.ip)] = peer;
  }
  return {
    routerId: formatIpv4(d.routerId()),
    as: b.asn,
    vrfId: 0,
    vrfName: 'default',
    tableVersion: d.tableVersion,
    ribCount: d.rib.size,
    ribMemory: d.rib.size * RIB_ENTRY_BYTES,
    peerCount: neighbors.length,
    peerMemory: neighbors.length * PEER_BYTES,
    peers,
    failedPeers: failed,
    displayedPeers: neighbors.length,
    totalPeers: neighbors.length,
    dynamicPeers: 0,
    bestPath: { multiPathRelax: b.multipathRelax ? 'true' : 'false' }
  };
}

/** The command's whole output; `wrapped`: the AFI or the SAFI was left for bgpd to go through. */
export function showBgpSummaryJson(d: Bgpd, wrapped: boolean): string {
  if (!d.config.bgp) return '{}\n';
  const o = summaryObject(d);
  if (!wrapped) return o ? `${jsonC(o)}\n` : '{}\n';
  return o ? `{\n"ipv4Unicast":${jsonC(o)}\n}\n` : '{\n}\n';
}
