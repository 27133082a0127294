/** A raw Ethernet frame, decoded as far as the filter needs. */
import type { FilterFrame } from './types';

/** Offset of a protocol's header inside the frame, or null when the frame does not carry it. */
export function protoOffset(f: FilterFrame, proto: string): number | null {
  switch (proto) {
    case 'ether': return 0;
    case 'ip': return f.ethertype === 0x0800 ? 14 : null;
    case 'arp': case 'rarp': return f.ethertype === 0x0806 || f.ethertype === 0x8035 ? 14 : null;
    case 'tcp': return f.ip && f.ip.proto === 6 && !f.ip.frag ? 14 + f.ip.ihl : null;
    case 'udp': return f.ip && f.ip.proto === 17 && !f.ip.frag ? 14 + f.ip.ihl : null;
    case 'icmp': return f.ip && f.ip.proto === 1 && !f.ip.frag ? 14 + f.ip.ihl : null;
    case 'igmp': return f.ip && f.ip.proto === 2 ? 14 + f.ip.ihl : null;
    case 'sctp': return f.ip && f.ip.proto === 132 ? 14 + f.ip.ihl : null;
    default: return null;
  }
}

/** Decode what the filter needs from a raw Ethernet frame. */
export function filterFrame(bytes: Uint8Array): FilterFrame | null {
  if (bytes.length < 14) return null;
  const hexb = (o: number) => Array.from(bytes.subarray(o, o + 6), (b) => b.toString(16).padStart(2, '0')).join(':');
  const f: FilterFrame = { bytes, ethDst: hexb(0), ethSrc: hexb(6), ethertype: (bytes[12] << 8) | bytes[13] };
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (f.ethertype === 0x0800 && bytes.length >= 34 && bytes[14] >> 4 === 4) {
    const ihl = (bytes[14] & 0x0f) * 4;
    const fragField = v.getUint16(20);
    const frag = (fragField & 0x1fff) !== 0;
    f.ip = { src: v.getUint32(26), dst: v.getUint32(30), proto: bytes[23], ihl, frag };
    if ((f.ip.proto === 6 || f.ip.proto === 17 || f.ip.proto === 132) && !frag && bytes.length >= 14 + ihl + 4) {
      f.ports = { src: v.getUint16(14 + ihl), dst: v.getUint16(14 + ihl + 2) };
    }
  } else if ((f.ethertype === 0x0806 || f.ethertype === 0x8035) && bytes.length >= 42) {
    f.arp = { spa: v.getUint32(28), tpa: v.getUint32(38) };
  }
  return f;
}
