/**
 * libpcap savefiles: little-endian, microsecond timestamps (magic a1b2c3d4 written as
 * d4 c3 b2 a1), version 2.4, snaplen 262144, linktype 1 (Ethernet). Virtual time plus the
 * lab's epoch gives the wall-clock timestamps.
 */

export const PCAP_MAGIC_US = 0xa1b2c3d4;
export const PCAP_SNAPLEN = 262144;
export const LINKTYPE_ETHERNET = 1;

export interface PcapRecord {
  /** Virtual time in ms (fractions allowed: the bridge works in 50 µs steps). */
  t: number;
  bytes: Uint8Array;
}

/** Writes the global header and one record per frame; epochMs is the wall time of t = 0. */
export function writePcap(records: readonly PcapRecord[], epochMs = 0): Uint8Array {
  const size = 24 + records.reduce((n, r) => n + 16 + Math.min(r.bytes.length, PCAP_SNAPLEN), 0);
  const out = new Uint8Array(size);
  const v = new DataView(out.buffer);
  v.setUint32(0, PCAP_MAGIC_US, true);
  v.setUint16(4, 2, true);
  v.setUint16(6, 4, true);
  v.setInt32(8, 0, true); // thiszone
  v.setUint32(12, 0, true); // sigfigs
  v.setUint32(16, PCAP_SNAPLEN, true);
  v.setUint32(20, LINKTYPE_ETHERNET, true);
  let off = 24;
  for (const r of records) {
    // whole microseconds since 1970, split without losing precision
    const us = Math.round((epochMs + r.t) * 1000);
    const sec = Math.floor(us / 1_000_000);
    const incl = Math.min(r.bytes.length, PCAP_SNAPLEN);
    v.setUint32(off, sec >>> 0, true);
    v.setUint32(off + 4, us - sec * 1_000_000, true);
    v.setUint32(off + 8, incl, true);
    v.setUint32(off + 12, r.bytes.length, true);
    out.set(r.bytes.subarray(0, incl), off + 16);
    off += 16 + incl;
  }
  return out;
}

export interface PcapFile {
  snaplen: number;
  linktype: number;
  records: { sec: number; usec: number; origLen: number; bytes: Uint8Array }[];
}

/** Reads what writePcap writes (little-endian, µs); null for anything else or a cut file. */
export function readPcap(data: Uint8Array): PcapFile | null {
  if (data.length < 24) return null;
  const v = new DataView(data.buffer, data.byteOffset, data.byteLength);
  if (v.getUint32(0, true) !== PCAP_MAGIC_US || v.getUint16(4, true) !== 2 || v.getUint16(6, true) !== 4) return null;
  const file: PcapFile = { snaplen: v.getUint32(16, true), linktype: v.getUint32(20, true), records: [] };
  let off = 24;
  while (off < data.length) {
    if (off + 16 > data.length) return null;
    const incl = v.getUint32(off + 8, true);
    if (off + 16 + incl > data.length) return null;
    file.records.push({ sec: v.getUint32(off, true), usec: v.getUint32(off + 4, true), origLen: v.getUint32(off + 12, true), bytes: data.slice(off + 16, off + 16 + incl) });
    off += 16 + incl;
  }
  return file;
}

/** MIME type for a download. */
export const PCAP_MIME = 'application/vnd.tcpdump.pcap';
