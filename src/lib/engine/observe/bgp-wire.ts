/**
 * BGP messages read straight off a frame (IPv4, TCP port 179), just enough for the timeline and
 * the stopwatch: which prefixes an UPDATE announces or withdraws, and a NOTIFICATION's code.
 * A segment can hold several messages; a message cut across segments is skipped (the lab's
 * speakers write one message per segment).
 */
import { formatIpv4 } from '../net/addr';
import { u16, u32 } from './bytes';

const BGP_PORT = 179;
const HEADER = 19;
const TYPE_UPDATE = 2;
const TYPE_NOTIFICATION = 3;

export type WireMessage =
  | { type: 'update'; withdrawn: string[]; nlri: string[] }
  | { type: 'notification'; code: number; subcode: number }
  | { type: 'other' };

export interface BgpSegment {
  srcIp: string;
  dstIp: string;
  messages: WireMessage[];
}

/** IPv4 prefixes in RFC 4271's packed form (length octet, then just enough address octets). */
function prefixes(b: Uint8Array, from: number, end: number): string[] {
  const out: string[] = [];
  let o = from;
  while (o < end) {
    const len = b[o];
    const n = Math.ceil(len / 8);
    if (len > 32 || o + 1 + n > end) break;
    const oct = [0, 0, 0, 0];
    for (let i = 0; i < n; i++) oct[i] = b[o + 1 + i];
    out.push(`${oct.join('.')}/${len}`);
    o += 1 + n;
  }
  return out;
}

function message(b: Uint8Array, o: number, len: number): WireMessage {
  const type = b[o + 18];
  const body = o + HEADER;
  const end = o + len;
  if (type === TYPE_NOTIFICATION && len >= HEADER + 2) return { type: 'notification', code: b[body], subcode: b[body + 1] };
  if (type !== TYPE_UPDATE || len < HEADER + 4) return { type: 'other' };
  const wLen = u16(b, body);
  const wEnd = body + 2 + wLen;
  if (wEnd + 2 > end) return { type: 'other' };
  const aLen = u16(b, wEnd);
  const nStart = wEnd + 2 + aLen;
  if (nStart > end) return { type: 'other' };
  return { type: 'update', withdrawn: prefixes(b, body + 2, wEnd), nlri: prefixes(b, nStart, end) };
}

/** The BGP messages in a frame, or null when it is not a TCP/179 segment carrying any. */
export function bgpSegment(b: Uint8Array): BgpSegment | null {
  if (b.length < 54 || u16(b, 12) !== 0x0800 || b[23] !== 6) return null;
  const l4 = 14 + (b[14] & 0x0f) * 4;
  if (l4 + 20 > b.length) return null;
  if (u16(b, l4) !== BGP_PORT && u16(b, l4 + 2) !== BGP_PORT) return null;
  const ipEnd = Math.min(b.length, 14 + u16(b, 16));
  let o = l4 + (b[l4 + 12] >> 4) * 4;
  const messages: WireMessage[] = [];
  scan: while (o + HEADER <= ipEnd) {
    for (let i = 0; i < 16; i++) if (b[o + i] !== 0xff) break scan; // not a message boundary
    const len = u16(b, o + 16);
    if (len < HEADER || o + len > ipEnd) break;
    messages.push(message(b, o, len));
    o += len;
  }
  return messages.length ? { srcIp: formatIpv4(u32(b, 26)), dstIp: formatIpv4(u32(b, 30)), messages } : null;
}
