/**
 * BGP-4 numbers (RFC 4271 §4, §6; RFC 4760, 6793, 1997, 2918, 4486, 5492). One table per
 * registry, so the codec and the printers name things the same way.
 */

/** Header: 16-byte marker, u16 length, u8 type (§4.1). */
export const BGP_HEADER_LEN = 19;
/** Largest message without RFC 8654 extended messages. */
export const BGP_MAX_LEN = 4096;
export const BGP_PORT = 179;
export const BGP_VERSION = 4;
/** RFC 6793: the 2-octet My AS of a speaker whose ASN does not fit. */
export const AS_TRANS = 23456;

export const MSG_OPEN = 1;
export const MSG_UPDATE = 2;
export const MSG_NOTIFICATION = 3;
export const MSG_KEEPALIVE = 4;
export const MSG_ROUTE_REFRESH = 5;

/** Smallest legal length of each message type (§6.1 "Bad Message Length"). */
export const MIN_LEN: Record<number, number> = {
  [MSG_OPEN]: 29,
  [MSG_UPDATE]: 23,
  [MSG_NOTIFICATION]: 21,
  [MSG_KEEPALIVE]: 19,
  [MSG_ROUTE_REFRESH]: 23
};

/** OPEN optional parameter type 2 = Capabilities (RFC 5492). */
export const OPT_PARAM_CAPABILITIES = 2;

export const CAP_MULTIPROTOCOL = 1;
export const CAP_ROUTE_REFRESH = 2;
export const CAP_AS4 = 65;

export const AFI_IPV4 = 1;
export const AFI_IPV6 = 2;
export const SAFI_UNICAST = 1;

/** Path attribute flags (§4.3). */
export const ATTR_OPTIONAL = 0x80;
export const ATTR_TRANSITIVE = 0x40;
export const ATTR_PARTIAL = 0x20;
export const ATTR_EXTENDED = 0x10;

export const ATTR_ORIGIN = 1;
export const ATTR_AS_PATH = 2;
export const ATTR_NEXT_HOP = 3;
export const ATTR_MED = 4;
export const ATTR_LOCAL_PREF = 5;
export const ATTR_COMMUNITIES = 8;

export const ORIGIN_IGP = 0;
export const ORIGIN_EGP = 1;
export const ORIGIN_INCOMPLETE = 2;

export const AS_SET = 1;
export const AS_SEQUENCE = 2;

/** NOTIFICATION error codes (§4.5). */
export const ERR_HEADER = 1;
export const ERR_OPEN = 2;
export const ERR_UPDATE = 3;
export const ERR_HOLD_TIMER = 4;
export const ERR_FSM = 5;
export const ERR_CEASE = 6;

/** Message Header Error subcodes (§6.1). */
export const HDR_NOT_SYNC = 1;
export const HDR_BAD_LENGTH = 2;
export const HDR_BAD_TYPE = 3;

/** OPEN Message Error subcodes (§6.2, RFC 5492). */
export const OPEN_UNSUPPORTED_VERSION = 1;
export const OPEN_BAD_PEER_AS = 2;
export const OPEN_BAD_BGP_ID = 3;
export const OPEN_UNSUPPORTED_PARAM = 4;
export const OPEN_UNACCEPTABLE_HOLD = 6;
export const OPEN_UNSUPPORTED_CAPABILITY = 7;

/** UPDATE Message Error subcodes (§6.3). */
export const UPD_MALFORMED_ATTR_LIST = 1;
export const UPD_UNRECOGNIZED_WELLKNOWN = 2;
export const UPD_MISSING_WELLKNOWN = 3;
export const UPD_ATTR_FLAGS = 4;
export const UPD_ATTR_LENGTH = 5;
export const UPD_INVALID_ORIGIN = 6;
export const UPD_INVALID_NEXT_HOP = 8;
export const UPD_OPTIONAL_ATTR = 9;
export const UPD_INVALID_NETWORK = 10;
export const UPD_MALFORMED_AS_PATH = 11;

/** Cease subcodes (RFC 4486, 8538, 9384). */
export const CEASE_MAX_PREFIX = 1;
export const CEASE_ADMIN_SHUTDOWN = 2;
export const CEASE_PEER_UNCONFIG = 3;
export const CEASE_ADMIN_RESET = 4;
export const CEASE_CONNECT_REJECT = 5;
export const CEASE_CONFIG_CHANGE = 6;
export const CEASE_COLLISION = 7;
export const CEASE_OUT_OF_RESOURCES = 8;

/** Well-known communities (RFC 1997). */
export const COMMUNITY_NO_EXPORT = 0xffffff01;
export const COMMUNITY_NO_ADVERTISE = 0xffffff02;
export const COMMUNITY_NO_EXPORT_SUBCONFED = 0xffffff03;

/** Message type names as FRR's and Wireshark's texts use them. */
export const MESSAGE_NAMES: Record<number, string> = {
  [MSG_OPEN]: 'OPEN',
  [MSG_UPDATE]: 'UPDATE',
  [MSG_NOTIFICATION]: 'NOTIFICATION',
  [MSG_KEEPALIVE]: 'KEEPALIVE',
  [MSG_ROUTE_REFRESH]: 'ROUTE-REFRESH'
};
