import type { AddressInfo } from 'node:net';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import type { Server as HttpServer } from 'node:http';
import { request } from 'node:https';
import type { Server } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCertificate } from '../../../scripts/cert.mjs';
import { acceptedEncodings, safePath, startServer } from '../../../scripts/static-server.mjs';

// A stand-in for build/: the tests never need the real build.
const outer = mkdtempSync(join(tmpdir(), 'classroom-server-'));
const root = join(outer, 'site');
const INDEX = '<!doctype html><title>home</title>';
const APP_JS = `export const answer = 42;\n${'// padding\n'.repeat(200)}`;
const LESSON = '<!doctype html><title>lesson 9</title>';
const NOT_FOUND = '<!doctype html><title>not here</title>';
const SECRET = 'outside the root';
// Pre-compressed twins, made here with node:zlib (as a build would), for a chunk and a page.
const CHUNK = `export const lab = 'kind';\n${'// more padding\n'.repeat(300)}`;
const CHUNK_GZ = gzipSync(CHUNK, { level: 9 });
const CHUNK_BR = brotliCompressSync(CHUNK);
const PAGE = `<!doctype html><title>lesson 5</title>${'<p>text</p>'.repeat(200)}`;
const PAGE_GZ = gzipSync(PAGE, { level: 9 });
const OLD = `export const old = true;\n${'// old\n'.repeat(300)}`;
const NEW = `export const fresh = true;\n${'// new\n'.repeat(300)}`;

const { certPem, keyPem } = createCertificate({ dnsNames: ['localhost', 'lab.test'], ips: ['127.0.0.1'] });
let server: Server;
let port: number;

beforeAll(async () => {
  mkdirSync(join(root, '_app/immutable/chunks'), { recursive: true });
  mkdirSync(join(root, 'lessons/09-failover'), { recursive: true });
  writeFileSync(join(root, 'index.html'), INDEX);
  writeFileSync(join(root, '404.html'), NOT_FOUND);
  writeFileSync(join(root, '_app/immutable/chunks/app.abc123.js'), APP_JS);
  writeFileSync(join(root, 'style.css'), 'body{margin:0}');
  writeFileSync(join(root, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  writeFileSync(join(root, 'manifest.webmanifest'), '{}');
  writeFileSync(join(root, 'engine.wasm'), Buffer.from([0, 0x61, 0x73, 0x6d]));
  writeFileSync(join(root, 'lessons/09-failover/index.html'), LESSON);
  writeFileSync(join(outer, 'package.json'), SECRET);
  // twins: a chunk with both, a page with only .gz, a stale .gz, and a .gz that leaves the root
  writeFileSync(join(root, '_app/immutable/chunks/lab.def456.js'), CHUNK);
  writeFileSync(join(root, '_app/immutable/chunks/lab.def456.js.gz'), CHUNK_GZ);
  writeFileSync(join(root, '_app/immutable/chunks/lab.def456.js.br'), CHUNK_BR);
  mkdirSync(join(root, 'lessons/05-services'), { recursive: true });
  writeFileSync(join(root, 'lessons/05-services/index.html'), PAGE);
  writeFileSync(join(root, 'lessons/05-services/index.html.gz'), PAGE_GZ);
  writeFileSync(join(root, 'stale.js'), NEW);
  writeFileSync(join(root, 'stale.js.gz'), gzipSync(OLD));
  utimesSync(join(root, 'stale.js.gz'), new Date(2020, 0, 1), new Date(2020, 0, 1));
  writeFileSync(join(root, 'leak.js'), `${'// leak\n'.repeat(300)}`);
  writeFileSync(join(outer, 'secret.js.gz'), gzipSync(`${SECRET}\n${'x'.repeat(2000)}`)); // newer than leak.js
  symlinkSync(join(outer, 'secret.js.gz'), join(root, 'leak.js.gz'));
  server = await startServer({ root, key: keyPem, cert: certPem, port: 0, host: '127.0.0.1' });
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise((r) => server?.close(r));
  rmSync(outer, { recursive: true, force: true });
});

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A raw HTTPS GET (the path is sent as written), trusting the classroom certificate. */
function get(path: string, opts: { ca?: string | null; servername?: string; headers?: Record<string, string>; method?: string } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: opts.method ?? 'GET',
        headers: opts.headers,
        ...(opts.ca === null ? {} : { ca: opts.ca ?? certPem }),
        ...(opts.servername ? { servername: opts.servername } : {})
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      }
    );
    req.on('error', reject);
    req.end();
  });
}

describe('the classroom server', () => {
  it('answers GET / with index.html over TLS when the client trusts the certificate', async () => {
    const r = await get('/');
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(r.headers['cache-control']).toBe('no-cache');
    expect(r.body.toString()).toBe(INDEX);
  });

  it('is trusted for its DNS names too, and not for other names', async () => {
    expect((await get('/', { servername: 'lab.test' })).status).toBe(200);
    await expect(get('/', { servername: 'other.test' })).rejects.toMatchObject({ code: 'ERR_TLS_CERT_ALTNAME_INVALID' });
  });

  it('is refused by a client that does not trust the certificate', async () => {
    await expect(get('/', { ca: null })).rejects.toMatchObject({ code: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
  });

  it('serves JavaScript as text/javascript, hashed chunks cached for a year', async () => {
    const r = await get('/_app/immutable/chunks/app.abc123.js');
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(r.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(r.body.toString()).toBe(APP_JS);
  });

  it('gzips text for clients that accept it', async () => {
    const r = await get('/_app/immutable/chunks/app.abc123.js', { headers: { 'accept-encoding': 'gzip, br' } });
    expect(r.headers['content-encoding']).toBe('gzip');
    expect(r.body.length).toBeLessThan(APP_JS.length);
    expect(gunzipSync(r.body).toString()).toBe(APP_JS);
  });

  it('gives each kind of file its content type', async () => {
    const types: [string, string][] = [
      ['/style.css', 'text/css; charset=utf-8'],
      ['/favicon.svg', 'image/svg+xml'],
      ['/manifest.webmanifest', 'application/manifest+json; charset=utf-8'],
      ['/engine.wasm', 'application/wasm']
    ];
    for (const [path, type] of types) expect((await get(path)).headers['content-type'], path).toBe(type);
  });

  it('serves a directory by its index.html, redirecting to the trailing slash first', async () => {
    const r = await get('/lessons/09-failover/');
    expect(r.status).toBe(200);
    expect(r.body.toString()).toBe(LESSON);
    const moved = await get('/lessons/09-failover?step=2');
    expect(moved.status).toBe(301);
    expect(moved.headers.location).toBe('/lessons/09-failover/?step=2');
  });

  it('refuses to leave the root', async () => {
    for (const path of ['/../package.json', '/%2e%2e/package.json', '/lessons/..%2f..%2fpackage.json', '/..%5cpackage.json']) {
      const r = await get(path);
      expect(r.status, path).toBe(403);
      expect(r.body.toString(), path).not.toContain(SECRET);
    }
  });

  it('answers unknown paths with 404 and the build\'s 404.html', async () => {
    const r = await get('/no/such/page/');
    expect(r.status).toBe(404);
    expect(r.body.toString()).toBe(NOT_FOUND);
    expect((await get('/missing.js')).status).toBe(404);
  });

  it('answers 304 when the ETag matches', async () => {
    const first = await get('/style.css');
    const again = await get('/style.css', { headers: { 'if-none-match': String(first.headers.etag) } });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
  });

  it('only serves GET and HEAD', async () => {
    expect((await get('/', { method: 'POST' })).status).toBe(405);
    const head = await get('/', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers['content-length']).toBe(String(INDEX.length));
    expect(head.body.length).toBe(0);
  });
});

describe('pre-compressed twins', () => {
  const LAB = '/_app/immutable/chunks/lab.def456.js';

  it('sends the .br twin as it is to a client that accepts brotli', async () => {
    const r = await get(LAB, { headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(r.status).toBe(200);
    expect(r.headers['content-encoding']).toBe('br');
    expect(r.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(r.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(r.headers.vary).toBe('Accept-Encoding');
    expect(r.headers['content-length']).toBe(String(CHUNK_BR.length));
    expect(r.body.equals(CHUNK_BR)).toBe(true);
    expect(brotliDecompressSync(r.body).toString()).toBe(CHUNK);
  });

  it('sends the .gz twin to a client that accepts gzip only, or refuses brotli with q=0', async () => {
    for (const accept of ['gzip', 'br;q=0, gzip;q=0.8']) {
      const r = await get(LAB, { headers: { 'accept-encoding': accept } });
      expect(r.headers['content-encoding'], accept).toBe('gzip');
      expect(r.headers['content-length'], accept).toBe(String(CHUNK_GZ.length));
      expect(r.body.equals(CHUNK_GZ), accept).toBe(true);
    }
  });

  it('sends the original to a client that accepts neither', async () => {
    const asked: Record<string, string>[] = [{}, { 'accept-encoding': 'identity' }, { 'accept-encoding': 'gzip;q=0, br;q=0' }];
    for (const headers of asked) {
      const r = await get(LAB, { headers });
      expect(r.headers['content-encoding'], JSON.stringify(headers)).toBeUndefined();
      expect(r.headers['content-length']).toBe(String(Buffer.byteLength(CHUNK)));
      expect(r.body.toString()).toBe(CHUNK);
    }
  });

  it('uses the .gz twin of a page when it has no .br one', async () => {
    const r = await get('/lessons/05-services/', { headers: { 'accept-encoding': 'br, gzip' } });
    expect(r.headers['content-encoding']).toBe('gzip');
    expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(r.body.equals(PAGE_GZ)).toBe(true);
  });

  it('gives each encoding its own ETag, and answers 304 only to the matching one', async () => {
    const br = await get(LAB, { headers: { 'accept-encoding': 'br' } });
    const gz = await get(LAB, { headers: { 'accept-encoding': 'gzip' } });
    const plainCopy = await get(LAB);
    const tags = [br.headers.etag, gz.headers.etag, plainCopy.headers.etag];
    expect(new Set(tags).size).toBe(3);
    const again = await get(LAB, { headers: { 'accept-encoding': 'br', 'if-none-match': String(br.headers.etag) } });
    expect(again.status).toBe(304);
    expect(again.headers['content-encoding']).toBeUndefined();
    const other = await get(LAB, { headers: { 'accept-encoding': 'gzip', 'if-none-match': String(br.headers.etag) } });
    expect(other.status).toBe(200);
    expect(other.body.equals(CHUNK_GZ)).toBe(true);
  });

  it('answers HEAD with the twin\'s length and no body', async () => {
    const r = await get(LAB, { method: 'HEAD', headers: { 'accept-encoding': 'br' } });
    expect(r.status).toBe(200);
    expect(r.headers['content-encoding']).toBe('br');
    expect(r.headers['content-length']).toBe(String(CHUNK_BR.length));
    expect(r.body.length).toBe(0);
  });

  it('ignores a twin older than its original and gzips the current file instead', async () => {
    const r = await get('/stale.js', { headers: { 'accept-encoding': 'gzip' } });
    expect(r.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(r.body).toString()).toBe(NEW);
  });

  it('never sends a twin that resolves outside the root', async () => {
    const r = await get('/leak.js', { headers: { 'accept-encoding': 'gzip' } });
    expect(r.status).toBe(200);
    expect(gunzipSync(r.body).toString()).toBe('// leak\n'.repeat(300));
    for (const path of ['/../secret.js', '/%2e%2e/secret.js', '/..%2fsecret.js']) {
      const refused = await get(path, { headers: { 'accept-encoding': 'br, gzip' } });
      expect(refused.status, path).toBe(403);
    }
  });
});

describe('acceptedEncodings', () => {
  it('reads codings and q-values', () => {
    expect(acceptedEncodings('gzip, deflate, br, zstd')).toEqual({ br: true, gzip: true });
    expect(acceptedEncodings('gzip')).toEqual({ br: false, gzip: true });
    expect(acceptedEncodings('BR;Q=1.0')).toEqual({ br: true, gzip: false });
    expect(acceptedEncodings('br;q=0, *')).toEqual({ br: false, gzip: true });
    expect(acceptedEncodings('*;q=0')).toEqual({ br: false, gzip: false });
    expect(acceptedEncodings(undefined)).toEqual({ br: false, gzip: false });
  });
});

describe('the server under a base path, over plain HTTP', () => {
  let http: HttpServer;
  let httpPort: number;
  beforeAll(async () => {
    http = await startServer({ root, base: '/metallb-lab', port: 0, host: '127.0.0.1' });
    httpPort = (http.address() as AddressInfo).port;
  });
  afterAll(() => new Promise((r) => http?.close(r)));

  function hget(path: string, headers: Record<string, string> = {}): Promise<Reply> {
    return new Promise((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port: httpPort, path, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      });
      req.on('error', reject);
      req.end();
    });
  }

  it('serves the site under the base path, twins included', async () => {
    expect((await hget('/metallb-lab/')).body.toString()).toBe(INDEX);
    const r = await hget('/metallb-lab/_app/immutable/chunks/lab.def456.js', { 'accept-encoding': 'gzip, br' });
    expect(r.headers['content-encoding']).toBe('br');
    expect(r.body.equals(CHUNK_BR)).toBe(true);
  });

  it('redirects to the trailing slash inside the base path', async () => {
    const top = await hget('/metallb-lab?x=1');
    expect(top.status).toBe(301);
    expect(top.headers.location).toBe('/metallb-lab/?x=1');
    const lesson = await hget('/metallb-lab/lessons/09-failover');
    expect(lesson.status).toBe(301);
    expect(lesson.headers.location).toBe('/metallb-lab/lessons/09-failover/');
  });

  it('does not serve paths outside the base path, nor leave the root', async () => {
    expect((await hget('/index.html')).status).toBe(404);
    expect((await hget('/metallb-labx/index.html')).status).toBe(404);
    const up = await hget('/metallb-lab/../package.json');
    expect(up.status).toBe(403);
    expect(up.body.toString()).not.toContain(SECRET);
  });
});

describe('safePath', () => {
  it('decodes the path and drops the query', () => {
    expect(safePath('/ko/lessons/%EB%A0%88/?x=1')).toBe('/ko/lessons/레/');
  });
  it('refuses dot segments, backslashes, NUL and bad escapes', () => {
    for (const p of ['/../x', '/a/./b', '/a\\b', '/a%00b', '/%E0%A4%A', 'x']) expect(safePath(p), p).toBeNull();
  });
});
