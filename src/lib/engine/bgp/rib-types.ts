/** Routes as BGP carries them: a prefix and its path attributes, keyed by "a.b.c.d/len". */
import { type Cidr, formatCidr } from '../net/addr';
import type { PathAttributes } from './messages';

export interface BgpRoute {
  prefix: Cidr;
  attrs: PathAttributes;
}

/** A route in a neighbour's Adj-RIB-In, with when it arrived (FRR shows the age). */
export interface ReceivedRoute extends BgpRoute {
  peer: number;
  receivedAt: number;
}

export function prefixKey(c: Cidr): string {
  return formatCidr(c);
}

/** Same attributes, for deciding whether an advertisement changed. */
export function sameAttrs(a: PathAttributes, b: PathAttributes): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
