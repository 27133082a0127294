// Pre-compressed twins of the built site: `x.js` gets `x.js.gz` and `x.js.br` next to it, so a
// server can send the compressed bytes it already has instead of compressing every response
// (what static hosts do; `scripts/static-server.mjs` serves them). Node's zlib only.
//
// Brotli quality 10, not 11: on this build (6.5 MB of text) quality 11 costs ~6 s of CPU for
// 2 % fewer bytes than 10 (~2.8 s); 9 is ~1.5 s but 6 % bigger. gzip level 9 costs ~0.1 s.
// A twin that is not smaller than its original is not written (servers then send the original).
import { promises as fsp } from 'node:fs';
import { extname, join } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);

/** Extensions worth compressing (text); images other than SVG and fonts are compressed already. */
export const PRECOMPRESS_EXTENSIONS = new Set(['.html', '.js', '.mjs', '.css', '.json', '.webmanifest', '.svg', '.xml', '.txt', '.md', '.yaml', '.yml', '.wasm', '.map']);
/** Below this the headers outweigh the saving. */
export const PRECOMPRESS_MIN_BYTES = 1024;
export const BROTLI_QUALITY = 10;

export function gzipBytes(buf) {
  return gzipAsync(buf, { level: 9 });
}

export function brotliBytes(buf) {
  return brotliAsync(buf, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY,
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      [constants.BROTLI_PARAM_SIZE_HINT]: buf.length
    }
  });
}

async function* walk(dir) {
  for (const entry of await fsp.readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else if (entry.isFile()) yield path;
  }
}

/** Whether `file` is one we make twins for (by name; twins themselves are not). */
export function wantsTwins(file) {
  return PRECOMPRESS_EXTENSIONS.has(extname(file).toLowerCase());
}

/**
 * Writes `.gz` and `.br` twins for every compressible file under `dir` (stale twins of files
 * that no longer compress are removed). Resolves with { files, bytes, gzBytes, brBytes }.
 * The zlib work runs on libuv's thread pool, a few files at a time.
 */
export async function precompressDir(dir) {
  const files = [];
  for await (const file of walk(dir)) if (wantsTwins(file)) files.push(file);
  const totals = { files: 0, bytes: 0, gzBytes: 0, brBytes: 0 };
  const one = async (file) => {
    const buf = await fsp.readFile(file);
    const twins = buf.length >= PRECOMPRESS_MIN_BYTES ? await Promise.all([gzipBytes(buf), brotliBytes(buf)]) : [null, null];
    for (const [suffix, body] of [['.gz', twins[0]], ['.br', twins[1]]]) {
      if (body && body.length < buf.length) await fsp.writeFile(file + suffix, body);
      else await fsp.rm(file + suffix, { force: true });
    }
    if (twins[0]) {
      totals.files++;
      totals.bytes += buf.length;
      totals.gzBytes += Math.min(twins[0].length, buf.length);
      totals.brBytes += Math.min(twins[1].length, buf.length);
    }
  };
  const queue = [...files];
  const worker = async () => {
    for (let file = queue.shift(); file; file = queue.shift()) await one(file);
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  return totals;
}

/**
 * Wraps a SvelteKit adapter so that the directory it writes (`dir`) gets its twins right after.
 * The service worker's precache lists are fixed before the adapter runs, so they never name a twin.
 */
export function withPrecompress(adapter, dir) {
  return {
    ...adapter,
    async adapt(builder) {
      await adapter.adapt(builder);
      const t0 = performance.now();
      const t = await precompressDir(dir);
      const kb = (n) => `${(n / 1024).toFixed(0)} KB`;
      builder.log.info(`Precompressed ${t.files} files in ${dir}/ (${kb(t.bytes)} → gzip ${kb(t.gzBytes)}, brotli ${kb(t.brBytes)}) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }
  };
}
