// Download the lab's code (engine, just-bash, xterm) while the page hydrates, not after.
//
// The lab's modules are loaded with `import()` once the page has mounted, so first paint does not
// wait for them; but the browser only asks for them after the first-paint JS has arrived *and*
// run (hydration). This post-build step gives every prerendered page that would import them a
// small inline script that adds `<link rel="modulepreload">` for them on the window's `load`
// event: a page whose preloaded chunks `import()` one of `modules` gets that module's chunk and
// every chunk it imports statically. `load` waits for the page's own preloads and CSS, so the
// lab's 600+ KB never compete with first paint (preloading them from the head, even at low
// priority, delayed first paint by ~0.2 s in bench:page); they download while hydration runs.
// modulepreload only fetches and compiles: nothing runs before the page imports it. Embeds opened
// with `?start=click` are left alone (they load the lab only when the reader presses Start).
import { promises as fsp } from 'node:fs';
import { join, relative } from 'node:path';

/** `<link href="…" rel="modulepreload">` as SvelteKit writes them; group 1 is the URL. */
const PRELOAD_LINK = /<link href="([^"]+)" rel="modulepreload">/g;
/** Marks the inline script, so a page is never given two. */
const SCRIPT_MARK = 'data-lab-preload';

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

/**
 * `html` with the inline script that preloads `files` (paths under the build root) on `load`,
 * right after the page's last preload link. The links it adds carry `data-lab`.
 */
export function withPreloads(html, files) {
  const links = [...html.matchAll(PRELOAD_LINK)];
  if (!links.length || !files.length || html.includes(SCRIPT_MARK)) return html;
  const last = links[links.length - 1];
  // the page's own links are relative (`../../_app/…`): reuse their prefix
  const href = last[1];
  const prefix = href.slice(0, href.indexOf('_app/'));
  const urls = JSON.stringify(files.map((f) => prefix + f));
  const script =
    `\n\t\t<script ${SCRIPT_MARK}>addEventListener('load',function(){` +
    // an embed with ?start=click promises to load no lab code until the reader starts it
    `if(new URLSearchParams(location.search).get('start')==='click')return;${urls}.forEach(function(h){` +
    `var l=document.createElement('link');l.rel='modulepreload';l.href=h;l.dataset.lab='';document.head.appendChild(l)})})</script>`;
  const at = last.index + last[0].length;
  return html.slice(0, at) + script + html.slice(at);
}

/** The URLs a page's lab preload script names (as written, relative). */
export function labPreloadUrls(html) {
  const m = html.match(/<script data-lab-preload>addEventListener\('load',function\(\)\{.*?return;(\[[^\]]*\])/);
  return m ? JSON.parse(m[1]) : [];
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
