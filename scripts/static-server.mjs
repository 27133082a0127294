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
//   up at once. Text is gzipped once per file version (a classroom shares one Wi-Fi).
import { createReadStream, promises as fsp, realpathSync } from 'node:fs';
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

/** The request handler serving `root`. */
export function createStaticHandler(root) {
  const rootReal = realpathSync(resolve(root));
  const gz = new Map(); // file → { etag, body }

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

  function send(req, res, status, file, stat, pathname) {
    const type = contentType(file);
    const etag = `W/"${stat.size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}"`;
    const headers = {
      'Content-Type': type,
      'Cache-Control': status === 200 ? cacheControl(pathname) : 'no-cache',
      ETag: etag,
      'X-Content-Type-Options': 'nosniff',
      Vary: 'Accept-Encoding'
    };
    if (status === 200 && req.headers['if-none-match'] === etag) {
      res.writeHead(304, headers);
      return res.end();
    }
    const gzipOk = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? '')) && COMPRESSIBLE.test(type) && stat.size >= GZIP_MIN_BYTES;
    if (gzipOk) {
      return fsp.readFile(file).then((buf) => {
        let entry = gz.get(file);
        if (!entry || entry.etag !== etag) gz.set(file, (entry = { etag, body: gzipSync(buf, { level: 6 }) }));
        res.writeHead(status, { ...headers, 'Content-Encoding': 'gzip', 'Content-Length': entry.body.length });
        res.end(req.method === 'HEAD' ? undefined : entry.body);
      });
    }
    res.writeHead(status, { ...headers, 'Content-Length': stat.size });
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
      const pathname = safePath(req.url);
      if (pathname === null) return plain(res, 403, 'Forbidden');
      const found = await find(pathname);
      if (!found) return notFound(req, res);
      if (found.forbidden) return plain(res, 403, 'Forbidden');
      if (found.redirect) {
        const query = (req.url ?? '').slice((req.url ?? '').split(/[?#]/)[0].length);
        return plain(res, 301, 'Moved', { Location: encodeURI(found.redirect) + query });
      }
      await send(req, res, 200, found.file, found.stat, pathname);
    } catch {
      if (!res.headersSent) plain(res, 500, 'Internal error');
      else res.destroy();
    }
  };
}

/** Serve `root` over HTTPS; resolves with the listening server. */
export function startServer({ root, key, cert, port = 8443, host = '0.0.0.0' }) {
  const server = createServer({ key, cert }, createStaticHandler(root));
  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolvePromise(server);
    });
  });
}
