/**
 * MetalLB's validating admission webhooks, as pure functions. Mirrors
 * internal/k8s/webhooks/webhookv1beta1/*_webhook.go, webhookv1beta2/bgppeer_webhook.go and
 * internal/config/validator.go (v0.14.8):
 *  - CREATE outside metallb-system is denied; UPDATE does not look at the namespace.
 *  - The object replaces its namesake in the existing list (or is appended at the end), the
 *    fields that could only fail transiently are blanked, and the whole config.For runs.
 * Each validator returns null (allowed) or the denial message.
 */
import type { KObject } from '../../k8s/types';
import { parseConfig } from './config';
import { goQuote } from './gofmt';
import type { BGPType } from './validation';
import {
  METALLB_NAMESPACE,
  type BFDProfile,
  type BGPAdvertisement,
  type BGPPeer,
  type ClusterResources,
  type Community,
  type IPAddressPool,
  type L2Advertisement,
  type LabelledObject
} from './types';

export type AdmissionOp = 'CREATE' | 'UPDATE' | 'DELETE';

export interface WebhookInfo {
  name: string;
  path: string;
  group: 'metallb.io';
  version: 'v1beta1' | 'v1beta2';
  resource: string;
  kind: string;
  operations: readonly AdmissionOp[];
}

/** The six webhooks of metallb-webhook-configuration (config/manifests/metallb-native.yaml). */
export const METALLB_WEBHOOKS: readonly WebhookInfo[] = [
  { name: 'bgppeersvalidationwebhook.metallb.io', path: '/validate-metallb-io-v1beta2-bgppeer', group: 'metallb.io', version: 'v1beta2', resource: 'bgppeers', kind: 'BGPPeer', operations: ['CREATE', 'UPDATE'] },
  { name: 'bfdprofilevalidationwebhook.metallb.io', path: '/validate-metallb-io-v1beta1-bfdprofile', group: 'metallb.io', version: 'v1beta1', resource: 'bfdprofiles', kind: 'BFDProfile', operations: ['CREATE', 'DELETE'] },
  { name: 'bgpadvertisementvalidationwebhook.metallb.io', path: '/validate-metallb-io-v1beta1-bgpadvertisement', group: 'metallb.io', version: 'v1beta1', resource: 'bgpadvertisements', kind: 'BGPAdvertisement', operations: ['CREATE', 'UPDATE'] },
  { name: 'communityvalidationwebhook.metallb.io', path: '/validate-metallb-io-v1beta1-community', group: 'metallb.io', version: 'v1beta1', resource: 'communities', kind: 'Community', operations: ['CREATE', 'UPDATE'] },
  { name: 'ipaddresspoolvalidationwebhook.metallb.io', path: '/validate-metallb-io-v1beta1-ipaddresspool', group: 'metallb.io', version: 'v1beta1', resource: 'ipaddresspools', kind: 'IPAddressPool', operations: ['CREATE', 'UPDATE'] },
  { name: 'l2advertisementvalidationwebhook.metallb.io', path: '/validate-metallb-io-v1beta1-l2advertisement', group: 'metallb.io', version: 'v1beta1', resource: 'l2advertisements', kind: 'L2Advertisement', operations: ['CREATE', 'UPDATE'] }
];

/** The webhook that intercepts `op` on `kind`, if any (a BGPPeer of any served version goes to v1beta2). */
export function webhookFor(kind: string, op: AdmissionOp): WebhookInfo | undefined {
  return METALLB_WEBHOOKS.find((w) => w.kind === kind && w.operations.includes(op));
}

export interface WebhookOptions {
  bgpType?: BGPType;
}

const NAMESPACE_DENIAL = `resource must be created in ${METALLB_NAMESPACE} namespace`;

/** The webhook lists objects with a namespace filter of metallb-system. */
function listed<T extends KObject>(items: readonly T[]): T[] {
  return items.filter((o) => o.metadata.namespace === METALLB_NAMESPACE);
}

/** xxxListWithUpdate: replace the same-named item, or append at the end. */
function withUpdate<T extends KObject>(existing: readonly T[], obj: T): T[] {
  const out = [...existing];
  const i = out.findIndex((o) => o.metadata.name === obj.metadata.name);
  if (i >= 0) out[i] = obj;
  else out.push(obj);
  return out;
}

/** resetTransientErrorsFields: blank references that may point at objects not created yet. */
function resetTransient(res: ClusterResources): ClusterResources {
  return {
    ...res,
    peers: res.peers?.map((p) => ({ ...p, spec: { ...p.spec, bfdProfile: '', passwordSecret: {} } })),
    bgpAdvs: res.bgpAdvs?.map((a) => {
      const kept = (a.spec?.communities ?? []).filter((c) => c.includes(':'));
      return { ...a, spec: { ...a.spec, communities: kept.length > 0 ? kept : undefined } };
    })
  };
}

function validate(res: ClusterResources, opts: WebhookOptions): string | null {
  const r = parseConfig(resetTransient(res), { bgpType: opts.bgpType });
  return r.ok ? null : r.error;
}

export function validateIPAddressPool(
  op: AdmissionOp,
  pool: IPAddressPool,
  existingPools: readonly IPAddressPool[],
  opts: WebhookOptions = {}
): string | null {
  if (op === 'DELETE') return null;
  if (op === 'CREATE' && pool.metadata.namespace !== METALLB_NAMESPACE) return NAMESPACE_DENIAL;
  return validate({ pools: withUpdate(listed(existingPools), pool) }, opts);
}

export function validateL2Advertisement(
  op: AdmissionOp,
  adv: L2Advertisement,
  existingL2Advs: readonly L2Advertisement[],
  existingPools: readonly IPAddressPool[],
  opts: WebhookOptions = {}
): string | null {
  if (op === 'DELETE') return null;
  if (op === 'CREATE' && adv.metadata.namespace !== METALLB_NAMESPACE) return NAMESPACE_DENIAL;
  return validate({ l2Advs: withUpdate(listed(existingL2Advs), adv), pools: listed(existingPools) }, opts);
}

export function validateBGPAdvertisement(
  op: AdmissionOp,
  adv: BGPAdvertisement,
  existingBGPAdvs: readonly BGPAdvertisement[],
  existingPools: readonly IPAddressPool[],
  nodes: readonly LabelledObject[],
  opts: WebhookOptions = {}
): string | null {
  if (op === 'DELETE') return null;
  if (op === 'CREATE' && adv.metadata.namespace !== METALLB_NAMESPACE) return NAMESPACE_DENIAL;
  return validate({ bgpAdvs: withUpdate(listed(existingBGPAdvs), adv), pools: listed(existingPools), nodes }, opts);
}

export function validateBGPPeer(
  op: AdmissionOp,
  peer: BGPPeer,
  existingPeers: readonly BGPPeer[],
  opts: WebhookOptions = {}
): string | null {
  if (op === 'DELETE') return null;
  if (op === 'CREATE' && peer.metadata.namespace !== METALLB_NAMESPACE) return NAMESPACE_DENIAL;
  return validate({ peers: withUpdate(listed(existingPeers), peer) }, opts);
}

export function validateCommunity(
  op: AdmissionOp,
  community: Community,
  existingCommunities: readonly Community[],
  opts: WebhookOptions = {}
): string | null {
  if (op === 'DELETE') return null;
  if (op === 'CREATE' && community.metadata.namespace !== METALLB_NAMESPACE) return NAMESPACE_DENIAL;
  return validate({ communities: withUpdate(listed(existingCommunities), community) }, opts);
}

/** BFDProfile: CREATE checks the namespace only; DELETE is denied while a BGPPeer uses it. */
export function validateBFDProfile(op: AdmissionOp, profile: BFDProfile, existingPeers: readonly BGPPeer[]): string | null {
  if (op === 'CREATE') return profile.metadata.namespace !== METALLB_NAMESPACE ? NAMESPACE_DENIAL : null;
  if (op === 'DELETE') {
    for (const peer of listed(existingPeers)) {
      if (peer.spec?.bfdProfile === profile.metadata.name) {
        return `failed to delete BFDProfile ${profile.metadata.name}, used by BGPPeer ${peer.metadata.name}`;
      }
    }
  }
  return null;
}

// ------------------------------------------------------------------ kubectl's rendering

/** The API server's message for a denial: `admission webhook "<name>" denied the request: <msg>`. */
export function admissionDeniedMessage(webhookName: string, message: string): string {
  return `admission webhook ${goQuote(webhookName)} denied the request: ${message}`;
}

/** kubectl create/apply of a new object: `Error from server (Forbidden): error when creating "<source>": …`. */
export function kubectlCreateDenied(source: string, webhookName: string, message: string): string {
  return `Error from server (Forbidden): error when creating ${goQuote(source)}: ${admissionDeniedMessage(webhookName, message)}`;
}

/** kubectl delete: with -f the source is named, by name it is not. */
export function kubectlDeleteDenied(source: string | null, webhookName: string, message: string): string {
  const inner = admissionDeniedMessage(webhookName, message);
  return `Error from server (Forbidden): ${source === null ? inner : `error when deleting ${goQuote(source)}: ${inner}`}`;
}

export interface PatchDenial {
  /** The file name, or "STDIN". */
  source: string;
  /** The patch kubectl computed, as it prints it (JSON on one line). */
  patch: string;
  webhook: WebhookInfo;
  name: string;
  namespace: string;
  message: string;
}

/**
 * kubectl apply of an existing object (apply.go + cmdutil.AddSourceToErr, twice):
 * "applying patch:\n<patch>\nto:\n<resource.Info>\nfor:" then the patcher's own wrap.
 */
export function kubectlApplyPatchDenied(d: PatchDenial): string {
  const gv = `${d.webhook.group}/${d.webhook.version}`;
  const info =
    `Resource: ${goQuote(`${gv}, Resource=${d.webhook.resource}`)}, GroupVersionKind: ${goQuote(`${gv}, Kind=${d.webhook.kind}`)}\n` +
    `Name: ${goQuote(d.name)}, Namespace: ${goQuote(d.namespace)}`;
  const src = goQuote(d.source);
  return (
    `Error from server (Forbidden): error when applying patch:\n${d.patch}\nto:\n${info}\nfor: ${src}: ` +
    `error when patching ${src}: ${admissionDeniedMessage(d.webhook.name, d.message)}`
  );
}
