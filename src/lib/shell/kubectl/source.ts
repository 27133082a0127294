import { METALLB_NATIVE_URL, METALLB_NATIVE_YAML } from '../../engine/metallb/manifest/metallb-native';
import type { ShellContext } from '../types';

/** One input of `-f`: its text and the name kubectl uses for it in messages. */
export interface Source {
  name: string;
  text: string;
}

/** File extensions kubectl reads from a directory given to -f. */
const MANIFEST_EXT = /\.(json|ya?ml)$/;

/**
 * Where the bundled MetalLB manifest may be fetched from: the GitHub raw URL of the article and
 * the same file through github.com/…/raw and jsDelivr. The app never uses the network.
 */
function bundled(url: string): string | null {
  const u = url.replace(/^http:\/\//, 'https://');
  if (u === METALLB_NATIVE_URL) return METALLB_NATIVE_YAML;
  const path = '/v0.14.8/config/manifests/metallb-native.yaml';
  if (u === `https://github.com/metallb/metallb/raw${path}` || u === `https://github.com/metallb/metallb/blob${path}?raw=true`) return METALLB_NATIVE_YAML;
  if (u === 'https://cdn.jsdelivr.net/gh/metallb/metallb@v0.14.8/config/manifests/metallb-native.yaml') return METALLB_NATIVE_YAML;
  return null;
}

/**
 * Any other URL: GitHub answers 404 for a file it does not have (what a learner typing a wrong
 * path or version sees); any other host does not resolve, as on a machine without that network.
 */
function urlError(url: string): string {
  const host = /^https?:\/\/([^/:?#]+)/.exec(url)?.[1] ?? '';
  if (host === 'raw.githubusercontent.com' || host === 'github.com' || host === 'cdn.jsdelivr.net')
    return `unable to read URL ${JSON.stringify(url)}, server reported 404 Not Found, status code=404`;
  return `Get ${JSON.stringify(url)}: dial tcp: lookup ${host} on 127.0.0.53:53: no such host`;
}

function shQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** Text read through the shell comes back as a byte string when it holds UTF-8; decode it. */
function utf8(s: string): string {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0xff) return s;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(s, (c) => c.charCodeAt(0)));
  } catch {
    return s;
  }
}

export type ReadResult = { ok: true; sources: Source[] } | { ok: false; error: string };

/**
 * Resolve every -f argument before anything is sent, as the resource builder does: a missing path
 * or an unreadable URL fails the whole command. Directories give their .json/.yaml/.yml files
 * (recursively with -R).
 */
export async function readSources(ctx: ShellContext, files: string[], recursive: boolean): Promise<ReadResult> {
  const out: Source[] = [];
  let stdinUsed = false;
  for (const f of files) {
    if (f === '-') {
      // Only the first "-" gets the stream; a second one reads nothing, as stdin is consumed.
      out.push({ name: 'STDIN', text: stdinUsed ? '' : ctx.stdin });
      stdinUsed = true;
      continue;
    }
    if (/^https?:\/\//.test(f)) {
      const text = bundled(f);
      if (text === null) return { ok: false, error: urlError(f) };
      out.push({ name: f, text });
      continue;
    }
    const r = await readPath(ctx, f, recursive, true);
    if (!r.ok) return r;
    out.push(...r.sources);
  }
  return { ok: true, sources: out };
}

async function readPath(ctx: ShellContext, path: string, recursive: boolean, top: boolean): Promise<ReadResult> {
  const q = shQuote(path);
  const r = await ctx.exec(`if [ -d ${q} ]; then ls -1 -- ${q}; exit 10; fi; cat -- ${q}`);
  if (r.exitCode === 10) {
    const sources: Source[] = [];
    const base = path.endsWith('/') ? path : path + '/';
    for (const entry of r.stdout.split('\n').filter(Boolean).sort()) {
      const child = base + entry;
      const isDir = (await ctx.exec(`[ -d ${shQuote(child)} ]`)).exitCode === 0;
      if (isDir) {
        if (!recursive) continue;
        const sub = await readPath(ctx, child, recursive, false);
        if (!sub.ok) return sub;
        sources.push(...sub.sources);
      } else if (MANIFEST_EXT.test(entry)) {
        const sub = await readPath(ctx, child, recursive, false);
        if (!sub.ok) return sub;
        sources.push(...sub.sources);
      }
    }
    return { ok: true, sources };
  }
  if (r.exitCode !== 0) {
    if (/No such file/.test(r.stderr) || top) return { ok: false, error: `the path ${JSON.stringify(path)} does not exist` };
    return { ok: false, error: `open ${path}: permission denied` };
  }
  return { ok: true, sources: [{ name: path, text: utf8(r.stdout) }] };
}
