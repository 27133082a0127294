/**
 * curl's command line (src/tool_getparam.c): short options that bundle (`-sS`, `-so FILE`,
 * `-ofile`), long options matched exactly, `--no-` for booleans, and curl's messages for an
 * unknown option, a missing parameter or a bad number.
 */

export interface CurlOptions {
  urls: string[];
  silent: boolean;
  showError: boolean;
  verbose: boolean;
  head: boolean;
  include: boolean;
  fail: boolean;
  noProgressMeter: boolean;
  /** -o per URL, in order. */
  outputs: string[];
  /** -O per URL, in order (counted). */
  remoteNames: number;
  writeOut: string | null;
  headers: string[];
  method: string | null;
  maxTimeS: number | null;
  connectTimeoutS: number | null;
  userAgent: string | null;
  http10: boolean;
  compressed: boolean;
  /** -d/--data* values, in order (joined with '&'); '@file' reads a file. */
  data: { value: string; raw: boolean }[];
  /** --resolve host:port:addr */
  resolve: string[];
  help: boolean;
  version: boolean;
}

export type CurlArgs = { ok: true; opts: CurlOptions } | { ok: false; stderr: string; exitCode: number };

type Kind = 'bool' | 'string' | 'number' | 'unsupported' | 'ignored-arg';

interface OptDef {
  long: string;
  short?: string;
  kind: Kind;
  apply?: (o: CurlOptions, value: string | boolean) => void;
}

const OPTS: OptDef[] = [
  { long: 'silent', short: 's', kind: 'bool', apply: (o, v) => (o.silent = v === true) },
  { long: 'show-error', short: 'S', kind: 'bool', apply: (o, v) => (o.showError = v === true) },
  { long: 'verbose', short: 'v', kind: 'bool', apply: (o, v) => (o.verbose = v === true) },
  { long: 'head', short: 'I', kind: 'bool', apply: (o, v) => (o.head = v === true) },
  { long: 'include', kind: 'bool', apply: (o, v) => (o.include = v === true) },
  { long: 'show-headers', short: 'i', kind: 'bool', apply: (o, v) => (o.include = v === true) },
  { long: 'fail', short: 'f', kind: 'bool', apply: (o, v) => (o.fail = v === true) },
  { long: 'no-progress-meter', kind: 'bool', apply: (o, v) => (o.noProgressMeter = v === true) },
  { long: 'output', short: 'o', kind: 'string', apply: (o, v) => o.outputs.push(String(v)) },
  { long: 'remote-name', short: 'O', kind: 'bool', apply: (o, v) => (o.remoteNames += v === true ? 1 : 0) },
  { long: 'write-out', short: 'w', kind: 'string', apply: (o, v) => (o.writeOut = String(v)) },
  { long: 'header', short: 'H', kind: 'string', apply: (o, v) => o.headers.push(String(v)) },
  { long: 'request', short: 'X', kind: 'string', apply: (o, v) => (o.method = String(v)) },
  { long: 'max-time', short: 'm', kind: 'number', apply: (o, v) => (o.maxTimeS = Number(v)) },
  { long: 'connect-timeout', kind: 'number', apply: (o, v) => (o.connectTimeoutS = Number(v)) },
  { long: 'user-agent', short: 'A', kind: 'string', apply: (o, v) => (o.userAgent = String(v)) },
  { long: 'http1.0', short: '0', kind: 'bool', apply: (o, v) => (o.http10 = v === true) },
  { long: 'http1.1', kind: 'bool', apply: (o, v) => (o.http10 = o.http10 && v !== true) },
  { long: 'compressed', kind: 'bool', apply: (o, v) => (o.compressed = v === true) },
  { long: 'data', short: 'd', kind: 'string', apply: (o, v) => o.data.push({ value: String(v), raw: false }) },
  { long: 'data-ascii', kind: 'string', apply: (o, v) => o.data.push({ value: String(v), raw: false }) },
  { long: 'data-binary', kind: 'string', apply: (o, v) => o.data.push({ value: String(v), raw: false }) },
  { long: 'data-raw', kind: 'string', apply: (o, v) => o.data.push({ value: String(v), raw: true }) },
  { long: 'url', kind: 'string', apply: (o, v) => o.urls.push(String(v)) },
  { long: 'resolve', kind: 'string', apply: (o, v) => o.resolve.push(String(v)) },
  { long: 'help', short: 'h', kind: 'bool', apply: (o, v) => (o.help = v === true) },
  { long: 'version', short: 'V', kind: 'bool', apply: (o, v) => (o.version = v === true) },
  // accepted, no effect in the lab (no TLS, no redirects from its servers, IPv4 only, no globbing)
  { long: 'insecure', short: 'k', kind: 'bool' },
  { long: 'location', short: 'L', kind: 'bool' },
  { long: 'ipv4', short: '4', kind: 'bool' },
  { long: 'globoff', short: 'g', kind: 'bool' },
  { long: 'no-buffer', short: 'N', kind: 'bool' },
  { long: 'netrc', short: 'n', kind: 'bool' },
  { long: 'disable', short: 'q', kind: 'bool' },
  { long: 'tcp-nodelay', kind: 'bool' },
  { long: 'no-keepalive', kind: 'bool' },
  { long: 'fail-early', kind: 'bool' },
  { long: 'path-as-is', kind: 'bool' },
  { long: 'max-redirs', kind: 'ignored-arg' },
  { long: 'retry', kind: 'ignored-arg' },
  // real curl options the lab's curl does not implement
  { long: 'ipv6', short: '6', kind: 'unsupported' },
  { long: 'proxy', short: 'x', kind: 'unsupported' },
  { long: 'user', short: 'u', kind: 'unsupported' },
  { long: 'cookie', short: 'b', kind: 'unsupported' },
  { long: 'cookie-jar', short: 'c', kind: 'unsupported' },
  { long: 'form', short: 'F', kind: 'unsupported' },
  { long: 'upload-file', short: 'T', kind: 'unsupported' },
  { long: 'referer', short: 'e', kind: 'unsupported' },
  { long: 'range', short: 'r', kind: 'unsupported' },
  { long: 'dump-header', short: 'D', kind: 'unsupported' },
  { long: 'progress-bar', short: '#', kind: 'unsupported' },
  { long: 'parallel', short: 'Z', kind: 'unsupported' },
  { long: 'next', short: ':', kind: 'unsupported' },
  { long: 'trace', kind: 'unsupported' },
  { long: 'trace-ascii', kind: 'unsupported' },
  { long: 'interface', kind: 'unsupported' },
  { long: 'unix-socket', kind: 'unsupported' },
  { long: 'http2', kind: 'unsupported' },
  { long: 'http3', kind: 'unsupported' },
  { long: 'limit-rate', kind: 'unsupported' },
  { long: 'config', short: 'K', kind: 'unsupported' }
];

const BY_LONG = new Map(OPTS.map((o) => [o.long, o]));
const BY_SHORT = new Map(OPTS.filter((o) => o.short).map((o) => [o.short as string, o]));

const TRY = "curl: try 'curl --help' or 'curl --manual' for more information\n";

function fail(msg: string): CurlArgs {
  return { ok: false, stderr: `curl: ${msg}\n${TRY}`, exitCode: 2 };
}

export function defaultCurlOptions(): CurlOptions {
  return {
    urls: [],
    silent: false,
    showError: false,
    verbose: false,
    head: false,
    include: false,
    fail: false,
    noProgressMeter: false,
    outputs: [],
    remoteNames: 0,
    writeOut: null,
    headers: [],
    method: null,
    maxTimeS: null,
    connectTimeoutS: null,
    userAgent: null,
    http10: false,
    compressed: false,
    data: [],
    resolve: [],
    help: false,
    version: false
  };
}

/** "2", "2.5", ".5": seconds as curl's str2udouble takes them. */
function parseSeconds(s: string): number | null {
  if (!/^(\d+(\.\d*)?|\.\d+)$/.test(s)) return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}

function takes(def: OptDef): boolean {
  return def.kind === 'string' || def.kind === 'number' || def.kind === 'ignored-arg';
}

/** Apply one option; `shown` is how the user wrote it, for messages. */
function applyOpt(o: CurlOptions, def: OptDef, shown: string, value: string | boolean): CurlArgs | null {
  if (def.kind === 'unsupported') return { ok: false, stderr: `curl: option ${shown}: is not supported by the lab's curl\n${TRY}`, exitCode: 2 };
  if (def.kind === 'number') {
    const n = parseSeconds(String(value));
    if (n === null) return fail(`option ${shown}: expected a proper numerical parameter`);
  }
  def.apply?.(o, value);
  return null;
}

export function parseCurlArgs(argv: string[]): CurlArgs {
  const o = defaultCurlOptions();
  let endOfOpts = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (endOfOpts || !a.startsWith('-') || a === '-') {
      o.urls.push(a);
      continue;
    }
    if (a === '--') {
      endOfOpts = true;
      continue;
    }
    if (a.startsWith('--')) {
      let name = a.slice(2);
      let def = BY_LONG.get(name);
      let value: boolean = true;
      if (!def && name.startsWith('no-')) {
        const base = BY_LONG.get(name.slice(3));
        if (base && base.kind === 'bool') {
          def = base;
          value = false;
          name = name.slice(3);
        }
      }
      if (!def) return fail(`option ${a}: is unknown`);
      if (takes(def)) {
        if (i + 1 >= argv.length) return fail(`option ${a}: requires parameter`);
        const r = applyOpt(o, def, a, argv[++i]);
        if (r) return r;
      } else {
        const r = applyOpt(o, def, a, value);
        if (r) return r;
      }
      continue;
    }
    // a bundle of short options: -sS, -so FILE, -ofile
    for (let j = 1; j < a.length; j++) {
      const letter = a[j];
      const def = BY_SHORT.get(letter);
      if (!def) return fail(`option -${letter}: is unknown`);
      if (takes(def)) {
        let v = a.slice(j + 1);
        if (v === '') {
          if (i + 1 >= argv.length) return fail(`option -${letter}: requires parameter`);
          v = argv[++i];
        }
        const r = applyOpt(o, def, `-${letter}`, v);
        if (r) return r;
        break;
      }
      const r = applyOpt(o, def, `-${letter}`, true);
      if (r) return r;
    }
  }
  if (!o.urls.length && !o.help && !o.version) return fail('no URL specified');
  return { ok: true, opts: o };
}

export const CURL_HELP = `Usage: curl [options...] <url>
 -d, --data <data>           HTTP POST data
 -f, --fail                  Fail fast with no output on HTTP errors
 -h, --help <subject>        Get help for commands
 -o, --output <file>         Write to file instead of stdout
 -O, --remote-name           Write output to file named as remote file
 -i, --show-headers          Show response headers in output
 -s, --silent                Silent mode
 -T, --upload-file <file>    Transfer local FILE to destination
 -u, --user <user:password>  Server user and password
 -A, --user-agent <name>     Send User-Agent <name> to server
 -v, --verbose               Make the operation more talkative
 -V, --version               Show version number and quit

This is not the full help; this menu is split into categories.
Use "--help category" to get an overview of all categories.
Use "--help all" to list all options
`;

export const CURL_VERSION_TEXT = `curl 8.14.1 (x86_64-alpine-linux-musl) libcurl/8.14.1 OpenSSL/3.5.0 zlib/1.3.1 brotli/1.1.0 zstd/1.5.7 c-ares/1.34.5 libidn2/2.3.7 libpsl/0.21.5 nghttp2/1.65.0 nghttp3/1.10.1
Release-Date: 2025-06-04
Protocols: dict file ftp ftps gopher gophers http https imap imaps ipfs ipns mqtt mqtts pop3 pop3s rtsp smb smbs smtp smtps telnet tftp ws wss
Features: alt-svc AsynchDNS brotli HSTS HTTP2 HTTP3 HTTPS-proxy IDN IPv6 Largefile libz NTLM PSL SSL threadsafe TLS-SRP UnixSockets zstd
`;
