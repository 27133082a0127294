/**
 * The packet list: the trace's frame events as records with named ends, a kind and the why.
 */
import { formatIpv4 } from '../net/addr';
import type { Lab } from '../lab';
import type { TraceEvent } from '../sim/trace';
import { classifyFrame } from './decode';
import { type MachineIndex, machineIndex } from './machines';
import { firstAfter } from './trace-range';
import type { FrameEnd, FrameRecord } from './types';
import { macAt, u16, u32 } from './bytes';

export type FrameEvent = Extract<TraceEvent, { type: 'frame' }>;

/** Both ends of a frame: MACs, and IPs and ports when the headers are there. */
export function frameEnds(b: Uint8Array, idx: MachineIndex): { src: FrameEnd; dst: FrameEnd } {
  const src: FrameEnd = { mac: b.length >= 12 ? macAt(b, 6) : '' };
  const dst: FrameEnd = { mac: b.length >= 6 ? macAt(b, 0) : '' };
  if (b.length >= 14) {
    const type = u16(b, 12);
    if (type === 0x0806 && b.length >= 42) {
      src.ip = formatIpv4(u32(b, 28));
      dst.ip = formatIpv4(u32(b, 38));
    } else if (type === 0x0800 && b.length >= 34 && b[14] >> 4 === 4) {
      src.ip = formatIpv4(u32(b, 26));
      dst.ip = formatIpv4(u32(b, 30));
      const l4 = 14 + (b[14] & 0x0f) * 4;
      if ((b[23] === 6 || b[23] === 17) && b.length >= l4 + 4) {
        src.port = u16(b, l4);
        dst.port = u16(b, l4 + 2);
      }
    }
  }
  const sm = idx.byMac.get(src.mac);
  if (sm !== undefined) src.machine = sm;
  const dm = idx.byMac.get(dst.mac);
  if (dm !== undefined) dst.machine = dm;
  return { src, dst };
}

export function toFrameRecord(e: FrameEvent, idx: MachineIndex): FrameRecord {
  const { src, dst } = frameEnds(e.bytes, idx);
  const r: FrameRecord = { seq: e.seq, t: e.t, segment: e.segment, kind: classifyFrame(e.bytes), src, dst, summary: e.summary, bytes: e.bytes };
  if (e.why !== undefined) r.why = e.why;
  return r;
}

export interface FrameQuery {
  /** Only frames with seq > sinceSeq. */
  sinceSeq?: number;
  /** Only frames on this bridge (default: every segment). */
  segment?: string;
  /** At most this many: the most recent ones. */
  limit?: number;
}

/** Frames from the trace, oldest first, with their ends named by MAC. */
export function frameRecords(lab: Lab, opts: FrameQuery = {}): FrameRecord[] {
  const events = lab.sim.trace.all();
  const start = opts.sinceSeq === undefined ? 0 : firstAfter(events, opts.sinceSeq);
  const limit = opts.limit ?? Infinity;
  const picked: FrameEvent[] = [];
  // walk backwards so a limit costs only what it keeps
  for (let i = events.length - 1; i >= start && picked.length < limit; i--) {
    const e = events[i];
    if (e.type !== 'frame') continue;
    if (opts.segment !== undefined && e.segment !== opts.segment) continue;
    picked.push(e);
  }
  picked.reverse();
  const idx = machineIndex(lab);
  return picked.map((e) => toFrameRecord(e, idx));
}
