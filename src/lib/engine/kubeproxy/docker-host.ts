/**
 * The learner's machine runs the Docker daemon, so its netfilter tables hold what Docker (≤ 27,
 * iptables backend) writes for its bridge networks and published ports. They are refreshed from
 * the engine's Docker state whenever they are read; rules the learner adds are kept.
 */
import type { DockerEngine } from '../docker/engine';
import type { Sim } from '../sim';
import { type DockerBridgeNet, type DockerPublished, dockerHostRules, emptyTables } from './base';
import { ruleKey } from './format';
import { type Netfilter, ensureNetfilter } from './netfilter';

const owned = new WeakMap<Netfilter, Map<string, string[]>>();

/** The Docker host's netfilter state, brought up to date with Docker's networks and containers. */
export function dockerHostNetfilter(docker: DockerEngine, sim: Sim): Netfilter {
  const nf = ensureNetfilter(docker.hostNet, sim, 'docker-host', () => {
    const t = emptyTables();
    const fwd = t.filter.chains.get('FORWARD');
    if (fwd) fwd.policy = 'DROP';
    return t;
  });
  const nets: DockerBridgeNet[] = docker
    .networks()
    .filter((n) => n.driver === 'bridge')
    .map((n) => ({ ifname: docker.bridgeIfname(n), subnet: n.subnet, createdAt: n.createdAt }));
  const published: DockerPublished[] = [];
  for (const c of docker.containers()) {
    if (c.state !== 'running' || !c.spec.ports?.length || !c.endpoints.length) continue;
    const ep = c.endpoints[0]!;
    const net = docker.network(ep.network);
    if (!net) continue;
    for (const p of c.spec.ports) published.push({ hostIp: p.hostIp, hostPort: p.hostPort, containerIp: ep.ipv4, containerPort: p.containerPort, protocol: p.protocol, ifname: docker.bridgeIfname(net) });
  }
  const rules = dockerHostRules(nets, published);
  for (const table of ['filter', 'nat'] as const) {
    const t = nf.table(table);
    for (const name of rules.chains[table].keys()) if (!t.chains.has(name)) nf.newChain(table, name);
    nf.restoreChains(table, rules.chains[table]);
  }
  let mine = owned.get(nf);
  if (!mine) owned.set(nf, (mine = new Map()));
  for (const b of rules.builtins) {
    const key = `${b.table}/${b.chain}`;
    const want = b.rules.map(ruleKey);
    const had = mine.get(key) ?? [];
    if (had.length === want.length && had.every((k, i) => k === want[i])) continue;
    const drop = new Set(had);
    nf.removeRules(b.table, b.chain, (r) => drop.has(ruleKey(r)));
    for (const r of [...b.rules].reverse()) nf.ensureRule(b.table, b.chain, r, 'prepend');
    mine.set(key, want);
  }
  return nf;
}
