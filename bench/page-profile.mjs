#!/usr/bin/env node
// `node bench/page-profile.mjs [path]`: where a lesson page's time to a ready prompt goes, in
// headless Debian Chromium against the production build (run `npm run bench:page` or
// `BASE_PATH=/metallb-lab npx vite build` first). Prints the JS chunks' fetch timings and a
// CPU profile of the main thread from navigation to the ready prompt, grouped by chunk and by
// function. A diagnostic for the closing notes, not a test. SERVER=static|preview: bench/serve.mjs.
import { readFileSync, existsSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';
import { startBenchServer } from './serve.mjs';

const BASE = '/metallb-lab';
const path = process.argv[2] ?? 'lessons/05-services-and-owners/';
const TOP = Number(process.env.TOP ?? 25);

const { origin } = await startBenchServer(BASE);

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const context = await browser.newContext();
const page = await context.newPage();
// warm the HTTP cache the way a second visit would not: keep it cold, but let the server JIT
await (await browser.newContext()).newPage().then((p) => p.goto(`${origin}${BASE}/${path}`));
const cdp = await context.newCDPSession(page);
await cdp.send('Profiler.enable');
await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
await cdp.send('Profiler.start');
await page.goto(`${origin}${BASE}/${path}`);
await page.locator('.lab-terminal[data-state="idle"]').waitFor({ timeout: 30_000 });
const { profile } = await cdp.send('Profiler.stop');
if (process.env.PROFILE_OUT) writeFileSync(process.env.PROFILE_OUT, JSON.stringify(profile));
const m = await page.evaluate(() => {
  const nav = performance.getEntriesByType('navigation')[0];
  return {
    fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? 0,
    ready: performance.now() - (nav?.startTime ?? 0),
    domContentLoaded: nav?.domContentLoadedEventEnd ?? 0,
    marks: performance.getEntriesByType('mark').map((e) => ({ name: e.name, at: e.startTime })),
    scripts: performance
      .getEntriesByType('resource')
      .filter((e) => new URL(e.name).pathname.endsWith('.js'))
      .map((e) => ({ path: new URL(e.name).pathname, start: e.startTime, end: e.responseEnd }))
  };
});
await browser.close();

const gz = (p) => {
  const f = `build${decodeURIComponent(p.slice(BASE.length))}`;
  return existsSync(f) ? gzipSync(readFileSync(f), { level: 9 }).length / 1024 : 0;
};
console.log(`${path}: FCP ${m.fcp.toFixed(0)} ms · DOMContentLoaded ${m.domContentLoaded.toFixed(0)} ms · ready ${m.ready.toFixed(0)} ms`);
for (const mk of m.marks) console.log(`  mark ${mk.name.padEnd(30)} ${mk.at.toFixed(0)} ms`);
console.log('JS chunks (fetch start → end, gz KB), those over 5 KB:');
for (const s of m.scripts.filter((s) => gz(s.path) > 5)) console.log(`  ${s.path.split('/').pop().padEnd(22)} ${s.start.toFixed(0).padStart(5)} → ${s.end.toFixed(0).padStart(5)} ms  ${gz(s.path).toFixed(1)} KB`);

// CPU profile: self time by chunk and by function.
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map();
let total = 0;
profile.samples.forEach((id, i) => {
  const dt = profile.timeDeltas[i] ?? 0;
  self.set(id, (self.get(id) ?? 0) + dt);
  total += dt;
});
const byChunk = new Map();
const byFn = new Map();
for (const [id, t] of self) {
  const cf = byId.get(id).callFrame;
  const chunk = cf.url ? cf.url.split('/').pop() : cf.functionName || '(native)';
  byChunk.set(chunk, (byChunk.get(chunk) ?? 0) + t);
  const fn = `${cf.functionName || '(anon)'} ${chunk}`;
  byFn.set(fn, (byFn.get(fn) ?? 0) + t);
}
const show = (map, label) => {
  console.log(`${label} (profile ${(total / 1000).toFixed(0)} ms):`);
  [...map]
    .sort((a, b) => b[1] - a[1])
    .slice(0, TOP)
    .forEach(([k, t]) => console.log(`  ${(t / 1000).toFixed(1).padStart(7)} ms  ${k}`));
};
show(byChunk, 'self time by chunk');
show(byFn, 'self time by function');
process.exit(0);
