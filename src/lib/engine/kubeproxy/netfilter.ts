/**
 * One network namespace's netfilter state, as the kernel keeps it: the tables (rules, policies,
 * counters) and the connection tracking table. Writers are kube-proxy (its own chains replaced
 * on each sync, its jumps ensured in the built-in chains), the node's boot (kind, kubelet,
 * kindnet, Docker) and the learner's `iptables` commands. Rules stay when the writer stops.
 */
import type { NetHost } from '../net/host';
import type { Sim } from '../sim';
import type { Rng } from '../sim/prng';
import { type Tables, emptyTables, existingTables } from './base';
import { Conntrack } from './conntrack';
import { ruleKey } from './format';
import { type Chain, type Policy, type Rule, type Table, type TableName, newChain, references, zeroCounters } from './model';

export type MachineKind = 'kind-node' | 'container' | 'docker-host';

/** Errors of table operations, named after what iptables prints for them. */
export type TableOpError =
  | 'no-chain' // iptables: No chain/target/match by that name.
  | 'bad-rule' // iptables: Bad rule (does a matching rule exist in that chain?).
  | 'index-delete' // iptables: Index of deletion too big.
  | 'index-insert' // iptables: Index of insertion too big.
  | 'index-replace' // iptables: Index of replacement too big.
  | 'chain-exists' // iptables: Chain already exists.
  | 'chain-in-use' // iptables: Too many links.
  | 'chain-not-empty' // iptables: Directory not empty.
  | 'builtin-chain' // iptables: Invalid argument. (deleting/renaming a built-in chain)
  | 'bad-builtin' // iptables: Bad built-in chain name.
  | 'bad-policy'; // iptables: Bad policy name.

export type OpResult<T = true> = { ok: true; value: T } | { ok: false; error: TableOpError };

function ok<T>(value: T): OpResult<T> {
  return { ok: true, value };
}

function fail<T>(error: TableOpError): OpResult<T> {
  return { ok: false, error };
}

export class Netfilter {
  readonly kind: MachineKind;
  readonly tables: Tables;
  readonly conntrack: Conntrack;
  readonly netns: NetHost;
  readonly sim: Sim;
  /** Randomness of the data path (statistic matches, --random-fully ports), forked per namespace. */
  readonly rng: Rng;
  /** Tables a command or a writer has used (iptables-save prints only existing tables). */
  private touched = new Set<TableName>();
  /** Bumped on every change, so the data path and the UI can tell when rules changed. */
  generation = 0;

  constructor(netns: NetHost, sim: Sim, kind: MachineKind, init?: (rng: Rng) => Tables) {
    this.netns = netns;
    this.sim = sim;
    this.kind = kind;
    this.rng = sim.rng.fork(`netfilter:${netns.name}`);
    this.tables = init ? init(this.rng) : emptyTables();
    this.conntrack = new Conntrack(() => sim.clock.now());
  }

  table(name: TableName): Table {
    return this.tables[name];
  }

  /** Tables that exist in the kernel (what iptables-save lists). */
  existing(): TableName[] {
    return existingTables(this.kind, this.touched);
  }

  touch(name: TableName): void {
    this.touched.add(name);
  }

  private changed(name: TableName): void {
    this.touched.add(name);
    this.generation++;
  }

  chain(table: TableName, name: string): Chain | undefined {
    return this.tables[table].chains.get(name);
  }

  // ------------------------------------------------------------------ writers (kube-proxy, docker)

  /**
   * iptables-restore --noflush of a writer's chains: every chain in `chains` is created or
   * rewritten; `fixed` chains restart their counters, other chains keep them when their rules did
   * not change (kube-proxy's partial sync). Chains `owned(name)` that are not in `chains` go.
   */
  restoreChains(table: TableName, chains: Map<string, Rule[]>, opts: { fixed?: ReadonlySet<string>; owned?: (name: string) => boolean } = {}): void {
    const t = this.tables[table];
    for (const [name, rules] of chains) {
      const existing = t.chains.get(name);
      if (existing?.builtin) continue;
      if (existing && !opts.fixed?.has(name) && sameRules(existing.rules, rules)) continue;
      const c = existing ?? newChain(name);
      c.rules = rules.map((r) => ({ ...r, counters: zeroCounters() }));
      t.chains.set(name, c);
    }
    if (opts.owned) {
      for (const name of [...t.chains.keys()]) {
        if (chains.has(name) || !opts.owned(name)) continue;
        t.chains.delete(name);
      }
      // jumps into deleted chains cannot stay (kube-proxy rewrote their callers anyway)
      for (const c of t.chains.values()) c.rules = c.rules.filter((r) => r.target.t !== 'jump' || t.chains.has(r.target.chain));
    }
    this.changed(table);
  }

  /** EnsureRule: add the rule unless an identical one is in the chain (prepend = at position 1). */
  ensureRule(table: TableName, chain: string, r: Rule, position: 'prepend' | 'append' = 'prepend'): boolean {
    const c = this.tables[table].chains.get(chain);
    if (!c) return false;
    const key = ruleKey(r);
    if (c.rules.some((x) => ruleKey(x) === key)) return false;
    const copy = { ...r, counters: zeroCounters() };
    if (position === 'prepend') c.rules.unshift(copy);
    else c.rules.push(copy);
    this.changed(table);
    return true;
  }

  /** Remove every rule of a built-in chain that a writer owns (e.g. Docker's, before re-adding). */
  removeRules(table: TableName, chain: string, pred: (r: Rule) => boolean): void {
    const c = this.tables[table].chains.get(chain);
    if (!c) return;
    const before = c.rules.length;
    c.rules = c.rules.filter((r) => !pred(r));
    if (c.rules.length !== before) this.changed(table);
  }

  setBuiltinPolicy(table: TableName, chain: string, policy: Policy): void {
    const c = this.tables[table].chains.get(chain);
    if (c?.builtin) c.policy = policy;
  }

  // ------------------------------------------------------------------ the learner's iptables

  private userChainOf(table: TableName, chain: string): OpResult<Chain> {
    const c = this.tables[table].chains.get(chain);
    return c ? ok(c) : fail('no-chain');
  }

  /** A jump target must be an existing chain of the table. */
  private checkTarget(table: TableName, r: Rule): TableOpError | null {
    if (r.target.t === 'jump' && !this.tables[table].chains.has(r.target.chain)) return 'no-chain';
    return null;
  }

  append(table: TableName, chain: string, r: Rule): OpResult {
    const c = this.userChainOf(table, chain);
    if (!c.ok) return c;
    const bad = this.checkTarget(table, r);
    if (bad) return fail(bad);
    c.value.rules.push({ ...r, counters: zeroCounters() });
    this.changed(table);
    return ok(true);
  }

  /** -I CHAIN [N]: N is 1-based; N = length + 1 appends. */
  insert(table: TableName, chain: string, r: Rule, num = 1): OpResult {
    const c = this.userChainOf(table, chain);
    if (!c.ok) return c;
    const bad = this.checkTarget(table, r);
    if (bad) return fail(bad);
    if (num < 1 || num > c.value.rules.length + 1) return fail('index-insert');
    c.value.rules.splice(num - 1, 0, { ...r, counters: zeroCounters() });
    this.changed(table);
    return ok(true);
  }

  replace(table: TableName, chain: string, r: Rule, num: number): OpResult {
    const c = this.userChainOf(table, chain);
    if (!c.ok) return c;
    const bad = this.checkTarget(table, r);
    if (bad) return fail(bad);
    if (num < 1 || num > c.value.rules.length) return fail('index-replace');
    c.value.rules[num - 1] = { ...r, counters: zeroCounters() };
    this.changed(table);
    return ok(true);
  }

  /** -D CHAIN rule-spec: the first identical rule goes. */
  deleteRule(table: TableName, chain: string, r: Rule): OpResult {
    const c = this.userChainOf(table, chain);
    if (!c.ok) return c;
    const key = ruleKey(r);
    const i = c.value.rules.findIndex((x) => ruleKey(x) === key);
    if (i < 0) return fail('bad-rule');
    c.value.rules.splice(i, 1);
    this.changed(table);
    return ok(true);
  }

  deleteRuleNum(table: TableName, chain: string, num: number): OpResult {
    const c = this.userChainOf(table, chain);
    if (!c.ok) return c;
    if (num < 1 || num > c.value.rules.length) return fail('index-delete');
    c.value.rules.splice(num - 1, 1);
    this.changed(table);
    return ok(true);
  }

  /** -C: is there an identical rule? */
  check(table: TableName, chain: string, r: Rule): OpResult {
    const c = this.userChainOf(table, chain);
    if (!c.ok) return c;
    const key = ruleKey(r);
    return c.value.rules.some((x) => ruleKey(x) === key) ? ok(true) : fail('bad-rule');
  }

  /** -F [CHAIN]. */
  flush(table: TableName, chain?: string): OpResult {
    if (chain !== undefined) {
      const c = this.userChainOf(table, chain);
      if (!c.ok) return c;
      c.value.rules = [];
    } else {
      for (const c of this.tables[table].chains.values()) c.rules = [];
    }
    this.changed(table);
    return ok(true);
  }

  /** -Z [CHAIN]. */
  zero(table: TableName, chain?: string): OpResult {
    const chains = chain === undefined ? [...this.tables[table].chains.values()] : [this.tables[table].chains.get(chain)];
    if (chains.some((c) => !c)) return fail('no-chain');
    for (const c of chains) {
      if (!c) continue;
      c.policyCounters = zeroCounters();
      for (const r of c.rules) r.counters = zeroCounters();
    }
    this.touched.add(table);
    return ok(true);
  }

  newChain(table: TableName, name: string): OpResult {
    const t = this.tables[table];
    if (t.chains.has(name)) return fail('chain-exists');
    t.chains.set(name, newChain(name));
    this.changed(table);
    return ok(true);
  }

  /** -X [CHAIN]: without a name, every empty unreferenced user chain. */
  deleteChain(table: TableName, name?: string): OpResult {
    const t = this.tables[table];
    if (name === undefined) {
      for (const c of [...t.chains.values()]) if (!c.builtin && !c.rules.length && references(t, c.name) === 0) t.chains.delete(c.name);
      this.changed(table);
      return ok(true);
    }
    const c = t.chains.get(name);
    if (!c) return fail('no-chain');
    if (c.builtin) return fail('builtin-chain');
    if (references(t, name) > 0) return fail('chain-in-use');
    if (c.rules.length) return fail('chain-not-empty');
    t.chains.delete(name);
    this.changed(table);
    return ok(true);
  }

  renameChain(table: TableName, from: string, to: string): OpResult {
    const t = this.tables[table];
    const c = t.chains.get(from);
    if (!c) return fail('no-chain');
    if (c.builtin) return fail('builtin-chain');
    if (t.chains.has(to)) return fail('chain-exists');
    t.chains.delete(from);
    c.name = to;
    t.chains.set(to, c);
    for (const x of t.chains.values()) for (const r of x.rules) if (r.target.t === 'jump' && r.target.chain === from) r.target = { t: 'jump', chain: to };
    this.changed(table);
    return ok(true);
  }

  policy(table: TableName, chain: string, policy: string): OpResult {
    const c = this.tables[table].chains.get(chain);
    if (!c || !c.builtin) return fail('bad-builtin');
    if (policy !== 'ACCEPT' && policy !== 'DROP') return fail('bad-policy');
    c.policy = policy;
    this.changed(table);
    return ok(true);
  }

  /** Rules in the nat and filter tables (the kube-proxy sync note counts these). */
  ruleCount(): number {
    let n = 0;
    for (const name of ['filter', 'nat'] as const) for (const c of this.tables[name].chains.values()) n += c.rules.length;
    return n;
  }
}

function sameRules(a: readonly Rule[], b: readonly Rule[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (ruleKey(a[i]) !== ruleKey(b[i])) return false;
  return true;
}

// ------------------------------------------------------------------ registry

const registry = new WeakMap<NetHost, Netfilter>();

/** The netfilter state of a namespace, if it has been created. */
export function netfilterOf(netns: NetHost): Netfilter | undefined {
  return registry.get(netns);
}

/** The namespace's netfilter state, created with `init` (given its random stream) the first time. */
export function ensureNetfilter(netns: NetHost, sim: Sim, kind: MachineKind, init?: (rng: Rng) => Tables): Netfilter {
  let nf = registry.get(netns);
  if (!nf) {
    nf = new Netfilter(netns, sim, kind, init);
    registry.set(netns, nf);
  }
  return nf;
}
