/**
 * MetalLB v0.14.8 `speaker/main.go` `controller` struct: SetConfig, SetNode, SetBalancer,
 * handleService, deleteBalancer and deleteBalancerProtocol, over the protocol handlers
 * [BGP, Layer2], in that order.
 */
import type { EndpointSlice, Node, Service } from '../../k8s/types';
import type { GoKitLogger } from '../logging';
import { cidrContains } from '../config/cidr';
import { goQuote } from '../config/gofmt';
import { ipString, parseIP, type IPAddr } from '../config/ip';
import type { Config, Pool, Pools } from '../config/types';
import type { SyncState } from './controllers/manager';
import type { ServiceEventClient } from './layer2-controller';
import { IsNetworkUnavailable, IsNodeExcludedFromBalancers } from './nodes';
import type { Proto, Protocol } from './protocol';

function poolFor(pools: Pools | null, ips: readonly IPAddr[]): string {
  if (!pools) return '';
  for (const [pname, p] of pools.byName) {
    let cnt = 0;
    for (const ip of ips) {
      if (p.cidrs.some((c) => cidrContains(c, ip))) cnt++;
      if (cnt === ips.length) return pname;
    }
  }
  return '';
}

function compareIPs(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

export interface SpeakerControllerOptions {
  myNode: string;
  handlers: { bgp: Protocol; layer2: Protocol };
  client: ServiceEventClient;
}

/** speaker/main.go `controller`. */
export class SpeakerController {
  readonly myNode: string;
  readonly nodes = new Map<string, Node>();
  config: Config | null = null;
  readonly client: ServiceEventClient;
  readonly protocolHandlers: Map<Proto, Protocol>;
  /** For each protocol, the services announced. */
  readonly announced = new Map<Proto, Set<string>>([
    ['bgp', new Set()],
    ['layer2', new Set()]
  ]);
  /** service name → assigned IPs (as announced). */
  readonly svcIPs = new Map<string, string[]>();
  readonly protocols: Proto[] = ['bgp', 'layer2'];

  constructor(o: SpeakerControllerOptions) {
    this.myNode = o.myNode;
    this.client = o.client;
    this.protocolHandlers = new Map<Proto, Protocol>([
      ['bgp', o.handlers.bgp],
      ['layer2', o.handlers.layer2]
    ]);
  }

  async SetBalancer(l: GoKitLogger, name: string, svc: Service | null, eps: readonly EndpointSlice[]): Promise<SyncState> {
    if (svc === null) {
      for (const h of this.protocolHandlers.values()) h.forget?.(name);
      return this.deleteBalancer(l, name, 'serviceDeleted');
    }
    if (svc.spec.type !== 'LoadBalancer') return this.deleteBalancer(l, name, 'notLoadBalancer');
    l.debug('main.go:367', { event: 'startUpdate', msg: 'start of service update' });
    try {
      if (this.config === null) {
        l.debug('main.go:371', { event: 'noConfig', msg: 'not processing, still waiting for config' });
        return 'success';
      }
      const ingress = svc.status?.loadBalancer?.ingress ?? [];
      if (ingress.length === 0) return this.deleteBalancer(l, name, 'noIPAllocated');

      const lbIPs: IPAddr[] = [];
      for (const ing of ingress) {
        const ip = parseIP(ing.ip ?? '');
        if (!ip) {
          l.error('main.go:382', { op: 'setBalancer', error: `invalid LoadBalancer IP ${goQuote(ing.ip ?? '')}`, msg: 'invalid IP allocated by controller' });
          return this.deleteBalancer(l, name, 'invalidIP');
        }
        lbIPs.push(ip);
      }
      const ipStrings = lbIPs.map(ipString);
      l = l.with({ ips: ipStrings });

      const poolName = poolFor(this.config.pools, lbIPs);
      if (poolName === '') {
        l.error('main.go:391', { op: 'setBalancer', error: 'assigned IP not allowed by config', msg: 'IP allocated by controller not allowed by config' });
        return this.deleteBalancer(l, name, 'ipNotAllowed');
      }
      l = l.with({ pool: poolName });
      const pool = this.config.pools.byName.get(poolName);
      if (!pool) {
        l.error('main.go:398', { bug: 'true', msg: 'internal error: allocated IP has no matching address pool' });
        return this.deleteBalancer(l, name, 'internalError');
      }

      const prev = this.svcIPs.get(name);
      if (prev && !compareIPs(ipStrings, prev)) {
        const st = this.deleteBalancer(l, name, 'loadBalancerIPChanged');
        if (st === 'error') return st;
      }

      for (const protocol of this.protocols) {
        const st = await this.handleService(l, name, ipStrings, svc, pool, eps, protocol);
        if (st === 'error') return st;
      }
      return 'success';
    } finally {
      l.debug('main.go:368', { event: 'endUpdate', msg: 'end of service update' });
    }
  }

  async handleService(l: GoKitLogger, name: string, lbIPs: readonly string[], svc: Service, pool: Pool, eps: readonly EndpointSlice[], protocol: Proto): Promise<SyncState> {
    l = l.with({ protocol });
    const handler = this.protocolHandlers.get(protocol);
    if (!handler) {
      l.error('main.go:410', { bug: 'true', msg: 'internal error: unknown balancer protocol!' });
      return this.deleteBalancerProtocol(l, protocol, name, 'internalError');
    }
    const deleteReason = await handler.ShouldAnnounce(l, name, lbIPs, pool, svc, eps, this.nodes);
    if (deleteReason !== '') return this.deleteBalancerProtocol(l, protocol, name, deleteReason);

    const err = handler.SetBalancer(l, name, lbIPs, pool, this.client, svc);
    if (err !== null) {
      l.error('main.go:418', { op: 'setBalancer', error: err, msg: 'failed to announce service' });
      return 'error';
    }
    const set = this.announced.get(protocol)!;
    if (!set.has(name)) {
      set.add(name);
      this.svcIPs.set(name, [...lbIPs]);
    }
    l.info('main.go:420', { event: 'serviceAnnounced', msg: 'service has IP, announcing', protocol });
    this.client.Infof(svc, 'nodeAssigned', `announcing from node ${goQuote(this.myNode)} with protocol ${goQuote(protocol)}`);
    return 'success';
  }

  deleteBalancer(l: GoKitLogger, name: string, reason: string): SyncState {
    for (const protocol of this.protocols) {
      const st = this.deleteBalancerProtocol(l, protocol, name, reason);
      if (st === 'error') return st;
    }
    return 'success';
  }

  deleteBalancerProtocol(l: GoKitLogger, protocol: Proto, name: string, reason: string): SyncState {
    const set = this.announced.get(protocol)!;
    if (!set.has(name)) return 'success';
    const err = this.protocolHandlers.get(protocol)!.DeleteBalancer(l, name, reason);
    if (err !== null) {
      l.error('main.go:450', { op: 'deleteBalancer', error: err, msg: 'failed to clear balancer state', protocol });
      return 'error';
    }
    set.delete(name);
    // withdrawn only when the last protocol lets go
    for (const p of this.protocols) if (this.announced.get(p)!.has(name)) return 'success';
    l.info('main.go:464', { event: 'serviceWithdrawn', ip: this.svcIPs.get(name), reason, msg: 'withdrawing service announcement' });
    this.svcIPs.delete(name);
    return 'success';
  }

  SetConfig(l: GoKitLogger, cfg: Config | null): SyncState {
    l.debug('main.go:513', { event: 'startUpdate', msg: 'start of config update' });
    try {
      if (!cfg) {
        l.error('main.go:517', { op: 'setConfig', error: 'no MetalLB configuration in cluster', msg: 'configuration is missing, MetalLB will not function' });
        return 'errorNoRetry';
      }
      for (const [svc, ips] of this.svcIPs) {
        const parsed = ips.map((s) => parseIP(s)).filter((x): x is IPAddr => x !== null);
        if (poolFor(cfg.pools, parsed) === '') {
          l.error('main.go:524', { op: 'setConfig', service: svc, ip: ips, error: 'service has no configuration under new config', msg: 'new configuration rejected' });
          return 'error';
        }
      }
      for (const [proto, handler] of this.protocolHandlers) {
        const err = handler.SetConfig(l, cfg);
        if (err !== null) {
          l.error('main.go:531', { op: 'setConfig', protocol: proto, error: err, msg: 'applying new configuration to protocol handler failed' });
          return 'errorNoRetry';
        }
      }
      this.config = cfg;
      return 'reprocessAll';
    } finally {
      l.debug('main.go:514', { event: 'endUpdate', msg: 'end of config update' });
    }
  }

  SetNode(l: GoKitLogger, node: Node): SyncState {
    const old = this.nodes.get(node.metadata.name);
    const conditionChanged = IsNetworkUnavailable(old) !== IsNetworkUnavailable(node);
    // a node seen for the first time changes nothing about its label; a later flip of it does
    const excludeChanged = old !== undefined && IsNodeExcludedFromBalancers(old) !== IsNodeExcludedFromBalancers(node);
    this.nodes.set(node.metadata.name, node);
    for (const [proto, handler] of this.protocolHandlers) {
      const err = handler.SetNode(l, node);
      if (err !== null) {
        l.error('main.go:548', { op: 'setNode', error: err, protocol: proto, msg: 'failed to propagate node info to protocol handler' });
        return 'error';
      }
    }
    return conditionChanged || excludeChanged ? 'reprocessAll' : 'success';
  }
}
