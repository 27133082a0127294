/**
 * `npm run bench`: speed and size figures for the closing notes. These are measurements, not
 * pass/fail tests.
 */
import { performance } from 'node:perf_hooks';
import { Lab } from '../src/lib/engine/lab';
import { LabShell } from '../src/lib/shell/shell';
import { runTranscript } from '../src/cli/transcript';

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
