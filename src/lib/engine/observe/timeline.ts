/**
 * The timeline: commands, Kubernetes events, memberlist news, layer-2 election results, node and
 * container changes, gratuitous-ARP bursts and BGP news (bgp-lane.ts) on one time axis, as
 * log-like lines.
 *
 * Two kinds of grouping keep it readable: every speaker notes the same memberlist change, so
 * equal notes about one member (same state) within a couple of seconds become one entry; and
 * a gratuitous burst (a pair every 1.1 s for ~4.4 s) is one entry per VIP and sender.
 */
import { formatIpv4 } from '../net/addr';
import type { Lab } from '../lab';
import type { TraceEvent } from '../sim/trace';
import { machineIndex } from './machines';
import { firstAfter, firstAtOrAfterTime } from './trace-range';
import type { TimelineEntry } from './types';
import { u16, u32, macAt } from './bytes';
import { BgpLane, type Emit } from './bgp-lane';

export interface TimelineQuery {
  /** Only entries for events with seq > sinceSeq. */
  sinceSeq?: number;
}

/** Equal memberlist notes from several speakers within this window are one entry. */
const MEMBERLIST_GROUP_MS = 2000;
/** A gratuitous ARP this long after the previous one for the same VIP and sender starts a new burst. */
const BURST_GAP_MS = 1600;
/** How far before sinceSeq to look so groups that began earlier are not split. */
const LOOKBACK_MS = 6000;

const NODE_EVENT_REASONS = new Set(['NodeReady', 'NodeNotReady', 'RegisteredNode', 'RemovingNode', 'NodeHasSufficientMemory', 'NodeHasNoDiskPressure', 'NodeHasSufficientPID', 'Starting']);

function firstLine(s: string): string {
  const nl = s.indexOf('\n');
  return nl < 0 ? s : `${s.slice(0, nl)} …`;
}

/** "gratuitous ARP because X became owner of … after Y left memberlist" → "X became owner … memberlist". */
function burstCause(why: string | undefined): string | null {
  if (!why) return null;
  const m = /^gratuitous ARP because (.+)$/.exec(why);
  return m ? m[1] : null;
}

interface MemberGroup {
  entry: TimelineEntry;
  observers: string[];
  t: number;
}

function containerText(name: string, state: string, detail: string | undefined): string {
  const d = detail ? ` (${detail})` : '';
  if (state === 'exited') return `container ${name} stopped${d}`;
  if (state === 'stopping') return `container ${name} is stopping${d}`;
  if (state === 'paused') return `container ${name} paused`;
  if (state === 'running') return detail === 'unpaused' ? `container ${name} unpaused` : `container ${name} started`;
  return `container ${name}: ${state}${d}`;
}

/** Timeline entries in trace order (so in time order). */
export function timelineOf(lab: Lab, opts: TimelineQuery = {}): TimelineEntry[] {
  const events = lab.sim.trace.all();
  const since = opts.sinceSeq ?? -1;
  const first = firstAfter(events, since);
  // start a little earlier so bursts and memberlist groups that began before sinceSeq stay whole
  const scanFrom = first < events.length ? firstAtOrAfterTime(events, events[first].t - LOOKBACK_MS, first) : first;
  const idx = machineIndex(lab);
  const out: TimelineEntry[] = [];
  const emit = (e: TraceEvent, entry: Omit<TimelineEntry, 'seq' | 't'>): TimelineEntry | null => {
    if (e.seq <= since) return null;
    const full: TimelineEntry = { seq: e.seq, t: e.t, ...entry };
    out.push(full);
    return full;
  };
  const memberGroups = new Map<string, MemberGroup>();
  const bursts = new Map<string, number>();
  /** VIP → node announcing it, as election notes say. */
  const owners = new Map<string, string>();
  // sessions and routes are news only as changes: their state is followed from the first event
  const bgp = new BgpLane(idx, emit);

  for (let i = 0; i < events.length; i++) {
    const e = events[i];
    if (e.type === 'note') bgp.note(e);
    else if (e.type === 'frame') bgp.frame(e);
    if (i < scanFrom) continue;
    switch (e.type) {
      case 'command':
        emit(e, { kind: 'command', text: firstLine(e.line) });
        break;
      case 'container':
        emit(e, { kind: 'node', text: containerText(e.name, e.state, e.detail), machine: e.name });
        break;
      case 'node':
        emit(e, { kind: 'node', text: `node ${e.name} ${e.condition}${e.detail ? ` (${e.detail})` : ''}`, machine: e.name });
        break;
      case 'k8s-event': {
        const [kind, name] = e.object.split('/');
        const isNode = kind === 'node' && NODE_EVENT_REASONS.has(e.reason);
        const entry: Omit<TimelineEntry, 'seq' | 't'> = { kind: isNode ? 'node' : 'k8s-event', text: `${e.eventType} ${e.reason} ${e.namespace ? `${e.namespace}/` : ''}${e.object}: ${e.message}` };
        if (kind === 'node' && name) entry.machine = name;
        const assigned = /announcing from node "([^"]+)"/.exec(e.message);
        if (assigned) entry.machine = assigned[1];
        emit(e, entry);
        break;
      }
      case 'note':
        if (e.topic === 'memberlist') memberlistNote(e, emit, memberGroups);
        else if (e.topic === 'l2-election') electionNote(e, emit, owners);
        break;
      case 'frame': {
        const b = e.bytes;
        if (b.length < 42 || u16(b, 12) !== 0x0806 || u16(b, 20) !== 1) break;
        const spa = u32(b, 28);
        if (spa !== u32(b, 38)) break; // only gratuitous requests: one per pair
        const mac = macAt(b, 6);
        const vip = formatIpv4(spa);
        const key = `${vip} ${mac}`;
        const last = bursts.get(key);
        bursts.set(key, e.t);
        if (last !== undefined && e.t - last <= BURST_GAP_MS) break;
        const machine = idx.byMac.get(mac);
        const cause = burstCause(e.why);
        const who = machine ?? mac;
        const entry: Omit<TimelineEntry, 'seq' | 't'> = { kind: 'arp-burst', text: cause ? `gratuitous ARP burst for ${vip}: ${cause}` : `gratuitous ARP burst: ${who} announces ${vip}`, vip };
        if (machine) entry.machine = machine;
        emit(e, entry);
        break;
      }
      default:
        break;
    }
  }
  return out;
}

function memberlistNote(e: Extract<TraceEvent, { type: 'note' }>, emit: Emit, groups: Map<string, MemberGroup>): void {
  const m = /^(\S+): (\S+) is (alive|suspect|dead|left)\b/.exec(e.text);
  if (!m) {
    // "X: shutdown", "X: forgot Y …", confirmations: one line each, about the speaker's node
    const self = /^(\S+): (.*)$/.exec(e.text);
    if (/ confirms /.test(e.text)) return; // the suspicion entry already says who is suspect
    const entry: Omit<TimelineEntry, 'seq' | 't'> = { kind: 'memberlist', text: `memberlist ${e.text}` };
    if (self) entry.machine = self[1];
    emit(e, entry);
    return;
  }
  const [, observer, member, state] = m;
  const key = `${member} ${state}`;
  const g = groups.get(key);
  if (g && e.t - g.t <= MEMBERLIST_GROUP_MS) {
    if (!g.observers.includes(observer)) {
      g.observers.push(observer);
      g.entry.text = memberText(member, state, g.observers);
    }
    return;
  }
  const entry = emit(e, { kind: 'memberlist', text: memberText(member, state, [observer]), machine: member });
  if (entry) groups.set(key, { entry, observers: [observer], t: e.t });
  else groups.set(key, { entry: { seq: e.seq, t: e.t, kind: 'memberlist', text: '' }, observers: [observer], t: e.t });
}

function memberText(member: string, state: string, observers: string[]): string {
  const verb = state === 'dead' ? 'is dead' : state === 'left' ? 'left memberlist' : state === 'suspect' ? 'is suspect' : 'is alive';
  // a hundred speakers all see it: name a few
  const who = observers.length <= 4 ? observers.join(', ') : `${observers.slice(0, 3).join(', ')} and ${observers.length - 3} more`;
  return `memberlist: ${member} ${verb} (seen by ${who})`;
}

function electionNote(e: Extract<TraceEvent, { type: 'note' }>, emit: Emit, owners: Map<string, string>): void {
  const owner = /^(\S+): owner of (\S+) for (\S+)/.exec(e.text);
  if (owner) {
    const [, node, ip, svc] = owner;
    if (owners.get(ip) === node) return;
    owners.set(ip, node);
    emit(e, { kind: 'election', text: `${node} now announces ${ip} (${svc})`, machine: node, vip: ip });
    return;
  }
  const notOwner = /^(\S+): not the owner of (\S+) for (\S+); (\S+) is/.exec(e.text);
  if (notOwner) {
    const [, node, ip, svc, winner] = notOwner;
    // only the node that stops announcing is news; the others repeat the same verdict
    if (owners.get(ip) === node) {
      owners.set(ip, winner);
      emit(e, { kind: 'election', text: `${node} stops announcing ${ip} (${svc}); ${winner} is the owner`, machine: node, vip: ip });
    }
    return;
  }
  const none = /^(\S+): no layer2 owner for (\S+) here/.exec(e.text);
  if (none) return; // per-speaker noise: the service has no usable node at this speaker
  emit(e, { kind: 'election', text: e.text });
}
