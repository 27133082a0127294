import { Lab, type LabOptions } from '../engine/lab';
import { L2ADV_APPLY, METALLB_APPLY, METALLB_WAIT, PODS_APPLY, POOL_APPLY, SERVICES_APPLY } from './article';
import { LabShell } from './shell';
import { KIND_NETWORK } from '../engine/k8s/cluster';
import { addRouterClient, runLabRouter } from '../engine/router/scenario';

export type Scenario = 'empty' | 'kind' | 'l2' | 'bgp';
export const SCENARIOS: readonly Scenario[] = ['empty', 'kind', 'l2', 'bgp'];

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
  if (scenario === 'bgp') {
    // the article's cluster plus an FRR router (AS 64512) peering with every node (AS 64513),
    // and a client on its own network behind the router
    const nodes = lab.docker.containers().filter((c) => c.spec.role === 'kind-node');
    const nodeIps = nodes
      .map((c) => lab.docker.endpoint(c, KIND_NETWORK)?.ipv4)
      .filter((ip): ip is string => !!ip)
      .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
    const r = runLabRouter(lab.docker, lab.sim, KIND_NETWORK, nodeIps);
    if (!r.ok) throw new Error(`scenario bgp: ${r.error.message}`);
    const cl = addRouterClient(lab.docker, lab.sim, KIND_NETWORK, nodes.map((c) => c.name));
    if (!cl.ok) throw new Error(`scenario bgp: ${cl.error.message}`);
    await lab.advance(10_000);
  }
  if (scenario === 'l2') {
    const shell = new LabShell(lab);
    for (const cmd of L2_SETUP_SCRIPT) {
      const r = await shell.run(cmd);
      if (r.exitCode !== 0) throw new Error(`scenario l2: "${cmd.split('\n')[0]}" failed: ${r.stderr.trim()}`);
    }
  }
  return lab;
}
