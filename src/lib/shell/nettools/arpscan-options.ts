/**
 * arp-scan's command line: getopt_long_only over its options table, the C number, interval,
 * bandwidth and MAC parsers with arp-scan's own error texts, and the --format template.
 */
import { type Mac, BROADCAST_MAC, ZERO_MAC, parseIpv4 } from '../../engine/net/addr';
import { ARP_REQUEST } from '../../engine/net/arp';
import { type CommandResult, errOut } from '../types';
import { ARPSCAN_LONG, ARPSCAN_SHORT, ARPSCAN_USAGE_HINT, arpScanHelp, arpScanVersion } from './arpscan-text';
import type { NetView } from './common';
import { getopt } from './getopt';

export const DEFAULT_BANDWIDTH = 256000;
export const MINIMUM_FRAME_SIZE = 46;
export const PACKET_OVERHEAD = 18;

export class Exit {
  constructor(
    readonly text: string,
    readonly code = 1
  ) {}
}

/** err_msg(): the message and a newline on stderr, exit 1. */
export function fail(msg: string): never {
  throw new Exit(msg + '\n');
}

/** C strtoul/strtol with arp-scan's Strtoul checks (`ERROR: "x" is not a valid numeric value`). */
export function cNumber(s: string, base: 0 | 10): number {
  const m = /^\s*([+-]?)(0[xX][0-9a-fA-F]+|[0-9]+)(\s.*)?$/s.exec(s);
  if (!m) fail(`ERROR: "${s}" is not a valid numeric value`);
  const digits = m[2];
  let v: number;
  if (base === 0 && /^0[xX]/.test(digits)) v = parseInt(digits.slice(2), 16);
  else if (base === 0 && digits.length > 1 && digits.startsWith('0')) {
    if (!/^[0-7]+$/.test(digits)) fail(`ERROR: "${s}" is not a valid numeric value`);
    v = parseInt(digits, 8);
  } else if (/^0[xX]/.test(digits)) fail(`ERROR: "${s}" is not a valid numeric value`);
  else v = parseInt(digits, 10);
  return m[1] === '-' ? -v : v;
}

/** A number with an optional one-character multiplier after it (str_to_interval, str_to_bandwidth). */
function withMultiplier(s: string, what: string, plain: number, multipliers: Record<string, number>): number {
  const last = s[s.length - 1] ?? '';
  if (!last || /[0-9]/.test(last)) return plain * cNumber(s, 10);
  if (!Object.hasOwn(multipliers, last)) fail(`ERROR: Unknown ${what} multiplier character: "${last}"`);
  return multipliers[last] * cNumber(s.slice(0, -1), 10);
}

/** str_to_interval: µs; ms by default, `u` for µs, `s` for seconds. */
function toInterval(s: string): number {
  return withMultiplier(s, 'interval', 1000, { u: 1, U: 1, s: 1_000_000, S: 1_000_000 });
}

/** str_to_bandwidth: bits per second; `K` and `M` multiply by 1000 and 1,000,000. */
function toBandwidth(s: string): number {
  return withMultiplier(s, 'bandwidth', 1, { k: 1000, K: 1000, m: 1_000_000, M: 1_000_000 });
}

/** get_ether_addr: sscanf "%x:%x:…" or "%x-%x-…". */
function etherAddr(s: string): Mac | null {
  const parts = s.split(s.includes(':') ? ':' : '-');
  if (parts.length < 6) return null;
  const bytes: number[] = [];
  for (const p of parts.slice(0, 6)) {
    const m = /^\s*([0-9a-fA-F]+)/.exec(p);
    if (!m) return null;
    bytes.push(parseInt(m[1], 16) & 0xff);
  }
  return bytes.map((b) => b.toString(16).padStart(2, '0')).join(':');
}

/** A MAC option's value, or the error naming the end it is for (-S keeps the "target" wording it had). */
function macArg(a: string, end: 'source' | 'target'): Mac {
  const m = etherAddr(a);
  if (!m) fail(`Invalid ${end} MAC address: ${a}`);
  return m;
}

/** inet_aton, for the dotted quads of host patterns. */
export function inetAton(s: string): number | null {
  const parts = s.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^[0-9]+$/.test(p))) return parseIpv4(s);
  const v = parts.map((p) => (p.length > 1 && p.startsWith('0') ? parseInt(p, 8) : parseInt(p, 10)));
  if (v.some((x) => Number.isNaN(x) || x > 255)) return null;
  return ((v[0] << 24) | (v[1] << 16) | (v[2] << 8) | v[3]) >>> 0;
}

export interface Settings {
  file: string | null;
  retry: number;
  timeout: number;
  intervalUs: number;
  bandwidth: number;
  backoff: number;
  verbose: number;
  ifname: string | null;
  quiet: boolean;
  ignoreDups: boolean;
  random: boolean;
  randomSeed: number;
  numeric: boolean;
  spa: number | 'dest' | null;
  op: number;
  destMac: Mac;
  sha: Mac | null;
  tha: Mac;
  srcMac: Mac | null;
  padding: Uint8Array | null;
  localnet: boolean;
  llc: boolean;
  vlan: number;
  rtt: boolean;
  plain: boolean;
  limit: number;
  resolve: boolean;
  format: FormatPart[] | null;
}

export type FormatPart = { text: string } | { field: string; width: number };

/** format_parse: `${field;width}` references and backslash escapes. */
function parseFormat(s: string): FormatPart[] {
  const parts: FormatPart[] = [];
  let text = '';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (ch === '\\' && i + 1 < s.length) {
      const n = s[++i];
      text += n === 'n' ? '\n' : n === 't' ? '\t' : n === 'r' ? '\r' : n;
      continue;
    }
    if (ch === '$' && s[i + 1] === '{') {
      const end = s.indexOf('}', i + 2);
      if (end > 0) {
        if (text) parts.push({ text });
        text = '';
        const [name, width] = s.slice(i + 2, end).split(';');
        parts.push({ field: name.toLowerCase(), width: width ? Number.parseInt(width, 10) || 0 : 0 });
        i = end;
        continue;
      }
    }
    text += ch;
  }
  if (text) parts.push({ text });
  return parts;
}

export function parseOptions(args: string[], libc: NetView['libc']): { settings: Settings; operands: string[] } | CommandResult {
  const r = getopt(args, { prog: 'arp-scan', short: ARPSCAN_SHORT, long: ARPSCAN_LONG, longOnly: true, libc, permute: true });
  if (!r.ok) return errOut(`${r.message}\n${ARPSCAN_USAGE_HINT}`, 1);
  const s: Settings = {
    file: null,
    retry: 2,
    timeout: 500,
    intervalUs: 0,
    bandwidth: DEFAULT_BANDWIDTH,
    backoff: 1.5,
    verbose: 0,
    ifname: null,
    quiet: false,
    ignoreDups: false,
    random: false,
    randomSeed: 0,
    numeric: false,
    spa: null,
    op: ARP_REQUEST,
    destMac: BROADCAST_MAC,
    sha: null,
    tha: ZERO_MAC,
    srcMac: null,
    padding: null,
    localnet: false,
    llc: false,
    vlan: -1,
    rtt: false,
    plain: false,
    limit: 0,
    resolve: false,
    format: null
  };
  try {
    for (const o of r.opts) {
      const a = o.arg ?? '';
      switch (o.key) {
        case 'f': s.file = a; break;
        case 'h': return { stdout: arpScanHelp(), stderr: '', exitCode: 0 };
        case 'r': s.retry = cNumber(a, 10) >>> 0; break;
        case 'Y': cNumber(a, 10); break;
        case 'E': toInterval(a); break;
        case 't': s.timeout = cNumber(a, 10) >>> 0; break;
        case 'i': s.intervalUs = toInterval(a); break;
        case 'b': s.backoff = Number.parseFloat(a) || 0; break;
        case 'v': s.verbose++; break;
        case 'V': return { stdout: arpScanVersion(libc === 'musl' ? 'libpcap version 1.10.4 (with TPACKET_V3)' : 'libpcap version 1.10.3 (with TPACKET_V3)'), stderr: '', exitCode: 0 };
        case 'n': cNumber(a, 0); break;
        case 'I': s.ifname = a; break;
        case 'q': s.quiet = true; break;
        case 'g': s.ignoreDups = true; break;
        case 'R': s.random = true; break;
        case 'N': s.numeric = true; break;
        case 'B': s.bandwidth = toBandwidth(a); break;
        case 'O': case 'm': case 'W': case 'writepkttofile': case 'readpktfromfile': break;
        case 's': {
          if (a === 'dest') s.spa = 'dest';
          else {
            const ip = parseIpv4(a);
            // inet_pton returned 0, errno untouched: err_sys prints strerror(0)
            if (ip === null) fail(`inet_pton failed for ${a}: ${libc === 'musl' ? 'No error information' : 'Success'}`);
            s.spa = ip;
          }
          break;
        }
        case 'o': s.op = cNumber(a, 0) & 0xffff; break;
        case 'H': case 'p': case 'P': case 'a': case 'y': cNumber(a, 0); break;
        case 'T': s.destMac = macArg(a, 'target'); break;
        case 'A': {
          if (a.length % 2) fail('ERROR: Length of --padding argument must be even (multiple of 2).');
          s.padding = Uint8Array.from(a.match(/../g) ?? [], (h) => parseInt(h, 16) & 0xff);
          break;
        }
        case 'u': s.sha = macArg(a, 'source'); break;
        case 'w': s.tha = macArg(a, 'target'); break;
        case 'S': s.srcMac = macArg(a, 'target'); break;
        case 'l': s.localnet = true; break;
        case 'L': s.llc = true; break;
        case 'Q': s.vlan = cNumber(a, 0); break;
        case 'D': s.rtt = true; break;
        case 'x': s.plain = true; break;
        case 'randomseed': s.randomSeed = cNumber(a, 0) >>> 0; break;
        case 'M': s.limit = cNumber(a, 10) >>> 0; break;
        case 'd': s.resolve = true; break;
        case 'F': s.format = parseFormat(a); break;
        default:
          // in the short option string (-k) but not handled: the "unknown option" branch
          return errOut(ARPSCAN_USAGE_HINT, 1);
      }
    }
  } catch (e) {
    if (e instanceof Exit) return errOut(e.text, e.code);
    throw e;
  }
  return { settings: s, operands: r.operands };
}
