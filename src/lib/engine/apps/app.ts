import type { Container, Pod } from '../k8s/types';
import type { NetHost } from '../net/host';

/**
 * What runs in a pod's container. The kubelet creates one per container when the container
 * starts and tells it when it is stopped, killed, frozen or thawed.
 */
export interface PodApp {
  /** The process starts; it may log and schedule its own work. */
  start(): void;
  /** SIGTERM (graceful) or SIGKILL: stop all work. Returns ms it takes to exit when graceful. */
  stop(graceful: boolean): number;
  pause?(): void;
  unpause?(): void;
}

export interface AppContext {
  pod: Pod;
  container: Container;
  nodeName: string;
  /** Write a line to the container's log (kubectl logs). */
  log(line: string): void;
  /** The pod's network namespace (the node's own for hostNetwork pods). */
  netns?: NetHost;
}

export type AppFactory = (ctx: AppContext) => PodApp;

/** Images the lab knows how to run; anything else runs as an idle process. */
export class AppRegistry {
  private factories: { prefix: string; factory: AppFactory }[] = [];
  /** A cluster's registry falls back to the lab-wide one (whoami, system images). */
  private readonly parent: AppRegistry | null;

  constructor(parent: AppRegistry | null = null) {
    this.parent = parent;
  }

  register(imagePrefix: string, factory: AppFactory): void {
    this.factories.push({ prefix: imagePrefix, factory });
  }

  create(ctx: AppContext): PodApp {
    const image = ctx.container.image;
    const f = this.factories.find((x) => image === x.prefix || image.startsWith(x.prefix));
    if (f) return f.factory(ctx);
    return this.parent ? this.parent.create(ctx) : idleApp();
  }
}

export function idleApp(): PodApp {
  return { start() {}, stop: () => 0 };
}
