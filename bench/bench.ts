/**
 * `npm run bench`: speed and size figures for the closing notes. These are measurements, not
 * pass/fail tests.
 */
import { performance } from 'node:perf_hooks';
import { Lab } from '../src/lib/engine/lab';
import { LabShell } from '../src/lib/shell/shell';
import { readFileSync } from 'node:fs';
import { runTranscript } from '../src/cli/transcript';
import { electionRanking } from '../src/lib/engine/metallb/speaker/layer2-controller';
import { viewWorld } from '../src/lib/engine/observe';
import { spawnSync } from 'node:child_process';
import { describe as describeBuild, type ScenarioTimes } from './build-lab';

let peakRss = 0;
const sample = () => (peakRss = Math.max(peakRss, process.memoryUsage().rss));
const sampler = setInterval(sample, 20);

function fmt(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`;
}

async function time<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const v = await fn();
  return [v, performance.now() - t0];
}

async function main(): Promise<void> {
  const rows: [string, string][] = [];

  // Lab build: the article's cluster (4 nodes + mypc), settled.
  const builds: number[] = [];
  let lab: Lab | undefined;
  for (let i = 0; i < 5; i++) {
    const [l, ms] = await time(() => Lab.create({ seed: 100 + i, scenario: 'kind' }));
    builds.push(ms);
    lab = l;
  }
  rows.push(['lab build (kind scenario, mean of 5)', fmt(builds.reduce((a, b) => a + b, 0) / builds.length)]);

  // What a lesson page builds before its prompt: each scenario in a fresh process, so the first
  // build pays for cold JIT and empty caches as a page load does.
  for (const scenario of ['l2', 'bgp']) {
    const child = spawnSync('npx', ['tsx', 'bench/build-lab.ts', '--json', '--runs', '5', scenario], { encoding: 'utf8' });
    if (child.status !== 0) throw new Error(`build-lab ${scenario}: ${child.stderr}`);
    const [t] = JSON.parse(child.stdout.trim().split('\n').pop() ?? '[]') as ScenarioTimes[];
    rows.push([`buildLab ${scenario} (fresh process)`, describeBuild(t).replace(/^buildLab \S+: /, '')]);
  }

  // kubectl get pods -A, repeated.
  const shell = new LabShell(lab!);
  await shell.run('kubectl get pods -A');
  const n = 200;
  const [, getMs] = await time(async () => {
    for (let i = 0; i < n; i++) await shell.run('kubectl get pods -A');
  });
  rows.push([`kubectl get pods -A (mean of ${n})`, fmt(getMs / n)]);

  // The runner on a 200-command script.
  const cmds = ['kubectl get nodes -o wide', 'kubectl get pods -A', 'docker ps', 'kubectl get svc -A', 'kubectl describe node myk8s-worker', 'sleep 1', 'kubectl get events -A', 'docker network inspect kind'];
  const script = Array.from({ length: 200 }, (_, i) => cmds[i % cmds.length]).join('\n');
  const [, runMs] = await time(() => runTranscript(script, { seed: 1, scenario: 'kind' }));
  rows.push(['runner, 200-command script (incl. lab build)', fmt(runMs)]);

  // Raw Web Crypto SHA-256 rate on 30-byte inputs, batched like the election does.
  const enc = new TextEncoder();
  const inputs = Array.from({ length: 20_000 }, (_, i) => enc.encode(`myk8s-worker${i % 1000}#172.18.${(i >> 8) & 255}.${i & 255}`));
  const [, rawMs] = await time(async () => {
    for (let i = 0; i < inputs.length; i += 1000) await Promise.all(inputs.slice(i, i + 1000).map((b) => crypto.subtle.digest('SHA-256', b)));
  });
  rows.push(['Web Crypto SHA-256 (batches of 1000)', `${Math.round(inputs.length / (rawMs / 1000)).toLocaleString('en')} digests/s`]);

  // Layer-2 ownership: 1,000 nodes x 1,000 services, then re-election after one node dies.
  const nodes = Array.from({ length: 1000 }, (_, i) => `node-${String(i).padStart(4, '0')}`);
  const ips = Array.from({ length: 1000 }, (_, i) => `10.${(i >> 8) & 255}.${i & 255}.1`);
  const owners = new Map<string, string>();
  const [, firstMs] = await time(async () => {
    for (const ip of ips) owners.set(ip, (await electionRanking(nodes, ip))[0].node);
  });
  rows.push(['L2 election, 1000 nodes x 1000 services (first)', fmt(firstMs)]);
  const victim = owners.get(ips[0])!;
  const survivors = nodes.filter((n) => n !== victim);
  let moved = 0;
  const [, reMs] = await time(async () => {
    for (const ip of ips) if ((await electionRanking(survivors, ip))[0].node !== owners.get(ip)) moved++;
  });
  rows.push([`L2 re-election after ${victim} dies (cached digests)`, `${fmt(reMs)} (${moved} IPs moved)`]);

  // A 10,000-request curl loop through MetalLB and kube-proxy.
  const l2 = await runTranscript('sleep 1', { seed: 1, scenario: 'l2' });
  const loop = new LabShell(l2.lab);
  const [r, loopMs] = await time(() => loop.run('docker exec mypc zsh -c "for i in {1..10000}; do curl -s 172.18.255.200 | grep Hostname; done | sort | uniq -c | sort -nr"'));
  rows.push(['10,000-request curl loop (VIP -> kube-proxy -> whoami)', `${fmt(loopMs)} (${r.stdout.trim().replace(/\s+/g, ' ')})`]);

  // The views' read-model, polled every 100 ms by the page: one topology reading.
  viewWorld(l2.lab);
  const [, viewMs] = await time(async () => {
    for (let i = 0; i < 1000; i++) viewWorld(l2.lab);
  });
  rows.push(['viewWorld, article lab (4 nodes + mypc, mean of 1000)', fmt(viewMs / 1000)]);

  // The whole article transcript (L2 part) from the l2 scenario.
  const article = readFileSync(new URL('../tests/fixtures/issue3-l2.sh', import.meta.url), 'utf8');
  const [, artMs] = await time(() => runTranscript(article, { seed: 1, scenario: 'l2' }));
  rows.push(['article L2 transcript (scenario l2 build + 18 commands)', fmt(artMs)]);

  sample();
  clearInterval(sampler);
  rows.push(['peak RSS', `${(peakRss / 1024 / 1024).toFixed(1)} MiB`]);
  rows.push(['heap used at end', `${(process.memoryUsage().heapUsed / 1024 / 1024).toFixed(1)} MiB`]);

  const w = Math.max(...rows.map((r) => r[0].length));
  process.stdout.write(`MetalLB Lab bench (Node ${process.version}, ${new Date().toISOString().slice(0, 10)})\n`);
  for (const [k, v] of rows) process.stdout.write(`${k.padEnd(w)}  ${v}\n`);
}

main().then(
  () => process.exit(0),
  (e) => {
    process.stderr.write(String((e as Error).stack ?? e) + '\n');
    process.exit(1);
  }
);
