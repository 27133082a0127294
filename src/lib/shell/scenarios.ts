import { Lab, type LabOptions } from '../engine/lab';
import { L2ADV_APPLY, METALLB_APPLY, METALLB_WAIT, PODS_APPLY, POOL_APPLY, SERVICES_APPLY } from './article';
import { LabShell } from './shell';

export type Scenario = 'empty' | 'kind' | 'l2';
export const SCENARIOS: readonly Scenario[] = ['empty', 'kind', 'l2'];

export interface ScenarioOptions {
  seed?: number;
  workers?: number;
  scenario?: Scenario;
}

/** The article's step 5, typed as a learner would: MetalLB, the pool, the advertisement, the pods and services. */
export const L2_SETUP_SCRIPT: readonly string[] = [METALLB_APPLY, METALLB_WAIT, POOL_APPLY, L2ADV_APPLY, PODS_APPLY, SERVICES_APPLY, 'kubectl wait --for=condition=Ready pod/webpod1 pod/webpod2 --timeout=120s', 'sleep 10'];

/**
 * A fresh lab at a named starting point. `l2` is reached by typing the article's commands into
 * the same shell the learner uses, so it is exactly what the learner would have got.
 */
export async function buildLab(opts: ScenarioOptions = {}): Promise<Lab> {
  const scenario = opts.scenario ?? 'kind';
  const lab = await Lab.create({ seed: opts.seed, workers: opts.workers, scenario: scenario === 'empty' ? 'empty' : 'kind' } satisfies LabOptions);
  if (scenario === 'l2') {
    const shell = new LabShell(lab);
    for (const cmd of L2_SETUP_SCRIPT) {
      const r = await shell.run(cmd);
      if (r.exitCode !== 0) throw new Error(`scenario l2: "${cmd.split('\n')[0]}" failed: ${r.stderr.trim()}`);
    }
  }
  return lab;
}
