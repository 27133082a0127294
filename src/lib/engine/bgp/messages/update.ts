/** UPDATE (§4.3): withdrawn routes, path attributes, NLRI; checks of §6.3. */
import { ByteWriter, u16 } from './bytes';
import { ATTR_AS_PATH, ATTR_NEXT_HOP, ATTR_ORIGIN, ERR_UPDATE, MSG_UPDATE, UPD_INVALID_NETWORK, UPD_MALFORMED_ATTR_LIST, UPD_MISSING_WELLKNOWN } from './constants';
import { decodeAttributes, encodeAttributes } from './attributes';
import { frameMessage } from './header';
import { decodePrefixes, encodePrefixes } from './prefix';
import type { DecodeResult, UpdateMessage } from './types';

export function encodeUpdate(u: Omit<UpdateMessage, 'type'>, as4: boolean): Uint8Array {
  const wd = new ByteWriter();
  encodePrefixes(wd, u.withdrawn);
  const attrs = u.nlri.length || Object.keys(u.attrs).length ? encodeAttributes(u.attrs, as4) : new Uint8Array(0);
  const w = new ByteWriter().u16(wd.length).bytes(wd.done()).u16(attrs.length).bytes(attrs);
  encodePrefixes(w, u.nlri);
  return frameMessage(MSG_UPDATE, w.done());
}

/** End-of-RIB for IPv4 unicast (RFC 4724): an UPDATE with nothing in it. */
export function encodeEndOfRib(): Uint8Array {
  return frameMessage(MSG_UPDATE, Uint8Array.of(0, 0, 0, 0));
}

function bad(subcode: number, reason: string, data: Uint8Array = new Uint8Array(0)): DecodeResult<UpdateMessage> {
  return { ok: false, error: { code: ERR_UPDATE, subcode, data, reason } };
}

export function decodeUpdateBody(b: Uint8Array, as4: boolean): DecodeResult<UpdateMessage> {
  const wdLen = u16(b, 0);
  if (2 + wdLen + 2 > b.length) return bad(UPD_MALFORMED_ATTR_LIST, 'withdrawn routes length overruns the message');
  const withdrawn = decodePrefixes(b.slice(2, 2 + wdLen));
  if (!withdrawn) return bad(UPD_INVALID_NETWORK, 'invalid withdrawn prefix');
  const attrLen = u16(b, 2 + wdLen);
  const attrStart = 4 + wdLen;
  if (attrStart + attrLen > b.length) return bad(UPD_MALFORMED_ATTR_LIST, 'path attribute length overruns the message');
  const attrs = decodeAttributes(b.slice(attrStart, attrStart + attrLen), as4);
  if (!attrs.ok) return attrs;
  const nlri = decodePrefixes(b.slice(attrStart + attrLen));
  if (!nlri) return bad(UPD_INVALID_NETWORK, 'invalid NLRI prefix');
  if (nlri.length) {
    // §6.3: the data of Missing Well-known Attribute is the missing type code
    const a = attrs.attrs;
    if (a.origin === undefined) return bad(UPD_MISSING_WELLKNOWN, 'missing ORIGIN', Uint8Array.of(ATTR_ORIGIN));
    if (a.asPath === undefined) return bad(UPD_MISSING_WELLKNOWN, 'missing AS_PATH', Uint8Array.of(ATTR_AS_PATH));
    if (a.nextHop === undefined) return bad(UPD_MISSING_WELLKNOWN, 'missing NEXT_HOP', Uint8Array.of(ATTR_NEXT_HOP));
  }
  return { ok: true, msg: { type: 'update', withdrawn, attrs: attrs.attrs, nlri } };
}
