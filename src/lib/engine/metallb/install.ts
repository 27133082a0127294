/**
 * MetalLB's part of a kind cluster: what runs when its images start, and the API server's
 * webhook step for its ValidatingWebhookConfiguration. Nothing happens until a learner applies
 * the manifest: the images are only run once the controller Deployment and the speaker
 * DaemonSet create pods, and the webhooks are only called once
 * `metallb-webhook-configuration` exists.
 */
import type { KindCluster } from '../k8s/cluster';
import { createControllerApp } from './controller/app';
import { createSpeakerApp } from './speaker/app';
import { WEBHOOK_PLUGIN_NAME, metallbWebhookAdmission } from './webhook/admission';

export const CONTROLLER_IMAGE = 'quay.io/metallb/controller';
export const SPEAKER_IMAGE = 'quay.io/metallb/speaker';

/** Wire MetalLB into a cluster (called by the kind provider right after installControlPlane). */
export function registerMetalLB(cluster: KindCluster): void {
  cluster.apps.register(CONTROLLER_IMAGE, (ctx) => createControllerApp(cluster, ctx));
  cluster.apps.register(SPEAKER_IMAGE, (ctx) => createSpeakerApp(cluster, ctx));
  cluster.api.removeAdmission(WEBHOOK_PLUGIN_NAME);
  cluster.api.addAdmission(metallbWebhookAdmission(cluster));
}
