/** One-line tcpdump-style summary of any Ethernet frame, for the trace and the packet list. */
import { arpSummary, decodeArp } from './arp';
import { ETHERTYPE_ARP, ETHERTYPE_IPV4, decodeEthernet } from './ethernet';
import { type SummaryOptions, ipv4BytesSummary } from './ipv4-summary';

export function frameSummary(frame: Uint8Array, opts: SummaryOptions = {}): string {
  const eth = decodeEthernet(frame);
  if (!eth) return `[|ether] ${frame.length} bytes`;
  if (eth.ethertype === ETHERTYPE_ARP) {
    const arp = decodeArp(eth.payload);
    return arp ? arpSummary(arp, frame.length) : `ARP, truncated, length ${frame.length - 14}`;
  }
  if (eth.ethertype === ETHERTYPE_IPV4) return ipv4BytesSummary(eth.payload, opts);
  return `ethertype Unknown (0x${eth.ethertype.toString(16).padStart(4, '0')}), length ${frame.length}`;
}
