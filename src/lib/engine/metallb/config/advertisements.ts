/**
 * L2Advertisement / BGPAdvertisement / Community parsing and their binding to pools, mirroring
 * internal/config/config.go (communitiesFromCrs, l2AdvertisementFromCR, bgpAdvertisementFromCR,
 * setL2AdvertisementsToPools, setBGPAdvertisementsToPools, validateBGPAdvPerPool,
 * advertisementsAreCompatible, validateDuplicateBGPAdvertisements, containsAdvertisement).
 */
import { lowestMask } from './cidr';
import { communityString, newCommunity, type BGPCommunity } from './community';
import { goQuote, goQuoteRune } from './gofmt';
import { anySelectorMatches, selectorError, validateDuplicate, validateLabelSelectorDuplicate } from './selector';
import type { LabelSelector } from '../../k8s/types';
import {
  fail,
  joinErr,
  type BGPAdvertisement,
  type BGPAdvertisementCfg,
  type Community,
  type IPAddressPool,
  type L2Advertisement,
  type L2AdvertisementCfg,
  type LabelledObject,
  type Parsed,
  type Pool
} from './types';

/** Community CRs: alias name → value. */
export function communitiesFromCRs(cs: readonly Community[]): Parsed<Map<string, BGPCommunity>> {
  const out = new Map<string, BGPCommunity>();
  for (const c of cs) {
    for (const alias of c.spec?.communities ?? []) {
      const v = newCommunity(alias.value);
      if (!v.ok) return fail(`parsing community ${goQuote(alias.name)}: ${v.error}`);
      if (out.has(alias.name)) return fail(`duplicate definition of community ${goQuote(alias.name)}`);
      out.set(alias.name, v.value);
    }
  }
  return { ok: true, value: out };
}

/** selectedNodes: nodes matching any selector; no selector = every node known now. */
function selectedNodes(nodes: readonly LabelledObject[], sels: readonly LabelSelector[], advName: string): Parsed<Set<string>> {
  for (const s of sels) {
    const bad = selectorError(s);
    if (bad) return joinErr({ message: bad, transient: false }, `failed to parse node selector for ${advName}`);
  }
  const out = new Set<string>();
  for (const n of nodes) {
    if (sels.length === 0 || anySelectorMatches(sels, n.metadata.labels)) out.add(n.metadata.name);
  }
  return { ok: true, value: out };
}

/** selectedPools: names of pools whose labels match any of the selectors. */
function selectedPools(pools: readonly IPAddressPool[], sels: readonly LabelSelector[]): Parsed<string[]> {
  for (const s of sels) {
    const bad = selectorError(s);
    if (bad) return fail(bad);
  }
  if (sels.length === 0) return { ok: true, value: [] };
  return { ok: true, value: pools.filter((p) => anySelectorMatches(sels, p.metadata.labels)).map((p) => p.metadata.name) };
}

export function l2AdvertisementFromCR(ad: L2Advertisement, nodes: readonly LabelledObject[]): Parsed<L2AdvertisementCfg> {
  const spec = ad.spec ?? {};
  const dup =
    validateDuplicate(spec.ipAddressPools, 'ipAddressPools') ??
    validateLabelSelectorDuplicate(spec.ipAddressPoolSelectors, 'ipAddressPoolSelectors') ??
    validateLabelSelectorDuplicate(spec.nodeSelectors, 'nodeSelectors');
  if (dup) return fail(dup);
  const sel = selectedNodes(nodes, spec.nodeSelectors ?? [], ad.metadata.name);
  if (!sel.ok) return sel;
  const interfaces = [...(spec.interfaces ?? [])];
  return { ok: true, value: { nodes: sel.value, interfaces, allInterfaces: interfaces.length === 0 } };
}

function sameSet<T>(a: Set<T>, b: Set<T>): boolean {
  return a.size === b.size && [...a].every((x) => b.has(x));
}

/** containsAdvertisement: identical L2 advertisements are attached to a pool only once. */
function containsL2(advs: readonly L2AdvertisementCfg[], x: L2AdvertisementCfg): boolean {
  return advs.some(
    (a) => a.allInterfaces === x.allInterfaces && sameSet(a.nodes, x.nodes) && sameSet(new Set(a.interfaces), new Set(x.interfaces))
  );
}

/** The pools an advertisement binds to: all, or the listed ones plus the label-selected ones. */
function targetPools(
  names: readonly string[] | undefined,
  sels: readonly LabelSelector[] | undefined,
  crs: readonly IPAddressPool[],
  byName: Map<string, Pool>
): Parsed<Pool[]> {
  const selected = selectedPools(crs, sels ?? []);
  if (!selected.ok) return selected;
  if ((names ?? []).length === 0 && (sels ?? []).length === 0) return { ok: true, value: [...byName.values()] };
  const out: Pool[] = [];
  for (const n of [...(names ?? []), ...selected.value]) {
    const p = byName.get(n);
    if (p) out.push(p);
  }
  return { ok: true, value: out };
}

export function setL2AdvertisementsToPools(
  crs: readonly IPAddressPool[],
  advs: readonly L2Advertisement[],
  nodes: readonly LabelledObject[],
  byName: Map<string, Pool>
): Parsed<null> {
  for (const cr of advs) {
    const adv = l2AdvertisementFromCR(cr, nodes);
    if (!adv.ok) return adv;
    const targets = targetPools(cr.spec?.ipAddressPools, cr.spec?.ipAddressPoolSelectors, crs, byName);
    if (!targets.ok) return targets;
    for (const pool of targets.value) {
      if (!containsL2(pool.l2Advertisements, adv.value)) pool.l2Advertisements.push(adv.value);
    }
  }
  return { ok: true, value: null };
}

export function bgpAdvertisementFromCR(
  ad: BGPAdvertisement,
  communities: Map<string, BGPCommunity>,
  nodes: readonly LabelledObject[]
): Parsed<BGPAdvertisementCfg> {
  const spec = ad.spec ?? {};
  const dup =
    validateDuplicate(spec.ipAddressPools, 'ipAddressPools') ??
    validateDuplicate(spec.communities, 'community') ??
    validateDuplicate(spec.peers, 'peers') ??
    validateLabelSelectorDuplicate(spec.ipAddressPoolSelectors, 'ipAddressPoolSelectors') ??
    validateLabelSelectorDuplicate(spec.nodeSelectors, 'nodeSelectors');
  if (dup) return fail(dup);
  const agg = spec.aggregationLength ?? 32;
  // %q of an int: Go prints it as a quoted character, so 33 shows as '!'.
  if (agg > 32) return fail(`invalid aggregation length ${goQuoteRune(agg)} for IPv4`);
  const agg6 = spec.aggregationLengthV6 ?? 128;
  if (agg6 > 128) return fail(`invalid aggregation length ${goQuoteRune(agg6)} for IPv6`);
  const comms = new Map<string, BGPCommunity>();
  for (const c of spec.communities ?? []) {
    let v = communities.get(c);
    if (!v) {
      const p = newCommunity(c);
      if (!p.ok) {
        // A format error may name a Community CR that does not exist yet: transient.
        return joinErr({ message: p.error, transient: p.kind === 'format' }, `invalid community ${goQuote(c)} in BGP advertisement`);
      }
      v = p.value;
    }
    comms.set(communityString(v), v);
  }
  const sel = selectedNodes(nodes, spec.nodeSelectors ?? [], ad.metadata.name);
  if (!sel.ok) return sel;
  return {
    ok: true,
    value: {
      name: ad.metadata.name,
      aggregationLength: agg,
      aggregationLengthV6: agg6,
      localPref: spec.localPref ?? 0,
      communities: comms,
      nodes: sel.value,
      peers: [...(spec.peers ?? [])]
    }
  };
}

/** advertisementsAreCompatible: different aggregation, disjoint peers or disjoint nodes. */
function advertisementsAreCompatible(n: BGPAdvertisementCfg, a: BGPAdvertisementCfg): boolean {
  if (a.aggregationLength !== n.aggregationLength && a.aggregationLengthV6 !== n.aggregationLengthV6) return true;
  if (n.peers.length !== 0 && a.peers.length !== 0 && !n.peers.some((p) => a.peers.includes(p))) return true;
  for (const node of n.nodes) if (a.nodes.has(node)) return false;
  return true;
}

/** validateBGPAdvPerPool. Upstream walks a Go map of addresses; we walk them in spec order. */
function validateBGPAdvPerPool(adv: BGPAdvertisementCfg, pool: Pool): string | null {
  for (const [addr, cidrs] of pool.cidrsPerAddresses) {
    if (cidrs.length === 0) continue;
    const max = cidrs[0].ip.v6 ? adv.aggregationLengthV6 : adv.aggregationLength;
    const lowest = lowestMask(cidrs);
    if (max < lowest) {
      return `invalid aggregation length ${adv.aggregationLength}: prefix ${lowest} in this pool is more specific than the aggregation length for addresses ${addr}`;
    }
  }
  for (const other of pool.bgpAdvertisements) {
    if (adv.localPref !== other.localPref && !advertisementsAreCompatible(adv, other)) {
      return (
        `invalid local preference ${adv.localPref}: local preferernce ${other.localPref} was already set for the same type of BGP update. ` +
        'Check existing BGP advertisements with common pools and aggregation lengths'
      );
    }
  }
  return null;
}

function advIdentity(a: BGPAdvertisement): string {
  return JSON.stringify([a.metadata.name, a.metadata.namespace ?? '', a.metadata.labels ?? {}, a.spec ?? {}]);
}

/** validateDuplicateBGPAdvertisements (1-based indexes; whole objects compared). */
export function validateDuplicateBGPAdvertisements(advs: readonly BGPAdvertisement[]): string | null {
  for (let i = 0; i < advs.length; i++) {
    for (let j = i + 1; j < advs.length; j++) {
      if (advIdentity(advs[i]) === advIdentity(advs[j])) {
        return `duplicate definition of bgpadvertisements. advertisement ${i + 1} and ${j + 1} are equal`;
      }
    }
  }
  return null;
}

export function setBGPAdvertisementsToPools(
  crs: readonly IPAddressPool[],
  advs: readonly BGPAdvertisement[],
  nodes: readonly LabelledObject[],
  byName: Map<string, Pool>,
  communities: Map<string, BGPCommunity>
): Parsed<null> {
  for (const cr of advs) {
    const adv = bgpAdvertisementFromCR(cr, communities, nodes);
    if (!adv.ok) return adv;
    const targets = targetPools(cr.spec?.ipAddressPools, cr.spec?.ipAddressPoolSelectors, crs, byName);
    if (!targets.ok) return targets;
    for (const pool of targets.value) {
      const bad = validateBGPAdvPerPool(adv.value, pool);
      if (bad) return fail(bad);
      pool.bgpAdvertisements.push(adv.value);
    }
  }
  return { ok: true, value: null };
}
