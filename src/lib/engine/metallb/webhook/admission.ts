/**
 * The API server's ValidatingAdmissionWebhook step, for the webhooks MetalLB registers.
 *
 * kube-apiserver reads every ValidatingWebhookConfiguration; for a request that matches a
 * webhook's rules (group, resource, operation; any served version under the default
 * matchPolicy Equivalent) it POSTs an AdmissionReview to
 * `https://<service>.<namespace>.svc:<port><path>?timeout=<t>s`. It dials the Service's
 * ClusterIP, which kube-proxy sends to a ready endpoint:
 *  - no Service                → `service "<name>" not found`
 *  - no ready endpoint         → kube-proxy rejects: `dial tcp <ClusterIP>:443: connect: connection refused`
 *  - endpoint, nothing listens → `connect: connection refused` (webhook server not up yet)
 *  - endpoint frozen or gone   → the 10 s timeout: `context deadline exceeded`
 * A failed call with failurePolicy Fail (MetalLB's) rejects the request with 500 InternalError
 * "Internal error occurred: failed calling webhook …"; Ignore lets it through.
 * When the call lands, the handler behind the path runs the matching validator of
 * config/webhooks.ts against the current objects, and a denial is 403 Forbidden
 * `admission webhook "<name>" denied the request: <message>`.
 *
 * Messages carry no `error when creating "<source>": ` prefix: kubectl adds it (its
 * cmdutil.AddSourceToErr), so the last line printed reads as the real one does.
 * Before the manifest is applied there is no configuration, so nothing is called.
 */
import type { KindCluster } from '../../k8s/cluster';
import { fail, ok, type ApiResult } from '../../k8s/errors';
import type { AdmissionPlugin, AdmissionRequest } from '../../k8s/store';
import type { EndpointSlice, KObject, Pod, Service } from '../../k8s/types';
import type { Rng } from '../../sim/prng';
import {
  METALLB_WEBHOOKS,
  admissionDeniedMessage,
  validateBFDProfile,
  validateBGPAdvertisement,
  validateBGPPeer,
  validateCommunity,
  validateIPAddressPool,
  validateL2Advertisement,
  type WebhookOptions
} from '../config/webhooks';
import type { BFDProfile, BGPAdvertisement, BGPPeer, Community, IPAddressPool, L2Advertisement } from '../config/types';
import { controllerAt } from '../controller/registry';

export const WEBHOOK_PLUGIN_NAME = 'ValidatingAdmissionWebhook';
const VWC = 'validatingwebhookconfigurations.admissionregistration.k8s.io';
const ENDPOINTSLICES = 'endpointslices.discovery.k8s.io';
const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';

interface RuleWithOperations {
  apiGroups?: string[];
  apiVersions?: string[];
  operations?: string[];
  resources?: string[];
}

interface ValidatingWebhook {
  name?: string;
  clientConfig?: { service?: { name?: string; namespace?: string; path?: string; port?: number }; url?: string };
  rules?: RuleWithOperations[];
  failurePolicy?: 'Fail' | 'Ignore';
  matchPolicy?: 'Exact' | 'Equivalent';
  timeoutSeconds?: number;
}

/** A webhook handler of the controller's webhook server: null = allowed, else the denial. */
type Handler = (req: AdmissionRequest, opts: WebhookOptions) => string | null;

const list = <T extends KObject>(c: KindCluster, resource: string) => () => c.api.list<T>(resource);

function handlersFor(c: KindCluster): Map<string, Handler> {
  const pools = list<IPAddressPool>(c, 'ipaddresspools.metallb.io');
  const l2 = list<L2Advertisement>(c, 'l2advertisements.metallb.io');
  const bgpAdvs = list<BGPAdvertisement>(c, 'bgpadvertisements.metallb.io');
  const peers = list<BGPPeer>(c, 'bgppeers.metallb.io');
  const communities = list<Community>(c, 'communities.metallb.io');
  const nodes = list<KObject>(c, 'nodes');
  const byKind: Record<string, Handler> = {
    IPAddressPool: (r, o) => validateIPAddressPool(r.op, r.object as IPAddressPool, pools(), o),
    L2Advertisement: (r, o) => validateL2Advertisement(r.op, r.object as L2Advertisement, l2(), pools(), o),
    BGPAdvertisement: (r, o) => validateBGPAdvertisement(r.op, r.object as BGPAdvertisement, bgpAdvs(), pools(), nodes(), o),
    BGPPeer: (r, o) => validateBGPPeer(r.op, r.object as BGPPeer, peers(), o),
    Community: (r, o) => validateCommunity(r.op, r.object as Community, communities(), o),
    BFDProfile: (r) => validateBFDProfile(r.op, r.object as BFDProfile, peers())
  };
  const m = new Map<string, Handler>();
  for (const w of METALLB_WEBHOOKS) m.set(w.path, byKind[w.kind]);
  return m;
}

function matches(rule: RuleWithOperations, req: AdmissionRequest, exact: boolean): boolean {
  const r = req.resource;
  const has = (xs: string[] | undefined, v: string) => (xs ?? []).some((x) => x === '*' || x === v);
  if (!has(rule.apiGroups, r.group)) return false;
  if (!has(rule.resources, r.plural)) return false;
  if (!has(rule.operations, req.op)) return false;
  if (exact) {
    const v = req.object.apiVersion.includes('/') ? req.object.apiVersion.split('/')[1] : req.object.apiVersion;
    if (!has(rule.apiVersions, v)) return false;
  }
  return true;
}

type CallResult = { reached: true; bgpType: string } | { reached: false; detail: string };

/** Dial the webhook Service the way kube-apiserver's request would go. */
function dial(c: KindCluster, svcRef: { name: string; namespace: string }, port: number, rng: () => Rng): CallResult {
  const api = c.api;
  const svc = api.get<Service>('services', svcRef.namespace, svcRef.name);
  if (!svc) return { reached: false, detail: `service "${svcRef.name}" not found` };
  const clusterIP = svc.spec.clusterIP ?? '';
  const timeout: CallResult = { reached: false, detail: 'context deadline exceeded' };
  // kube-proxy only answers for the Service's own ports; anything else goes nowhere.
  if (!(svc.spec.ports ?? []).some((p) => p.port === port)) return timeout;
  const ready: string[] = [];
  for (const s of api.list<EndpointSlice>(ENDPOINTSLICES, svcRef.namespace)) {
    if (s.metadata.labels?.[SERVICE_NAME_LABEL] !== svcRef.name) continue;
    for (const e of s.endpoints ?? []) if (e.conditions?.ready !== false && e.addresses?.[0]) ready.push(e.addresses[0]);
  }
  const refused: CallResult = { reached: false, detail: `dial tcp ${clusterIP}:${port}: connect: connection refused` };
  if (ready.length === 0) return refused;
  const ip = ready.length === 1 ? ready[0] : ready[rng().int(ready.length)];
  const ctrl = controllerAt(c, ip);
  if (ctrl) {
    if (ctrl.frozen()) return timeout;
    return ctrl.webhookServing() ? { reached: true, bgpType: ctrl.bgpType } : refused;
  }
  // No webhook server behind that address: a live pod resets the connection, a dead one never answers.
  const pod = api.list<Pod>('pods').find((p) => p.status?.podIP === ip && !p.spec?.hostNetwork);
  const nodeUp = !!pod?.spec?.nodeName && !!c.processesOf(pod.spec.nodeName)?.kubeletRunning();
  return pod && nodeUp && pod.status?.phase === 'Running' ? refused : timeout;
}

/** The admission plug-in; registerMetalLB adds it to the cluster's API server. */
export function metallbWebhookAdmission(cluster: KindCluster): AdmissionPlugin {
  // kube-proxy's pick among several ready endpoints; forked on first use only, so installing
  // MetalLB does not shift the lab's other random draws.
  let picker: Rng | null = null;
  const rng = () => (picker ??= cluster.sim.rng.fork(`webhook-dial-${cluster.name}`));
  const handlers = handlersFor(cluster);
  return {
    name: WEBHOOK_PLUGIN_NAME,
    mutating: false,
    admit(req: AdmissionRequest): ApiResult<KObject> {
      const configs = cluster.api.list<KObject>(VWC);
      if (configs.length === 0) return ok(req.object);
      for (const cfg of configs) {
        const hooks = Array.isArray(cfg.webhooks) ? (cfg.webhooks as ValidatingWebhook[]) : [];
        for (const w of hooks) {
          const exact = w.matchPolicy === 'Exact';
          if (!(w.rules ?? []).some((r) => matches(r, req, exact))) continue;
          const res = callWebhook(cluster, w, req, handlers, rng);
          if (res) return res;
        }
      }
      return ok(req.object);
    }
  };
}

/** One webhook call: null when it allows the request, else the API error. */
function callWebhook(c: KindCluster, w: ValidatingWebhook, req: AdmissionRequest, handlers: Map<string, Handler>, rng: () => Rng): ApiResult<KObject> | null {
  const name = w.name ?? '';
  const svcRef = w.clientConfig?.service;
  // Webhooks outside MetalLB's server (a URL, another service or path) are not simulated.
  if (!svcRef?.name || !svcRef.namespace) return null;
  const path = svcRef.path ?? '/';
  const handler = handlers.get(path);
  if (!handler) return null;
  const port = svcRef.port ?? 443;
  const timeout = w.timeoutSeconds ?? 10;
  const url = `https://${svcRef.name}.${svcRef.namespace}.svc:${port}${path}?timeout=${timeout}s`;
  const call = dial(c, { name: svcRef.name, namespace: svcRef.namespace }, port, rng);
  if (!call.reached) {
    if (w.failurePolicy === 'Ignore') return null;
    return fail(500, 'InternalError', `Internal error occurred: failed calling webhook "${name}": failed to call webhook: Post "${url}": ${call.detail}`);
  }
  const denied = handler(req, { bgpType: call.bgpType });
  return denied === null ? null : fail(403, 'Forbidden', admissionDeniedMessage(name, denied));
}

