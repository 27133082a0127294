/**
 * memberlist's TransmitLimitedQueue (queue.go): the gossip waiting to be sent. A message about
 * a node replaces any older one about the same node; each message goes out at most
 * retransmitMult × ceil(log10(n + 1)) times, fewest-sent first (then largest, then newest).
 * It rides in gossip packets and piggybacks on pings and acks.
 */
export interface Broadcast {
  /** Key for invalidation (the node name, or the address for our own refutations). */
  key: string;
  msg: Uint8Array;
  /** Short description for the trace ("suspect myk8s-worker"). */
  what: string;
  /** Called once the message has been sent enough times or was replaced. */
  finished?: () => void;
}

interface Item {
  b: Broadcast;
  transmits: number;
  id: number;
}

/** queue.go retransmitLimit. */
export function retransmitLimit(retransmitMult: number, n: number): number {
  const nodeScale = Math.ceil(Math.log10(n + 1));
  return retransmitMult * nodeScale;
}

export class TransmitLimitedQueue {
  private items: Item[] = [];
  private idGen = 0;
  private readonly retransmitMult: number;
  private readonly numNodes: () => number;

  constructor(retransmitMult: number, numNodes: () => number) {
    this.retransmitMult = retransmitMult;
    this.numNodes = numNodes;
  }

  queue(b: Broadcast): void {
    const kept: Item[] = [];
    for (const it of this.items) {
      if (it.b.key === b.key) it.b.finished?.();
      else kept.push(it);
    }
    kept.push({ b, transmits: 0, id: ++this.idGen });
    this.items = kept;
  }

  size(): number {
    return this.items.length;
  }

  /** What is queued, for tests and the UI. */
  pending(): { key: string; what: string; transmits: number }[] {
    return this.items.map((i) => ({ key: i.b.key, what: i.b.what, transmits: i.transmits }));
  }

  /** Take messages that fit in `limit` bytes, each costing `overhead` more. */
  getBroadcasts(overhead: number, limit: number): Broadcast[] {
    if (!this.items.length) return [];
    const transmitLimit = retransmitLimit(this.retransmitMult, this.numNodes());
    const order = [...this.items].sort((a, b) => a.transmits - b.transmits || b.b.msg.length - a.b.msg.length || b.id - a.id);
    let used = 0;
    const out: Broadcast[] = [];
    for (const it of order) {
      const free = limit - used - overhead;
      if (free <= 0) break;
      if (it.b.msg.length > free) continue;
      used += overhead + it.b.msg.length;
      out.push(it.b);
      it.transmits++;
      if (it.transmits >= transmitLimit) {
        this.items = this.items.filter((x) => x !== it);
        it.b.finished?.();
      }
    }
    return out;
  }

  reset(): void {
    this.items = [];
  }
}
