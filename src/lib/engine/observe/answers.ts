/**
 * Who answered a request loop: whoami's `Hostname:` lines in the HTTP responses that reached a
 * client, counted per pod, plus the connections that never got an answer.
 */
import type { Service } from '../k8s/types';
import type { Lab } from '../lab';
import { type HttpAttempt, HttpFlowScanner, httpAttempts } from './http-flows';
import { machineIndex } from './machines';
import { firstAfter } from './trace-range';
import type { AnswerTally } from './types';

/** Every LoadBalancer ingress IP and external IP of every cluster's services. */
export function serviceVips(lab: Lab): Set<string> {
  const out = new Set<string>();
  for (const name of lab.kind.names()) {
    const c = lab.kind.get(name);
    if (!c) continue;
    for (const s of c.api.list<Service>('services')) {
      for (const ing of s.status?.loadBalancer?.ingress ?? []) if (ing.ip) out.add(ing.ip);
      for (const ip of s.spec?.externalIPs ?? []) out.add(ip);
    }
  }
  return out;
}

function tally(command: string, attempts: readonly HttpAttempt[]): AnswerTally {
  const counts = new Map<string, number>();
  let failed = 0;
  for (const a of attempts) {
    if (!a.answered) failed++;
    else if (a.hostname !== undefined) counts.set(a.hostname, (counts.get(a.hostname) ?? 0) + 1);
  }
  return { command, counts: [...counts].map(([hostname, count]) => ({ hostname, count })), failed };
}

/**
 * The command a tally from seq belongs to: the first 'command' event after seq (the usual case:
 * seq was taken just before running it), else the latest at or before seq; '' if none.
 */
function commandFor(lab: Lab, seq: number): { seq: number; line: string } {
  const events = lab.sim.trace.all();
  const from = firstAfter(events, seq);
  for (let i = from; i < events.length; i++) {
    const e = events[i];
    if (e.type === 'command') return { seq: -1, line: e.line };
  }
  for (let i = from - 1; i >= 0; i--) {
    const e = events[i];
    if (e.type === 'command') return { seq: e.seq, line: e.line };
  }
  return { seq: -1, line: '' };
}

/**
 * HTTP answers to client connections opened after sinceSeq (seq > sinceSeq): hostnames in
 * order of first appearance; `failed` counts connections (SYNs to a VIP, or from a client
 * container) that got no HTTP response. `command` is the first command line after sinceSeq, or
 * the latest one before it.
 */
export function answersSince(lab: Lab, sinceSeq: number): AnswerTally {
  const events = lab.sim.trace.all();
  const cmd = commandFor(lab, sinceSeq);
  const attempts = httpAttempts(events, firstAfter(events, sinceSeq), { vips: serviceVips(lab), idx: machineIndex(lab) }, cmd.seq);
  return tally(cmd.line, attempts);
}

const scanners = new WeakMap<Lab, HttpFlowScanner>();

/**
 * The tally of the most recent command after which HTTP answers arrived (a curl, a curl loop),
 * or null. Incremental: each call scans only the events added since the last one.
 */
export function lastRequestLoop(lab: Lab): AnswerTally | null {
  const events = lab.sim.trace.all();
  let sc = scanners.get(lab);
  if (!sc) scanners.set(lab, (sc = new HttpFlowScanner()));
  sc.scan(events, firstAfter(events, sc.lastSeq), { vips: serviceVips(lab), idx: machineIndex(lab) });
  let best = -1;
  for (const a of sc.attempts) if (a.answered && a.commandSeq > best) best = a.commandSeq;
  if (best < 0) return null;
  const line = events[firstAfter(events, best) - 1];
  return tally(line?.seq === best && line.type === 'command' ? line.line : '', sc.attempts.filter((a) => a.commandSeq === best));
}
