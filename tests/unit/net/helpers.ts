/** Test-only helpers written independently of the engine's code. */

export function hex(b: Uint8Array): string {
  return Buffer.from(b).toString('hex');
}

export function fromHex(s: string): Uint8Array {
  return new Uint8Array(Buffer.from(s.replace(/[\s|]/g, ''), 'hex'));
}

/** RFC 1071 with Node's Buffer: sum big-endian 16-bit words, fold, invert. */
export function refChecksum(parts: Uint8Array[]): number {
  const buf = Buffer.concat(parts.map((p) => Buffer.from(p)));
  const b = buf.length % 2 ? Buffer.concat([buf, Buffer.alloc(1)]) : buf;
  let sum = 0;
  for (let i = 0; i < b.length; i += 2) sum += b.readUInt16BE(i);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

export function ipBytes(s: string): Uint8Array {
  return new Uint8Array(s.split('.').map(Number));
}

/** TCP/UDP pseudo-header: src, dst, 0, protocol, length. */
export function pseudo(src: string, dst: string, proto: number, len: number): Uint8Array {
  const b = Buffer.alloc(12);
  Buffer.from(ipBytes(src)).copy(b, 0);
  Buffer.from(ipBytes(dst)).copy(b, 4);
  b[9] = proto;
  b.writeUInt16BE(len, 10);
  return new Uint8Array(b);
}
