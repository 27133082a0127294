/**
 * Path attributes (§4.3, §5; RFC 1997 communities; RFC 6793 4-octet AS_PATH) and the attribute
 * checks of §6.3, each giving the UPDATE Message Error subcode a receiver sends.
 */
import { isMulticastIpv4 } from '../../net/addr';
import { ByteWriter, u16, u32 } from './bytes';
import {
  ATTR_AS_PATH,
  ATTR_COMMUNITIES,
  ATTR_EXTENDED,
  ATTR_LOCAL_PREF,
  ATTR_MED,
  ATTR_NEXT_HOP,
  ATTR_OPTIONAL,
  ATTR_ORIGIN,
  ATTR_TRANSITIVE,
  ERR_UPDATE,
  UPD_ATTR_FLAGS,
  UPD_ATTR_LENGTH,
  UPD_INVALID_NEXT_HOP,
  UPD_INVALID_ORIGIN,
  UPD_MALFORMED_AS_PATH,
  UPD_MALFORMED_ATTR_LIST,
  UPD_UNRECOGNIZED_WELLKNOWN
} from './constants';
import type { AsPathSegment, BgpError, PathAttributes } from './types';

function attr(w: ByteWriter, flags: number, type: number, value: Uint8Array): void {
  // Extended Length only when the value does not fit in one octet.
  if (value.length > 255) w.u8(flags | ATTR_EXTENDED).u8(type).u16(value.length);
  else w.u8(flags).u8(type).u8(value.length);
  w.bytes(value);
}

function asPathValue(segs: readonly AsPathSegment[], as4: boolean): Uint8Array {
  const w = new ByteWriter();
  for (const s of segs) {
    w.u8(s.type).u8(s.asns.length);
    for (const a of s.asns) {
      if (as4) w.u32(a);
      else w.u16(a);
    }
  }
  return w.done();
}

/** Attributes in type-code order, the order FRR and MetalLB write them in. */
export function encodeAttributes(a: PathAttributes, as4: boolean): Uint8Array {
  const w = new ByteWriter();
  if (a.origin !== undefined) attr(w, ATTR_TRANSITIVE, ATTR_ORIGIN, Uint8Array.of(a.origin));
  if (a.asPath !== undefined) attr(w, ATTR_TRANSITIVE, ATTR_AS_PATH, asPathValue(a.asPath, as4));
  if (a.nextHop !== undefined) attr(w, ATTR_TRANSITIVE, ATTR_NEXT_HOP, new ByteWriter().u32(a.nextHop).done());
  if (a.med !== undefined) attr(w, ATTR_OPTIONAL, ATTR_MED, new ByteWriter().u32(a.med).done());
  if (a.localPref !== undefined) attr(w, ATTR_TRANSITIVE, ATTR_LOCAL_PREF, new ByteWriter().u32(a.localPref).done());
  if (a.communities?.length) {
    const v = new ByteWriter();
    for (const c of a.communities) v.u32(c);
    attr(w, ATTR_OPTIONAL | ATTR_TRANSITIVE, ATTR_COMMUNITIES, v.done());
  }
  for (const o of a.other ?? []) attr(w, o.flags & ~ATTR_EXTENDED, o.type, o.value);
  return w.done();
}

function updError(subcode: number, reason: string, data: Uint8Array = new Uint8Array(0)): { ok: false; error: BgpError } {
  return { ok: false, error: { code: ERR_UPDATE, subcode, data, reason } };
}

function decodeAsPath(v: Uint8Array, as4: boolean): AsPathSegment[] | null {
  const size = as4 ? 4 : 2;
  const segs: AsPathSegment[] = [];
  for (let off = 0; off < v.length; ) {
    if (off + 2 > v.length) return null;
    const type = v[off];
    const n = v[off + 1];
    // AS_SET, AS_SEQUENCE and the two confederation types (RFC 5065); an empty segment is malformed
    if (type < 1 || type > 4 || n === 0 || off + 2 + n * size > v.length) return null;
    const asns: number[] = [];
    for (let i = 0; i < n; i++) asns.push(as4 ? u32(v, off + 2 + 4 * i) : u16(v, off + 2 + 2 * i));
    segs.push({ type, asns });
    off += 2 + n * size;
  }
  return segs;
}

/** Well-known attributes: their fixed flags (Optional 0, Transitive 1) and value length. */
const WELL_KNOWN: Record<number, number | null> = { [ATTR_ORIGIN]: 1, [ATTR_AS_PATH]: null, [ATTR_NEXT_HOP]: 4, [ATTR_LOCAL_PREF]: 4 };

export function decodeAttributes(b: Uint8Array, as4: boolean): { ok: true; attrs: PathAttributes } | { ok: false; error: BgpError } {
  const a: PathAttributes = {};
  const seen = new Set<number>();
  for (let off = 0; off < b.length; ) {
    if (off + 3 > b.length) return updError(UPD_MALFORMED_ATTR_LIST, 'truncated attribute header');
    const flags = b[off];
    const type = b[off + 1];
    const ext = (flags & ATTR_EXTENDED) !== 0;
    if (ext && off + 4 > b.length) return updError(UPD_MALFORMED_ATTR_LIST, 'truncated attribute header');
    const len = ext ? u16(b, off + 2) : b[off + 2];
    const start = off + (ext ? 4 : 3);
    const end = start + len;
    // §6.3: the data of these errors is the whole attribute (type, length, value)
    const whole = b.slice(off, Math.min(end, b.length));
    if (end > b.length) return updError(UPD_ATTR_LENGTH, `attribute ${type} overruns the attribute list`, whole);
    if (seen.has(type)) return updError(UPD_MALFORMED_ATTR_LIST, `attribute ${type} appears twice`);
    seen.add(type);
    const v = b.slice(start, end);
    const fixedLen = WELL_KNOWN[type];
    if (type in WELL_KNOWN) {
      if ((flags & (ATTR_OPTIONAL | ATTR_TRANSITIVE)) !== ATTR_TRANSITIVE) return updError(UPD_ATTR_FLAGS, `bad flags 0x${flags.toString(16)} on attribute ${type}`, whole);
      if (fixedLen !== null && fixedLen !== undefined && len !== fixedLen) return updError(UPD_ATTR_LENGTH, `attribute ${type} has length ${len}`, whole);
    }
    switch (type) {
      case ATTR_ORIGIN:
        if (v[0] > 2) return updError(UPD_INVALID_ORIGIN, `invalid ORIGIN ${v[0]}`, whole);
        a.origin = v[0];
        break;
      case ATTR_AS_PATH: {
        const segs = decodeAsPath(v, as4);
        if (!segs) return updError(UPD_MALFORMED_AS_PATH, 'malformed AS_PATH');
        a.asPath = segs;
        break;
      }
      case ATTR_NEXT_HOP: {
        const nh = u32(v, 0);
        if (nh === 0 || nh === 0xffffffff || isMulticastIpv4(nh)) return updError(UPD_INVALID_NEXT_HOP, 'invalid NEXT_HOP', whole);
        a.nextHop = nh;
        break;
      }
      case ATTR_LOCAL_PREF:
        a.localPref = u32(v, 0);
        break;
      case ATTR_MED:
        if (len !== 4) return updError(UPD_ATTR_LENGTH, `MULTI_EXIT_DISC has length ${len}`, whole);
        a.med = u32(v, 0);
        break;
      case ATTR_COMMUNITIES:
        if (len % 4 !== 0) return updError(UPD_ATTR_LENGTH, `COMMUNITIES has length ${len}`, whole);
        a.communities = [];
        for (let i = 0; i < len; i += 4) a.communities.push(u32(v, i));
        break;
      default:
        // An unknown attribute must be optional; an unknown well-known one is an error.
        if (!(flags & ATTR_OPTIONAL)) return updError(UPD_UNRECOGNIZED_WELLKNOWN, `unrecognized well-known attribute ${type}`, whole);
        (a.other ??= []).push({ flags, type, value: v });
    }
    off = end;
  }
  return { ok: true, attrs: a };
}
