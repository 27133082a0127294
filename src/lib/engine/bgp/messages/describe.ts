/**
 * BGP messages as the packet inspector shows them: one layer per message in a TCP payload,
 * headed and labelled the way Wireshark's BGP dissector words them ("Border Gateway Protocol -
 * OPEN Message", "Path Attribute - AS_PATH: 64513", "Major error Code: Hold Timer Expired (4)").
 * Offsets index into the whole frame (base = where the TCP payload starts). Never throws: a
 * message it cannot read ends the list with a "malformed" layer.
 */
import type { FrameField, FrameLayer } from '../../observe/types';
import { formatIpv4 } from '../../net/addr';
import { u16, u32 } from './bytes';
import { checkHeader } from './header';
import { MESSAGE_NAMES } from './constants';
import { notifyCodeName, notifySubcodeName } from './notification';

const CAP_NAMES: Record<number, string> = {
  1: 'Multiprotocol extensions capability',
  2: 'Route refresh capability',
  6: 'Extended message capability',
  64: 'Graceful Restart capability',
  65: 'Support for 4-octet AS number capability',
  69: 'Support for Additional Paths',
  70: 'Enhanced route refresh capability',
  73: 'FQDN Capability'
};

/** Wireshark's Cease subcode texts (they differ slightly from FRR's). */
const WS_CEASE: Record<number, string> = {
  1: 'Maximum Number of Prefixes Reached',
  2: 'Administratively Shutdown',
  3: 'Peer De-configured',
  4: 'Administratively Reset',
  5: 'Connection Rejected',
  6: 'Other Configuration Change',
  7: 'Connection Collision Resolution',
  8: 'Out of Resources'
};

const ATTR_NAMES: Record<number, string> = { 1: 'ORIGIN', 2: 'AS_PATH', 3: 'NEXT_HOP', 4: 'MULTI_EXIT_DISC', 5: 'LOCAL_PREF', 8: 'COMMUNITIES', 14: 'MP_REACH_NLRI', 15: 'MP_UNREACH_NLRI', 32: 'LARGE_COMMUNITY' };

function prefixes(b: Uint8Array, start: number, end: number, base: number, label: string, out: FrameField[]): boolean {
  for (let off = start; off < end; ) {
    const len = b[off];
    const n = Math.ceil(len / 8);
    if (len > 32 || off + 1 + n > end) return false;
    let ip = 0;
    for (let i = 0; i < 4; i++) ip = (ip << 8) | (i < n ? b[off + 1 + i] : 0);
    out.push({ name: label, value: `${formatIpv4(ip >>> 0)}/${len}`, offset: base + off, length: 1 + n });
    off += 1 + n;
  }
  return true;
}

function attrValue(type: number, v: Uint8Array, as4: boolean): string {
  switch (type) {
    case 1:
      return ['IGP', 'EGP', 'INCOMPLETE'][v[0]] ?? `unknown (${v[0]})`;
    case 2: {
      const parts: string[] = [];
      const size = as4 ? 4 : 2;
      for (let o = 0; o + 2 <= v.length; ) {
        const t = v[o];
        const n = v[o + 1];
        const asns: number[] = [];
        for (let i = 0; i < n && o + 2 + (i + 1) * size <= v.length; i++) asns.push(as4 ? u32(v, o + 2 + 4 * i) : u16(v, o + 2 + 2 * i));
        parts.push(t === 1 ? `{${asns.join(',')}}` : asns.join(' '));
        o += 2 + n * size;
      }
      return parts.join(' ');
    }
    case 3:
      return v.length === 4 ? formatIpv4(u32(v, 0)) : '';
    case 4:
    case 5:
      return v.length === 4 ? String(u32(v, 0)) : '';
    case 8: {
      const c: string[] = [];
      for (let i = 0; i + 4 <= v.length; i += 4) {
        const x = u32(v, i);
        c.push(x === 0xffffff01 ? 'NO_EXPORT' : x === 0xffffff02 ? 'NO_ADVERTISE' : `${x >>> 16}:${x & 0xffff}`);
      }
      return c.join(' ');
    }
    default:
      return `${v.length} bytes`;
  }
}

/** Guess the AS_PATH width the way Wireshark's auto-detect does: 4 bytes if the lengths add up. */
function looksAs4(v: Uint8Array): boolean {
  let o = 0;
  while (o + 2 <= v.length) o += 2 + v[o + 1] * 4;
  return o === v.length;
}

function describeOne(m: Uint8Array, base: number): FrameLayer {
  const type = m[18];
  const name = MESSAGE_NAMES[type] ?? `Unknown (${type})`;
  const f: FrameField[] = [
    { name: 'Marker', value: 'ffffffffffffffffffffffffffffffff', offset: base, length: 16 },
    { name: 'Length', value: String(m.length), offset: base + 16, length: 2 },
    { name: 'Type', value: `${name} Message (${type})`, offset: base + 18, length: 1 }
  ];
  const at = (o: number) => base + o;
  if (type === 1 && m.length >= 29) {
    f.push(
      { name: 'Version', value: String(m[19]), offset: at(19), length: 1 },
      { name: 'My AS', value: String(u16(m, 20)), offset: at(20), length: 2 },
      { name: 'Hold Time', value: String(u16(m, 22)), offset: at(22), length: 2 },
      { name: 'BGP Identifier', value: formatIpv4(u32(m, 24)), offset: at(24), length: 4 },
      { name: 'Optional Parameters Length', value: String(m[28]), offset: at(28), length: 1 }
    );
    for (let o = 29; o + 2 <= m.length; ) {
      const plen = m[o + 1];
      f.push({ name: 'Optional Parameter', value: m[o] === 2 ? 'Capability' : `type ${m[o]}`, offset: at(o), length: 2 + plen });
      for (let c = o + 2; c + 2 <= Math.min(o + 2 + plen, m.length); ) {
        const code = m[c];
        const clen = m[c + 1];
        const v = m.slice(c + 2, c + 2 + clen);
        let value = CAP_NAMES[code] ?? `Unknown capability ${code}`;
        if (code === 1 && clen === 4) value += `: AFI ${u16(v, 0) === 1 ? 'IPv4' : u16(v, 0) === 2 ? 'IPv6' : u16(v, 0)}, SAFI ${v[3] === 1 ? 'Unicast' : v[3]}`;
        if (code === 65 && clen === 4) value += `: AS ${u32(v, 0)}`;
        f.push({ name: 'Capability', value, offset: at(c), length: 2 + clen });
        c += 2 + clen;
      }
      o += 2 + plen;
    }
  } else if (type === 2 && m.length >= 23) {
    const wdLen = u16(m, 19);
    f.push({ name: 'Withdrawn Routes Length', value: String(wdLen), offset: at(19), length: 2 });
    if (21 + wdLen + 2 > m.length || !prefixes(m, 21, 21 + wdLen, base, 'Withdrawn prefix', f)) return { name: 'BGP', summary: 'Border Gateway Protocol - UPDATE Message [Malformed]', fields: f };
    const aStart = 23 + wdLen;
    const aLen = u16(m, 21 + wdLen);
    f.push({ name: 'Total Path Attribute Length', value: String(aLen), offset: at(21 + wdLen), length: 2 });
    for (let o = aStart; o + 3 <= Math.min(aStart + aLen, m.length); ) {
      const flags = m[o];
      const t = m[o + 1];
      const ext = (flags & 0x10) !== 0;
      const len = ext ? u16(m, o + 2) : m[o + 2];
      const vs = o + (ext ? 4 : 3);
      const v = m.slice(vs, vs + len);
      f.push({ name: `Path Attribute - ${ATTR_NAMES[t] ?? `Unknown (${t})`}`, value: attrValue(t, v, t === 2 ? looksAs4(v) : true), offset: at(o), length: vs - o + len });
      o = vs + len;
    }
    if (!prefixes(m, aStart + aLen, m.length, base, 'NLRI prefix', f)) return { name: 'BGP', summary: 'Border Gateway Protocol - UPDATE Message [Malformed]', fields: f };
  } else if (type === 3 && m.length >= 21) {
    const code = m[19];
    const sub = m[20];
    const codeName = notifyCodeName(code);
    const subName = code === 6 ? (WS_CEASE[sub] ?? 'Unknown') : notifySubcodeName(code, sub) || 'Unspecific';
    f.push(
      { name: 'Major error Code', value: `${codeName} (${code})`, offset: at(19), length: 1 },
      { name: `Minor error Code (${code === 6 ? 'Cease' : codeName})`, value: `${subName} (${sub})`, offset: at(20), length: 1 }
    );
    if (m.length > 21) f.push({ name: 'Data', value: [...m.slice(21)].map((x) => x.toString(16).padStart(2, '0')).join(''), offset: at(21), length: m.length - 21 });
  } else if (type === 5 && m.length >= 23) {
    f.push({ name: 'Address family identifier (AFI)', value: String(u16(m, 19)), offset: at(19), length: 2 }, { name: 'Subsequent address family identifier (SAFI)', value: String(m[22]), offset: at(22), length: 1 });
  }
  return { name: 'BGP', summary: `Border Gateway Protocol - ${name} Message`, fields: f };
}

/** The BGP messages in one TCP payload (a message split across segments is not reassembled). */
export function describeBgp(payload: Uint8Array, base = 0): FrameLayer[] {
  const out: FrameLayer[] = [];
  for (let off = 0; off + 19 <= payload.length; ) {
    const h = checkHeader(payload.subarray(off, off + 19));
    if (!h.ok || off + h.header.length > payload.length) {
      out.push({ name: 'BGP', summary: 'Border Gateway Protocol [Malformed or continued in the next segment]', fields: [] });
      break;
    }
    out.push(describeOne(payload.slice(off, off + h.header.length), base + off));
    off += h.header.length;
  }
  return out;
}
