/**
 * One ARP responder per interface, mirroring MetalLB v0.14.8 `internal/layer2/arp.go`
 * (newARPResponder, arpResponder.Gratuitous, processRequest, Close).
 *
 * Upstream opens a raw ARP socket on the interface and answers who-has requests from user space.
 * Here the responder is a hook on the node's network namespace (NetHost.addArpResponder): the
 * node kernel still answers for its own addresses, and this hook answers for the service IPs
 * the announcer holds. Replies and gratuitous frames are built by the same codec functions
 * (`metallbArpReply`, `metallbGratuitousPair`): 60 bytes, padded as mdlayher/ethernet does.
 */
import type { GoKitLogger } from '../../logging';
import { BROADCAST_MAC, formatIpv4, parseIpv4, type Mac } from '../../../net/addr';
import { ARP_REQUEST, metallbGratuitousPair, type ArpPacket } from '../../../net/arp';
import type { ArpRequestContext } from '../../../net/host-types';
import type { NetHost } from '../../../net/host';

/** dropReason: why a layer-2 request was not answered (announcer.go). */
export enum DropReason {
  None = 0,
  Closed,
  Error,
  ARPReply,
  MessageType,
  NoSourceLL,
  EthernetDestination,
  AnnounceIP,
  NotMatchInterface
}

export const DROP_REASON_NAMES: Record<DropReason, string> = {
  [DropReason.None]: 'none',
  [DropReason.Closed]: 'closed',
  [DropReason.Error]: 'error',
  [DropReason.ARPReply]: 'arpReply',
  [DropReason.MessageType]: 'messageType',
  [DropReason.NoSourceLL]: 'noSourceLL',
  [DropReason.EthernetDestination]: 'ethernetDestination',
  [DropReason.AnnounceIP]: 'announceIP',
  [DropReason.NotMatchInterface]: 'notMatchInterface'
};

/** The announcer's verdict for a target IP on an interface. */
export type AnnounceFunc = (ip: string, intf: string) => DropReason;

/** metallb_layer2_* counters, per IP. */
export interface Layer2Stats {
  requestsReceived: Map<string, number>;
  responsesSent: Map<string, number>;
  gratuitousSent: Map<string, number>;
}

export function newLayer2Stats(): Layer2Stats {
  return { requestsReceived: new Map(), responsesSent: new Map(), gratuitousSent: new Map() };
}

function inc(m: Map<string, number>, k: string): void {
  m.set(k, (m.get(k) ?? 0) + 1);
}

export class ARPResponder {
  private readonly logger: GoKitLogger;
  private readonly host: NetHost;
  private readonly intf: string;
  private readonly hardwareAddr: Mac;
  private readonly announce: AnnounceFunc;
  private readonly stats: Layer2Stats;
  private unregister: (() => void) | null;

  constructor(logger: GoKitLogger, host: NetHost, intf: string, hardwareAddr: Mac, announce: AnnounceFunc, stats: Layer2Stats, nodeName: string) {
    this.logger = logger;
    this.host = host;
    this.intf = intf;
    this.hardwareAddr = hardwareAddr;
    this.announce = announce;
    this.stats = stats;
    this.unregister = host.addArpResponder((tpa, req, ctx) => this.processRequest(tpa, req, ctx), {
      padded: true,
      why: (tpa) => `ARP reply: ${nodeName} announces ${formatIpv4(tpa)}`
    });
  }

  Interface(): string {
    return this.intf;
  }

  HardwareAddr(): Mac {
    return this.hardwareAddr;
  }

  /** Stop answering at once (the raw socket is closed). */
  Close(): void {
    this.unregister?.();
    this.unregister = null;
  }

  closed(): boolean {
    return this.unregister === null;
  }

  /**
   * Gratuitous: an ARP request then an ARP reply, both broadcast, SHA = interface MAC,
   * SPA = TPA = the IP, THA = ff:ff:ff:ff:ff:ff. Returns the number of frames put on the wire.
   */
  Gratuitous(ip: string, why: string): number {
    if (this.closed()) return 0;
    const vip = parseIpv4(ip);
    if (vip === null) return 0;
    let sent = 0;
    for (const frame of metallbGratuitousPair(this.hardwareAddr, vip)) {
      if (this.host.sendFrame(this.intf, frame, why)) {
        sent++;
        inc(this.stats.gratuitousSent, ip);
      }
    }
    return sent;
  }

  /**
   * processRequest: only requests, only when the Ethernet destination is broadcast or this
   * interface's MAC, only for an IP the announcer holds on this interface. The answer is
   * built by the host from the MAC returned here (metallbArpReply: unicast to the request's SHA).
   */
  private processRequest(tpa: number, req: ArpPacket, ctx: ArpRequestContext): Mac | null {
    if (this.closed() || ctx.iface !== this.intf) return null;
    if (req.op !== ARP_REQUEST) return null; // dropReasonARPReply
    if (ctx.ethDst !== BROADCAST_MAC && ctx.ethDst !== this.hardwareAddr) return null; // dropReasonEthernetDestination
    const ip = formatIpv4(tpa);
    const reason = this.announce(ip, this.intf);
    if (reason !== DropReason.None) {
      if (reason === DropReason.NotMatchInterface) {
        this.logger.debug('arp.go:102', { interface: this.intf, ip, msg: 'arpRequestIgnore', reason: DROP_REASON_NAMES[reason] });
      }
      return null;
    }
    inc(this.stats.requestsReceived, ip);
    this.logger.debug('arp.go:110', {
      interface: this.intf,
      ip,
      senderIP: formatIpv4(req.spa),
      senderMAC: req.sha,
      responseMAC: this.hardwareAddr,
      msg: 'got ARP request for service IP, sending response'
    });
    inc(this.stats.responsesSent, ip);
    return this.hardwareAddr;
  }
}
