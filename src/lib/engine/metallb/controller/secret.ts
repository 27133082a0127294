/**
 * Secrets the MetalLB controller writes at start-up:
 *  - CreateMlSecret (MetalLB v0.14.8 `internal/k8s/k8s.go`): Secret `memberlist` with key
 *    `secretkey` = 16 random bytes as raw-std base64 (22 characters), owned by the controller
 *    Deployment, created only when absent;
 *  - the cert rotator (open-policy-agent/cert-controller as MetalLB configures it): fills the
 *    webhook Secret `metallb-webhook-cert` with a CA and a serving certificate, and injects the
 *    CA bundle into ValidatingWebhookConfiguration `metallb-webhook-configuration` and the
 *    conversion webhook of CRD `bgppeers.metallb.io`.
 * The lab never does TLS: the PEM blocks carry random bytes in the right framing.
 */
import type { ApiServer } from '../../k8s/store';
import type { KObject, Secret } from '../../k8s/types';
import type { Rng } from '../../sim/prng';

export const ML_SECRET_KEY = 'secretkey';
export const WEBHOOK_CONFIGURATION = 'metallb-webhook-configuration';
export const CONVERSION_CRD = 'bgppeers.metallb.io';
const VWC = 'validatingwebhookconfigurations.admissionregistration.k8s.io';
const CRDS = 'customresourcedefinitions.apiextensions.k8s.io';

function bytesToBase64(b: Uint8Array): string {
  let bin = '';
  for (const x of b) bin += String.fromCharCode(x);
  return btoa(bin);
}

/** base64.RawStdEncoding of 16 random bytes: 22 characters, no padding. */
export function newMemberlistKey(rng: Rng): string {
  return bytesToBase64(rng.bytes(16)).replace(/=+$/, '');
}

export type CreateSecretResult = { created: true; secret: Secret } | { created: false; error?: string };

/**
 * CreateMlSecret(namespace, deployment, secretName): Get the Deployment (its uid becomes the
 * owner), Create the Secret; AlreadyExists is not an error.
 */
export function createMlSecret(api: ApiServer, rng: Rng, namespace: string, deployName: string, secretName: string): CreateSecretResult {
  const deploy = api.get('deployments.apps', namespace, deployName);
  if (!deploy) return { created: false, error: `deployments.apps "${deployName}" not found` };
  if (api.get('secrets', namespace, secretName)) return { created: false };
  const key = newMemberlistKey(rng);
  const secret: Secret = {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: secretName,
      namespace,
      uid: '',
      resourceVersion: '',
      creationTimestamp: '',
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: deployName, uid: deploy.metadata.uid }]
    },
    // The API carries secret data base64-encoded: the stored bytes are the 22-character text.
    data: { [ML_SECRET_KEY]: btoa(key) },
    type: 'Opaque'
  };
  const res = api.create<Secret>(secret);
  if (!res.ok) return res.error.reason === 'AlreadyExists' ? { created: false } : { created: false, error: res.error.message };
  return { created: true, secret: res.value };
}

/** A PEM block of random bytes (the size of a real one), wrapped at 64 columns. */
function pem(rng: Rng, type: string, bytes: number): string {
  const body = bytesToBase64(rng.bytes(bytes));
  const lines: string[] = [];
  for (let i = 0; i < body.length; i += 64) lines.push(body.slice(i, i + 64));
  return `-----BEGIN ${type}-----\n${lines.join('\n')}\n-----END ${type}-----\n`;
}

export interface CertBundle {
  caCrt: string;
  caKey: string;
  tlsCrt: string;
  tlsKey: string;
}

export function newCertBundle(rng: Rng): CertBundle {
  return {
    caCrt: pem(rng, 'CERTIFICATE', 797),
    caKey: pem(rng, 'RSA PRIVATE KEY', 1192),
    tlsCrt: pem(rng, 'CERTIFICATE', 890),
    tlsKey: pem(rng, 'RSA PRIVATE KEY', 1192)
  };
}

/** The cert rotator's state for one controller process. */
export class CertRotator {
  private readonly api: ApiServer;
  private readonly namespace: string;
  private readonly secretName: string;
  private bundle: CertBundle | null = null;

  constructor(api: ApiServer, namespace: string, secretName: string) {
    this.api = api;
    this.namespace = namespace;
    this.secretName = secretName;
  }

  /** The CA bundle the webhooks are configured with (base64 of the CA PEM). */
  caBundle(): string | null {
    return this.bundle ? btoa(this.bundle.caCrt) : null;
  }

  /**
   * refreshCertIfNeeded: reuse valid certificates found in the Secret, else write new ones.
   * Returns false when the Secret does not exist (the rotator waits for it).
   */
  ensureCerts(rng: Rng): boolean {
    const s = this.api.get<Secret>('secrets', this.namespace, this.secretName);
    if (!s) return false;
    const d = s.data ?? {};
    if (d['ca.crt'] && d['ca.key'] && d['tls.crt'] && d['tls.key']) {
      this.bundle = { caCrt: atob(d['ca.crt']), caKey: atob(d['ca.key']), tlsCrt: atob(d['tls.crt']), tlsKey: atob(d['tls.key']) };
      return true;
    }
    const b = newCertBundle(rng);
    this.bundle = b;
    this.api.modify<Secret>('secrets', this.namespace, this.secretName, (x) => {
      x.data = { ...(x.data ?? {}), 'ca.crt': btoa(b.caCrt), 'ca.key': btoa(b.caKey), 'tls.crt': btoa(b.tlsCrt), 'tls.key': btoa(b.tlsKey) };
    });
    return true;
  }

  /** ReconcileWH: put the CA bundle into the webhook configuration and the conversion webhook. */
  injectCABundle(): void {
    const ca = this.caBundle();
    if (!ca) return;
    this.api.modify<KObject>(VWC, undefined, WEBHOOK_CONFIGURATION, (o) => {
      const hooks = Array.isArray(o.webhooks) ? (o.webhooks as Record<string, unknown>[]) : [];
      for (const h of hooks) {
        const cc = (typeof h.clientConfig === 'object' && h.clientConfig !== null ? h.clientConfig : {}) as Record<string, unknown>;
        h.clientConfig = { ...cc, caBundle: ca };
      }
    });
    this.api.modify<KObject>(CRDS, undefined, CONVERSION_CRD, (o) => {
      const spec = o.spec as { conversion?: { webhook?: { clientConfig?: Record<string, unknown> } } } | undefined;
      const cc = spec?.conversion?.webhook?.clientConfig;
      if (cc) cc.caBundle = ca;
    });
  }
}
