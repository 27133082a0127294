#!/usr/bin/env node
// `npm run bench:page`: what a learner waits for in the browser, measured in headless Debian
// Chromium against the production build (built here with BASE_PATH=/metallb-lab):
//   - gzipped JS fetched before a lesson's first contentful paint, and in total once the lab is up
//   - navigation start → terminal ready at its prompt (lesson 5, playground)
//   - keypress → the typed character drawn in xterm's rows
//   - where nav → ready goes: the lab's JS fetched, the engine module run (the
//     'lab:engine-imported' mark in ui/lab-session.ts, on lessons and the playground), the lab built
// Figures for the closing notes; not a test (nothing here fails on a slow machine).
//
// Server: SERVER=static (default) or SERVER=preview, see bench/serve.mjs.
import { spawnSync } from 'node:child_process';
import { appendFileSync, readFileSync, existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { loadavg } from 'node:os';
import { chromium } from '@playwright/test';
import { startBenchServer } from './serve.mjs';

const BASE = '/metallb-lab';
const CHROMIUM = '/usr/bin/chromium';
const RUNS = Number(process.env.RUNS ?? 5);
// THROTTLE=<Mbit/s>,<RTT ms> (e.g. 20,20: a classroom's shared Wi-Fi): Chromium's network
// emulation, so what the server sends (compressed bytes, when) shows through the CPU noise.
const THROTTLE = process.env.THROTTLE ? process.env.THROTTLE.split(',').map(Number) : null;

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** gzip size of a built file named by its URL path (under build/). */
function gzipOf(urlPath) {
  const rel = decodeURIComponent(urlPath.slice(BASE.length));
  const file = `${process.env.BUILD_DIR ?? 'build'}${rel}`;
  if (!existsSync(file)) return 0;
  return gzipSync(readFileSync(file), { level: 9 }).length;
}

if (!existsSync(CHROMIUM)) {
  console.error(`bench:page needs ${CHROMIUM}`);
  process.exit(1);
}
if (process.env.SKIP_BUILD !== '1') {
  const b = spawnSync('npx', ['vite', 'build'], { stdio: 'inherit', env: { ...process.env, BASE_PATH: BASE } });
  if (b.status !== 0) process.exit(b.status ?? 1);
}

const { origin, kind: SERVER, stop } = await startBenchServer(BASE);

const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });

async function measurePage(path) {
  const context = await browser.newContext();
  const page = await context.newPage();
  if (THROTTLE) {
    const cdp = await context.newCDPSession(page);
    const bytesPerSecond = (THROTTLE[0] * 1e6) / 8;
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: THROTTLE[1], downloadThroughput: bytesPerSecond, uploadThroughput: bytesPerSecond });
  }
  const t0 = Date.now();
  await page.goto(`${origin}${BASE}/${path}`);
  await page.locator('.lab-terminal[data-state="idle"]').waitFor({ timeout: 30_000 });
  const wall = Date.now() - t0;
  const m = await page.evaluate(() => {
    const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? 0;
    const nav = performance.getEntriesByType('navigation')[0];
    const scripts = performance
      .getEntriesByType('resource')
      .filter((e) => e.initiatorType === 'script' || e.initiatorType === 'link' || e.name.endsWith('.js'))
      .filter((e) => new URL(e.name).pathname.endsWith('.js'))
      .map((e) => ({ path: new URL(e.name).pathname, start: e.startTime, end: e.responseEnd }));
    const imported = performance.getEntriesByName('lab:engine-imported')[0]?.startTime ?? NaN;
    // the lab's chunks the page preloads on `load` (scripts/lab-preload.mjs) are not first-paint JS,
    // even when load fires before first paint
    const labPreloads = [...document.querySelectorAll('link[rel="modulepreload"][data-lab]')].map((l) => new URL(l.href).pathname);
    return { fcp, ready: performance.now() - (nav?.startTime ?? 0), scripts, imported, labPreloads };
  });
  // keypress → echo: a keydown listener stamps the key, a MutationObserver stamps the redraw.
  await page.locator('.xterm-helper-textarea').focus();
  const latencies = [];
  for (let i = 0; i < 20; i++) {
    await page.evaluate(() => {
      const rows = document.querySelector('.xterm-rows');
      window.__echo = new Promise((resolve) => {
        let t0 = 0;
        const onKey = () => (t0 = performance.now());
        document.addEventListener('keydown', onKey, { capture: true, once: true });
        const mo = new MutationObserver(() => {
          if (!t0) return;
          mo.disconnect();
          requestAnimationFrame(() => resolve(performance.now() - t0));
        });
        mo.observe(rows, { subtree: true, childList: true, characterData: true });
      });
    });
    await page.keyboard.press('a');
    latencies.push(await page.evaluate(() => window.__echo));
  }
  await context.close();
  const before = m.scripts.filter((s) => s.start <= m.fcp && !m.labPreloads.includes(s.path));
  const seen = new Set();
  const uniq = (xs) => xs.filter((s) => !seen.has(s.path) && seen.add(s.path));
  const firstPaint = uniq(before).reduce((n, s) => n + gzipOf(s.path), 0);
  seen.clear();
  const total = uniq(m.scripts).reduce((n, s) => n + gzipOf(s.path), 0);
  // the lab's code (engine, just-bash, xterm) is what is fetched after first paint, before the engine runs
  const fetched = Math.max(0, ...m.scripts.filter((s) => (s.start > m.fcp || m.labPreloads.includes(s.path)) && s.start < m.imported).map((s) => s.end));
  return { path, wall, ready: m.ready, fcp: m.fcp, fetched, imported: m.imported, build: m.ready - m.imported, firstPaintKB: firstPaint / 1024, totalKB: total / 1024, keyMs: median(latencies) };
}

const pages = ['lessons/05-services-and-owners/', 'playground/', 'ko/lessons/09-failover/'];
for (const p of pages) {
  const runs = [];
  for (let i = 0; i < RUNS; i++) {
    runs.push(await measurePage(p));
    // BENCH_JSON=file: every run as a JSON line, for medians across interleaved rounds
    if (process.env.BENCH_JSON) appendFileSync(process.env.BENCH_JSON, `${JSON.stringify({ ...runs[i], server: SERVER, build: process.env.BUILD_DIR ?? 'build', label: process.env.BENCH_LABEL ?? '', throttle: process.env.THROTTLE ?? '', load: loadavg()[0], buildMs: runs[i].build })}\n`);
  }
  const f = (k, d = 0) => median(runs.map((r) => r[k])).toFixed(d);
  console.log(
    `${p.padEnd(34)} first-paint JS ${f('firstPaintKB', 1)} KB gz · total JS ${f('totalKB', 1)} KB gz · FCP ${f('fcp')} ms · nav→ready ${f('ready')} ms · keypress→echo ${f('keyMs', 1)} ms (median of ${RUNS})`
  );
  console.log(
    `${''.padEnd(34)} nav→ lab JS fetched ${f('fetched')} ms · engine imported ${f('imported')} ms · lab build + prompt ${f('build')} ms · load average ${loadavg()[0].toFixed(2)} · server ${SERVER}${THROTTLE ? ` · network ${THROTTLE[0]} Mbit/s ${THROTTLE[1]} ms` : ''}`
  );
}

await browser.close();
stop();
process.exit(0);
