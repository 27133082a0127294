/**
 * IPAddressPool → Pool, mirroring internal/config/config.go (addressPoolFromCR,
 * addressPoolServiceAllocationsFromCR, the pool loop of poolsFor, poolsByNamespace,
 * poolsByServiceSelector).
 */
import { cidrsOverlap, cidrString, parseCIDR, type IPNet } from './cidr';
import { goQuote } from './gofmt';
import { selectorError, selectorMatches, validateLabelSelectorDuplicate } from './selector';
import {
  fail,
  joinErr,
  type IPAddressPool,
  type LabelledObject,
  type Parsed,
  type Pool,
  type ServiceAllocation
} from './types';

function serviceAllocationsFromCR(p: IPAddressPool, namespaces: readonly LabelledObject[]): Parsed<ServiceAllocation | null> {
  const sa = p.spec?.serviceAllocation;
  if (!sa) return { ok: true, value: null };
  const ns = new Set<string>();
  for (const n of sa.namespaces ?? []) {
    if (ns.has(n)) return fail('duplicate definition in namespaces field');
    ns.add(n);
  }
  const dupNs = validateLabelSelectorDuplicate(sa.namespaceSelectors, 'namespaceSelectors');
  if (dupNs) return fail(dupNs);
  const dupSvc = validateLabelSelectorDuplicate(sa.serviceSelectors, 'serviceSelectors');
  if (dupSvc) return fail(dupSvc);
  // Namespace selectors are resolved now, against the namespaces that exist now.
  for (const sel of sa.namespaceSelectors ?? []) {
    const bad = selectorError(sel);
    if (bad) return joinErr({ message: bad, transient: false }, `invalid namespace label selector in ip pool ${p.metadata.name}`);
    for (const n of namespaces) {
      if (selectorMatches(sel, n.metadata.labels)) ns.add(n.metadata.name);
    }
  }
  for (const sel of sa.serviceSelectors ?? []) {
    const bad = selectorError(sel);
    if (bad) return joinErr({ message: bad, transient: false }, `invalid service label selector in ip pool ${p.metadata.name}`);
  }
  return {
    ok: true,
    value: { priority: sa.priority ?? 0, namespaces: ns, serviceSelectors: [...(sa.serviceSelectors ?? [])] }
  };
}

/** addressPoolFromCR: errors are returned bare; poolsFor adds "parsing address pool <name>: ". */
export function addressPoolFromCR(p: IPAddressPool, namespaces: readonly LabelledObject[]): Parsed<Pool> {
  const name = p.metadata.name;
  if (!name) return fail('missing pool name');
  const addresses = p.spec?.addresses ?? [];
  if (addresses.length === 0) return fail('pool has no prefixes defined');
  const cidrs: IPNet[] = [];
  const perAddr = new Map<string, IPNet[]>();
  for (const a of addresses) {
    const r = parseCIDR(a);
    if (!r.ok) return fail(`invalid CIDR ${goQuote(a)} in pool ${goQuote(name)}: ${r.error}`);
    cidrs.push(...r.nets);
    perAddr.set(a, r.nets);
  }
  const sa = serviceAllocationsFromCR(p, namespaces);
  if (!sa.ok) return sa;
  return {
    ok: true,
    value: {
      name,
      cidrs,
      avoidBuggyIPs: p.spec?.avoidBuggyIPs ?? false,
      autoAssign: p.spec?.autoAssign ?? true,
      bgpAdvertisements: [],
      l2Advertisements: [],
      cidrsPerAddresses: perAddr,
      serviceAllocations: sa.value
    }
  };
}

/**
 * The pool half of poolsFor: parse each pool in order, reject duplicate names, and compare
 * every CIDR with every CIDR of the pools before it. The duplicate and overlap errors come
 * straight from here, without the "parsing address pool" prefix.
 */
export function parsePools(pools: readonly IPAddressPool[], namespaces: readonly LabelledObject[]): Parsed<Map<string, Pool>> {
  const byName = new Map<string, Pool>();
  const all: IPNet[] = [];
  for (const p of pools) {
    const parsed = addressPoolFromCR(p, namespaces);
    if (!parsed.ok) return fail(`parsing address pool ${p.metadata.name}: ${parsed.err.message}`, parsed.err.transient);
    const pool = parsed.value;
    if (byName.has(p.metadata.name)) return fail(`duplicate definition of pool ${goQuote(p.metadata.name)}`);
    for (const cidr of pool.cidrs) {
      for (const m of all) {
        if (cidrsOverlap(cidr, m)) {
          return fail(
            `CIDR ${goQuote(cidrString(cidr))} in pool ${goQuote(p.metadata.name)} overlaps with already defined CIDR ${goQuote(cidrString(m))}`
          );
        }
      }
      all.push(cidr);
    }
    byName.set(p.metadata.name, pool);
  }
  return { ok: true, value: byName };
}

/** poolsByNamespace: namespace → names of the pools pinned to it. */
export function poolsByNamespace(byName: Map<string, Pool>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const pool of byName.values()) {
    for (const ns of pool.serviceAllocations?.namespaces ?? []) {
      const list = out.get(ns) ?? [];
      list.push(pool.name);
      out.set(ns, list);
    }
  }
  return out;
}

/** poolsByServiceSelector: sorted names of the pools that have serviceSelectors. */
export function poolsByServiceSelector(byName: Map<string, Pool>): string[] {
  return [...byName.values()]
    .filter((p) => (p.serviceAllocations?.serviceSelectors.length ?? 0) > 0)
    .map((p) => p.name)
    .sort();
}
