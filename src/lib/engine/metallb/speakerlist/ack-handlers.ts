/**
 * memberlist's ack handlers (state.go setProbeChannels, setAckHandler, invokeAckHandler,
 * invokeNackHandler): what to do when the ack or nack for a sequence number arrives, and the
 * timer that reaps the handler when it does not.
 */
import type { MemberlistCore } from './memberlist-core';

export function setProbeChannels(ml: MemberlistCore, seqNo: number, ackFn: () => void, nackFn: (() => void) | null, timeoutMs: number, onTimeout: () => void): void {
  const timer = ml.timers.after(timeoutMs, 'memberlist ack timeout', () => {
    ml.ackHandlers.delete(seqNo);
    onTimeout();
  });
  ml.ackHandlers.set(seqNo, { ackFn, nackFn, timer });
}

export function setAckHandler(ml: MemberlistCore, seqNo: number, ackFn: () => void, timeoutMs: number): void {
  const timer = ml.timers.after(timeoutMs, 'memberlist ack handler reap', () => {
    ml.ackHandlers.delete(seqNo);
  });
  ml.ackHandlers.set(seqNo, { ackFn, nackFn: null, timer });
}

export function invokeAckHandler(ml: MemberlistCore, seqNo: number): void {
  const h = ml.ackHandlers.get(seqNo);
  if (!h) return;
  ml.ackHandlers.delete(seqNo);
  h.timer.cancel();
  h.ackFn();
}

export function invokeNackHandler(ml: MemberlistCore, seqNo: number): void {
  const h = ml.ackHandlers.get(seqNo);
  if (!h || !h.nackFn) return;
  h.nackFn();
}
