import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { addLabPreloads, labChunksFor, labPreloadUrls, preloadedFiles, withPreloads } from '../../../scripts/lab-preload.mjs';

// A Vite manifest shaped like the app's: the page's shared chunk `import()`s the terminal's
// modules and a visualisation; the player chunk `import()`s the runtime, which statically imports
// the lab session and the engine, and the engine imports just-bash.
const MANIFEST = {
  '_page.js': { file: '_app/immutable/chunks/page.js', dynamicImports: ['node_modules/@xterm/xterm/lib/xterm.mjs', 'src/viz/Timeline.svelte'] },
  '_player.js': { file: '_app/immutable/chunks/player.js', imports: ['_page.js'], dynamicImports: ['src/lesson/runtime.ts'] },
  'node_modules/@xterm/xterm/lib/xterm.mjs': { file: '_app/immutable/chunks/xterm.js' },
  'src/viz/Timeline.svelte': { file: '_app/immutable/chunks/timeline.js', imports: ['_engine.js'] },
  'src/lesson/runtime.ts': { file: '_app/immutable/chunks/runtime.js', imports: ['src/lab-session.ts', '_engine.js', '_page.js'] },
  'src/lab-session.ts': { file: '_app/immutable/chunks/session.js', imports: ['_engine.js'] },
  '_engine.js': { file: '_app/immutable/chunks/engine.js', imports: ['_just-bash.js'] },
  '_just-bash.js': { file: '_app/immutable/chunks/just-bash.js' },
  '_style.css': { file: '_app/immutable/assets/style.css' }
};
const wanted = (id: string) => ['xterm.mjs', 'src/lesson/runtime.ts'].some((m) => id.endsWith(m));

const page = (prefix: string, files: string[]) =>
  `<!doctype html><html><head>\n${files.map((f) => `\t\t<link href="${prefix}${f}" rel="modulepreload">`).join('\n')}\n\t\t<title>t</title></head><body></body></html>`;

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('labChunksFor', () => {
  it('follows the wanted import() targets and their static imports, once each, skipping what the page has', () => {
    const got = labChunksFor(MANIFEST, ['_app/immutable/chunks/page.js', '_app/immutable/chunks/player.js'], wanted);
    expect(got).toEqual([
      '_app/immutable/chunks/xterm.js',
      '_app/immutable/chunks/runtime.js',
      '_app/immutable/chunks/session.js',
      '_app/immutable/chunks/engine.js',
      '_app/immutable/chunks/just-bash.js'
    ]);
  });

  it('adds nothing to a page without the lab, nor for unwanted import() targets', () => {
    expect(labChunksFor(MANIFEST, ['_app/immutable/chunks/other.js'], wanted)).toEqual([]);
    expect(labChunksFor(MANIFEST, ['_app/immutable/chunks/page.js'], (id) => id.endsWith('.svelte'))).toEqual([
      '_app/immutable/chunks/timeline.js',
      '_app/immutable/chunks/engine.js',
      '_app/immutable/chunks/just-bash.js'
    ]);
  });
});

/** Runs a page's inline scripts against a stub window; returns what they appended to <head>. */
function runInlineScripts(html: string, fire: boolean, search = ''): { rel: string; href: string; lab: boolean }[] {
  const appended: { rel: string; href: string; dataset: Record<string, string> }[] = [];
  const listeners: Record<string, (() => void)[]> = {};
  const addEventListener = (type: string, fn: () => void) => (listeners[type] ??= []).push(fn);
  const document = {
    createElement: () => ({ rel: '', href: '', dataset: {} as Record<string, string> }),
    head: { appendChild: (el: (typeof appended)[number]) => appended.push(el) }
  };
  const location = { search };
  for (const [, code] of html.matchAll(/<script[^>]*>([\s\S]*?)<\/script>/g)) new Function('addEventListener', 'document', 'location', code)(addEventListener, document, location);
  if (fire) for (const fn of listeners.load ?? []) fn();
  return appended.map((l) => ({ rel: l.rel, href: l.href, lab: 'lab' in l.dataset }));
}

describe('withPreloads', () => {
  const html = page('../../', ['_app/immutable/entry/start.js', '_app/immutable/chunks/page.js']);
  const out = withPreloads(html, ['_app/immutable/chunks/xterm.js', '_app/immutable/chunks/engine.js']);

  it('adds one inline script after the page\'s own preloads, with their relative prefix', () => {
    expect(out.startsWith(html.slice(0, html.indexOf('\n\t\t<title>')))).toBe(true);
    expect(out.slice(out.indexOf('</script>') + '</script>'.length)).toBe('\n\t\t<title>t</title></head><body></body></html>');
    expect(preloadedFiles(out)).toEqual(['_app/immutable/entry/start.js', '_app/immutable/chunks/page.js']);
    expect(labPreloadUrls(out)).toEqual(['../../_app/immutable/chunks/xterm.js', '../../_app/immutable/chunks/engine.js']);
    expect(withPreloads(out, ['_app/immutable/chunks/xterm.js'])).toBe(out);
  });

  it('whose links appear only once the window has loaded', () => {
    expect(runInlineScripts(out, false)).toEqual([]);
    expect(runInlineScripts(out, true)).toEqual([
      { rel: 'modulepreload', href: '../../_app/immutable/chunks/xterm.js', lab: true },
      { rel: 'modulepreload', href: '../../_app/immutable/chunks/engine.js', lab: true }
    ]);
  });

  it('but not in an embed opened with ?start=click, which loads the lab only when started', () => {
    expect(runInlineScripts(out, true, '?step=owners&start=click')).toEqual([]);
    expect(runInlineScripts(out, true, '?step=owners').length).toBe(2);
  });

  it('leaves a page without preloads as it is', () => {
    expect(withPreloads('<p>x</p>', ['_app/immutable/chunks/xterm.js'])).toBe('<p>x</p>');
  });
});

describe('addLabPreloads', () => {
  it('rewrites the lab pages of a build and no others', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lab-preload-'));
    dirs.push(dir);
    mkdirSync(join(dir, 'lessons/05'), { recursive: true });
    const lesson = page('../../', ['_app/immutable/chunks/page.js', '_app/immutable/chunks/player.js']);
    const home = page('./', ['_app/immutable/chunks/other.js']);
    writeFileSync(join(dir, 'lessons/05/index.html'), lesson);
    writeFileSync(join(dir, 'index.html'), home);
    expect(await addLabPreloads(dir, MANIFEST, wanted)).toEqual([join('lessons', '05', 'index.html')]);
    expect(readFileSync(join(dir, 'index.html'), 'utf8')).toBe(home);
    const out = readFileSync(join(dir, 'lessons/05/index.html'), 'utf8');
    expect(labPreloadUrls(out)).toEqual([
      '../../_app/immutable/chunks/xterm.js',
      '../../_app/immutable/chunks/runtime.js',
      '../../_app/immutable/chunks/session.js',
      '../../_app/immutable/chunks/engine.js',
      '../../_app/immutable/chunks/just-bash.js'
    ]);
  });
});
