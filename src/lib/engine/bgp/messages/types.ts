/** BGP messages as values: what the codec encodes from and decodes to. */
import type { Cidr } from '../../net/addr';

export interface Capability {
  code: number;
  /** Raw value bytes (MP: AFI/res/SAFI; AS4: the u32 ASN; Route Refresh: none). */
  value: Uint8Array;
}

export interface OpenMessage {
  type: 'open';
  version: number;
  /** The 2-octet My AS field as sent (AS_TRANS when the real ASN is larger). */
  myAs: number;
  holdTime: number;
  /** BGP Identifier as a u32. */
  bgpId: number;
  capabilities: Capability[];
  /**
   * How capabilities are packed into optional parameters: MetalLB native puts them all in one
   * parameter, FRR gives each capability a parameter of its own. Both are legal (RFC 5492).
   */
  packing: 'single' | 'per-capability';
}

export interface AsPathSegment {
  type: number;
  asns: number[];
}

export interface PathAttributes {
  /** ORIGIN: 0 IGP, 1 EGP, 2 INCOMPLETE. */
  origin?: number;
  asPath?: AsPathSegment[];
  nextHop?: number;
  med?: number;
  localPref?: number;
  communities?: number[];
  /** Attributes this codec does not interpret, kept for display (type, flags, value). */
  other?: { flags: number; type: number; value: Uint8Array }[];
}

export interface UpdateMessage {
  type: 'update';
  withdrawn: Cidr[];
  attrs: PathAttributes;
  nlri: Cidr[];
}

export interface NotificationMessage {
  type: 'notification';
  code: number;
  subcode: number;
  data: Uint8Array;
}

export interface KeepaliveMessage {
  type: 'keepalive';
}

export interface RouteRefreshMessage {
  type: 'route-refresh';
  afi: number;
  safi: number;
}

export type BgpMessage = OpenMessage | UpdateMessage | NotificationMessage | KeepaliveMessage | RouteRefreshMessage;

/** What a receiver must send back when a message is bad (§6): the NOTIFICATION to send. */
export interface BgpError {
  code: number;
  subcode: number;
  data: Uint8Array;
  /** Why, in words, for logs and the trace. */
  reason: string;
}

export type DecodeResult<T> = { ok: true; msg: T } | { ok: false; error: BgpError };

/** Session context a decoder needs: whether both sides announced 4-octet AS (RFC 6793). */
export interface DecodeContext {
  as4: boolean;
}
