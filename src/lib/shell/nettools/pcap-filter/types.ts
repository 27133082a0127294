/** What the filter compiler takes and gives: frames, predicates, the capture's environment, its errors. */
import type { Mac } from '../../../engine/net/addr';

export class FilterError extends Error {}

/** A decoded frame, for matching. */
export interface FilterFrame {
  bytes: Uint8Array;
  ethDst: Mac;
  ethSrc: Mac;
  ethertype: number;
  /** IPv4 header fields, when ethertype is 0x0800. */
  ip?: { src: number; dst: number; proto: number; ihl: number; frag: boolean };
  /** ARP (and RARP) addresses. */
  arp?: { spa: number; tpa: number };
  ports?: { src: number; dst: number };
}

export type Predicate = (f: FilterFrame) => boolean;

export interface FilterEnv {
  /** Resolve a host name (Docker DNS in the container); null when unknown. */
  resolve(name: string): number | null;
  /** Directed broadcasts of the capture interface, for `ip broadcast`. */
  broadcasts: number[];
}

/** libpcap's answer to anything it cannot read. */
export const syntax = (): FilterError => new FilterError("can't parse filter expression: syntax error");
