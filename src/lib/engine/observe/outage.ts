/**
 * How long clients could not reach a service: every client HTTP connection attempt after a
 * moment (a node was killed, a speaker stopped), whether it got an answer, and when the last
 * failure and the first answer after it happened. Read from the frames on the bridges, like the
 * answer tally, so it measures what the wire saw and not what the engine intended.
 */
import { formatIpv4 } from '../net/addr';
import type { Lab } from '../lab';
import { serviceVips } from './answers';
import { httpAttempts } from './http-flows';
import { machineIndex } from './machines';
import { firstAtOrAfterTime } from './trace-range';

export interface RequestOutage {
  total: number;
  failed: number;
  firstFailT?: number;
  lastFailT?: number;
  recoveredT?: number;
}

/** The destination address in an attempt's key (`src:sport>dst:dport`, addresses as numbers). */
function destinationOf(key: string): string {
  const dst = key.slice(key.indexOf('>') + 1);
  return formatIpv4(Number(dst.slice(0, dst.indexOf(':'))));
}

/**
 * Client HTTP connection attempts (by their first SYN) at virtual time >= since, optionally only
 * to one VIP: how many, how many never got an HTTP answer, the first and last failed attempt's
 * time, and the first answered attempt after the last failure.
 *
 * A request that crosses the router is seen on two bridges (client → router on its network,
 * router → node on kind) with the same 4-tuple; the flow scanner takes the second SYN for a
 * retransmission, so each attempt counts once. An attempt still waiting for its answer when this
 * is called counts as failed: call it once the requests are over.
 */
export function requestOutage(lab: Lab, opts: { since: number; vip?: string }): RequestOutage {
  const events = lab.sim.trace.all();
  const attempts = httpAttempts(events, firstAtOrAfterTime(events, opts.since), { vips: serviceVips(lab), idx: machineIndex(lab) }).filter(
    (a) => opts.vip === undefined || destinationOf(a.key) === opts.vip
  );
  const out: RequestOutage = { total: attempts.length, failed: 0 };
  for (const a of attempts) {
    if (a.answered) continue;
    out.failed++;
    out.firstFailT ??= a.t;
    out.lastFailT = a.t;
  }
  if (out.lastFailT !== undefined) {
    const last = out.lastFailT;
    const back = attempts.find((a) => a.answered && a.t > last);
    if (back) out.recoveredT = back.t;
  }
  return out;
}
