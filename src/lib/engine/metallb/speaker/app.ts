/**
 * The speaker container's entry point: what the kubelet runs for the image
 * quay.io/metallb/speaker (MetalLB v0.14.8 `speaker/main.go` main()). The process itself lives
 * in main.ts; this file only wires it to the lab's PodApp interface.
 */
import type { AppContext, PodApp } from '../../apps/app';
import type { KindCluster } from '../../k8s/cluster';
import { SpeakerProcess, type SpeakerProcessOptions } from './main';
import { createSpeakerList } from './speakerlist-adapter';

export function createSpeakerApp(cluster: KindCluster, ctx: AppContext): PodApp {
  return createSpeakerAppWith(cluster, ctx);
}

/** The same, with the memberlist side or the cache-sync delay replaced (tests). */
export function createSpeakerAppWith(cluster: KindCluster, ctx: AppContext, opts: Partial<SpeakerProcessOptions> = {}): PodApp {
  const p = new SpeakerProcess(cluster, ctx, { speakerList: createSpeakerList, ...opts });
  return {
    start: () => p.start(),
    stop: (graceful) => p.stop(graceful),
    pause: () => p.pause(),
    unpause: () => p.unpause()
  };
}
