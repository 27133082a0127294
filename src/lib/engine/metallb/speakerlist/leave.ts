/**
 * memberlist's Leave and Shutdown (memberlist.go): gossip that we left and wait for that
 * broadcast to go out; close the sockets and stop every timer.
 */
import { ML_CALLER } from './log';
import type { MemberlistCore } from './memberlist-core';
import type { ProcTimer } from './timers';
import { deadNode } from './transitions';

/**
 * memberlist Leave: gossip that we left (a dead message from ourselves about ourselves) and
 * wait until it has been sent enough times, at most timeoutMs. Resolves with null or the
 * error text ("timeout waiting for leave broadcast").
 */
export function memberlistLeave(ml: MemberlistCore, timeoutMs: number, cb?: (error: string | null) => void): Promise<string | null> {
  return new Promise((resolve) => {
    let settled = false;
    const done = (e: string | null) => {
      if (settled) return;
      settled = true;
      cb?.(e);
      resolve(e);
    };
    if (ml.hasShutdownFlag) {
      done('leave after shutdown');
      return;
    }
    if (ml.hasLeftFlag) {
      done(null);
      return;
    }
    ml.hasLeftFlag = true;
    const me = ml.nodeMap.get(ml.config.name);
    if (!me) {
      ml.log('warn', "memberlist: Leave but we're not in the node map.", ML_CALLER.leaveNotInMap);
      done(null);
      return;
    }
    let timer: ProcTimer | null = null;
    ml.leaveWaiter = () => {
      timer?.cancel();
      done(null);
    };
    deadNode(ml, { type: 'dead', incarnation: me.incarnation, node: me.name, from: me.name });
    if (!ml.anyAlive()) {
      ml.leaveWaiter = null;
      done(null);
      return;
    }
    if (settled) return;
    // shut down while waiting: the broadcast will never finish
    ml.leaveAbort = () => done('timeout waiting for leave broadcast');
    if (timeoutMs > 0) {
      timer = ml.timers.after(timeoutMs, 'memberlist leave timeout', () => {
        ml.leaveWaiter = null;
        done('timeout waiting for leave broadcast');
      });
    }
  });
}

/** memberlist Shutdown: close the sockets and stop every timer. No gossip, no events. */
export function memberlistShutdown(ml: MemberlistCore): void {
  if (ml.hasShutdownFlag) return;
  ml.hasShutdownFlag = true;
  ml.udp?.close();
  ml.udp = null;
  ml.streams?.close();
  ml.streams = null;
  for (const t of ml.tickers) t.cancel();
  ml.tickers = [];
  ml.pushPullTimer?.cancel();
  ml.pushPullTimer = null;
  for (const s of ml.nodeTimers.values()) s.stop();
  ml.nodeTimers.clear();
  for (const h of ml.ackHandlers.values()) h.timer.cancel();
  ml.ackHandlers.clear();
  ml.timers.close();
  if (ml.ownsProcess) ml.process.stop();
  ml.leaveWaiter = null;
  const abort = ml.leaveAbort;
  ml.leaveAbort = null;
  abort?.();
  ml.note('shutdown');
}
