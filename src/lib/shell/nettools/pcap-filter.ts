/**
 * A pcap-filter(7) expression compiler for Ethernet frames, as libpcap 1.10 reads them:
 * protocols (`arp`, `ip`, `icmp`, `tcp`, `udp`, …), `[src|dst] host|net|port|portrange`, `ether
 * host|src|dst`, `broadcast`, `less`/`greater`, byte tests (`tcp[tcpflags] & tcp-syn != 0`,
 * `icmp[icmptype] == icmp-echo`), and `not` / `and` / `or` (`and` and `or` have the same
 * precedence and associate left to right). Qualifiers carry over to a bare value
 * (`host 1.2.3.4 or 5.6.7.8`). Errors read like libpcap's.
 */
import { Cursor, tokenize } from './pcap-filter/cursor';
import { parsePrimitive } from './pcap-filter/primitive';
import { tryRelation } from './pcap-filter/relation';
import { type FilterEnv, type Predicate, FilterError, syntax } from './pcap-filter/types';

export { FilterError, type FilterEnv, type FilterFrame, type Predicate } from './pcap-filter/types';
export { filterFrame } from './pcap-filter/frame';

/** Compile an expression (the joined command-line words); an empty one matches everything. */
export function compileFilter(expr: string, env: FilterEnv): Predicate {
  const toks = tokenize(expr);
  if (!toks.length) return () => true;
  const c = new Cursor(toks, env);
  const pred = parseOr(c);
  if (c.pos !== toks.length) throw syntax();
  return pred;
}

function parseOr(c: Cursor): Predicate {
  let left = parseUnary(c);
  for (;;) {
    if (c.isWord('and') || c.isOp('&&')) {
      c.pos++;
      const right = parseUnary(c);
      const l = left;
      left = (f) => l(f) && right(f);
    } else if (c.isWord('or') || c.isOp('||')) {
      c.pos++;
      const right = parseUnary(c);
      const l = left;
      left = (f) => l(f) || right(f);
    } else return left;
  }
}

function parseUnary(c: Cursor): Predicate {
  if (c.isWord('not') || c.isOp('!')) {
    c.pos++;
    const inner = parseUnary(c);
    return (f) => !inner(f);
  }
  if (c.isOp('(')) {
    const save = c.pos;
    // an arithmetic relation may start with a parenthesis: try it first
    try {
      const rel = tryRelation(c);
      if (rel) return rel;
    } catch (e) {
      if (!(e instanceof FilterError)) throw e;
    }
    c.pos = save;
    c.pos++;
    const inner = parseOr(c);
    if (!c.isOp(')')) throw syntax();
    c.pos++;
    return inner;
  }
  const rel = tryRelation(c);
  if (rel) return rel;
  return parsePrimitive(c);
}
