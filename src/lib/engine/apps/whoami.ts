/**
 * traefik/whoami: a Go net/http server that answers with what it knows about itself and the
 * request. It listens (default :80) in the pod's network namespace and serves, like its
 * app.go: `/` (the text page: Name, Hostname, one IP line per interface address, RemoteAddr,
 * then the request in Go's wire format; `?wait=` and `?env=true`), `/api` (the same as JSON),
 * `/health` and `/bench`. Responses carry Go's headers (Date, Content-Length, sniffed
 * Content-Type) in Go's order; connections are kept alive until the client closes.
 */
import { formatIpv4 } from '../net/addr';
import type { NetHost } from '../net/host';
import type { Clock } from '../sim/clock';
import type { Scheduler } from '../sim/scheduler';
import type { AppContext, AppRegistry, PodApp } from './app';
import { goLogTime } from './builtin';
import { type GoServerRequest, RequestParser, concatBytes, detectContentType, goRequestWrite, goResponseHead, goServerRequest, httpDate, utf8 } from './http';
import { type Listener, type TcpSim, type TcpSocket, TcpStack } from './tcp';

/** Time the Go handler takes to answer (goroutine wake-up, handler, write), in ms. */
export const WHOAMI_HANDLER_MS = 0.15;
/** Time between the client's FIN and Go closing its side. */
const GO_CLOSE_MS = 0.05;
/** net/http buffers this much before it switches to chunked encoding. */
const GO_CHUNKING_SIZE = 2048;

export interface WhoamiDeps {
  clock: Clock;
  /** Needed to attach a TCP stack to the pod's namespace when none is attached yet. */
  sim?: TcpSim;
}

interface WhoamiConfig {
  port: number;
  name: string;
  verbose: boolean;
}

/** Go's flag package over the container's args: -port 80, --port=80, -verbose, … */
function whoamiConfig(ctx: AppContext): WhoamiConfig {
  const env = (k: string) => ctx.container.env?.find((e) => e.name === k)?.value ?? '';
  const cfg = { port: env('WHOAMI_PORT_NUMBER') || '80', name: env('WHOAMI_NAME'), verbose: false };
  const args = [...(ctx.container.command ?? []).slice(1), ...(ctx.container.args ?? [])];
  for (let i = 0; i < args.length; i++) {
    const m = /^--?([a-z-]+)(?:=(.*))?$/.exec(args[i]);
    if (!m) break;
    const [, key, inline] = m;
    if (key === 'verbose') {
      cfg.verbose = inline === undefined ? true : inline === 'true' || inline === '1';
      continue;
    }
    const value = inline ?? args[++i] ?? '';
    if (key === 'port') cfg.port = value;
    else if (key === 'name') cfg.name = value;
  }
  const port = Number(cfg.port);
  return { port: Number.isInteger(port) && port > 0 && port < 65536 ? port : 80, name: cfg.name, verbose: cfg.verbose };
}

/** Every address of every interface, in interface order, IPv4 before IPv6 (Go's getIPs). */
export function interfaceIps(netns: NetHost): string[] {
  const out: string[] = [];
  for (const i of netns.interfaces()) {
    for (const a of i.addrs) out.push(formatIpv4(a.ip));
    for (const a of i.addrs6) out.push(a.addr);
  }
  return out;
}

/** time.ParseDuration for the `?wait=` parameter; null when Go would reject it. */
export function goParseDuration(s: string): number | null {
  const units: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  const m = /^([+-]?)((?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|ms|s|m|h))+$/.exec(s);
  if (!m) return s === '0' ? 0 : null;
  let total = 0;
  for (const part of s.replace(/^[+-]/, '').matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/g)) total += Number(part[1]) * units[part[2]];
  return m[1] === '-' ? -total : total;
}

/** encoding/json string quoting (HTML-safe, as json.Encoder escapes <, > and &). */
function jsonString(s: string): string {
  return JSON.stringify(s).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

function queryParam(requestURI: string, key: string): string {
  const q = requestURI.indexOf('?');
  if (q < 0) return '';
  for (const kv of requestURI.slice(q + 1).split('&')) {
    const [k, v = ''] = kv.split('=');
    try {
      if (decodeURIComponent(k.replace(/\+/g, ' ')) === key) return decodeURIComponent(v.replace(/\+/g, ' '));
    } catch {
      continue;
    }
  }
  return '';
}

/** strconv.ParseBool. */
function goBool(s: string): boolean {
  return ['1', 't', 'T', 'TRUE', 'true', 'True'].includes(s);
}

interface HandlerResult {
  status: number;
  headers: Map<string, string[]>;
  body: string;
  /** Extra handler time (`?wait=`). */
  delayMs: number;
}

export class WhoamiApp implements PodApp {
  private readonly ctx: AppContext;
  private readonly deps: WhoamiDeps;
  private readonly cfg: WhoamiConfig;
  private listener: Listener | null = null;
  private sockets = new Set<TcpSocket>();
  private paused = false;
  private held: (() => void)[] = [];
  private scheduler: Scheduler | null = null;
  private running = false;

  constructor(ctx: AppContext, deps: WhoamiDeps) {
    this.ctx = ctx;
    this.deps = deps;
    this.cfg = whoamiConfig(ctx);
  }

  /** The port it listens on (or would). */
  get port(): number {
    return this.cfg.port;
  }

  start(): void {
    this.running = true;
    this.ctx.log(`${goLogTime(this.deps.clock)} Starting up on port ${this.cfg.port}`);
    const netns = this.ctx.netns;
    if (!netns) return;
    const existing = this.deps.sim ? TcpStack.attach(netns, this.deps.sim) : TcpStack.of(netns);
    if (existing) this.listen(existing);
    // built with a clock only: listen as soon as the simulation is known (the first socket user)
    else TcpStack.whenSim(this.deps.clock, (sim) => this.listen(TcpStack.attach(netns, sim)));
  }

  private listen(stack: TcpStack): void {
    if (!this.running || this.listener) return;
    this.scheduler = stack.scheduler;
    const r = stack.listen(this.cfg.port, (s) => this.accept(s), { owner: 'whoami' });
    if (r.ok) this.listener = r.listener;
    else {
      this.ctx.log(`${goLogTime(this.deps.clock)} listen tcp :${this.cfg.port}: bind: address already in use`);
      this.running = false;
    }
  }

  stop(_graceful: boolean): number {
    // Go installs no SIGTERM handler: the process ends at once and the kernel closes its sockets.
    this.running = false;
    this.listener?.close();
    this.listener = null;
    // a namespace that is already down (node stopped) sends nothing: just drop the state
    const down = this.ctx.netns ? !this.ctx.netns.up() : true;
    for (const s of [...this.sockets]) {
      if (down) s.abort();
      else s.close();
    }
    this.sockets.clear();
    this.held = [];
    return 0;
  }

  pause(): void {
    this.paused = true;
  }

  unpause(): void {
    this.paused = false;
    const held = this.held;
    this.held = [];
    for (const fn of held) fn();
  }

  private later(ms: number, label: string, fn: () => void): void {
    const run = () => {
      if (!this.running) return;
      if (this.paused) this.held.push(fn);
      else fn();
    };
    if (this.scheduler) this.scheduler.after(ms, `whoami ${this.ctx.pod.metadata.name}: ${label}`, run);
    else run();
  }

  private accept(sock: TcpSocket): void {
    if (!this.running) {
      sock.abort();
      return;
    }
    this.sockets.add(sock);
    const parser = new RequestParser();
    let busy = false;
    let peerDone = false;
    let closing = false;
    const finish = () => {
      if (closing) return;
      closing = true;
      this.later(GO_CLOSE_MS, 'close', () => sock.close());
    };
    const pump = (): void => {
      if (busy || closing) return;
      const r = parser.next();
      if (r.state === 'more') {
        if (peerDone) finish();
        return;
      }
      if (r.state === 'error') {
        const msg = r.error ? `400 Bad Request: ${r.error}` : '400 Bad Request';
        sock.write(`HTTP/1.1 ${msg}\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n${msg}`);
        finish();
        return;
      }
      const g = goServerRequest(r.request);
      if (!g.ok) {
        const msg = g.error ? `400 Bad Request: ${g.error}` : '400 Bad Request';
        sock.write(`HTTP/1.1 ${msg}\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n${msg}`);
        finish();
        return;
      }
      busy = true;
      const req = g.request;
      const result = this.handle(req, sock);
      this.later(WHOAMI_HANDLER_MS + Math.max(0, result.delayMs), 'handler', () => {
        busy = false;
        if (sock.state === 'CLOSED') return;
        sock.write(this.encode(req, result));
        if (this.cfg.verbose) this.logRequest(req, sock);
        if (req.close) finish();
        else pump();
      });
    };
    sock.on('data', (d) => {
      parser.feed(d);
      pump();
    });
    sock.on('end', () => {
      peerDone = true;
      if (!busy) finish();
    });
    sock.on('close', () => this.sockets.delete(sock));
  }

  private hostname(): string {
    const spec = this.ctx.pod.spec as { hostname?: unknown };
    return typeof spec.hostname === 'string' && spec.hostname ? spec.hostname : this.ctx.pod.metadata.name;
  }

  private ips(): string[] {
    return this.ctx.netns ? interfaceIps(this.ctx.netns) : [];
  }

  private environ(): string[] {
    const env = ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', `HOSTNAME=${this.hostname()}`];
    for (const e of this.ctx.container.env ?? []) if (e.value !== undefined) env.push(`${e.name}=${e.value}`);
    env.push('HOME=/root');
    return env;
  }

  /** Route like Go's ServeMux: exact /api, /health, /bench; everything else is the whoami page. */
  private handle(req: GoServerRequest, sock: TcpSocket): HandlerResult {
    const path = req.requestURI.split('?')[0];
    const remote = `${formatIpv4(sock.remoteIp)}:${sock.remotePort}`;
    const headers = new Map<string, string[]>();
    if (path === '/health') return { status: 200, headers, body: '', delayMs: 0 };
    if (path === '/bench') {
      headers.set('Connection', ['keep-alive']);
      headers.set('Content-Type', ['text/plain']);
      return { status: 200, headers, body: '1', delayMs: 0 };
    }
    if (path === '/api') {
      headers.set('Access-Control-Allow-Methods', ['*']);
      headers.set('Access-Control-Allow-Origin', ['*']);
      headers.set('Content-Type', ['application/json']);
      const fields: string[] = [];
      fields.push(`"hostname":${jsonString(this.hostname())}`);
      const ips = this.ips();
      if (ips.length) fields.push(`"ip":[${ips.map(jsonString).join(',')}]`);
      const hk = [...req.header.keys()].sort();
      if (hk.length) fields.push(`"headers":{${hk.map((k) => `${jsonString(k)}:[${(req.header.get(k) ?? []).map(jsonString).join(',')}]`).join(',')}}`);
      fields.push(`"url":${jsonString(req.requestURI)}`);
      if (req.host) fields.push(`"host":${jsonString(req.host)}`);
      fields.push(`"method":${jsonString(req.method)}`);
      if (this.cfg.name) fields.push(`"name":${jsonString(this.cfg.name)}`);
      fields.push(`"remoteAddr":${jsonString(remote)}`);
      if (goBool(queryParam(req.requestURI, 'env'))) {
        const env = new Map<string, string>();
        for (const e of this.environ()) {
          const i = e.indexOf('=');
          env.set(e.slice(0, i), e.slice(i + 1));
        }
        fields.push(`"environ":{${[...env.keys()].sort().map((k) => `${jsonString(k)}:${jsonString(env.get(k) ?? '')}`).join(',')}}`);
      }
      return { status: 200, headers, body: `{${fields.join(',')}}\n`, delayMs: 0 };
    }
    const wait = goParseDuration(queryParam(req.requestURI, 'wait'));
    let body = '';
    if (this.cfg.name) body += `Name: ${this.cfg.name}\n`;
    body += `Hostname: ${this.hostname()}\n`;
    for (const ip of this.ips()) body += `IP: ${ip}\n`;
    body += `RemoteAddr: ${remote}\n`;
    body += goRequestWrite(req);
    if (goBool(queryParam(req.requestURI, 'env'))) for (const e of this.environ()) body += `${e}\n`;
    return { status: 200, headers, body, delayMs: wait ?? 0 };
  }

  /** The response bytes as net/http writes them (HEAD: the same head, no body). */
  private encode(req: GoServerRequest, r: HandlerResult): Uint8Array {
    const body = utf8(r.body);
    const date = httpDate(this.deps.clock.date());
    const haveType = r.headers.has('Content-Type');
    const contentType = !haveType && body.length > 0 ? detectContentType(body) : undefined;
    const connection = req.close ? 'close' : undefined;
    const head = req.method === 'HEAD';
    if (body.length <= GO_CHUNKING_SIZE) {
      const h = goResponseHead(r.status, r.headers, { date, contentLength: body.length, contentType, connection });
      return head ? utf8(h) : concatBytes([utf8(h), body]);
    }
    const h = goResponseHead(r.status, r.headers, { date, contentType, connection, transferEncoding: head ? undefined : 'chunked' });
    if (head) return utf8(h);
    const parts: Uint8Array[] = [utf8(h)];
    for (let i = 0; i < body.length; i += GO_CHUNKING_SIZE) {
      const chunk = body.subarray(i, i + GO_CHUNKING_SIZE);
      parts.push(utf8(`${chunk.length.toString(16)}\r\n`), chunk, utf8('\r\n'));
    }
    parts.push(utf8('0\r\n\r\n'));
    return concatBytes(parts);
  }

  /** The --verbose access log line. */
  private logRequest(req: GoServerRequest, sock: TcpSocket): void {
    const d = this.deps.clock.date();
    const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
    const p = (n: number) => String(n).padStart(2, '0');
    const ts = `${p(d.getUTCDate())}/${months[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
    this.ctx.log(`${goLogTime(this.deps.clock)} ${formatIpv4(sock.remoteIp)}:${sock.remotePort} - - [${ts}] "${req.method} ${req.requestURI.split('?')[0]} ${req.proto}" - -`);
  }
}

export function createWhoami(ctx: AppContext, deps: WhoamiDeps): WhoamiApp {
  return new WhoamiApp(ctx, deps);
}

/** Register the whoami server for the traefik/whoami image. */
export function registerWhoami(apps: AppRegistry, deps: WhoamiDeps): void {
  apps.register('traefik/whoami', (ctx) => createWhoami(ctx, deps));
}
