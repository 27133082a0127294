import type { KEvent } from '../../engine/k8s/types';
import type { CommandResult } from '../types';
import { type Invocation, type Verb, isResult, openSession, wallNow } from './context';
import { Output, failWith, plain } from './errors';
import type { FlagSpec } from './flags';
import { OBJECT_FORMATS, parseOutput, printObjects } from './output';
import { parseTime, renderTable, translateTimestampSince } from './print';
import { resolveType } from './resolve';

const FLAGS: FlagSpec[] = [
  { name: 'all-namespaces', short: 'A', type: 'bool' },
  { name: 'for', type: 'string' },
  { name: 'types', type: 'stringSlice' },
  { name: 'watch', short: 'w', type: 'bool' },
  { name: 'output', short: 'o', type: 'string' },
  { name: 'no-headers', type: 'bool' },
  { name: 'chunk-size', type: 'int', def: 500 },
  { name: 'allow-missing-template-keys', type: 'bool', def: true },
  { name: 'show-managed-fields', type: 'bool' },
  { name: 'template', type: 'string' }
];

/** When an event last happened: eventTime, else lastTimestamp, else firstTimestamp. */
function lastSeen(e: KEvent): number {
  const x = e as KEvent & { eventTime?: string };
  return parseTime(x.eventTime) ?? parseTime(e.lastTimestamp) ?? parseTime(e.firstTimestamp) ?? 0;
}

/**
 * `kubectl events`: like `get events` but sorted by time, with repeats as "2m (x4 over 10m)"
 * and the object as Kind/name.
 */
async function run(inv: Invocation): Promise<CommandResult> {
  const f = inv.flags;
  const types = f.list('types');
  for (const t of types) if (!['normal', 'warning'].includes(t.toLowerCase())) return failWith(plain(`valid --types are Normal or Warning`));
  const spec = parseOutput(f.str('output'), OBJECT_FORMATS);
  if ('t' in spec) return failWith(spec);
  if (inv.args.length) return failWith(plain(`unexpected arguments: [${inv.args.join(' ')}]`));
  const s = await openSession(inv);
  if (isResult(s)) return s;
  const all = f.bool('all-namespaces');
  let events = s.api.list<KEvent>('events', all ? undefined : s.namespace);
  const forArg = f.str('for');
  if (forArg) {
    const slash = forArg.indexOf('/');
    const r = slash > 0 ? resolveType(s, forArg.slice(0, slash)) : resolveType(s, 'pods');
    if ('t' in r) return failWith(r);
    const name = slash > 0 ? forArg.slice(slash + 1) : forArg;
    events = events.filter((e) => e.involvedObject.kind === r.kind && e.involvedObject.name === name);
  }
  if (types.length) events = events.filter((e) => types.some((t) => t.toLowerCase() === e.type.toLowerCase()));
  events = events.map((e, i) => ({ e, i })).sort((a, b) => lastSeen(a.e) - lastSeen(b.e) || a.i - b.i).map((x) => x.e);
  const out = new Output();
  if (spec.kind !== 'default') {
    const r = printObjects(spec, events.map((obj) => ({ resource: s.api.resourceById('events')!, obj })), false);
    if (!r.ok) return failWith(r.error);
    out.out(r.text);
    return out.result();
  }
  if (!events.length) {
    out.err(all ? 'No events found.\n' : `No events found in ${s.namespace} namespace.\n`);
    return out.result();
  }
  const now = wallNow(s);
  const rows = events.map((e) => {
    const first = translateTimestampSince(e.firstTimestamp || (e as KEvent & { eventTime?: string }).eventTime, now);
    const seen = e.count > 1 ? `${translateTimestampSince(e.lastTimestamp, now)} (x${e.count} over ${first})` : first;
    const row = [seen, e.type, e.reason, `${e.involvedObject.kind}/${e.involvedObject.name}`, e.message.trim()];
    return all ? [e.metadata.namespace ?? '', ...row] : row;
  });
  const headers = [...(all ? ['Namespace'] : []), 'Last Seen', 'Type', 'Reason', 'Object', 'Message'];
  out.out(renderTable({ headers, rows }, { noHeaders: f.bool('no-headers') }));
  return out.result();
}

export const eventsVerb: Verb = {
  name: 'events',
  short: 'List events',
  usage: 'kubectl events [(-o|--output=)json|yaml|name|go-template|go-template-file|template|templatefile|jsonpath|jsonpath-as-json|jsonpath-file] [--for TYPE/NAME] [--watch] [--types=Normal,Warning] [options]',
  flags: FLAGS,
  run
};
