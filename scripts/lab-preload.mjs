// Start downloading the lab's code (engine, just-bash, xterm) at navigation instead of at hydration.
//
// The lab's modules are loaded with `import()` once the page has mounted, so first paint does not
// wait for them; but the browser only learns about them after the first-paint JS has arrived and
// run. This post-build step adds `<link rel="modulepreload">` for them to the head of every
// prerendered page that would import them: a page whose preloaded chunks `import()` one of
// `modules` gets that module's chunk and every chunk it imports statically. The links go after the
// page's own preloads and ask for low priority, so on a slow network they do not hold up the
// first-paint JS and CSS; modulepreload only fetches and compiles: nothing runs before the page
// imports it.
import { promises as fsp } from 'node:fs';
import { join, relative } from 'node:path';

/** `<link href="…" rel="modulepreload">` as SvelteKit writes them (and we add them); group 1 is the URL. */
const PRELOAD_LINK = /<link href="([^"]+)" rel="modulepreload"(?: fetchpriority="low")?>/g;

/**
 * The chunk files to preload for a page that already preloads `pageFiles`, from a Vite manifest
 * (`manifest[id] = { file, imports?, dynamicImports? }`). `wanted(id)` picks the dynamically
 * imported modules worth preloading.
 */
export function labChunksFor(manifest, pageFiles, wanted) {
  const byFile = new Map(Object.values(manifest).map((entry) => [entry.file, entry]));
  const out = [];
  const seen = new Set(pageFiles);
  const add = (id) => {
    const entry = manifest[id];
    if (!entry || !entry.file.endsWith('.js') || seen.has(entry.file)) return;
    seen.add(entry.file);
    out.push(entry.file);
    for (const dep of entry.imports ?? []) add(dep);
  };
  for (const file of pageFiles) {
    for (const id of byFile.get(file)?.dynamicImports ?? []) if (wanted(id)) add(id);
  }
  return out;
}

/** `html` with preload links for `files` (paths under the build root) after its last preload. */
export function withPreloads(html, files) {
  const links = [...html.matchAll(PRELOAD_LINK)];
  if (!links.length || !files.length) return html;
  const last = links[links.length - 1];
  // the page's own links are relative (`../../_app/…`): reuse their prefix
  const href = last[1];
  const prefix = href.slice(0, href.indexOf('_app/'));
  const added = files.map((f) => `\n\t\t<link href="${prefix}${f}" rel="modulepreload" fetchpriority="low">`).join('');
  const at = last.index + last[0].length;
  return html.slice(0, at) + added + html.slice(at);
}

/** The build-root paths of the chunks an HTML page preloads. */
export function preloadedFiles(html) {
  return [...html.matchAll(PRELOAD_LINK)].map((m) => {
    const i = m[1].indexOf('_app/');
    return i < 0 ? m[1] : m[1].slice(i);
  });
}

async function* htmlFiles(dir) {
  for (const entry of await fsp.readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* htmlFiles(path);
    else if (entry.isFile() && entry.name.endsWith('.html')) yield path;
  }
}

/** Adds the lab preloads to every page under `dir`; resolves with the pages changed. */
export async function addLabPreloads(dir, manifest, wanted) {
  const changed = [];
  for await (const file of htmlFiles(dir)) {
    const html = await fsp.readFile(file, 'utf8');
    const extra = labChunksFor(manifest, preloadedFiles(html), wanted);
    if (!extra.length) continue;
    await fsp.writeFile(file, withPreloads(html, extra));
    changed.push(relative(dir, file));
  }
  return changed;
}

/**
 * Wraps a SvelteKit adapter: after it has written `dir`, pages that load the lab preload it.
 * `modules` are suffixes of the module ids to preload (as the Vite manifest names them).
 */
export function withLabPreload(adapter, dir, modules) {
  const wanted = (id) => modules.some((m) => id.endsWith(m));
  return {
    ...adapter,
    async adapt(builder) {
      await adapter.adapt(builder);
      const manifestPath = join(builder.config.kit.outDir, 'output/client/.vite/manifest.json');
      const manifest = JSON.parse(await fsp.readFile(manifestPath, 'utf8'));
      const changed = await addLabPreloads(dir, manifest, wanted);
      builder.log.info(`Lab modulepreload links added to ${changed.length} pages`);
    }
  };
}
