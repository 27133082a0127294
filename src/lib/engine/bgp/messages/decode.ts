/**
 * Decoding whole messages, and splitting a TCP byte stream into them. Never throws: a bad
 * message comes back as the NOTIFICATION the receiver must send (§6).
 */
import { BGP_HEADER_LEN, MSG_KEEPALIVE, MSG_NOTIFICATION, MSG_OPEN, MSG_ROUTE_REFRESH, MSG_UPDATE } from './constants';
import { ByteWriter, u16 } from './bytes';
import { checkHeader, frameMessage } from './header';
import { decodeNotificationBody } from './notification';
import { decodeOpenBody } from './open';
import { decodeUpdateBody } from './update';
import type { BgpError, BgpMessage, DecodeContext, DecodeResult } from './types';

export function encodeKeepalive(): Uint8Array {
  return frameMessage(MSG_KEEPALIVE, new Uint8Array(0));
}

export function encodeRouteRefresh(afi: number, safi: number): Uint8Array {
  return frameMessage(MSG_ROUTE_REFRESH, new ByteWriter().u16(afi).u8(0).u8(safi).done());
}

/** Decode one complete message (header included). */
export function decodeMessage(b: Uint8Array, ctx: DecodeContext): DecodeResult<BgpMessage> {
  if (b.length < BGP_HEADER_LEN) return { ok: false, error: { code: 1, subcode: 2, data: new Uint8Array(0), reason: 'message shorter than the header' } };
  const h = checkHeader(b);
  if (!h.ok) return h;
  if (h.header.length !== b.length) return { ok: false, error: { code: 1, subcode: 2, data: b.slice(16, 18), reason: 'length field does not match the message' } };
  const body = b.slice(BGP_HEADER_LEN);
  switch (h.header.type) {
    case MSG_OPEN:
      return decodeOpenBody(body);
    case MSG_UPDATE:
      return decodeUpdateBody(body, ctx.as4);
    case MSG_NOTIFICATION:
      return decodeNotificationBody(body);
    case MSG_KEEPALIVE:
      return { ok: true, msg: { type: 'keepalive' } };
    default:
      return { ok: true, msg: { type: 'route-refresh', afi: u16(body, 0), safi: body[3] } };
  }
}

/**
 * Reassembles messages from TCP segments (BGP has no framing beyond its length field). push()
 * returns the complete messages so far; after a header error the stream is unusable and every
 * later push returns that error again.
 */
export class MessageReader {
  private buf = new Uint8Array(0);
  private failed: BgpError | null = null;

  push(data: Uint8Array): { messages: Uint8Array[]; error: BgpError | null } {
    if (this.failed) return { messages: [], error: this.failed };
    const joined = new Uint8Array(this.buf.length + data.length);
    joined.set(this.buf);
    joined.set(data, this.buf.length);
    const messages: Uint8Array[] = [];
    let off = 0;
    while (joined.length - off >= BGP_HEADER_LEN) {
      const h = checkHeader(joined.subarray(off, off + BGP_HEADER_LEN));
      if (!h.ok) {
        this.failed = h.error;
        return { messages, error: h.error };
      }
      if (joined.length - off < h.header.length) break;
      messages.push(joined.slice(off, off + h.header.length));
      off += h.header.length;
    }
    this.buf = joined.slice(off);
    return { messages, error: null };
  }
}
