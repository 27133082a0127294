/**
 * memberlist's packets out (net.go encodeAndSendMsg, sendMsg, rawSendMsgPacket, the stream
 * framing, and state.go encodeAndBroadcast / encodeBroadcastNotify): one message with
 * whatever gossip fits piggybacked, the CRC and encryption around a UDP packet, the framing
 * around a TCP message, and gossip queued for the next rounds.
 */
import type { Broadcast } from './broadcast';
import type { MemberlistCore } from './memberlist-core';
import { type Message, ENCRYPT_OVERHEAD, addCrc, encodeMessage, frameStream, makeCompound, seal, sealStream } from './messages';

export const COMPOUND_HEADER_OVERHEAD = 2;
export const COMPOUND_OVERHEAD = 2;

/** encodeAndSendMsg / sendMsg: one message, with whatever gossip fits piggybacked. */
export function encodeAndSendMsg(ml: MemberlistCore, ip: number, port: number, m: Message, why: string): string | null {
  const msg = encodeMessage(m);
  let bytesAvail = ml.config.udpBufferSize - msg.length - COMPOUND_HEADER_OVERHEAD;
  if (ml.key) bytesAvail -= ENCRYPT_OVERHEAD;
  const extra = ml.broadcasts.getBroadcasts(COMPOUND_OVERHEAD, bytesAvail);
  if (!extra.length) return rawSendMsgPacket(ml, ip, port, false, msg, why);
  const compound = makeCompound([msg, ...extra.map((b) => b.msg)]);
  return rawSendMsgPacket(ml, ip, port, false, compound, `${why} + gossip: ${extra.map((b) => b.what).join(', ')}`);
}

/**
 * rawSendMsgPacket: a CRC when the recipient is a known node (memberlist only finds the node
 * when it was handed one: gossip and the ping+suspect), then the encryption, then UDP.
 */
export function rawSendMsgPacket(ml: MemberlistCore, ip: number, port: number, knownNode: boolean, msg: Uint8Array, why: string): string | null {
  if (!ml.udp) return 'use of closed network connection';
  let out = knownNode ? addCrc(msg) : msg;
  if (ml.key) out = seal(ml.key, ml.nonceRng.bytes(12), out);
  return ml.udp.send(ip, port, out, why);
}

export function streamBytes(ml: MemberlistCore, msg: Uint8Array): Uint8Array {
  const framed = frameStream(msg);
  return ml.key ? sealStream(ml.key, ml.nonceRng.bytes(12), framed) : framed;
}

export function encodeAndBroadcast(ml: MemberlistCore, key: string, m: Message, what: string): void {
  encodeBroadcastNotify(ml, key, m, what, null);
}

export function encodeBroadcastNotify(ml: MemberlistCore, key: string, m: Message, what: string, notify: (() => void) | null): void {
  const b: Broadcast = { key, msg: encodeMessage(m), what };
  if (notify) b.finished = notify;
  ml.broadcasts.queue(b);
}
