/**
 * parseConfig = MetalLB's config.For (internal/config/config.go) with the validator picked by
 * METALLB_BGP_TYPE (native unless told otherwise). Steps, in upstream order:
 *   validator → BFD profiles → peers → pools (+ advertisements) → validateConfig.
 * Returns the parsed Config or the exact error string the controller would log and the webhook
 * would deny with.
 */
import { communitiesFromCRs, setBGPAdvertisementsToPools, setL2AdvertisementsToPools, validateDuplicateBGPAdvertisements } from './advertisements';
import { parseGoDuration } from './gofmt';
import { bfdProfilesFor, peersFor } from './peers';
import { parsePools, poolsByNamespace, poolsByServiceSelector } from './pools';
import { validateConfig, validationFor, type BGPType } from './validation';
import { fail, type ClusterResources, type Config, type ConfigError, type Parsed, type Pools } from './types';

export interface ParseOptions {
  /** METALLB_BGP_TYPE; the native manifest leaves it unset, which means "native". */
  bgpType?: BGPType;
}

export type ConfigResult = { ok: true; config: Config } | { ok: false; error: string; transient: boolean };

function toResult(err: ConfigError): ConfigResult {
  return { ok: false, error: err.message, transient: err.transient };
}

/**
 * Before config.For ever runs, the objects are decoded into Go structs; a duration field that
 * time.ParseDuration rejects fails there, with Go's own text.
 */
function decodeDurations(res: ClusterResources): string | null {
  for (const p of res.peers ?? []) {
    for (const v of [p.spec?.holdTime, p.spec?.keepaliveTime, p.spec?.connectTime]) {
      if (v === undefined) continue;
      const d = parseGoDuration(v);
      if (!d.ok) return d.error;
    }
  }
  return null;
}

/** poolsFor: communities, pools, advertisements, then the derived indexes. */
function poolsFor(res: ClusterResources): Parsed<Pools> {
  const communities = communitiesFromCRs(res.communities ?? []);
  if (!communities.ok) return communities;
  const pools = parsePools(res.pools ?? [], res.namespaces ?? []);
  if (!pools.ok) return pools;
  const byName = pools.value;
  const l2 = setL2AdvertisementsToPools(res.pools ?? [], res.l2Advs ?? [], res.nodes ?? [], byName);
  if (!l2.ok) return l2;
  const dup = validateDuplicateBGPAdvertisements(res.bgpAdvs ?? []);
  if (dup) return fail(dup);
  const bgp = setBGPAdvertisementsToPools(res.pools ?? [], res.bgpAdvs ?? [], res.nodes ?? [], byName, communities.value);
  if (!bgp.ok) return bgp;
  return {
    ok: true,
    value: { byName, byNamespace: poolsByNamespace(byName), byServiceSelector: poolsByServiceSelector(byName) }
  };
}

/** config.For(resources, ValidationFor(bgpType)). */
export function parseConfig(resources: ClusterResources, opts: ParseOptions = {}): ConfigResult {
  const decodeErr = decodeDurations(resources);
  if (decodeErr) return { ok: false, error: decodeErr, transient: false };
  const invalid = validationFor(opts.bgpType ?? 'native')(resources);
  if (invalid) return { ok: false, error: invalid, transient: false };
  const bfd = bfdProfilesFor(resources.bfdProfiles ?? []);
  if (!bfd.ok) return toResult(bfd.err);
  const peers = peersFor(resources.peers ?? [], bfd.value, resources.passwordSecrets ?? {});
  if (!peers.ok) return toResult(peers.err);
  const pools = poolsFor(resources);
  if (!pools.ok) return toResult(pools.err);
  const config: Config = { peers: peers.value, pools: pools.value, bfdProfiles: bfd.value };
  const bad = validateConfig(config);
  if (bad) return { ok: false, error: bad, transient: false };
  return { ok: true, config };
}
