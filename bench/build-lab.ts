/**
 * `npx tsx bench/build-lab.ts [scenario] [runs]`: how long `buildLab()` takes in Node for a
 * scenario (median of several runs, after one warm-up). Profile with
 * `node --import tsx --cpu-prof --cpu-prof-dir=/tmp/prof bench/build-lab.ts l2 3`.
 */
import { performance } from 'node:perf_hooks';
import { buildLab, type Scenario } from '../src/lib/shell/scenarios';

export interface BuildTimes {
  /** Wall-clock ms per build. */
  wall: number[];
  /** CPU ms (user + system) this process spent per build: steadier than wall time on a shared machine. */
  cpu: number[];
}

export async function timeBuild(scenario: Scenario, runs: number): Promise<BuildTimes> {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await buildLab({ scenario, seed: 1 });
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  return { wall, cpu };
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const scenario = (process.argv[2] ?? 'l2') as Scenario;
  const runs = Number(process.argv[3] ?? 7);
  await timeBuild(scenario, 1); // warm-up: module init and JIT
  const t = await timeBuild(scenario, runs);
  const load = (await import('node:os')).loadavg()[0].toFixed(2);
  console.log(`${scenario}: median wall ${median(t.wall).toFixed(1)} ms, CPU ${median(t.cpu).toFixed(1)} ms over ${runs} runs [${t.wall.map((x) => x.toFixed(0)).join(', ')}] (load ${load})`);
}
