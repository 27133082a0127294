/**
 * The speaker's NodeReconciler, mirroring MetalLB v0.14.8
 * `internal/k8s/controllers/node_controller.go`: every Node create/delete, and updates that
 * change labels or the NetworkUnavailable condition, call the speaker's SetNode.
 */
import type { GoKitLogger } from '../../logging';
import type { ApiServer } from '../../../k8s/store';
import type { Node } from '../../../k8s/types';
import { IsNetworkUnavailable } from '../nodes';
import type { SyncState } from './manager';

export interface NodeReconcilerOptions {
  api: ApiServer;
  logger: GoKitLogger;
  handler: (l: GoKitLogger, n: Node) => SyncState;
  forceReload: () => void;
}

function labelsEqual(a: Record<string, string> | undefined, b: Record<string, string> | undefined): boolean {
  const ka = Object.keys(a ?? {});
  const kb = Object.keys(b ?? {});
  return ka.length === kb.length && ka.every((k) => (a ?? {})[k] === (b ?? {})[k]);
}

export class NodeReconciler {
  readonly name = 'NodeReconciler';
  private readonly o: NodeReconcilerOptions;

  constructor(o: NodeReconcilerOptions) {
    this.o = o;
  }

  watch(enqueue: (key: string) => void): (() => void)[] {
    return [
      this.o.api.watch('nodes', (e) => {
        if (e.type === 'MODIFIED') {
          const o = e.old as Node | undefined;
          const n = e.object as Node;
          const changed = IsNetworkUnavailable(o) !== IsNetworkUnavailable(n) || !labelsEqual(o?.metadata.labels, n.metadata.labels);
          if (!changed) return;
        }
        enqueue(`/${e.object.metadata.name}`);
      })
    ];
  }

  initialKeys(): string[] {
    return this.o.api.list('nodes').map((n) => `/${n.metadata.name}`);
  }

  reconcile(key: string): boolean {
    const l = this.o.logger;
    l.info('node_controller.go:46', { controller: this.name, 'start reconcile': key });
    const ok = this.sync(key.slice(key.indexOf('/') + 1));
    l.info('node_controller.go:47', { controller: this.name, 'end reconcile': key });
    return ok;
  }

  private sync(name: string): boolean {
    const n = this.o.api.get<Node>('nodes', undefined, name);
    if (!n) return true; // IgnoreNotFound
    const st = this.o.handler(this.o.logger, n);
    switch (st) {
      case 'error':
        return false;
      case 'reprocessAll':
        this.o.logger.info('node_controller.go:62', { controller: this.name, event: 'force service reload' });
        this.o.forceReload();
        return true;
      default:
        return true;
    }
  }
}
