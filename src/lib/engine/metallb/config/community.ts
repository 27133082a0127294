/**
 * BGP communities, mirroring internal/bgp/community/community.go: legacy "AA:NN" (two uint16)
 * and large "large:A:B:C" (three uint32). Errors carry which sentinel they wrap, because the
 * config parser treats a format error as transient (it may name a Community CR not yet created).
 */
import { goQuote, parseGoUint } from './gofmt';

export interface BGPCommunity {
  readonly large: boolean;
  /** legacy: [upper, lower]; large: [global, local1, local2]. */
  readonly parts: readonly number[];
}

export type CommunityParse =
  | { ok: true; value: BGPCommunity }
  | { ok: false; kind: 'value' | 'format'; error: string };

/** String(): "64512:100" or "1:2:3" (large ones print without the "large:" marker). */
export function communityString(c: BGPCommunity): string {
  return c.parts.join(':');
}

/** The uint32 a legacy community is sent as on the wire. */
export function legacyCommunityValue(c: BGPCommunity): number {
  return c.large ? 0 : ((c.parts[0] << 16) >>> 0) + c.parts[1];
}

export function newCommunity(c: string): CommunityParse {
  const fs = c.split(':');
  if (fs.length === 2) {
    const parts: number[] = [];
    for (const f of fs) {
      const r = parseGoUint(f, 16);
      if (!r.ok) {
        return {
          ok: false,
          kind: 'value',
          error: `invalid community value: invalid section ${goQuote(f)} of community ${goQuote(c)}, err: ${goQuote(r.error)}`
        };
      }
      parts.push(r.value);
    }
    return { ok: true, value: { large: false, parts } };
  }
  if (fs.length === 4) {
    if (fs[0] !== 'large') {
      return {
        ok: false,
        kind: 'value',
        error:
          'invalid community value: invalid marker for large community, expected community to be of format ' +
          `large:<uint32>:<uint32>:<uint32> but got ${goQuote(c)} instead`
      };
    }
    const parts: number[] = [];
    for (const f of fs.slice(1)) {
      const r = parseGoUint(f, 32);
      if (!r.ok) {
        return {
          ok: false,
          kind: 'value',
          error: `invalid community value: invalid section ${goQuote(f)} of community ${goQuote(c)}, err: ${goQuote(r.error)}`
        };
      }
      parts.push(r.value);
    }
    return { ok: true, value: { large: true, parts } };
  }
  return { ok: false, kind: 'format', error: `invalid community format: ${c}` };
}
