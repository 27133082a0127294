/**
 * The URL forms the lab's curl takes: `172.18.255.200`, `http://172.18.255.200/`,
 * `http://IP:PORT/path?query`, `localhost`, names given with --resolve. There is no DNS in the
 * lab's client containers, so any other name fails as curl does without a resolver answer.
 */
import { parseIpv4 } from '../../engine/net/addr';

export interface CurlUrl {
  scheme: 'http' | 'https';
  /** Host as written (lower-cased), for messages and the Host header. */
  host: string;
  port: number;
  /** Path and query ("/" at least). */
  target: string;
  /** The address to connect to. */
  ip: number;
  /** The Host header value: host, plus ":port" when not the scheme's default. */
  hostHeader: string;
  /** The normalised URL (%{url_effective}). */
  effective: string;
  /** Whether the name went through a resolver (printed by -v). */
  resolved: boolean;
}

export type UrlResult = { ok: true; url: CurlUrl } | { ok: false; code: number; error: string };

/** Characters curl's hostname check rejects (lib/urlapi.c hostname_check). */
const BAD_HOST = /[\s"#%/:<>?@[\\\]^`{|}]/;

/** --resolve entries: "host:port:addr". */
export function resolveTable(entries: string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const e of entries) {
    const parts = e.split(':');
    if (parts.length < 3) continue;
    const ip = parseIpv4(parts.slice(2).join(':').split(',')[0]);
    if (ip !== null) m.set(`${parts[0].toLowerCase()}:${parts[1]}`, ip);
  }
  return m;
}

export function parseCurlUrl(input: string, resolve: Map<string, number> = new Map()): UrlResult {
  let rest = input.trim();
  let scheme = 'http';
  const sm = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\//.exec(rest);
  if (sm) {
    scheme = sm[1].toLowerCase();
    rest = rest.slice(sm[0].length);
  }
  if (scheme !== 'http' && scheme !== 'https') return { ok: false, code: 1, error: `Protocol "${scheme}" not supported` };
  if (/\s/.test(rest)) return { ok: false, code: 3, error: 'URL rejected: Malformed input to a URL function' };
  const cut = rest.search(/[/?#]/);
  const authority = cut < 0 ? rest : rest.slice(0, cut);
  let pathPart = cut < 0 ? '' : rest.slice(cut);
  pathPart = pathPart.replace(/#.*$/, '');
  if (pathPart === '' || pathPart.startsWith('?')) pathPart = '/' + pathPart;
  const hostPort = authority.includes('@') ? authority.slice(authority.lastIndexOf('@') + 1) : authority;
  let host = hostPort;
  let portText: string | null = null;
  if (hostPort.startsWith('[')) {
    const close = hostPort.indexOf(']');
    if (close < 0) return { ok: false, code: 3, error: 'URL rejected: Bad IPv6 address' };
    host = hostPort.slice(0, close + 1);
    const after = hostPort.slice(close + 1);
    if (after.startsWith(':')) portText = after.slice(1);
    else if (after !== '') return { ok: false, code: 3, error: 'URL rejected: Bad IPv6 address' };
  } else {
    const c = hostPort.lastIndexOf(':');
    if (c >= 0) {
      host = hostPort.slice(0, c);
      portText = hostPort.slice(c + 1);
    }
  }
  if (host === '') return { ok: false, code: 3, error: 'URL rejected: No host part in the URL' };
  const defaultPort = scheme === 'https' ? 443 : 80;
  let port = defaultPort;
  if (portText !== null && portText !== '') {
    if (!/^\d+$/.test(portText) || Number(portText) > 65535) return { ok: false, code: 3, error: 'URL rejected: Port number was not a decimal number between 0 and 65535' };
    port = Number(portText);
  }
  host = host.toLowerCase();
  if (host.startsWith('[')) return { ok: false, code: 7, error: `Failed to connect to ${host.slice(1, -1)} port ${port} after 0 ms: Couldn't connect to server` };
  if (BAD_HOST.test(host)) return { ok: false, code: 3, error: 'URL rejected: Bad hostname' };
  let ip = parseIpv4(host);
  let resolved = false;
  if (ip === null) {
    const viaResolve = resolve.get(`${host}:${port}`);
    if (viaResolve !== undefined) ip = viaResolve;
    else if (host === 'localhost' || host.endsWith('.localhost')) ip = 0x7f000001;
    else return { ok: false, code: 6, error: `Could not resolve host: ${host}` };
    resolved = true;
  }
  const hostHeader = port === defaultPort ? host : `${host}:${port}`;
  return { ok: true, url: { scheme, host, port, target: pathPart, ip, hostHeader, effective: `${scheme}://${hostHeader}${pathPart}`, resolved } as CurlUrl };
}
