/**
 * Primitives: `[proto] [src|dst] [host|net|port|portrange|proto] value`, a bare protocol,
 * `broadcast`/`multicast`, `less`/`greater`. A bare value takes the previous primitive's
 * qualifiers (`host 1.2.3.4 or 5.6.7.8`).
 */
import { BROADCAST_MAC, isMulticastMac, parseIpv4, parseMac, prefixMask } from '../../../engine/net/addr';
import { type Cursor, type Quals, type Tok } from './cursor';
import { DIRS, PORT_NAMES, PROTO_NUM, PROTOS, TYPES } from './names';
import { type Predicate, FilterError, syntax } from './types';

export function parsePrimitive(c: Cursor): Predicate {
  const q: Quals = { proto: null, dir: null, type: null };
  let sawQual = false;
  const t0 = c.peek();
  if (!t0) throw syntax();
  // keyword primitives
  if (t0.k === 'id' && (t0.v === 'broadcast' || t0.v === 'multicast')) {
    c.pos++;
    return t0.v === 'broadcast' ? (f) => f.ethDst === BROADCAST_MAC : (f) => isMulticastMac(f.ethDst);
  }
  if (t0.k === 'id' && (t0.v === 'less' || t0.v === 'greater')) {
    c.pos++;
    const n = c.peek();
    if (!n || n.k !== 'num') throw syntax();
    c.pos++;
    const v = Number(n.v);
    return t0.v === 'less' ? (f) => f.bytes.length <= v : (f) => f.bytes.length >= v;
  }
  if (t0.k === 'id' && PROTOS.has(t0.v)) {
    q.proto = t0.v.replace(/^\\/, '');
    c.pos++;
    sawQual = true;
    const n = c.peek();
    if (q.proto === 'ether' || q.proto === 'ip') {
      if (n?.k === 'id' && (n.v === 'broadcast' || n.v === 'multicast')) {
        c.pos++;
        if (q.proto === 'ether') return n.v === 'broadcast' ? (f) => f.ethDst === BROADCAST_MAC : (f) => isMulticastMac(f.ethDst);
        return n.v === 'broadcast'
          ? (f) => !!f.ip && (f.ip.dst === 0xffffffff || c.env.broadcasts.includes(f.ip.dst))
          : (f) => !!f.ip && f.ip.dst >>> 28 === 0xe;
      }
    }
  }
  if (c.isWord('src') || c.isWord('dst')) {
    const d = (c.peek() as Tok).v as 'src' | 'dst';
    c.pos++;
    if ((c.isWord('or') || c.isWord('and')) && (c.isWord('src', 1) || c.isWord('dst', 1))) {
      q.dir = (c.peek() as Tok).v === 'or' ? 'src or dst' : 'src and dst';
      c.pos += 2;
    } else q.dir = d;
    sawQual = true;
  }
  if (c.peek()?.k === 'id' && TYPES.has((c.peek() as Tok).v)) {
    q.type = (c.peek() as Tok).v;
    c.pos++;
    sawQual = true;
  }
  const v = c.peek();
  const hasValue = !!v && (v.k === 'num' || v.k === 'mac' || (v.k === 'id' && !isKeyword(v.v)));
  if (!hasValue) {
    if (q.proto && !q.dir && !q.type) return protoPredicate(q.proto);
    throw syntax();
  }
  c.pos++;
  // a bare value takes the previous primitive's qualifiers
  if (!sawQual && c.last) Object.assign(q, c.last);
  else if (!sawQual) q.type = 'host';
  c.last = { ...q };
  return valuePredicate(c, q, v as Tok);
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

function valuePredicate(c: Cursor, q: Quals, v: Tok): Predicate {
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
      if (!m && v.k === 'num' && c.isOp('-') && c.peek(1)?.k === 'num') {
        text = `${v.v}-${(c.peek(1) as Tok).v}`;
        c.pos += 2;
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
    if (type === 'net' && c.isWord('mask')) {
      c.pos++;
      const mt = c.peek();
      const mask = mt && mt.k === 'num' ? parseIpv4(mt.v) : null;
      if (mask === null) throw syntax();
      c.pos++;
      let b = 0;
      for (let x = mask; (x & 0x80000000) !== 0; x = (x << 1) >>> 0) b++;
      bits = b;
    }
    if (type === 'net' && ((ip & ~prefixMask(bits)) >>> 0) !== 0) throw new FilterError(`non-network bits set in "${v.v}"`);
    net = ip;
  } else if (v.k === 'id') {
    if (type === 'net') throw new FilterError(`unknown network '${v.v}'`);
    const ip = c.env.resolve(v.v);
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
