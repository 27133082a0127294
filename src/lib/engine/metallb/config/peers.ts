/**
 * BGPPeer and BFDProfile parsing, mirroring internal/config/config.go (bfdProfilesFor,
 * bfdProfileFromCR, peersFor, peerFromCR, passwordForPeer, validateHoldTime) in v0.14.8,
 * where holdTime defaults to 90s and keepaliveTime to holdTime/3.
 */
import { goDurationString, goQuote, parseGoDuration } from './gofmt';
import { parseIP } from './ip';
import { selectorError, validateLabelSelectorDuplicate } from './selector';
import { fail, joinErr, type BFDProfile, type BFDProfileCfg, type BGPPeer, type Parsed, type Peer, type SecretLike } from './types';

const SECOND = 1_000_000_000n;

function bfdInt(v: number | undefined, min: number, max: number, what: string): Parsed<number | null> {
  if (v === undefined) return { ok: true, value: null };
  if (v < min || v > max) {
    return joinErr({ message: `invalid value ${v}, must be in ${min}-${max} range`, transient: false }, `invalid ${what} value`);
  }
  return { ok: true, value: v };
}

function bfdProfileFromCR(p: BFDProfile): Parsed<BFDProfileCfg> {
  if (!p.metadata.name) return fail('missing bfd profile name');
  const s = p.spec ?? {};
  const dm = bfdInt(s.detectMultiplier, 2, 255, 'detect multiplier');
  if (!dm.ok) return dm;
  const ri = bfdInt(s.receiveInterval, 10, 60000, 'receive interval');
  if (!ri.ok) return ri;
  const ti = bfdInt(s.transmitInterval, 10, 60000, 'transmit interval');
  if (!ti.ok) return ti;
  const ttl = bfdInt(s.minimumTtl, 1, 254, 'minimum ttl');
  if (!ttl.ok) return ttl;
  const ei = bfdInt(s.echoInterval, 10, 60000, 'echo interval');
  if (!ei.ok) return ei;
  return {
    ok: true,
    value: {
      name: p.metadata.name,
      detectMultiplier: dm.value,
      receiveInterval: ri.value,
      transmitInterval: ti.value,
      minimumTtl: ttl.value,
      echoInterval: ei.value,
      echoMode: s.echoMode ?? false,
      passiveMode: s.passiveMode ?? false
    }
  };
}

export function bfdProfilesFor(profiles: readonly BFDProfile[]): Parsed<Map<string, BFDProfileCfg>> {
  const out = new Map<string, BFDProfileCfg>();
  for (let i = 0; i < profiles.length; i++) {
    const parsed = bfdProfileFromCR(profiles[i]);
    if (!parsed.ok) return fail(`parsing bfd profile #${i + 1}: ${parsed.err.message}`);
    if (out.has(parsed.value.name)) return fail(`found duplicate bfd profile name ${parsed.value.name}`);
    out.set(parsed.value.name, parsed.value);
  }
  return { ok: true, value: out };
}

/** A duration field as metav1.Duration decodes it; 0 when unset. Bad text was rejected at decode. */
function durationNs(s: string | undefined): bigint {
  if (s === undefined || s === '') return 0n;
  const d = parseGoDuration(s);
  return d.ok ? d.ns : 0n;
}

/** Secret data is base64; decode without Node's Buffer so this runs in the browser too. */
function decodeBase64(b64: string): string {
  try {
    return new TextDecoder().decode(Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)));
  } catch {
    return '';
  }
}

function passwordForPeer(p: BGPPeer, secrets: Readonly<Record<string, SecretLike>>): Parsed<string> {
  const ns = p.metadata.namespace ?? '';
  const spec = p.spec ?? {};
  const ref = spec.passwordSecret?.name ?? '';
  if (spec.password && ref) {
    return fail(`can not have both password and secret ref set in peer config ${goQuote(ns)}/${goQuote(p.metadata.name)}`);
  }
  if (spec.password) return { ok: true, value: spec.password };
  if (!ref) return { ok: true, value: '' };
  const secret = secrets[ref];
  if (!secret) return fail(`secret ref not found for peer config ${goQuote(ns)}/${goQuote(p.metadata.name)}`, true);
  const sns = goQuote(secret.metadata.namespace ?? '');
  const sname = goQuote(secret.metadata.name);
  if (secret.type !== 'kubernetes.io/basic-auth') {
    return fail(`secret type mismatch on ${sns}/${sname}, type "kubernetes.io/basic-auth" is expected `);
  }
  const pw = secret.data?.password;
  if (pw === undefined) return fail(`password not specified in the secret ${sns}/${sname}`);
  return { ok: true, value: decodeBase64(pw) };
}

/** peerFromCR: errors are returned bare; peersFor joins "parsing peer <name>" below them. */
export function peerFromCR(p: BGPPeer, secrets: Readonly<Record<string, SecretLike>>): Parsed<Peer> {
  const s = p.spec ?? {};
  const myASN = s.myASN ?? 0;
  const peerASN = s.peerASN ?? 0;
  if (!myASN) return fail('missing local ASN');
  if (!peerASN) return fail('missing peer ASN');
  if (peerASN === myASN && s.ebgpMultiHop) return fail('invalid ebgp-multihop parameter set for an ibgp peer');
  const addr = parseIP(s.peerAddress ?? '');
  if (!addr) return fail(`invalid BGPPeer address ${goQuote(s.peerAddress ?? '')}`);
  let hold = durationNs(s.holdTime);
  if (hold === 0n) hold = 90n * SECOND;
  // validateHoldTime: truncate to whole seconds; 0 or >= 3s. 0 was replaced above, so this
  // only catches 1s..2.999s (and negatives).
  const rounded = (hold / SECOND) * SECOND;
  if (rounded !== 0n && rounded < 3n * SECOND) {
    return fail(`invalid hold time ${goQuote(goDurationString(hold))}: must be 0 or >=3s`);
  }
  let keepalive = durationNs(s.keepaliveTime);
  if (keepalive === 0n) keepalive = hold / 3n;
  if (keepalive > hold) {
    return fail(
      `invalid keepaliveTime ${goQuote(goDurationString(keepalive))} must be smaller than holdtime ${goQuote(goDurationString(hold))}`
    );
  }
  let routerID = null;
  if (s.routerID) {
    routerID = parseIP(s.routerID);
    if (!routerID) return fail(`invalid router ID ${goQuote(s.routerID)}`);
  }
  const src = s.sourceAddress ? parseIP(s.sourceAddress) : null;
  if (s.sourceAddress && !src) return fail(`invalid source IP ${goQuote(s.sourceAddress)}`);
  const dup = validateLabelSelectorDuplicate(s.nodeSelectors, 'nodeSelectors');
  if (dup) return fail(dup);
  for (const sel of s.nodeSelectors ?? []) {
    const bad = selectorError(sel);
    if (bad) return joinErr({ message: bad, transient: false }, `failed to convert peer ${p.metadata.name} node selector`);
  }
  const password = passwordForPeer(p, secrets);
  if (!password.ok) return password;
  return {
    ok: true,
    value: {
      name: p.metadata.name,
      myASN,
      asn: peerASN,
      addr,
      srcAddr: src,
      port: s.peerPort ?? 179, // the v1beta2 CRD default
      holdTime: Number(hold),
      keepaliveTime: Number(keepalive),
      connectTime: s.connectTime === undefined ? null : Number(durationNs(s.connectTime)),
      routerID,
      nodeSelectors: [...(s.nodeSelectors ?? [])],
      password: password.value,
      bfdProfile: s.bfdProfile ?? '',
      enableGracefulRestart: s.enableGracefulRestart ?? false,
      ebgpMultiHop: s.ebgpMultiHop ?? false,
      vrf: s.vrf ?? '',
      disableMP: s.disableMP ?? false
    }
  };
}

function peerIdentity(p: Peer): string {
  return JSON.stringify(p, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
}

/** peersFor: parse in order; a BFD reference to nothing is transient; exact duplicates rejected. */
export function peersFor(
  peers: readonly BGPPeer[],
  bfd: Map<string, BFDProfileCfg>,
  secrets: Readonly<Record<string, SecretLike>>
): Parsed<Map<string, Peer>> {
  const out = new Map<string, Peer>();
  for (const p of peers) {
    const parsed = peerFromCR(p, secrets);
    if (!parsed.ok) return joinErr(parsed.err, `parsing peer ${p.metadata.name}`);
    const peer = parsed.value;
    if (peer.bfdProfile && !bfd.has(peer.bfdProfile)) {
      return fail(`peer ${p.metadata.name} referencing non existing bfd profile ${peer.bfdProfile}`, true);
    }
    // reflect.DeepEqual on the parsed peer, name included.
    const id = peerIdentity(peer);
    for (const existing of out.values()) {
      if (peerIdentity(existing) === id) return fail(`peer ${p.metadata.name} already exists`);
    }
    out.set(peer.name, peer);
  }
  return { ok: true, value: out };
}
