import type { Lab } from '../lib/engine/lab';
import { writePcap } from '../lib/engine/net/pcap';

/** Every frame the trace saw on the kind bridge, as a libpcap file. */
export function capturePcap(lab: Lab, segment = 'kind'): Uint8Array {
  const frames = lab.sim.trace.ofType('frame').filter((f) => f.segment === segment);
  return writePcap(
    frames.map((f) => ({ t: f.t, bytes: f.bytes })),
    lab.sim.clock.epochMs
  );
}
