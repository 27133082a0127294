import { describe, expect, test } from 'vitest';
import { type CurlOutcome, curlRequestLines, curlTransfer } from '../../../src/lib/engine/apps/http-client';
import { type TcpSocket, attachTcp, connect } from '../../../src/lib/engine/apps/tcp';
import { goParseDuration } from '../../../src/lib/engine/apps/whoami';
import { AppRegistry } from '../../../src/lib/engine/apps/app';
import { registerBuiltinApps } from '../../../src/lib/engine/apps/builtin';
import type { Sim } from '../../../src/lib/engine/sim';
import type { NetHost } from '../../../src/lib/engine/net';
import { fakePod, ip, startWhoami, twoHosts } from './helpers';

const DATE = 'Thu, 03 Oct 2024 09:00:00 GMT';

/** One curl-style GET from a host, run to completion. */
async function fetchFrom(sim: Sim, from: NetHost, target: string, opts: { port?: number; method?: string; headers?: string[] } = {}): Promise<CurlOutcome> {
  const port = opts.port ?? 80;
  const method = opts.method ?? 'GET';
  let out: CurlOutcome | null = null;
  curlTransfer(
    from,
    sim,
    { ip: ip('172.18.0.3'), port, hostname: '172.18.0.3', requestLines: curlRequestLines({ method, target, host: port === 80 ? '172.18.0.3' : `172.18.0.3:${port}`, headers: opts.headers ?? [] }), noBody: method === 'HEAD' },
    (o) => (out = o)
  );
  for (let i = 0; i < 1000 && !out; i++) await sim.scheduler.advance(1);
  if (!out) throw new Error('no outcome');
  return out;
}

const text = (b: Uint8Array) => Buffer.from(b).toString('utf8');

describe('traefik/whoami', () => {
  test('GET /: the page of §3.3 with Go’s headers', async () => {
    const n = twoHosts();
    const { logs } = startWhoami(n.sim, n.b);
    const o = await fetchFrom(n.sim, n.a, '/');
    expect(o.code).toBe(0);
    expect(o.localPort).toBeGreaterThanOrEqual(32768);
    expect(o.localPort).toBeLessThanOrEqual(60999);
    const body =
      'Hostname: webpod1\n' +
      'IP: 127.0.0.1\n' +
      'IP: ::1\n' +
      'IP: 172.18.0.3\n' +
      'IP: fe80::a0b1:c2ff:fed3:e4f5\n' +
      `RemoteAddr: 172.18.0.100:${o.localPort}\n` +
      'GET / HTTP/1.1\r\n' +
      'Host: 172.18.0.3\r\n' +
      'User-Agent: curl/8.14.1\r\n' +
      'Accept: */*\r\n' +
      '\r\n';
    expect(text(o.body)).toBe(body);
    expect(o.rawHead).toBe(`HTTP/1.1 200 OK\r\nDate: ${DATE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n`);
    expect(logs).toEqual(['2024/10/03 09:00:00 Starting up on port 80']);
  });

  test('HEAD: the same head, no body', async () => {
    const n = twoHosts();
    startWhoami(n.sim, n.b);
    const get = await fetchFrom(n.sim, n.a, '/');
    const head = await fetchFrom(n.sim, n.a, '/', { method: 'HEAD' });
    expect(head.code).toBe(0);
    expect(head.body.length).toBe(0);
    // the echoed request line says HEAD instead of GET (one byte more); ports are five digits either way
    expect(head.rawHead).toBe(get.rawHead.replace(`Content-Length: ${get.body.length}`, `Content-Length: ${get.body.length + 1}`));
  });

  test('/api answers JSON; /health an empty 200', async () => {
    const n = twoHosts();
    startWhoami(n.sim, n.b);
    const api = await fetchFrom(n.sim, n.a, '/api', { headers: ['X-Test: <a&b>'] });
    const json = `{"hostname":"webpod1","ip":["127.0.0.1","::1","172.18.0.3","fe80::a0b1:c2ff:fed3:e4f5"],"headers":{"Accept":["*/*"],"User-Agent":["curl/8.14.1"],"X-Test":["\\u003ca\\u0026b\\u003e"]},"url":"/api","host":"172.18.0.3","method":"GET","remoteAddr":"172.18.0.100:${api.localPort}"}\n`;
    expect(text(api.body)).toBe(json);
    expect(JSON.parse(text(api.body)).headers['X-Test']).toEqual(['<a&b>']);
    expect(api.rawHead).toBe(
      `HTTP/1.1 200 OK\r\nAccess-Control-Allow-Methods: *\r\nAccess-Control-Allow-Origin: *\r\nContent-Type: application/json\r\nDate: ${DATE}\r\nContent-Length: ${Buffer.byteLength(json)}\r\n\r\n`
    );
    const health = await fetchFrom(n.sim, n.a, '/health');
    expect(health.rawHead).toBe(`HTTP/1.1 200 OK\r\nDate: ${DATE}\r\nContent-Length: 0\r\n\r\n`);
  });

  test('WHOAMI_NAME, --port and --verbose', async () => {
    const n = twoHosts();
    const { logs } = startWhoami(n.sim, n.b, 'webpod2', { args: ['--port', '8080', '-verbose'], env: [{ name: 'WHOAMI_NAME', value: 'blue' }] });
    const refused = await fetchFrom(n.sim, n.a, '/');
    expect(refused.code).toBe(7);
    const o = await fetchFrom(n.sim, n.a, '/x?y=1', { port: 8080 });
    expect(text(o.body).split('\n').slice(0, 2)).toEqual(['Name: blue', 'Hostname: webpod2']);
    expect(text(o.body)).toContain('GET /x?y=1 HTTP/1.1\r\nHost: 172.18.0.3:8080\r\n');
    expect(logs).toEqual(['2024/10/03 09:00:00 Starting up on port 8080', `2024/10/03 09:00:00 172.18.0.100:${o.localPort} - - [03/Oct/2024:09:00:00 +0000] "GET /x HTTP/1.1" - -`]);
  });

  test('keep-alive: two requests on one connection; the client’s FIN is answered with FIN', async () => {
    const n = twoHosts();
    startWhoami(n.sim, n.b);
    const got: string[] = [];
    let ended = false;
    let sock: TcpSocket | null = null;
    connect(n.a, ip('172.18.0.3'), 80, { sim: n.sim }, (r) => {
      if (!r.ok) throw new Error(r.error);
      sock = r.socket;
      r.socket.on('data', (d) => got.push(text(d)));
      r.socket.on('end', () => (ended = true));
      r.socket.write('GET /bench HTTP/1.1\r\nHost: x\r\n\r\nGET /bench HTTP/1.1\r\nHost: x\r\n\r\n');
    });
    await n.sim.scheduler.advance(10);
    const all = got.join('');
    const one = `HTTP/1.1 200 OK\r\nConnection: keep-alive\r\nContent-Type: text/plain\r\nDate: ${DATE}\r\nContent-Length: 1\r\n\r\n1`;
    expect(all).toBe(one + one);
    expect(ended).toBe(false);
    (sock as unknown as TcpSocket).end();
    await n.sim.scheduler.advance(10);
    expect(ended).toBe(true);
  });

  test('a malformed request gets Go’s 400 and the connection is closed', async () => {
    const n = twoHosts();
    startWhoami(n.sim, n.b);
    const got: string[] = [];
    let ended = false;
    connect(n.a, ip('172.18.0.3'), 80, { sim: n.sim }, (r) => {
      if (!r.ok) throw new Error(r.error);
      r.socket.on('data', (d) => got.push(text(d)));
      r.socket.on('end', () => (ended = true));
      r.socket.write('GET / HTTP/1.1\r\n\r\n');
    });
    await n.sim.scheduler.advance(10);
    expect(got.join('')).toBe('HTTP/1.1 400 Bad Request: missing required Host header\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n400 Bad Request: missing required Host header');
    expect(ended).toBe(true);
  });

  test('stopped: the port is closed again (RST, curl exit 7)', async () => {
    const n = twoHosts();
    const { app } = startWhoami(n.sim, n.b);
    expect((await fetchFrom(n.sim, n.a, '/')).code).toBe(0);
    expect(app.stop(true)).toBe(0);
    const o = await fetchFrom(n.sim, n.a, '/');
    expect(o.code).toBe(7);
  });

  test('stopped while its node is down: connections are dropped without a packet', async () => {
    const n = twoHosts();
    const { app } = startWhoami(n.sim, n.b);
    connect(n.a, ip('172.18.0.3'), 80, { sim: n.sim }, () => {});
    await n.sim.scheduler.advance(10);
    expect(attachTcp(n.b, n.sim).sockets().map((s) => s.state)).toEqual(['LISTEN', 'ESTABLISHED']);
    n.b.setUp(false);
    const before = n.frames.length;
    app.stop(false);
    await n.sim.scheduler.advance(1000);
    expect(attachTcp(n.b, n.sim).sockets()).toEqual([]);
    expect(n.frames.length).toBe(before);
  });

  test('paused: the request waits until the container is unpaused', async () => {
    const n = twoHosts();
    const { app } = startWhoami(n.sim, n.b);
    app.pause();
    let out: CurlOutcome | null = null;
    curlTransfer(n.a, n.sim, { ip: ip('172.18.0.3'), port: 80, hostname: '172.18.0.3', requestLines: curlRequestLines({ method: 'GET', target: '/', host: '172.18.0.3', headers: [] }), noBody: false }, (o) => (out = o));
    await n.sim.scheduler.advance(5000);
    expect(out).toBeNull();
    app.unpause();
    await n.sim.scheduler.advance(5);
    expect((out as CurlOutcome | null)?.code).toBe(0);
  });

  test('registered for traefik/whoami; built with a clock only, it listens once the simulation is known', async () => {
    const n = twoHosts();
    const apps = new AppRegistry();
    registerBuiltinApps(apps, n.sim.clock);
    const logs: string[] = [];
    const app = apps.create({ pod: fakePod('webpod1'), container: { name: 'web', image: 'traefik/whoami' }, nodeName: 'w', log: (l) => logs.push(l), netns: n.b });
    app.start();
    expect(logs).toEqual(['2024/10/03 09:00:00 Starting up on port 80']);
    // the first socket user (here the client) makes the simulation known; whoami then listens
    attachTcp(n.a, n.sim);
    const o = await fetchFrom(n.sim, n.a, '/');
    expect(o.code).toBe(0);
    expect(text(o.body).startsWith('Hostname: webpod1\n')).toBe(true);
  });

  test('?wait= delays the answer (time.ParseDuration)', async () => {
    expect(goParseDuration('1s')).toBe(1000);
    expect(goParseDuration('1.5s')).toBe(1500);
    expect(goParseDuration('1m30s')).toBe(90_000);
    expect(goParseDuration('250ms')).toBe(250);
    expect(goParseDuration('abc')).toBeNull();
    const n = twoHosts();
    startWhoami(n.sim, n.b);
    const t0 = n.sim.clock.now();
    let out: CurlOutcome | null = null;
    curlTransfer(n.a, n.sim, { ip: ip('172.18.0.3'), port: 80, hostname: '172.18.0.3', requestLines: curlRequestLines({ method: 'GET', target: '/?wait=2s', host: '172.18.0.3', headers: [] }), noBody: false }, (o) => (out = o));
    await n.sim.scheduler.advance(3000);
    const o = out as CurlOutcome | null;
    expect(o?.code).toBe(0);
    expect((o?.endedAt ?? 0) - t0).toBeGreaterThan(2000);
    expect((o?.endedAt ?? 0) - t0).toBeLessThan(2010);
  });
});
