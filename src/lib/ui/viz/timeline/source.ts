/**
 * The observe readings the three views draw (timeline, frames, stopwatch, request loops), in
 * one place. TEMPORARY: a crude stand-in until `$lib/engine/observe` lands; then this file only
 * re-exports it.
 */
import type { Lab } from '$lib/engine/lab';
import type { AnswerTally, FailoverMeasure, FrameKind, FrameLayer, FrameRecord, TimelineEntry } from '$lib/engine/observe/types';

export function timelineOf(lab: Lab, opts: { sinceSeq?: number } = {}): TimelineEntry[] {
  const out: TimelineEntry[] = [];
  for (const e of lab.sim.trace.all()) {
    if (opts.sinceSeq !== undefined && e.seq < opts.sinceSeq) continue;
    if (e.type === 'command') out.push({ seq: e.seq, t: e.t, kind: 'command', text: e.line });
    else if (e.type === 'k8s-event') out.push({ seq: e.seq, t: e.t, kind: 'k8s-event', text: `${e.object}: ${e.reason}: ${e.message}` });
    else if (e.type === 'note' && e.topic === 'memberlist') out.push({ seq: e.seq, t: e.t, kind: 'memberlist', text: e.text });
    else if (e.type === 'note' && e.topic === 'l2-election' && !e.text.includes('not the owner')) out.push({ seq: e.seq, t: e.t, kind: 'election', text: e.text });
    else if (e.type === 'container') out.push({ seq: e.seq, t: e.t, kind: 'node', text: `${e.name} ${e.state}`, machine: e.name });
  }
  return out;
}

function kindOf(summary: string): FrameKind {
  if (summary.startsWith('ARP')) {
    const m = /who-has (\S+) .*tell (\S+),/.exec(summary);
    if (m && m[1] === m[2]) return 'garp';
    return summary.includes('Reply') ? 'arp-reply' : 'arp-request';
  }
  if (summary.includes('.7946')) return 'memberlist';
  if (summary.includes('ICMP')) return 'icmp';
  if (summary.includes('.179')) return 'bgp';
  if (summary.includes('.80:') || summary.includes('.80 ')) return 'http';
  return 'other';
}

export function frameRecords(lab: Lab, opts: { sinceSeq?: number; segment?: string; limit?: number } = {}): FrameRecord[] {
  const out: FrameRecord[] = [];
  for (const e of lab.sim.trace.all()) {
    if (e.type !== 'frame' || (opts.sinceSeq !== undefined && e.seq < opts.sinceSeq)) continue;
    if (opts.segment && e.segment !== opts.segment) continue;
    out.push({ seq: e.seq, t: e.t, segment: e.segment, kind: kindOf(e.summary), src: { mac: '' }, dst: { mac: '' }, summary: e.summary, ...(e.why ? { why: e.why } : {}), bytes: e.bytes });
  }
  return opts.limit ? out.slice(-opts.limit) : out;
}

export function decodeFrame(bytes: Uint8Array): FrameLayer[] {
  return [{ name: 'Data', summary: `${bytes.length} bytes`, fields: [{ name: 'Data', value: `${bytes.length} bytes`, offset: 0, length: bytes.length }] }];
}

export function measureFailovers(_lab: Lab): FailoverMeasure[] {
  return [];
}

export function lastRequestLoop(_lab: Lab): AnswerTally | null {
  return null;
}

export function pcapOfLab(_lab: Lab, _segment = 'kind'): Uint8Array {
  return new Uint8Array(0);
}
