import type { AddressInfo } from 'node:net';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import type { Server } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCertificate } from '../../../scripts/cert.mjs';
import { safePath, startServer } from '../../../scripts/static-server.mjs';

// A stand-in for build/: the tests never need the real build.
const outer = mkdtempSync(join(tmpdir(), 'classroom-server-'));
const root = join(outer, 'site');
const INDEX = '<!doctype html><title>home</title>';
const APP_JS = `export const answer = 42;\n${'// padding\n'.repeat(200)}`;
const LESSON = '<!doctype html><title>lesson 9</title>';
const NOT_FOUND = '<!doctype html><title>not here</title>';
const SECRET = 'outside the root';

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

describe('safePath', () => {
  it('decodes the path and drops the query', () => {
    expect(safePath('/ko/lessons/%EB%A0%88/?x=1')).toBe('/ko/lessons/레/');
  });
  it('refuses dot segments, backslashes, NUL and bad escapes', () => {
    for (const p of ['/../x', '/a/./b', '/a\\b', '/a%00b', '/%E0%A4%A', 'x']) expect(safePath(p), p).toBeNull();
  });
});
