// A small static file server for the built site (Node built-ins only), used by
// `npm run classroom` over HTTPS.
//
// - GET and HEAD only; paths with `..` (raw or percent-encoded), backslashes or NUL are refused
//   (403), and every file served is checked to lie inside the root, symlinks resolved.
// - A directory is served by its index.html (`/lessons` is redirected to `/lessons/` first, as
//   SvelteKit's `trailingSlash: 'always'` expects); an unknown path gets 404.html when the build
//   has one.
// - Content types for what a SvelteKit build holds; hashed files under `_app/immutable/` are
//   cached for a year, everything else is revalidated (`no-cache` + ETag), so a rebuild shows
//   up at once.
// - Compression: when the build has a pre-compressed twin next to a file (`x.js.br`, `x.js.gz`,
//   written by scripts/precompress.mjs at build time) and the client accepts that encoding, the
//   twin is sent as it is (brotli preferred); otherwise text is gzipped here, once per file
//   version (a classroom shares one Wi-Fi). Each encoding has its own ETag.
// - `base` (optional, e.g. '/metallb-lab') serves the root under a sub-path, as GitHub Pages
//   does; the bench uses it over plain HTTP (no key/cert).
import { createReadStream, promises as fsp, realpathSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:https';
import { extname, join, resolve, sep } from 'node:path';
import { gzipSync } from 'node:zlib';

export const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.yaml': 'text/yaml; charset=utf-8',
  '.yml': 'text/yaml; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.pcap': 'application/vnd.tcpdump.pcap'
};

const COMPRESSIBLE = /^(text\/|application\/(json|manifest\+json|wasm|xml)|image\/svg\+xml)/;
const GZIP_MIN_BYTES = 1024;

export function contentType(file) {
  return MIME[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** `Cache-Control` for a URL path: hashed build output is immutable, the rest revalidated. */
export function cacheControl(pathname) {
  return pathname.includes('/_app/immutable/') ? 'public, max-age=31536000, immutable' : 'no-cache';
}

/** The request's path, decoded; null when it tries to leave the root or is malformed. */
export function safePath(rawUrl) {
  const raw = (rawUrl ?? '/').split(/[?#]/)[0];
  if (!raw.startsWith('/')) return null;
  let decoded;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  if (decoded.split('/').some((seg) => seg === '..' || seg === '.')) return null;
  return decoded;
}

/**
 * The content codings an `Accept-Encoding` header allows, among `br` and `gzip` (RFC 9110 §12.5.3:
 * `q=0` refuses a coding, `*` stands for any coding not named).
 */
export function acceptedEncodings(header) {
  const q = new Map();
  for (const part of String(header ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const value = qParam ? Number(qParam.slice(2)) : 1;
    q.set(name, Number.isFinite(value) ? value : 0);
  }
  const ok = (coding) => (q.has(coding) ? q.get(coding) > 0 : (q.get('*') ?? 0) > 0);
  return { br: ok('br'), gzip: ok('gzip') || ok('x-gzip') };
}

/** The pre-compressed twins tried, best first: suffix on disk and `Content-Encoding`. */
const TWINS = [
  { suffix: '.br', encoding: 'br' },
  { suffix: '.gz', encoding: 'gzip' }
];

/** The request handler serving `root` (under the URL path `base`, '' for the site's root). */
export function createStaticHandler(root, { base = '' } = {}) {
  const rootReal = realpathSync(resolve(root));
  const prefix = base.replace(/\/+$/, '');
  const gz = new Map(); // file → { etag, body }: on-the-fly gzip of files without a twin

  function inside(file) {
    return file === rootReal || file.startsWith(rootReal + sep);
  }

  async function find(pathname) {
    const file = resolve(rootReal, `.${pathname}`);
    if (!inside(file)) return { forbidden: true };
    let real;
    try {
      real = await fsp.realpath(file);
    } catch {
      return null;
    }
    if (!inside(real)) return { forbidden: true };
    const st = await fsp.stat(real);
    if (st.isDirectory()) {
      if (!pathname.endsWith('/')) return { redirect: `${pathname}/` };
      const index = join(real, 'index.html');
      try {
        const ist = await fsp.stat(index);
        if (ist.isFile()) return { file: index, stat: ist };
      } catch {
        return null;
      }
      return null;
    }
    return st.isFile() ? { file: real, stat: st } : null;
  }

  /** A usable twin of `file`: inside the root, a file, and not older than the original. */
  async function twin(file, stat, suffix) {
    try {
      const real = await fsp.realpath(file + suffix);
      if (!inside(real)) return null;
      const st = await fsp.stat(real);
      return st.isFile() && st.mtimeMs >= stat.mtimeMs ? { file: real, stat: st } : null;
    } catch {
      return null;
    }
  }

  async function send(req, res, status, file, stat, pathname) {
    const type = contentType(file);
    const tag = `${stat.size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}`;
    const headers = {
      'Content-Type': type,
      'Cache-Control': status === 200 ? cacheControl(pathname) : 'no-cache',
      'X-Content-Type-Options': 'nosniff',
      Vary: 'Accept-Encoding'
    };
    const compressible = COMPRESSIBLE.test(type);
    const accepted = compressible ? acceptedEncodings(req.headers['accept-encoding']) : { br: false, gzip: false };
    const notModified = (etag) => status === 200 && req.headers['if-none-match'] === etag;

    for (const { suffix, encoding } of TWINS) {
      if (!accepted[encoding]) continue;
      const found = await twin(file, stat, suffix);
      if (!found) continue;
      const etag = `W/"${tag}-${encoding}-${found.stat.size.toString(16)}"`;
      if (notModified(etag)) {
        res.writeHead(304, { ...headers, ETag: etag });
        return res.end();
      }
      res.writeHead(status, { ...headers, ETag: etag, 'Content-Encoding': encoding, 'Content-Length': found.stat.size });
      if (req.method === 'HEAD') return res.end();
      createReadStream(found.file).on('error', () => res.destroy()).pipe(res);
      return;
    }

    if (accepted.gzip && stat.size >= GZIP_MIN_BYTES) {
      const etag = `W/"${tag}-gzip"`;
      if (notModified(etag)) {
        res.writeHead(304, { ...headers, ETag: etag });
        return res.end();
      }
      const buf = await fsp.readFile(file);
      let entry = gz.get(file);
      if (!entry || entry.etag !== etag) gz.set(file, (entry = { etag, body: gzipSync(buf, { level: 6 }) }));
      res.writeHead(status, { ...headers, ETag: etag, 'Content-Encoding': 'gzip', 'Content-Length': entry.body.length });
      return res.end(req.method === 'HEAD' ? undefined : entry.body);
    }

    const etag = `W/"${tag}"`;
    if (notModified(etag)) {
      res.writeHead(304, { ...headers, ETag: etag });
      return res.end();
    }
    res.writeHead(status, { ...headers, ETag: etag, 'Content-Length': stat.size });
    if (req.method === 'HEAD') return res.end();
    createReadStream(file).on('error', () => res.destroy()).pipe(res);
  }

  function plain(res, status, text, extra = {}) {
    res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff', ...extra });
    res.end(`${text}\n`);
  }

  async function notFound(req, res) {
    const page = join(rootReal, '404.html');
    try {
      const st = await fsp.stat(page);
      if (st.isFile()) return send(req, res, 404, page, st, '/404.html');
    } catch {
      /* no 404 page */
    }
    plain(res, 404, 'Not found');
  }

  return async function handler(req, res) {
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') return plain(res, 405, 'Method not allowed', { Allow: 'GET, HEAD' });
      const rawPath = (req.url ?? '/').split(/[?#]/)[0];
      const query = (req.url ?? '').slice(rawPath.length);
      if (prefix) {
        if (rawPath === prefix) return plain(res, 301, 'Moved', { Location: `${prefix}/${query}` });
        if (!rawPath.startsWith(`${prefix}/`)) return plain(res, 404, 'Not found');
      }
      const pathname = safePath(rawPath.slice(prefix.length));
      if (pathname === null) return plain(res, 403, 'Forbidden');
      const found = await find(pathname);
      if (!found) return notFound(req, res);
      if (found.forbidden) return plain(res, 403, 'Forbidden');
      if (found.redirect) return plain(res, 301, 'Moved', { Location: prefix + encodeURI(found.redirect) + query });
      await send(req, res, 200, found.file, found.stat, pathname);
    } catch {
      if (!res.headersSent) plain(res, 500, 'Internal error');
      else res.destroy();
    }
  };
}

/**
 * Serve `root` (under `base`); over HTTPS when given `key` and `cert`, else over plain HTTP (only
 * for this machine: the lab needs a secure context, which plain HTTP is only on localhost).
 * Resolves with the listening server.
 */
export function startServer({ root, key, cert, base = '', port = 8443, host = '0.0.0.0' }) {
  const handler = createStaticHandler(root, { base });
  const server = key && cert ? createServer({ key, cert }, handler) : createHttpServer(handler);
  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolvePromise(server);
    });
  });
}
