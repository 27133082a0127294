import type { KindCluster } from '../cluster';
import type { WatchEvent } from '../store';
import type { Namespace } from '../types';
import { QueueController } from './base';

/** What root-ca-cert-publisher puts in every namespace (the same text as bootstrap's). */
export const ROOT_CA_DATA = { 'ca.crt': '-----BEGIN CERTIFICATE-----\n(kind cluster CA)\n-----END CERTIFICATE-----\n' };

/**
 * The serviceaccount-controller and root-ca-cert-publisher: every active namespace gets a
 * `default` ServiceAccount and the `kube-root-ca.crt` ConfigMap shortly after it appears, and
 * gets them back if they are deleted.
 */
export class ServiceAccountController extends QueueController {
  readonly name = 'serviceaccount';

  constructor(cluster: KindCluster) {
    super(cluster, 30);
  }

  protected watched(): string[] {
    return ['namespaces', 'serviceaccounts', 'configmaps'];
  }

  protected keysFor(e: WatchEvent): string[] {
    if (e.resource.kind === 'Namespace') return e.type === 'DELETED' ? [] : [e.object.metadata.name];
    const mine = e.resource.kind === 'ServiceAccount' ? 'default' : 'kube-root-ca.crt';
    return e.type === 'DELETED' && e.object.metadata.name === mine && e.object.metadata.namespace ? [e.object.metadata.namespace] : [];
  }

  protected allKeys(): string[] {
    return this.cluster.api.list('namespaces').map((n) => n.metadata.name);
  }

  protected sync(ns: string): void {
    const api = this.cluster.api;
    const namespace = api.get<Namespace>('namespaces', undefined, ns);
    if (!namespace || namespace.metadata.deletionTimestamp || namespace.status?.phase === 'Terminating') return;
    const meta = (name: string) => ({ name, namespace: ns, uid: '', resourceVersion: '', creationTimestamp: '' });
    if (!api.get('serviceaccounts', ns, 'default')) api.create({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta('default') });
    if (!api.get('configmaps', ns, 'kube-root-ca.crt'))
      api.create({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { ...meta('kube-root-ca.crt'), annotations: { 'kubernetes.io/description': 'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.' } },
        data: { ...ROOT_CA_DATA }
      });
  }
}
