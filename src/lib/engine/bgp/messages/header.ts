/** The common header (RFC 4271 §4.1) and its checks (§6.1). */
import { BGP_HEADER_LEN, BGP_MAX_LEN, ERR_HEADER, HDR_BAD_LENGTH, HDR_BAD_TYPE, HDR_NOT_SYNC, MIN_LEN, MSG_KEEPALIVE } from './constants';
import { ByteWriter, u16 } from './bytes';
import type { BgpError } from './types';

/** Marker of all ones, then the total length, then the type, then the body. */
export function frameMessage(type: number, body: Uint8Array): Uint8Array {
  const w = new ByteWriter();
  for (let i = 0; i < 16; i++) w.u8(0xff);
  w.u16(BGP_HEADER_LEN + body.length).u8(type).bytes(body);
  return w.done();
}

export interface Header {
  length: number;
  type: number;
}

export function headerError(subcode: number, data: Uint8Array, reason: string): BgpError {
  return { code: ERR_HEADER, subcode, data, reason };
}

/**
 * Check the first 19 bytes of a message. `b` must hold at least the header. The length is
 * checked against the type's minimum as §6.1 asks; the data of a Bad Message Length is the
 * erroneous length field, of a Bad Message Type the type octet.
 */
export function checkHeader(b: Uint8Array): { ok: true; header: Header } | { ok: false; error: BgpError } {
  for (let i = 0; i < 16; i++) {
    if (b[i] !== 0xff) return { ok: false, error: headerError(HDR_NOT_SYNC, new Uint8Array(0), 'marker is not all ones') };
  }
  const length = u16(b, 16);
  const type = b[18];
  const lenField = b.slice(16, 18);
  if (length < BGP_HEADER_LEN || length > BGP_MAX_LEN) return { ok: false, error: headerError(HDR_BAD_LENGTH, lenField, `bad message length ${length}`) };
  const min = MIN_LEN[type];
  if (min === undefined) return { ok: false, error: headerError(HDR_BAD_TYPE, Uint8Array.of(type), `bad message type ${type}`) };
  if (length < min || (type === MSG_KEEPALIVE && length !== BGP_HEADER_LEN))
    return { ok: false, error: headerError(HDR_BAD_LENGTH, lenField, `bad length ${length} for message type ${type}`) };
  return { ok: true, header: { length, type } };
}
