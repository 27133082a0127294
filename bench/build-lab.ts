/**
 * `npx tsx bench/build-lab.ts [--json] [--runs N] [scenario...]`: how long `buildLab()` takes in
 * Node, per scenario (default: l2 bgp). The first build in a fresh process is reported on its
 * own: like a page load it pays for cold JIT and empty caches (the kube-proxy chain hashes, the
 * image IDs). The warm figures are medians of the next N builds. CPU time (user + system of this
 * process) is steadier than wall time on a shared machine; min is the least disturbed run.
 *
 * Profile with: `node --import tsx --cpu-prof --cpu-prof-dir=/tmp/prof bench/build-lab.ts l2`.
 */
import { performance } from 'node:perf_hooks';
import { loadavg } from 'node:os';
import { buildLab, type Scenario } from '../src/lib/shell/scenarios';

export interface BuildTimes {
  /** Wall-clock ms per build. */
  wall: number[];
  /** CPU ms (user + system) this process spent per build. */
  cpu: number[];
}

export interface ScenarioTimes {
  scenario: Scenario;
  first: { wall: number; cpu: number };
  warm: BuildTimes;
}

async function timeBuilds(scenario: Scenario, runs: number): Promise<BuildTimes> {
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

export async function measureScenario(scenario: Scenario, runs: number): Promise<ScenarioTimes> {
  const first = await timeBuilds(scenario, 1);
  return { scenario, first: { wall: first.wall[0], cpu: first.cpu[0] }, warm: await timeBuilds(scenario, runs) };
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

export function describe(t: ScenarioTimes): string {
  const w = t.warm;
  return (
    `buildLab ${t.scenario}: first ${t.first.wall.toFixed(0)} ms (CPU ${t.first.cpu.toFixed(0)}) · ` +
    `then median ${median(w.wall).toFixed(0)} ms (CPU ${median(w.cpu).toFixed(0)}, min ${Math.min(...w.cpu).toFixed(0)}) over ${w.wall.length}`
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const json = args.includes('--json');
  const runsAt = args.indexOf('--runs');
  const runs = runsAt >= 0 ? Number(args[runsAt + 1]) : 7;
  const names = args.filter((a, i) => !a.startsWith('--') && (runsAt < 0 || i !== runsAt + 1)) as Scenario[];
  const results: ScenarioTimes[] = [];
  for (const s of names.length ? names : (['l2', 'bgp'] as Scenario[])) results.push(await measureScenario(s, runs));
  if (json) process.stdout.write(JSON.stringify(results) + '\n');
  else for (const r of results) console.log(`${describe(r)} (load ${loadavg()[0].toFixed(2)})`);
}
