/**
 * The engine behind the `curl` command (curl 8.x as netshoot ships it): one HTTP/1.1 transfer
 * over the TCP stack of the namespace curl runs in, with curl's timeouts and curl's error
 * texts (lib/connect.c, lib/multi.c, lib/transfer.c). Everything happens in virtual time; the
 * outcome arrives through a callback from a scheduled event, with the timings (-w) and the
 * trace of what `-v` prints.
 */
import { formatIpv4 } from '../net/addr';
import type { NetHost } from '../net/host';
import type { Timer } from '../sim/scheduler';
import { type HttpResponse, ResponseParser, concatBytes, decodeUtf8, utf8 } from './http';
import { type ConnectError, type ConnectHandle, STRERROR, type SocketError, type TcpSim, type TcpSocket, TcpStack } from './tcp';

export const CURL_VERSION = '8.14.1';
export const CURL_USER_AGENT = `curl/${CURL_VERSION}`;

/** Virtual time from curl's start (t_startsingle) to its connect() call, in ms. */
export const CURL_SETUP_MS = 1;
/** How late curl's event loop notices an expired connect timeout ("after 2002 ms" for 2 s). */
export const CURL_CONNECT_TIMEOUT_SLACK_MS = 2.2;
/** How late it notices an expired -m during the transfer ("after 2001 milliseconds"). */
export const CURL_TRANSFER_TIMEOUT_SLACK_MS = 1.4;
/** curl's default connect timeout (DEFAULT_CONNECT_TIMEOUT). */
export const CURL_DEFAULT_CONNECT_TIMEOUT_MS = 300_000;
/** From the end of the transfer to curl's exit closing the socket. */
const CURL_EXIT_MS = 0.2;

/** curl's exit codes (CURLcode) the lab produces. */
export const CURLE = {
  OK: 0,
  UNSUPPORTED_PROTOCOL: 1,
  URL_MALFORMAT: 3,
  COULDNT_RESOLVE_HOST: 6,
  COULDNT_CONNECT: 7,
  WEIRD_SERVER_REPLY: 8,
  PARTIAL_FILE: 18,
  HTTP_RETURNED_ERROR: 22,
  WRITE_ERROR: 23,
  OPERATION_TIMEDOUT: 28,
  GOT_NOTHING: 52,
  RECV_ERROR: 56
} as const;

export interface CurlTransferSpec {
  /** The address connected to. */
  ip: number;
  port: number;
  /** The URL's host as written (curl names the host this way in its messages). */
  hostname: string;
  /** The request head: request line and header lines, without line ends. */
  requestLines: string[];
  body?: Uint8Array;
  /** A HEAD request: the response has no body. */
  noBody: boolean;
  /** --connect-timeout, in ms (null: curl's default 300 s). */
  connectTimeoutMs?: number | null;
  /** -m / --max-time, in ms (null: none). */
  maxTimeMs?: number | null;
}

/** One line of what `-v` shows, stamped with virtual time. */
export interface CurlTraceLine {
  t: number;
  /** '*' informational, '>' header out, '<' header in, '{' data in. */
  kind: '*' | '>' | '<' | '{';
  /** The text after the prefix; header lines keep their CR LF as curl writes them. */
  text: string;
  /** Written when the transfer is wound up, after the progress meter's last line. */
  closing?: boolean;
}

export interface CurlOutcome {
  /** curl's exit code: 0 on success. */
  code: number;
  /** failf() text ('' on success): what follows "curl: (N) ". */
  error: string;
  startedAt: number;
  connectedAt: number | null;
  /** First byte of the response. */
  firstByteAt: number | null;
  endedAt: number;
  localIp: number;
  localPort: number;
  remoteIp: number;
  remotePort: number;
  response: HttpResponse | null;
  /** The response head as received (status line, headers, blank line; CR LF line ends). */
  rawHead: string;
  /** Body bytes received (decoded from chunked if it was). */
  body: Uint8Array;
  /** Bytes of the request put on the connection. */
  requestSize: number;
  trace: CurlTraceLine[];
}

export interface CurlTransferHandle {
  /** Ctrl-C: the process dies, the kernel closes the socket. */
  abort(): void;
}

/**
 * Run one transfer from `host`. The stack of the host is attached with `sim` if needed. The
 * callback fires once, from a scheduled event (never synchronously).
 */
export function curlTransfer(host: NetHost, sim: TcpSim, spec: CurlTransferSpec, cb: (o: CurlOutcome) => void): CurlTransferHandle {
  const stack = TcpStack.attach(host, sim);
  const sched = sim.scheduler;
  const startedAt = sched.now();
  const ipText = formatIpv4(spec.ip);
  const trace: CurlTraceLine[] = [];
  const info = (text: string) => trace.push({ t: sched.now(), kind: '*', text });
  const elapsed = () => Math.floor(sched.now() - startedAt);

  let finished = false;
  let handle: ConnectHandle | null = null;
  let socket: TcpSocket | null = null;
  let connectedAt: number | null = null;
  let firstByteAt: number | null = null;
  let localIp = 0;
  let localPort = 0;
  let requestSize = 0;
  const timers: Timer[] = [];
  const parser = new ResponseParser({ noBody: spec.noBody });
  let rawHead = '';
  let response: HttpResponse | null = null;

  const outcome = (code: number, error: string): CurlOutcome => ({
    code,
    error,
    startedAt,
    connectedAt,
    firstByteAt,
    endedAt: sched.now(),
    localIp,
    localPort,
    remoteIp: spec.ip,
    remotePort: spec.port,
    response,
    rawHead,
    body: response ? response.body : new Uint8Array(0),
    requestSize,
    trace
  });

  const finish = (code: number, error: string, opts: { closeSocket: boolean } = { closeSocket: true }) => {
    if (finished) return;
    finished = true;
    for (const t of timers) t.cancel();
    if (error) info(error);
    const closing = code === 0 ? `Connection #0 to host ${spec.hostname} left intact` : 'closing connection #0';
    trace.push({ t: sched.now(), kind: '*', text: closing, closing: true });
    const s = socket;
    if (s && opts.closeSocket) sched.after(CURL_EXIT_MS, 'curl exits', () => s.close());
    if (!response) {
      const st = parser.status;
      if (st.state === 'body' || st.state === 'done') response = st.response;
    }
    cb(outcome(code, error));
  };

  const connectFailed = (error: ConnectError) => {
    handle = null;
    if (error === 'ENETUNREACH' && localPort === 0) info(`Immediate connect fail for ${ipText}: ${STRERROR.ENETUNREACH}`);
    else info(`connect to ${ipText} port ${spec.port} from ${formatIpv4(localIp)} port ${localPort} failed: ${STRERROR[error]}`);
    // the kernel's own timeout becomes CURLE_OPERATION_TIMEDOUT, the text stays the same
    const code = error === 'ETIMEDOUT' ? CURLE.OPERATION_TIMEDOUT : CURLE.COULDNT_CONNECT;
    finish(code, `Failed to connect to ${spec.hostname} port ${spec.port} after ${elapsed()} ms: Couldn't connect to server`);
  };

  const recvFailure = (err: SocketError) => {
    finish(CURLE.RECV_ERROR, `Recv failure: ${STRERROR[err]}`, { closeSocket: false });
  };

  const onConnected = (s: TcpSocket) => {
    socket = s;
    connectedAt = sched.now();
    localIp = s.localIp;
    localPort = s.localPort;
    info(`Connected to ${spec.hostname} (${ipText}) port ${spec.port}`);
    info('using HTTP/1.x');
    const head = spec.requestLines.map((l) => l + '\r\n').join('') + '\r\n';
    for (const l of spec.requestLines) trace.push({ t: sched.now(), kind: '>', text: l + '\r\n' });
    trace.push({ t: sched.now(), kind: '>', text: '\r\n' });
    const bytes = spec.body?.length ? concatBytes([utf8(head), spec.body]) : utf8(head);
    requestSize = bytes.length;
    s.write(bytes);
    info('Request completely sent off');
    s.on('data', (d) => {
      if (finished) return;
      if (firstByteAt === null) firstByteAt = sched.now();
      const before = parser.bodyBytes;
      const st = parser.feed(d);
      if (st.state === 'error') {
        finish(CURLE.WEIRD_SERVER_REPLY, st.error === 'bad-chunk' ? 'Illegal or missing hexadecimal sequence in chunked-encoding' : 'Weird server reply');
        return;
      }
      if ((st.state === 'body' || st.state === 'done') && !rawHead) {
        rawHead = st.rawHead;
        response = st.response;
        for (const line of st.rawHead.split(/(?<=\r\n)/)) trace.push({ t: sched.now(), kind: '<', text: line });
      }
      const got = parser.bodyBytes - before;
      if (got > 0) trace.push({ t: sched.now(), kind: '{', text: `[${got} bytes data]\n` });
      if (st.state === 'done') {
        response = st.response;
        finish(CURLE.OK, '');
      }
    });
    s.on('end', () => {
      if (finished) return;
      const st = parser.end();
      if (st.state === 'done') {
        response = st.response;
        finish(CURLE.OK, '');
        return;
      }
      if (st.state === 'head') {
        finish(CURLE.GOT_NOTHING, 'Empty reply from server');
        return;
      }
      const expected = parser.expectedLength;
      if (expected !== null) finish(CURLE.PARTIAL_FILE, `transfer closed with ${expected - parser.bodyBytes} bytes remaining to read`);
      else finish(CURLE.PARTIAL_FILE, 'transfer closed with outstanding read data remaining');
    });
    s.on('close', (err) => {
      if (finished || err === null) return;
      recvFailure(err);
    });
  };

  // the connect phase ends at the earlier of --connect-timeout and -m
  const connectLimit = Math.min(spec.connectTimeoutMs ?? CURL_DEFAULT_CONNECT_TIMEOUT_MS, spec.maxTimeMs ?? Infinity);
  timers.push(
    sched.at(startedAt + connectLimit + CURL_CONNECT_TIMEOUT_SLACK_MS, 'curl: connect timeout', () => {
      if (finished || connectedAt !== null) return;
      handle?.cancel();
      handle = null;
      finish(CURLE.OPERATION_TIMEDOUT, `Failed to connect to ${spec.hostname} port ${spec.port} after ${elapsed()} ms: Timeout was reached`);
    })
  );
  if (spec.maxTimeMs !== null && spec.maxTimeMs !== undefined) {
    timers.push(
      sched.at(startedAt + spec.maxTimeMs + CURL_TRANSFER_TIMEOUT_SLACK_MS, 'curl: max time', () => {
        if (finished || connectedAt === null) return;
        const expected = parser.expectedLength;
        const got = parser.bodyBytes;
        finish(
          CURLE.OPERATION_TIMEDOUT,
          expected !== null
            ? `Operation timed out after ${elapsed()} milliseconds with ${got} out of ${expected} bytes received`
            : `Operation timed out after ${elapsed()} milliseconds with ${got} bytes received`
        );
      })
    );
  }

  timers.push(
    sched.after(CURL_SETUP_MS, 'curl: connect', () => {
      if (finished) return;
      info(`  Trying ${ipText}:${spec.port}...`);
      handle = stack.connect(spec.ip, spec.port, { owner: 'curl' }, (r) => {
        if (finished) {
          if (r.ok) r.socket.close();
          return;
        }
        if (r.ok) onConnected(r.socket);
        else connectFailed(r.error);
      });
      localIp = handle.localIp;
      localPort = handle.localPort;
    })
  );

  return {
    abort: () => {
      if (finished) return;
      finished = true;
      for (const t of timers) t.cancel();
      handle?.cancel();
      socket?.close();
    }
  };
}

/** The head of curl's request: request line, Host, User-Agent, Accept, then -H headers. */
export function curlRequestLines(opts: {
  method: string;
  target: string;
  /** Host header value: the URL's host, with ":port" when it is not the scheme's default. */
  host: string;
  /** -H arguments as given. */
  headers: string[];
  /** -A; null: curl's own. '' removes the header. */
  userAgent?: string | null;
  /** HTTP/1.0 (-0) instead of HTTP/1.1. */
  http10?: boolean;
  /** Extra headers curl adds itself (-d's Content-Type and Content-Length). */
  extra?: string[];
}): string[] {
  type Custom = { name: string; line: string | null };
  const custom: Custom[] = [];
  for (const h of opts.headers) {
    const colon = h.indexOf(':');
    const semi = h.indexOf(';');
    if (colon > 0) {
      const name = h.slice(0, colon).trim();
      const value = h.slice(colon + 1).trim();
      // "Name:" with nothing after it removes the header curl would send
      custom.push({ name, line: value === '' ? null : h });
    } else if (semi > 0 && h.slice(semi + 1).trim() === '') {
      // "Name;" sends the header with an empty value
      custom.push({ name: h.slice(0, semi).trim(), line: `${h.slice(0, semi).trim()}:` });
    }
  }
  const has = (n: string) => custom.some((c) => c.name.toLowerCase() === n.toLowerCase());
  const lines = [`${opts.method} ${opts.target} ${opts.http10 ? 'HTTP/1.0' : 'HTTP/1.1'}`];
  const hostCustom = custom.find((c) => c.name.toLowerCase() === 'host');
  if (hostCustom) {
    if (hostCustom.line !== null) lines.push(hostCustom.line);
  } else lines.push(`Host: ${opts.host}`);
  const ua = opts.userAgent === undefined || opts.userAgent === null ? CURL_USER_AGENT : opts.userAgent;
  if (!has('User-Agent') && ua !== '') lines.push(`User-Agent: ${ua}`);
  if (!has('Accept')) lines.push('Accept: */*');
  for (const e of opts.extra ?? []) {
    const name = e.slice(0, e.indexOf(':'));
    if (!has(name)) lines.push(e);
  }
  for (const c of custom) if (c.line !== null && c.name.toLowerCase() !== 'host') lines.push(c.line);
  return lines;
}

/** The body as the terminal shows curl's bytes (UTF-8). */
export function bodyText(o: CurlOutcome): string {
  return decodeUtf8(o.body);
}
