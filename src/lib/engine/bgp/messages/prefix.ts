/** NLRI and withdrawn-route prefixes (§4.3): a length in bits, then the fewest octets that hold it. */
import { type Cidr, makeCidr } from '../../net/addr';
import { ByteWriter } from './bytes';

export function encodePrefixes(w: ByteWriter, list: readonly Cidr[]): void {
  for (const p of list) {
    w.u8(p.prefix);
    const n = Math.ceil(p.prefix / 8);
    for (let i = 0; i < n; i++) w.u8(p.network >>> (24 - 8 * i));
  }
}

/** Decode a run of prefixes; null when one is longer than 32 bits or overruns the field. */
export function decodePrefixes(b: Uint8Array): Cidr[] | null {
  const out: Cidr[] = [];
  for (let off = 0; off < b.length; ) {
    const len = b[off];
    if (len > 32) return null;
    const n = Math.ceil(len / 8);
    if (off + 1 + n > b.length) return null;
    let ip = 0;
    for (let i = 0; i < 4; i++) ip = (ip << 8) | (i < n ? b[off + 1 + i] : 0);
    out.push(makeCidr(ip >>> 0, len));
    off += 1 + n;
  }
  return out;
}
