import type { Lab } from '../lib/engine/lab';
import { pcapOfLab } from '../lib/engine/observe/pcap';

/** Every frame the trace saw on the kind bridge, as a libpcap file (the engine's pcapOfLab). */
export function capturePcap(lab: Lab, segment = 'kind'): Uint8Array {
  return pcapOfLab(lab, segment);
}
