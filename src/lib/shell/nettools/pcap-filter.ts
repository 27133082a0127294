/**
 * A pcap-filter(7) expression compiler for Ethernet frames, as libpcap 1.10 reads them:
 * protocols (`arp`, `ip`, `icmp`, `tcp`, `udp`, …), `[src|dst] host|net|port|portrange`, `ether
 * host|src|dst`, `broadcast`, `less`/`greater`, byte tests (`tcp[tcpflags] & tcp-syn != 0`,
 * `icmp[icmptype] == icmp-echo`), and `not` / `and` / `or` (`and` and `or` have the same
 * precedence and associate left to right). Qualifiers carry over to a bare value
 * (`host 1.2.3.4 or 5.6.7.8`). Errors read like libpcap's.
 */
import { type Mac, BROADCAST_MAC, isMulticastMac, parseIpv4, parseMac, prefixMask } from '../../engine/net/addr';

export class FilterError extends Error {}

/** A decoded frame, for matching. */
export interface FilterFrame {
  bytes: Uint8Array;
  ethDst: Mac;
  ethSrc: Mac;
  ethertype: number;
  /** IPv4 header fields, when ethertype is 0x0800. */
  ip?: { src: number; dst: number; proto: number; ihl: number; frag: boolean };
  /** ARP (and RARP) addresses. */
  arp?: { spa: number; tpa: number };
  ports?: { src: number; dst: number };
}

export type Predicate = (f: FilterFrame) => boolean;

export interface FilterEnv {
  /** Resolve a host name (Docker DNS in the container); null when unknown. */
  resolve(name: string): number | null;
  /** Directed broadcasts of the capture interface, for `ip broadcast`. */
  broadcasts: number[];
}

const PORT_NAMES: Record<string, number> = {
  ftp: 21, ssh: 22, telnet: 23, smtp: 25, domain: 53, bootps: 67, bootpc: 68, http: 80, www: 80, ntp: 123, bgp: 179, https: 443,
  'http-alt': 8080
};

const CONSTANTS: Record<string, number> = {
  icmptype: 0, icmpcode: 1, tcpflags: 13,
  'icmp-echoreply': 0, 'icmp-unreach': 3, 'icmp-sourcequench': 4, 'icmp-redirect': 5, 'icmp-echo': 8, 'icmp-routeradvert': 9,
  'icmp-routersolicit': 10, 'icmp-timxceed': 11, 'icmp-paramprob': 12, 'icmp-tstamp': 13, 'icmp-tstampreply': 14,
  'icmp-ireq': 15, 'icmp-ireqreply': 16, 'icmp-maskreq': 17, 'icmp-maskreply': 18,
  'tcp-fin': 0x01, 'tcp-syn': 0x02, 'tcp-rst': 0x04, 'tcp-push': 0x08, 'tcp-ack': 0x10, 'tcp-urg': 0x20, 'tcp-ece': 0x40, 'tcp-cwr': 0x80
};

const PROTO_NUM: Record<string, number> = { icmp: 1, igmp: 2, tcp: 6, udp: 17, gre: 47, esp: 50, ah: 51, vrrp: 112, sctp: 132, pim: 103 };
const PROTOS = new Set(['ether', 'fddi', 'tr', 'wlan', 'ip', 'ip6', 'arp', 'rarp', 'tcp', 'udp', 'icmp', 'icmp6', 'igmp', 'sctp', 'vrrp', 'pim', 'ah', 'esp', 'gre', 'carp']);
const DIRS = new Set(['src', 'dst']);
const TYPES = new Set(['host', 'net', 'port', 'portrange', 'proto', 'gateway']);
const RELOPS = new Set(['=', '==', '!=', '<', '<=', '>', '>=']);

type Tok = { k: 'op'; v: string } | { k: 'id'; v: string } | { k: 'num'; v: string } | { k: 'mac'; v: string };

function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const rest = src.slice(i);
    const ws = /^\s+/.exec(rest);
    if (ws) {
      i += ws[0].length;
      continue;
    }
    const two = rest.slice(0, 2);
    if (['&&', '||', '==', '!=', '<=', '>=', '<<', '>>'].includes(two)) {
      out.push({ k: 'op', v: two });
      i += 2;
      continue;
    }
    const mac = /^[0-9a-fA-F]{1,2}([:.-])[0-9a-fA-F]{1,2}(\1[0-9a-fA-F]{1,2}){4}(?![0-9a-zA-Z:])/.exec(rest);
    if (mac) {
      out.push({ k: 'mac', v: mac[0] });
      i += mac[0].length;
      continue;
    }
    const num = /^(0[xX][0-9a-fA-F]+|\d+(\.\d+){0,3}(\/\d+)?)(?![A-Za-z_])/.exec(rest);
    if (num) {
      out.push({ k: 'num', v: num[0] });
      i += num[0].length;
      continue;
    }
    const id = /^\\?[A-Za-z_][-_.A-Za-z0-9]*[_.A-Za-z0-9]|^\\?[A-Za-z_]/.exec(rest);
    if (id) {
      out.push({ k: 'id', v: id[0] });
      i += id[0].length;
      continue;
    }
    if ('()[]:!&|+-*/%^<>='.includes(rest[0])) {
      out.push({ k: 'op', v: rest[0] });
      i += 1;
      continue;
    }
    throw new FilterError(`can't parse filter expression: syntax error`);
  }
  return out;
}

interface Quals {
  proto: string | null;
  dir: 'src' | 'dst' | 'src or dst' | 'src and dst' | null;
  type: string | null;
}

const syntax = () => new FilterError("can't parse filter expression: syntax error");

/** Compile an expression (the joined command-line words); an empty one matches everything. */
export function compileFilter(expr: string, env: FilterEnv): Predicate {
  const toks = tokenize(expr);
  if (!toks.length) return () => true;
  let pos = 0;
  let last: Quals | null = null;
  const peek = (o = 0): Tok | undefined => toks[pos + o];
  const isOp = (v: string, o = 0) => peek(o)?.k === 'op' && peek(o)?.v === v;
  const isWord = (v: string, o = 0) => peek(o)?.k === 'id' && peek(o)?.v === v;

  function parseOr(): Predicate {
    let left = parseUnary();
    for (;;) {
      if (isWord('and') || isOp('&&')) {
        pos++;
        const right = parseUnary();
        const l = left;
        left = (f) => l(f) && right(f);
      } else if (isWord('or') || isOp('||')) {
        pos++;
        const right = parseUnary();
        const l = left;
        left = (f) => l(f) || right(f);
      } else return left;
    }
  }

  function parseUnary(): Predicate {
    if (isWord('not') || isOp('!')) {
      pos++;
      const inner = parseUnary();
      return (f) => !inner(f);
    }
    if (isOp('(')) {
      const save = pos;
      // an arithmetic relation may start with a parenthesis: try it first
      try {
        const rel = tryRelation();
        if (rel) return rel;
      } catch (e) {
        if (!(e instanceof FilterError)) throw e;
      }
      pos = save;
      pos++;
      const inner = parseOr();
      if (!isOp(')')) throw syntax();
      pos++;
      return inner;
    }
    const rel = tryRelation();
    if (rel) return rel;
    return parsePrimitive();
  }

  // ------------------------------------------------------------ relations (byte tests)

  type Arith = (f: FilterFrame) => number | null;

  function tryRelation(): Predicate | null {
    const save = pos;
    if (!looksArith()) return null;
    let left: Arith;
    try {
      left = parseArith();
    } catch (e) {
      pos = save;
      if (e instanceof FilterError) return null;
      throw e;
    }
    const op = peek();
    if (!op || op.k !== 'op' || !RELOPS.has(op.v)) {
      pos = save;
      return null;
    }
    pos++;
    const right = parseArith();
    return (f) => {
      const a = left(f);
      const b = right(f);
      if (a === null || b === null) return false;
      switch (op.v) {
        case '=': case '==': return a === b;
        case '!=': return a !== b;
        case '<': return a < b;
        case '<=': return a <= b;
        case '>': return a > b;
        default: return a >= b;
      }
    };
  }

  /** A relation starts with a number, `len`, `proto[`, or a parenthesised arithmetic term. */
  function looksArith(): boolean {
    const t = peek();
    if (!t) return false;
    if (t.k === 'num' && /^(0[xX][0-9a-fA-F]+|\d+)$/.test(t.v)) {
      const n = peek(1);
      return !!n && n.k === 'op' && (RELOPS.has(n.v) || '+-*/&|%^<<>>'.includes(n.v));
    }
    if (t.k === 'id' && t.v === 'len') return true;
    if (t.k === 'id' && PROTOS.has(t.v) && isOp('[', 1)) return true;
    if (t.k === 'op' && t.v === '(') return true;
    return false;
  }

  function parseArith(): Arith {
    return parseBin(0);
  }

  const LEVELS: string[][] = [['|'], ['^'], ['&'], ['<<', '>>'], ['+', '-'], ['*', '/', '%']];

  function parseBin(level: number): Arith {
    if (level >= LEVELS.length) return parseAtom();
    let left = parseBin(level + 1);
    for (;;) {
      const t = peek();
      if (!t || t.k !== 'op' || !LEVELS[level].includes(t.v)) return left;
      pos++;
      const right = parseBin(level + 1);
      const l = left;
      const op = t.v;
      left = (f) => {
        const a = l(f);
        const b = right(f);
        if (a === null || b === null) return null;
        switch (op) {
          case '|': return (a | b) >>> 0;
          case '^': return (a ^ b) >>> 0;
          case '&': return (a & b) >>> 0;
          case '<<': return (a << b) >>> 0;
          case '>>': return a >>> b;
          case '+': return (a + b) >>> 0;
          case '-': return (a - b) >>> 0;
          case '*': return Math.imul(a, b) >>> 0;
          case '/': return b === 0 ? null : Math.floor(a / b);
          default: return b === 0 ? null : a % b;
        }
      };
    }
  }

  function parseAtom(): Arith {
    const t = peek();
    if (!t) throw syntax();
    if (t.k === 'op' && t.v === '(') {
      pos++;
      const inner = parseArith();
      if (!isOp(')')) throw syntax();
      pos++;
      return inner;
    }
    if (t.k === 'op' && t.v === '-') {
      pos++;
      const inner = parseAtom();
      return (f) => {
        const v = inner(f);
        return v === null ? null : -v >>> 0;
      };
    }
    if (t.k === 'num') {
      if (!/^(0[xX][0-9a-fA-F]+|\d+)$/.test(t.v)) throw syntax();
      pos++;
      const v = Number(t.v) >>> 0;
      return () => v;
    }
    if (t.k === 'id' && t.v === 'len') {
      pos++;
      return (f) => f.bytes.length;
    }
    if (t.k === 'id' && t.v in CONSTANTS) {
      pos++;
      const v = CONSTANTS[t.v];
      return () => v;
    }
    if (t.k === 'id' && PROTOS.has(t.v) && isOp('[', 1)) {
      const proto = t.v;
      pos += 2;
      const off = parseArith();
      let size = 1;
      if (isOp(':')) {
        pos++;
        const s = peek();
        if (!s || s.k !== 'num' || !['1', '2', '4'].includes(s.v)) throw new FilterError('data size must be 1, 2, or 4');
        size = Number(s.v);
        pos++;
      }
      if (!isOp(']')) throw syntax();
      pos++;
      return (f) => {
        const base = protoOffset(f, proto);
        const o = off(f);
        if (base === null || o === null) return null;
        const at = base + o;
        if (at + size > f.bytes.length) return null;
        let v = 0;
        for (let k = 0; k < size; k++) v = v * 256 + f.bytes[at + k];
        return v;
      };
    }
    throw syntax();
  }

  // ------------------------------------------------------------ primitives

  function parsePrimitive(): Predicate {
    const q: Quals = { proto: null, dir: null, type: null };
    let sawQual = false;
    const t0 = peek();
    if (!t0) throw syntax();
    // keyword primitives
    if (t0.k === 'id' && (t0.v === 'broadcast' || t0.v === 'multicast')) {
      pos++;
      return t0.v === 'broadcast' ? (f) => f.ethDst === BROADCAST_MAC : (f) => isMulticastMac(f.ethDst);
    }
    if (t0.k === 'id' && (t0.v === 'less' || t0.v === 'greater')) {
      pos++;
      const n = peek();
      if (!n || n.k !== 'num') throw syntax();
      pos++;
      const v = Number(n.v);
      return t0.v === 'less' ? (f) => f.bytes.length <= v : (f) => f.bytes.length >= v;
    }
    if (t0.k === 'id' && PROTOS.has(t0.v)) {
      q.proto = t0.v.replace(/^\\/, '');
      pos++;
      sawQual = true;
      const n = peek();
      if (q.proto === 'ether' || q.proto === 'ip') {
        if (n?.k === 'id' && (n.v === 'broadcast' || n.v === 'multicast')) {
          pos++;
          if (q.proto === 'ether') return n.v === 'broadcast' ? (f) => f.ethDst === BROADCAST_MAC : (f) => isMulticastMac(f.ethDst);
          return n.v === 'broadcast'
            ? (f) => !!f.ip && (f.ip.dst === 0xffffffff || env.broadcasts.includes(f.ip.dst))
            : (f) => !!f.ip && f.ip.dst >>> 28 === 0xe;
        }
      }
    }
    if (isWord('src') || isWord('dst')) {
      const d = (peek() as Tok).v as 'src' | 'dst';
      pos++;
      if ((isWord('or') || isWord('and')) && (isWord('src', 1) || isWord('dst', 1))) {
        q.dir = (peek() as Tok).v === 'or' ? 'src or dst' : 'src and dst';
        pos += 2;
      } else q.dir = d;
      sawQual = true;
    }
    if (peek()?.k === 'id' && TYPES.has((peek() as Tok).v)) {
      q.type = (peek() as Tok).v;
      pos++;
      sawQual = true;
    }
    const v = peek();
    const hasValue = !!v && (v.k === 'num' || v.k === 'mac' || (v.k === 'id' && !isKeyword(v.v)));
    if (!hasValue) {
      if (q.proto && !q.dir && !q.type) return protoPredicate(q.proto);
      throw syntax();
    }
    pos++;
    // a bare value takes the previous primitive's qualifiers
    if (!sawQual && last) Object.assign(q, last);
    else if (!sawQual) q.type = 'host';
    last = { ...q };
    return valuePredicate(q, v as Tok);
  }

  function isKeyword(w: string): boolean {
    return w === 'and' || w === 'or' || w === 'not' || PROTOS.has(w) || DIRS.has(w) || TYPES.has(w) || w === 'broadcast' || w === 'multicast' || w === 'less' || w === 'greater';
  }

  function protoPredicate(proto: string): Predicate {
    switch (proto) {
      case 'ether': return () => true;
      case 'ip': return (f) => f.ethertype === 0x0800;
      case 'arp': return (f) => f.ethertype === 0x0806;
      case 'rarp': return (f) => f.ethertype === 0x8035;
      case 'ip6': case 'icmp6': return (f) => f.ethertype === 0x86dd;
      default: {
        const n = PROTO_NUM[proto];
        if (n === undefined) throw syntax();
        return (f) => !!f.ip && f.ip.proto === n;
      }
    }
  }

  function valuePredicate(q: Quals, v: Tok): Predicate {
    const type = q.type ?? 'host';
    const dir = q.dir ?? 'src or dst';
    const pick = <T>(src: T, dst: T, eq: (x: T) => boolean) => {
      if (dir === 'src') return eq(src);
      if (dir === 'dst') return eq(dst);
      if (dir === 'src and dst') return eq(src) && eq(dst);
      return eq(src) || eq(dst);
    };
    if (q.proto === 'ether') {
      if (type !== 'host' && q.type !== null) throw syntax();
      const mac = v.k === 'mac' ? parseMac(v.v.replace(/\./g, ':')) : null;
      if (!mac) throw new FilterError(`unknown ether host '${v.v}'`);
      return (f) => pick(f.ethSrc, f.ethDst, (m) => m === mac);
    }
    if (type === 'port' || type === 'portrange') {
      let lo: number;
      let hi: number;
      if (type === 'portrange') {
        const m = /^(\d+)-(\d+)$/.exec(v.v);
        let text = v.v;
        if (!m && v.k === 'num' && isOp('-') && peek(1)?.k === 'num') {
          text = `${v.v}-${(peek(1) as Tok).v}`;
          pos += 2;
        }
        const mm = /^(\d+)-(\d+)$/.exec(text);
        if (!mm) throw syntax();
        lo = Number(mm[1]);
        hi = Number(mm[2]);
        if (lo > hi) [lo, hi] = [hi, lo];
      } else {
        const port = v.k === 'num' && /^\d+$/.test(v.v) ? Number(v.v) : v.k === 'id' ? PORT_NAMES[v.v] : undefined;
        if (port === undefined) {
          if (v.k === 'id') throw new FilterError(`unknown port '${v.v}'`);
          throw syntax();
        }
        lo = hi = port;
      }
      if (hi > 65535) throw new FilterError(`illegal port number ${hi} > 65535`);
      const protoOk = portProto(q.proto);
      return (f) => !!f.ports && !!f.ip && !f.ip.frag && protoOk(f.ip.proto) && pick(f.ports.src, f.ports.dst, (p) => p >= lo && p <= hi);
    }
    if (type === 'proto') {
      const name = v.v.replace(/^\\/, '');
      const n = v.k === 'num' ? Number(v.v) : PROTO_NUM[name];
      if (n === undefined) throw new FilterError(`unknown ip proto '${name}'`);
      if (q.proto === 'ether') return (f) => f.ethertype === n;
      return (f) => !!f.ip && f.ip.proto === n;
    }
    if (type === 'gateway') throw new FilterError("'gateway' not supported in this configuration");
    // host / net
    let net: number;
    let bits: number;
    if (v.k === 'num') {
      const slash = v.v.indexOf('/');
      const addrText = slash >= 0 ? v.v.slice(0, slash) : v.v;
      const parts = addrText.split('.');
      if (slash >= 0) {
        if (type !== 'net') throw new FilterError('mask syntax for networks only');
        bits = Number(v.v.slice(slash + 1));
        if (bits > 32) throw new FilterError(`mask length must be <= 32`);
      } else if (type === 'net') {
        bits = parts.length * 8;
      } else {
        bits = 32;
      }
      while (parts.length < 4) parts.push('0');
      const ip = parseIpv4(parts.join('.'));
      if (ip === null) throw new FilterError(`invalid IPv4 address '${addrText}'`);
      if (type === 'net' && isWord('mask')) {
        pos++;
        const mt = peek();
        const mask = mt && mt.k === 'num' ? parseIpv4(mt.v) : null;
        if (mask === null) throw syntax();
        pos++;
        let b = 0;
        for (let x = mask; (x & 0x80000000) !== 0; x = (x << 1) >>> 0) b++;
        bits = b;
      }
      if (type === 'net' && ((ip & ~prefixMask(bits)) >>> 0) !== 0) throw new FilterError(`non-network bits set in "${v.v}"`);
      net = ip;
    } else if (v.k === 'id') {
      if (type === 'net') throw new FilterError(`unknown network '${v.v}'`);
      const ip = env.resolve(v.v);
      if (ip === null) throw new FilterError(`unknown host '${v.v}'`);
      net = ip;
      bits = 32;
    } else {
      // a MAC with no "ether": libpcap takes it as an Ethernet host
      const mac = parseMac(v.v.replace(/\./g, ':'));
      if (!mac) throw syntax();
      return (f) => pick(f.ethSrc, f.ethDst, (m) => m === mac);
    }
    const mask = prefixMask(bits);
    const inNet = (a: number) => ((a & mask) >>> 0) === ((net & mask) >>> 0);
    const proto = q.proto;
    if (proto && !['ip', 'arp', 'rarp'].includes(proto)) throw new FilterError(`'${proto}' modifier applied to ${type}`);
    return (f) => {
      if (f.ip && (proto === null || proto === 'ip')) return pick(f.ip.src, f.ip.dst, inNet);
      if (f.arp && (proto === null || proto === 'arp' || proto === 'rarp')) {
        if (proto === 'rarp' && f.ethertype !== 0x8035) return false;
        if (proto === 'arp' && f.ethertype !== 0x0806) return false;
        return pick(f.arp.spa, f.arp.tpa, inNet);
      }
      return false;
    };
  }

  function portProto(proto: string | null): (p: number) => boolean {
    if (proto === null || proto === 'ip') return (p) => p === 6 || p === 17 || p === 132;
    if (proto === 'tcp') return (p) => p === 6;
    if (proto === 'udp') return (p) => p === 17;
    if (proto === 'sctp') return (p) => p === 132;
    throw new FilterError(`'${proto}' modifier applied to port`);
  }

  const pred = parseOr();
  if (pos !== toks.length) throw syntax();
  return pred;
}

/** Offset of a protocol's header inside the frame, or null when the frame does not carry it. */
function protoOffset(f: FilterFrame, proto: string): number | null {
  switch (proto) {
    case 'ether': return 0;
    case 'ip': return f.ethertype === 0x0800 ? 14 : null;
    case 'arp': case 'rarp': return f.ethertype === 0x0806 || f.ethertype === 0x8035 ? 14 : null;
    case 'tcp': return f.ip && f.ip.proto === 6 && !f.ip.frag ? 14 + f.ip.ihl : null;
    case 'udp': return f.ip && f.ip.proto === 17 && !f.ip.frag ? 14 + f.ip.ihl : null;
    case 'icmp': return f.ip && f.ip.proto === 1 && !f.ip.frag ? 14 + f.ip.ihl : null;
    case 'igmp': return f.ip && f.ip.proto === 2 ? 14 + f.ip.ihl : null;
    case 'sctp': return f.ip && f.ip.proto === 132 ? 14 + f.ip.ihl : null;
    default: return null;
  }
}

/** Decode what the filter needs from a raw Ethernet frame. */
export function filterFrame(bytes: Uint8Array): FilterFrame | null {
  if (bytes.length < 14) return null;
  const hexb = (o: number) => Array.from(bytes.subarray(o, o + 6), (b) => b.toString(16).padStart(2, '0')).join(':');
  const f: FilterFrame = { bytes, ethDst: hexb(0), ethSrc: hexb(6), ethertype: (bytes[12] << 8) | bytes[13] };
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (f.ethertype === 0x0800 && bytes.length >= 34 && bytes[14] >> 4 === 4) {
    const ihl = (bytes[14] & 0x0f) * 4;
    const fragField = v.getUint16(20);
    const frag = (fragField & 0x1fff) !== 0;
    f.ip = { src: v.getUint32(26), dst: v.getUint32(30), proto: bytes[23], ihl, frag };
    if ((f.ip.proto === 6 || f.ip.proto === 17 || f.ip.proto === 132) && !frag && bytes.length >= 14 + ihl + 4) {
      f.ports = { src: v.getUint16(14 + ihl), dst: v.getUint16(14 + ihl + 2) };
    }
  } else if ((f.ethertype === 0x0806 || f.ethertype === 0x8035) && bytes.length >= 42) {
    f.arp = { spa: v.getUint32(28), tpa: v.getUint32(38) };
  }
  return f;
}
