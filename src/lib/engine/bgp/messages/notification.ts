/** NOTIFICATION (§4.5) and the names FRR logs and prints for each code and subcode. */
import { ByteWriter } from './bytes';
import { MSG_NOTIFICATION } from './constants';
import { frameMessage } from './header';
import type { DecodeResult, NotificationMessage } from './types';

export function encodeNotification(code: number, subcode: number, data: Uint8Array = new Uint8Array(0)): Uint8Array {
  return frameMessage(MSG_NOTIFICATION, new ByteWriter().u8(code).u8(subcode).bytes(data).done());
}

export function decodeNotificationBody(b: Uint8Array): DecodeResult<NotificationMessage> {
  // The header check guarantees at least the two code octets.
  return { ok: true, msg: { type: 'notification', code: b[0], subcode: b[1], data: b.slice(2) } };
}

/** lib/bgp: bgp_notify_code_str. */
const CODES: Record<number, string> = {
  1: 'Message Header Error',
  2: 'OPEN Message Error',
  3: 'UPDATE Message Error',
  4: 'Hold Timer Expired',
  5: 'Neighbor Events Error',
  6: 'Cease',
  7: 'ROUTE-REFRESH Message Error'
};

const SUBCODES: Record<number, Record<number, string>> = {
  1: { 1: 'Connection Not Synchronized', 2: 'Bad Message Length', 3: 'Bad Message Type' },
  2: {
    1: 'Unsupported Version Number',
    2: 'Bad Peer AS',
    3: 'Bad BGP Identifier',
    4: 'Unsupported Optional Parameter',
    5: 'Authentication Failure',
    6: 'Unacceptable Hold Time',
    7: 'Unsupported Capability'
  },
  3: {
    1: 'Malformed Attribute List',
    2: 'Unrecognized Well-known Attribute',
    3: 'Missing Well-known Attribute',
    4: 'Attribute Flags Error',
    5: 'Attribute Length Error',
    6: 'Invalid ORIGIN Attribute',
    7: 'AS Routing Loop',
    8: 'Invalid NEXT_HOP Attribute',
    9: 'Optional Attribute Error',
    10: 'Invalid Network Field',
    11: 'Malformed AS_PATH'
  },
  6: {
    1: 'Maximum Number of Prefixes Reached',
    2: 'Administrative Shutdown',
    3: 'Peer De-configured',
    4: 'Administrative Reset',
    5: 'Connection Rejected',
    6: 'Other Configuration Change',
    7: 'Connection Collision Resolution',
    8: 'Out of Resources',
    9: 'Hard Reset',
    10: 'BFD Down'
  }
};

export function notifyCodeName(code: number): string {
  return CODES[code] ?? 'Unrecognized Error Code';
}

/** FRR prints "/Unspecific" for subcode 0 and "/" for codes without subcodes (Hold Timer Expired). */
export function notifySubcodeName(code: number, subcode: number): string {
  const table = SUBCODES[code];
  if (!table) return '';
  if (subcode === 0) return 'Unspecific';
  return table[subcode] ?? 'Unrecognized Error Subcode';
}

/** "Hold Timer Expired", "Cease/Administrative Shutdown": the text FRR's "Last reset" shows. */
export function notifyText(code: number, subcode: number): string {
  const sub = notifySubcodeName(code, subcode);
  return sub ? `${notifyCodeName(code)}/${sub}` : notifyCodeName(code);
}
