/** OPEN (RFC 4271 §4.2) with capabilities in optional parameters (RFC 5492). */
import { ByteWriter, u16, u32 } from './bytes';
import {
  AS_TRANS,
  BGP_VERSION,
  CAP_AS4,
  CAP_MULTIPROTOCOL,
  CAP_ROUTE_REFRESH,
  ERR_OPEN,
  MSG_OPEN,
  OPEN_BAD_BGP_ID,
  OPEN_UNACCEPTABLE_HOLD,
  OPEN_UNSUPPORTED_PARAM,
  OPEN_UNSUPPORTED_VERSION,
  OPT_PARAM_CAPABILITIES
} from './constants';
import { frameMessage } from './header';
import type { BgpError, Capability, DecodeResult, OpenMessage } from './types';

export function mpCapability(afi: number, safi: number): Capability {
  return { code: CAP_MULTIPROTOCOL, value: new ByteWriter().u16(afi).u8(0).u8(safi).done() };
}

export function routeRefreshCapability(): Capability {
  return { code: CAP_ROUTE_REFRESH, value: new Uint8Array(0) };
}

export function as4Capability(asn: number): Capability {
  return { code: CAP_AS4, value: new ByteWriter().u32(asn).done() };
}

/** The 2-octet My AS for an ASN (RFC 6793 §4.1). */
export function myAsField(asn: number): number {
  return asn > 0xffff ? AS_TRANS : asn;
}

/** The speaker's real ASN: the 4-octet capability's when present, else My AS. */
export function openAsn(o: OpenMessage): number {
  const c = o.capabilities.find((x) => x.code === CAP_AS4 && x.value.length === 4);
  return c ? u32(c.value, 0) : o.myAs;
}

export function hasCapability(o: OpenMessage, code: number): boolean {
  return o.capabilities.some((c) => c.code === code);
}

/** Does the OPEN announce Multiprotocol for this AFI/SAFI? */
export function hasAfiSafi(o: OpenMessage, afi: number, safi: number): boolean {
  return o.capabilities.some((c) => c.code === CAP_MULTIPROTOCOL && c.value.length === 4 && u16(c.value, 0) === afi && c.value[3] === safi);
}

export function encodeOpen(o: Omit<OpenMessage, 'type'>): Uint8Array {
  const params = new ByteWriter();
  const capBytes = (c: Capability) => new ByteWriter().u8(c.code).u8(c.value.length).bytes(c.value).done();
  if (o.packing === 'single') {
    const all = new ByteWriter();
    for (const c of o.capabilities) all.bytes(capBytes(c));
    if (all.length) params.u8(OPT_PARAM_CAPABILITIES).u8(all.length).bytes(all.done());
  } else {
    for (const c of o.capabilities) {
      const b = capBytes(c);
      params.u8(OPT_PARAM_CAPABILITIES).u8(b.length).bytes(b);
    }
  }
  const body = new ByteWriter().u8(o.version).u16(o.myAs).u16(o.holdTime).u32(o.bgpId).u8(params.length).bytes(params.done());
  return frameMessage(MSG_OPEN, body.done());
}

function openError(subcode: number, reason: string, data: Uint8Array = new Uint8Array(0)): { ok: false; error: BgpError } {
  return { ok: false, error: { code: ERR_OPEN, subcode, data, reason } };
}

/** Decode an OPEN body (after the header). Errors name the §6.2 subcode to send. */
export function decodeOpenBody(b: Uint8Array): DecodeResult<OpenMessage> {
  if (b.length < 10) return openError(0, 'OPEN too short');
  const version = b[0];
  // The data of Unsupported Version Number is the largest version we support (§6.2).
  if (version !== BGP_VERSION) return openError(OPEN_UNSUPPORTED_VERSION, `unsupported version ${version}`, Uint8Array.of(0, BGP_VERSION));
  const myAs = u16(b, 1);
  const holdTime = u16(b, 3);
  const bgpId = u32(b, 5);
  const optLen = b[9];
  if (10 + optLen !== b.length) return openError(0, `optional parameters length ${optLen} does not match the message`);
  if (holdTime === 1 || holdTime === 2) return openError(OPEN_UNACCEPTABLE_HOLD, `unacceptable hold time ${holdTime}`);
  if (bgpId === 0) return openError(OPEN_BAD_BGP_ID, 'BGP identifier 0.0.0.0');
  const capabilities: Capability[] = [];
  let params = 0;
  let caps = 0;
  for (let off = 10; off < b.length; ) {
    if (off + 2 > b.length) return openError(0, 'truncated optional parameter');
    const ptype = b[off];
    const plen = b[off + 1];
    const end = off + 2 + plen;
    if (end > b.length) return openError(0, 'optional parameter overruns the message');
    if (ptype !== OPT_PARAM_CAPABILITIES) return openError(OPEN_UNSUPPORTED_PARAM, `unsupported optional parameter ${ptype}`);
    params++;
    for (let c = off + 2; c < end; ) {
      if (c + 2 > end) return openError(0, 'truncated capability');
      const clen = b[c + 1];
      if (c + 2 + clen > end) return openError(0, 'capability overruns its parameter');
      capabilities.push({ code: b[c], value: b.slice(c + 2, c + 2 + clen) });
      caps++;
      c += 2 + clen;
    }
    off = end;
  }
  const packing = params === 1 && caps > 1 ? 'single' : 'per-capability';
  return { ok: true, msg: { type: 'open', version, myAs, holdTime, bgpId, capabilities, packing } };
}
