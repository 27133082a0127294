import { type Cidr, cidrContains, cidrNth, cidrSize, formatCidr, formatIpv4, parseCidr, parseIpv4 } from '../../net/addr';

/**
 * The CNI host-local IPAM that kindnet configures on each node: addresses from the node's
 * podCIDR, .1 is the gateway, handed out from .2 on, sequentially, continuing after the last one
 * given (it keeps last_reserved_ip on disk) and wrapping around, skipping addresses in use.
 * Its state lives on the node's filesystem, so it survives a node restart.
 */
export class HostLocalIpam {
  private range: Cidr | null = null;
  /** Offset of the last address handed out (1 = the gateway, so the first is .2). */
  private last = 1;
  private used = new Map<number, string>();

  /** The node's podCIDR; a different range starts afresh. */
  setRange(cidr: string | undefined): void {
    const c = cidr ? parseCidr(cidr) : null;
    if (!c) return;
    if (this.range && formatCidr(this.range) === formatCidr(c)) return;
    this.range = c;
    this.last = 1;
    this.used.clear();
  }

  hasRange(): boolean {
    return this.range !== null;
  }

  /** Next free address for `owner` (a pod uid); the same owner keeps its address. */
  allocate(owner: string): string | null {
    const r = this.range;
    if (!r) return null;
    for (const [off, o] of this.used) if (o === owner) return formatIpv4(cidrNth(r, off) ?? 0);
    const first = 2;
    const lastUsable = cidrSize(r) - 2;
    const span = lastUsable - first + 1;
    for (let i = 1; i <= span; i++) {
      const off = first + ((this.last - first + i) % span + span) % span;
      if (this.used.has(off)) continue;
      this.used.set(off, owner);
      this.last = off;
      return formatIpv4(cidrNth(r, off) ?? 0);
    }
    return null;
  }

  /** Record an address already given (a pod that keeps its IP across a node restart). */
  reserve(ip: string, owner: string): boolean {
    const r = this.range;
    const n = parseIpv4(ip);
    if (!r || n === null || !cidrContains(r, n)) return false;
    const off = n - r.network;
    const cur = this.used.get(off);
    if (cur !== undefined && cur !== owner) return false;
    this.used.set(off, owner);
    return true;
  }

  release(owner: string): void {
    for (const [off, o] of [...this.used]) if (o === owner) this.used.delete(off);
  }

  /** Forget addresses of owners that no longer exist (pods deleted while the node was down). */
  retain(owners: Set<string>): void {
    for (const [off, o] of [...this.used]) if (!owners.has(o)) this.used.delete(off);
  }

  owners(): string[] {
    return [...this.used.values()];
  }
}
