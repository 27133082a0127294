/** Recording frames from a bridge for a pcap export or a tcpdump session. */
import type { Bridge, FrameObservation } from './bridge';
import type { PcapRecord } from './pcap';

export interface Capture {
  readonly records: PcapRecord[];
  stop(): void;
}

/**
 * Records every frame on the bridge, or only those a port sends or receives (what a capture
 * on that container's eth0 sees). Frames are stamped when the capturing side sees them.
 */
export function startCapture(bridge: Bridge, opts: { port?: string; filter?: (f: FrameObservation) => boolean } = {}): Capture {
  const records: PcapRecord[] = [];
  const stop = bridge.observe((f) => {
    if (opts.filter && !opts.filter(f)) return;
    if (opts.port === undefined) records.push({ t: f.t, bytes: f.bytes });
    else if (f.from === opts.port) records.push({ t: f.t, bytes: f.bytes });
    else if (f.to.includes(opts.port)) records.push({ t: f.deliveredAt, bytes: f.bytes });
  });
  return { records, stop };
}
