import type { Lab } from '../lab';
import { writePcap } from '../net/pcap';

/** Every frame the trace saw on a bridge (default `kind`), as a libpcap file. */
export function pcapOfLab(lab: Lab, segment = 'kind'): Uint8Array {
  const frames = lab.sim.trace.ofType('frame').filter((f) => f.segment === segment);
  return writePcap(
    frames.map((f) => ({ t: f.t, bytes: f.bytes })),
    lab.sim.clock.epochMs
  );
}
