/**
 * Ethernet II framing, as the bytes appear in a pcap: destination, source, EtherType, payload,
 * no FCS. The minimum frame is 60 bytes; who pads matters (tcpdump shows `length 28` for the
 * kernel's unpadded ARP and `length 46` for MetalLB's padded one), so padding is the caller's
 * choice.
 */
import { type Mac, bytesToMac, macToBytes } from './addr';

export const ETHERTYPE_IPV4 = 0x0800;
export const ETHERTYPE_ARP = 0x0806;
export const ETH_HEADER_LEN = 14;
/** Minimum payload so the frame (without FCS) reaches 60 bytes. */
export const ETH_MIN_PAYLOAD = 46;

export interface EthernetFrame {
  dst: Mac;
  src: Mac;
  ethertype: number;
  /** Everything after the header, padding included when decoded. */
  payload: Uint8Array;
}

export function encodeEthernet(f: EthernetFrame, opts: { pad?: boolean } = {}): Uint8Array {
  const payloadLen = opts.pad ? Math.max(f.payload.length, ETH_MIN_PAYLOAD) : f.payload.length;
  const out = new Uint8Array(ETH_HEADER_LEN + payloadLen);
  out.set(macToBytes(f.dst), 0);
  out.set(macToBytes(f.src), 6);
  out[12] = (f.ethertype >> 8) & 0xff;
  out[13] = f.ethertype & 0xff;
  out.set(f.payload, ETH_HEADER_LEN);
  return out;
}

export function decodeEthernet(bytes: Uint8Array): EthernetFrame | null {
  if (bytes.length < ETH_HEADER_LEN) return null;
  return {
    dst: bytesToMac(bytes, 0),
    src: bytesToMac(bytes, 6),
    ethertype: (bytes[12] << 8) | bytes[13],
    payload: bytes.slice(ETH_HEADER_LEN)
  };
}

/** Destination MAC of a raw frame without decoding the rest (the bridge's forwarding key). */
export function frameDst(bytes: Uint8Array): Mac | null {
  return bytes.length >= 6 ? bytesToMac(bytes, 0) : null;
}
