/**
 * ARP for IPv4 over Ethernet (RFC 826): the 28-byte packet, the frames the Linux kernel and
 * MetalLB build, Linux's notion of a gratuitous ARP, and tcpdump's one-line summary.
 */
import { type Mac, BROADCAST_MAC, ZERO_MAC, bytesToMac, formatIpv4, isUnicastIpv4, macToBytes } from './addr';
import { ETHERTYPE_ARP, ETH_HEADER_LEN, decodeEthernet, encodeEthernet } from './ethernet';

export const ARP_REQUEST = 1;
export const ARP_REPLY = 2;
export const ARP_LEN = 28;

export interface ArpPacket {
  /** 1 request, 2 reply (other opcodes decode but are not built here). */
  op: number;
  sha: Mac;
  spa: number;
  tha: Mac;
  tpa: number;
}

export function encodeArp(p: ArpPacket): Uint8Array {
  const b = new Uint8Array(ARP_LEN);
  const v = new DataView(b.buffer);
  v.setUint16(0, 1); // HTYPE Ethernet
  v.setUint16(2, 0x0800); // PTYPE IPv4
  b[4] = 6;
  b[5] = 4;
  v.setUint16(6, p.op);
  b.set(macToBytes(p.sha), 8);
  v.setUint32(14, p.spa >>> 0);
  b.set(macToBytes(p.tha), 18);
  v.setUint32(24, p.tpa >>> 0);
  return b;
}

/** Decodes the first 28 bytes (padding after them is ignored); null unless Ethernet/IPv4. */
export function decodeArp(bytes: Uint8Array): ArpPacket | null {
  if (bytes.length < ARP_LEN) return null;
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (v.getUint16(0) !== 1 || v.getUint16(2) !== 0x0800 || bytes[4] !== 6 || bytes[5] !== 4) return null;
  return {
    op: v.getUint16(6),
    sha: bytesToMac(bytes, 8),
    spa: v.getUint32(14),
    tha: bytesToMac(bytes, 18),
    tpa: v.getUint32(24)
  };
}

/** An ARP packet inside an Ethernet frame, with the frame's own addresses. */
export interface ArpFrame {
  ethDst: Mac;
  ethSrc: Mac;
  arp: ArpPacket;
  /** Whole frame length (42 unpadded, 60 padded). */
  frameLen: number;
}

export function decodeArpFrame(frame: Uint8Array): ArpFrame | null {
  const eth = decodeEthernet(frame);
  if (!eth || eth.ethertype !== ETHERTYPE_ARP) return null;
  const arp = decodeArp(eth.payload);
  return arp ? { ethDst: eth.dst, ethSrc: eth.src, arp, frameLen: frame.length } : null;
}

export function arpFrame(ethDst: Mac, ethSrc: Mac, arp: ArpPacket, pad: boolean): Uint8Array {
  return encodeEthernet({ dst: ethDst, src: ethSrc, ethertype: ETHERTYPE_ARP, payload: encodeArp(arp) }, { pad });
}

// ---------------------------------------------------------------- what Linux sends (42 bytes)

/**
 * The kernel's who-has: THA zero. Broadcast while resolving (INCOMPLETE); sent unicast to the
 * cached MAC when re-confirming an entry (PROBE). The NIC pads later, so a capture on the
 * sender shows 42 bytes.
 */
export function kernelArpRequest(srcMac: Mac, srcIp: number, targetIp: number, ethDst: Mac = BROADCAST_MAC): Uint8Array {
  return arpFrame(ethDst, srcMac, { op: ARP_REQUEST, sha: srcMac, spa: srcIp, tha: ZERO_MAC, tpa: targetIp }, false);
}

/** The kernel's answer for one of its own addresses: unicast to the requester, THA = its SHA. */
export function kernelArpReply(srcMac: Mac, ownIp: number, req: ArpPacket): Uint8Array {
  return arpFrame(req.sha, srcMac, { op: ARP_REPLY, sha: srcMac, spa: ownIp, tha: req.sha, tpa: req.spa }, false);
}

// ---------------------------------------------------------------- what MetalLB sends (60 bytes)

/**
 * MetalLB's answer for a VIP (internal/layer2 `Reply`): built in userspace and padded to 60
 * bytes; the Ethernet destination is the request's SHA, not its Ethernet source.
 */
export function metallbArpReply(ifaceMac: Mac, vip: number, req: ArpPacket): Uint8Array {
  return arpFrame(req.sha, ifaceMac, { op: ARP_REPLY, sha: ifaceMac, spa: vip, tha: req.sha, tpa: req.spa }, true);
}

/**
 * MetalLB's gratuitous announcement: a broadcast request then a broadcast reply, both with
 * SPA = TPA = VIP and THA = ff:ff:ff:ff:ff:ff, padded to 60 bytes.
 */
export function metallbGratuitousPair(ifaceMac: Mac, vip: number): [Uint8Array, Uint8Array] {
  const mk = (op: number) =>
    arpFrame(BROADCAST_MAC, ifaceMac, { op, sha: ifaceMac, spa: vip, tha: BROADCAST_MAC, tpa: vip }, true);
  return [mk(ARP_REQUEST), mk(ARP_REPLY)];
}

/**
 * Linux `arp_is_garp`: target IP equals sender IP, the sender is a unicast address, and a reply
 * must also carry THA == SHA. So MetalLB's gratuitous *request* counts and its reply
 * (THA broadcast) does not.
 */
export function isGratuitous(p: ArpPacket): boolean {
  if (p.tpa !== p.spa || !isUnicastIpv4(p.spa)) return false;
  if (p.op === ARP_REPLY) return p.tha === p.sha;
  return true;
}

/** tcpdump 4.99 `-nn` line without timestamp; `length` is the frame length minus 14. */
export function arpSummary(p: ArpPacket, frameLen: number): string {
  const len = frameLen - ETH_HEADER_LEN;
  let body: string;
  if (p.op === ARP_REQUEST) {
    const tha = p.tha !== ZERO_MAC ? ` (${p.tha})` : '';
    body = `Request who-has ${formatIpv4(p.tpa)}${tha} tell ${formatIpv4(p.spa)}`;
  } else if (p.op === ARP_REPLY) {
    body = `Reply ${formatIpv4(p.spa)} is-at ${p.sha}`;
  } else {
    body = `Unknown (${p.op})`; // tcpdump would add a hex dump here
  }
  return `ARP, ${body}, length ${len}`;
}
