/**
 * HTTP/1.1 on the wire (RFC 9112): request and response heads, incremental parsers for both
 * directions (Content-Length, chunked, read-until-close bodies), and the two formats the lab
 * prints byte for byte: Go's `Request.Write` (what whoami echoes) and Go's response header
 * order (handler headers sorted, then Date, Content-Length, Content-Type, Connection,
 * Transfer-Encoding).
 */

export type HeaderList = [name: string, value: string][];

export interface HttpRequest {
  method: string;
  /** Request target as sent ("/", "/api?env=true", or an absolute URL). */
  target: string;
  version: string;
  /** In wire order, names as sent. */
  headers: HeaderList;
  body: Uint8Array;
}

export interface HttpResponse {
  version: string;
  status: number;
  reason: string;
  headers: HeaderList;
  body: Uint8Array;
}

const enc = new TextEncoder();
const dec = new TextDecoder();

export function utf8(s: string): Uint8Array {
  return enc.encode(s);
}

/** Bytes as Latin-1 text (each byte one char), so heads round-trip whatever they contain. */
export function latin1(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i++) s += String.fromCharCode(b[i]);
  return s;
}

export function decodeUtf8(b: Uint8Array): string {
  return dec.decode(b);
}

export function concatBytes(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** First value of a header, case-insensitively. */
export function headerValue(headers: HeaderList, name: string): string | undefined {
  const n = name.toLowerCase();
  return headers.find(([k]) => k.toLowerCase() === n)?.[1];
}

// ------------------------------------------------------------------ encoding

/** A request exactly as listed: request line, headers in order, blank line, body. */
export function encodeRequest(req: HttpRequest): Uint8Array {
  let head = `${req.method} ${req.target} ${req.version}\r\n`;
  for (const [k, v] of req.headers) head += `${k}: ${v}\r\n`;
  head += '\r\n';
  return req.body.length ? concatBytes([utf8(head), req.body]) : utf8(head);
}

export function encodeResponseHead(version: string, status: number, reason: string, headers: HeaderList): string {
  let head = `${version} ${status}${reason ? ` ${reason}` : ''}\r\n`;
  for (const [k, v] of headers) head += `${k}: ${v}\r\n`;
  return head + '\r\n';
}

/** Go's http.StatusText for the codes the lab's servers use. */
export function statusText(code: number): string {
  const t: Record<number, string> = {
    200: 'OK',
    201: 'Created',
    204: 'No Content',
    301: 'Moved Permanently',
    302: 'Found',
    304: 'Not Modified',
    400: 'Bad Request',
    403: 'Forbidden',
    404: 'Not Found',
    405: 'Method Not Allowed',
    500: 'Internal Server Error',
    502: 'Bad Gateway',
    503: 'Service Unavailable',
    504: 'Gateway Timeout'
  };
  return t[code] ?? '';
}

/** http.TimeFormat: "Thu, 03 Oct 2024 09:00:00 GMT". */
export function httpDate(d: Date): string {
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const p = (n: number) => String(n).padStart(2, '0');
  return `${days[d.getUTCDay()]}, ${p(d.getUTCDate())} ${months[d.getUTCMonth()]} ${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} GMT`;
}

// ------------------------------------------------------------------ Go's view of headers

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/**
 * textproto.CanonicalMIMEHeaderKey: upper-case the first letter and every letter after '-',
 * lower-case the rest; a key with bytes outside the token set is left alone.
 */
export function canonicalHeaderKey(k: string): string {
  if (!TOKEN.test(k)) return k;
  let up = true;
  let out = '';
  for (const ch of k) {
    out += up ? ch.toUpperCase() : ch.toLowerCase();
    up = ch === '-';
  }
  return out;
}

/** The request as a Go server holds it: Host apart, the rest in an http.Header (canonical keys). */
export interface GoServerRequest {
  method: string;
  /** r.URL.RequestURI(): path and query of the target. */
  requestURI: string;
  host: string;
  /** Canonical key → values in arrival order; Host is not in it. */
  header: Map<string, string[]>;
  /** Connection: close was asked for (r.Close); Go removes that header. */
  close: boolean;
  proto: string;
  body: Uint8Array;
}

/** net/http's readRequest, for what the lab needs: null when Go would answer 400. */
export function goServerRequest(req: HttpRequest): { ok: true; request: GoServerRequest } | { ok: false; error: string } {
  if (!/^HTTP\/\d\.\d$/.test(req.version)) return { ok: false, error: '' };
  const header = new Map<string, string[]>();
  for (const [k, v] of req.headers) {
    if (!TOKEN.test(k)) return { ok: false, error: `invalid header name ${JSON.stringify(k)}` };
    const ck = canonicalHeaderKey(k);
    const list = header.get(ck) ?? [];
    list.push(v);
    header.set(ck, list);
  }
  const hosts = header.get('Host') ?? [];
  if (hosts.length > 1) return { ok: false, error: 'too many Host headers' };
  if (req.version === 'HTTP/1.1' && hosts.length === 0) return { ok: false, error: 'missing required Host header' };
  header.delete('Host');
  const conn = header.get('Connection') ?? [];
  const close = conn.some((v) => v.split(',').some((t) => t.trim().toLowerCase() === 'close')) || (req.version === 'HTTP/1.0' && !conn.some((v) => /keep-alive/i.test(v)));
  if (conn.some((v) => v.split(',').some((t) => t.trim().toLowerCase() === 'close'))) header.delete('Connection');
  return { ok: true, request: { method: req.method, requestURI: requestURI(req.target), host: hosts[0] ?? '', header, close, proto: req.version, body: req.body } };
}

/** URL.RequestURI(): an absolute-form target keeps only its path and query. */
export function requestURI(target: string): string {
  const m = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^/?#]*([^#]*)/.exec(target);
  const rest = m ? m[1] : target.replace(/#.*$/, '');
  if (rest === '' || rest.startsWith('?')) return '/' + rest;
  return rest;
}

/** Headers Request.Write writes itself, or never copies from r.Header. */
const REQ_WRITE_EXCLUDE = new Set(['Host', 'User-Agent', 'Content-Length', 'Transfer-Encoding', 'Trailer']);

/**
 * Go's (*http.Request).Write for a request a server received: request line with HTTP/1.1,
 * Host first, User-Agent second (Go-http-client/1.1 when the client sent none), Content-Length
 * where Go's transfer writer sends one, Connection: close if asked, the other headers sorted by
 * key, a blank line and the body. Values are trimmed and newlines turned into spaces.
 */
export function goRequestWrite(r: GoServerRequest): string {
  let s = `${r.method || 'GET'} ${r.requestURI} HTTP/1.1\r\n`;
  s += `Host: ${r.host}\r\n`;
  const ua = r.header.has('User-Agent') ? (r.header.get('User-Agent')?.[0] ?? '') : 'Go-http-client/1.1';
  if (ua !== '') s += `User-Agent: ${ua}\r\n`;
  if (r.close) s += 'Connection: close\r\n';
  const len = r.body.length;
  const bodyMethod = r.method === 'POST' || r.method === 'PUT' || r.method === 'PATCH';
  if (len > 0 || bodyMethod || !(r.method === 'GET' || r.method === 'HEAD' || r.method === '')) s += `Content-Length: ${len}\r\n`;
  for (const k of [...r.header.keys()].sort()) {
    if (REQ_WRITE_EXCLUDE.has(k)) continue;
    for (const v of r.header.get(k) ?? []) s += `${k}: ${v.replace(/[\r\n]+/g, ' ').trim()}\r\n`;
  }
  s += '\r\n';
  return s + (len ? decodeUtf8(r.body) : '');
}

/**
 * Go's response head: the status line, the handler's headers sorted by key, then the ones the
 * server adds itself in extraHeader.Write's fixed order.
 */
export function goResponseHead(
  status: number,
  handlerHeaders: Map<string, string[]>,
  extra: { date?: string; contentLength?: number; contentType?: string; connection?: string; transferEncoding?: string }
): string {
  let s = `HTTP/1.1 ${status} ${statusText(status)}\r\n`;
  for (const k of [...handlerHeaders.keys()].sort()) for (const v of handlerHeaders.get(k) ?? []) s += `${k}: ${v}\r\n`;
  if (extra.date !== undefined) s += `Date: ${extra.date}\r\n`;
  if (extra.contentLength !== undefined) s += `Content-Length: ${extra.contentLength}\r\n`;
  if (extra.contentType) s += `Content-Type: ${extra.contentType}\r\n`;
  if (extra.connection) s += `Connection: ${extra.connection}\r\n`;
  if (extra.transferEncoding) s += `Transfer-Encoding: ${extra.transferEncoding}\r\n`;
  return s + '\r\n';
}

/** http.DetectContentType for the bodies the lab's servers write (text, JSON, HTML, binary). */
export function detectContentType(body: Uint8Array): string {
  const head = body.subarray(0, 512);
  let i = 0;
  while (i < head.length && (head[i] === 0x20 || head[i] === 0x09 || head[i] === 0x0a || head[i] === 0x0d || head[i] === 0x0c)) i++;
  const start = latin1(head.subarray(i, i + 14)).toLowerCase();
  if (start.startsWith('<!doctype html') || start.startsWith('<html')) return 'text/html; charset=utf-8';
  for (const b of head) if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0c && b !== 0x0d && b !== 0x1b) return 'application/octet-stream';
  return 'text/plain; charset=utf-8';
}

// ------------------------------------------------------------------ parsing

function findHeadEnd(buf: Uint8Array): number {
  for (let i = 3; i < buf.length; i++) if (buf[i] === 10 && buf[i - 1] === 13 && buf[i - 2] === 10 && buf[i - 3] === 13) return i + 1;
  return -1;
}

/** Header lines of a head (start line excluded); null when a line is not "name: value". */
function parseHeaderLines(lines: string[]): HeaderList | null {
  const out: HeaderList = [];
  for (const l of lines) {
    if (l === '') continue;
    const c = l.indexOf(':');
    if (c <= 0) return null;
    out.push([l.slice(0, c), l.slice(c + 1).trim()]);
  }
  return out;
}

type BodyMode = { kind: 'none' } | { kind: 'length'; remaining: number } | { kind: 'chunked' } | { kind: 'close' };

/** Chunked transfer coding, incrementally: returns decoded bytes, and whether the last chunk came. */
class ChunkedDecoder {
  private buf: Uint8Array = new Uint8Array(0);
  private need = -1; // bytes left in the current chunk; -1 = reading a size line
  private trailer = false;
  done = false;
  error = false;

  feed(data: Uint8Array): Uint8Array {
    this.buf = concatBytes([this.buf, data]);
    const out: Uint8Array[] = [];
    for (;;) {
      if (this.done || this.error) break;
      if (this.trailer) {
        const end = latin1(this.buf).indexOf('\r\n');
        if (end < 0) break;
        const line = latin1(this.buf.subarray(0, end));
        this.buf = this.buf.subarray(end + 2);
        if (line === '') this.done = true;
        continue;
      }
      if (this.need < 0) {
        const end = latin1(this.buf).indexOf('\r\n');
        if (end < 0) break;
        const size = parseInt(latin1(this.buf.subarray(0, end)).split(';')[0].trim(), 16);
        this.buf = this.buf.subarray(end + 2);
        if (!Number.isFinite(size) || size < 0) {
          this.error = true;
          break;
        }
        if (size === 0) this.trailer = true;
        else this.need = size;
        continue;
      }
      if (this.buf.length < this.need + 2) {
        if (this.buf.length > 0 && this.buf.length <= this.need) {
          out.push(this.buf.slice());
          this.need -= this.buf.length;
          this.buf = new Uint8Array(0);
        }
        break;
      }
      out.push(this.buf.slice(0, this.need));
      this.buf = this.buf.subarray(this.need + 2);
      this.need = -1;
    }
    return concatBytes(out);
  }
}

export type ResponseParse =
  | { state: 'head' }
  | { state: 'body'; response: HttpResponse; rawHead: string }
  | { state: 'done'; response: HttpResponse; rawHead: string }
  | { state: 'error'; error: 'bad-response' | 'bad-chunk' };

/**
 * A client's response reader: feed bytes as they arrive, call end() when the peer closes.
 * `noBody` is for responses to HEAD.
 */
export class ResponseParser {
  private buf: Uint8Array = new Uint8Array(0);
  private response: HttpResponse | null = null;
  private rawHead = '';
  private mode: BodyMode = { kind: 'none' };
  private chunks: ChunkedDecoder | null = null;
  private body: Uint8Array[] = [];
  private bodyLen = 0;
  private st: ResponseParse = { state: 'head' };
  private readonly noBody: boolean;

  constructor(opts: { noBody?: boolean } = {}) {
    this.noBody = opts.noBody ?? false;
  }

  /** Bytes of body received so far (decoded). */
  get bodyBytes(): number {
    return this.bodyLen;
  }

  /** Declared Content-Length, when there is one. */
  get expectedLength(): number | null {
    if (!this.response) return null;
    const v = headerValue(this.response.headers, 'Content-Length');
    return v !== undefined && /^\d+$/.test(v) ? Number(v) : null;
  }

  get status(): ResponseParse {
    return this.st;
  }

  feed(data: Uint8Array): ResponseParse {
    if (this.st.state === 'done' || this.st.state === 'error') return this.st;
    if (!this.response) {
      this.buf = concatBytes([this.buf, data]);
      const end = findHeadEnd(this.buf);
      if (end < 0) return this.st;
      const head = latin1(this.buf.subarray(0, end));
      const rest = this.buf.subarray(end);
      this.buf = new Uint8Array(0);
      const lines = head.slice(0, -4).split('\r\n');
      const m = /^(HTTP\/\d(?:\.\d)?) (\d{3})(?: (.*))?$/.exec(lines[0]);
      const headers = parseHeaderLines(lines.slice(1));
      if (!m || !headers) return (this.st = { state: 'error', error: 'bad-response' });
      this.response = { version: m[1], status: Number(m[2]), reason: m[3] ?? '', headers, body: new Uint8Array(0) };
      this.rawHead = head;
      const status = this.response.status;
      const te = headerValue(headers, 'Transfer-Encoding');
      const cl = headerValue(headers, 'Content-Length');
      if (this.noBody || status === 204 || status === 304 || (status >= 100 && status < 200)) this.mode = { kind: 'none' };
      else if (te && /chunked/i.test(te)) {
        this.mode = { kind: 'chunked' };
        this.chunks = new ChunkedDecoder();
      } else if (cl !== undefined && /^\d+$/.test(cl.trim())) this.mode = { kind: 'length', remaining: Number(cl.trim()) };
      else this.mode = { kind: 'close' };
      this.st = { state: 'body', response: this.response, rawHead: head };
      return this.consume(rest);
    }
    return this.consume(data);
  }

  /** The peer closed: a read-until-close body is complete; anything else still open is not. */
  end(): ResponseParse {
    if (this.st.state === 'body' && this.mode.kind === 'close') this.finish();
    return this.st;
  }

  private consume(data: Uint8Array): ResponseParse {
    const mode = this.mode;
    switch (mode.kind) {
      case 'none':
        this.finish();
        break;
      case 'length': {
        const take = data.subarray(0, mode.remaining);
        if (take.length) this.push(take);
        mode.remaining -= take.length;
        if (mode.remaining === 0) this.finish();
        break;
      }
      case 'chunked': {
        const c = this.chunks as ChunkedDecoder;
        const out = c.feed(data);
        if (out.length) this.push(out);
        if (c.error) this.st = { state: 'error', error: 'bad-chunk' };
        else if (c.done) this.finish();
        break;
      }
      case 'close':
        if (data.length) this.push(data);
        break;
    }
    return this.st;
  }

  private push(b: Uint8Array): void {
    this.body.push(b.slice());
    this.bodyLen += b.length;
  }

  private finish(): void {
    const response = this.response as HttpResponse;
    response.body = concatBytes(this.body);
    this.st = { state: 'done', response, rawHead: this.rawHead };
  }
}

export type RequestParse = { state: 'more' } | { state: 'request'; request: HttpRequest } | { state: 'error'; error: string };

/**
 * A server's request reader: feed bytes, take complete requests one by one with next()
 * (keep-alive connections carry several). Bodies by Content-Length; chunked request bodies
 * are not used in the lab and are rejected.
 */
export class RequestParser {
  private buf: Uint8Array = new Uint8Array(0);

  feed(data: Uint8Array): void {
    this.buf = concatBytes([this.buf, data]);
  }

  next(): RequestParse {
    // leading blank lines before a request are ignored (RFC 9112 §2.2)
    while (this.buf.length >= 2 && this.buf[0] === 13 && this.buf[1] === 10) this.buf = this.buf.subarray(2);
    const end = findHeadEnd(this.buf);
    if (end < 0) return this.buf.length > 1 << 20 ? { state: 'error', error: 'request header too large' } : { state: 'more' };
    const head = latin1(this.buf.subarray(0, end));
    const lines = head.slice(0, -4).split('\r\n');
    const m = /^(\S+) (\S+) (\S+)$/.exec(lines[0]);
    const headers = parseHeaderLines(lines.slice(1));
    if (!m || !headers) return { state: 'error', error: m ? 'malformed MIME header line' : `malformed HTTP request ${JSON.stringify(lines[0])}` };
    const te = headerValue(headers, 'Transfer-Encoding');
    if (te) return { state: 'error', error: `unsupported transfer encoding: ${JSON.stringify(te)}` };
    const cl = headerValue(headers, 'Content-Length');
    const len = cl !== undefined ? Number(cl.trim()) : 0;
    if (!Number.isInteger(len) || len < 0) return { state: 'error', error: `bad Content-Length ${JSON.stringify(cl)}` };
    if (this.buf.length < end + len) return { state: 'more' };
    const body = this.buf.slice(end, end + len);
    this.buf = this.buf.subarray(end + len);
    return { state: 'request', request: { method: m[1], target: m[2], version: m[3], headers, body } };
  }
}
