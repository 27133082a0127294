/**
 * kube-proxy's chain-name hashes (pkg/proxy/iptables/proxier.go):
 *
 *   portProtoHash(servicePortName, protocol) = base32(sha256(servicePortName + protocol))[:16]
 *   KUBE-SVC- / KUBE-SVL- / KUBE-EXT- / KUBE-FW-  + portProtoHash(...)
 *   KUBE-SEP- + base32(sha256(servicePortName + protocol + "IP:port"))[:16]
 *
 * base32 is RFC 4648's standard alphabet, upper case; the padding never shows because only the
 * first 16 characters are kept. SHA-256 comes from Web Crypto (`crypto.subtle.digest`), which is
 * asynchronous, so digests are cached: a name only changes when its service or endpoint does.
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32 with `=` padding. */
export function base32(bytes: Uint8Array): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const b of bytes) {
    value = ((value << 8) | b) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  while (out.length % 8) out += '=';
  return out;
}

async function sha256(text: string): Promise<Uint8Array> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return new Uint8Array(digest);
}

/**
 * A cache of hashed names, keyed by the exact string hashed. `ensure` computes what is missing
 * (asynchronously); `lookup` then answers synchronously, which is what the rule builder needs.
 */
export class ChainHashCache {
  private done = new Map<string, string>();
  private pending = new Map<string, Promise<string>>();

  /** The 16-character suffix for a hashed string, computing it if needed. */
  async hash(input: string): Promise<string> {
    const hit = this.done.get(input);
    if (hit !== undefined) return hit;
    let p = this.pending.get(input);
    if (!p) {
      p = sha256(input).then((d) => {
        const s = base32(d).slice(0, 16);
        this.done.set(input, s);
        this.pending.delete(input);
        return s;
      });
      this.pending.set(input, p);
    }
    return p;
  }

  async ensure(inputs: Iterable<string>): Promise<void> {
    const todo = [...new Set(inputs)].filter((s) => !this.done.has(s));
    await Promise.all(todo.map((s) => this.hash(s)));
  }

  /** A suffix computed before (null when `ensure` was not awaited for it). */
  lookup(input: string): string | null {
    return this.done.get(input) ?? null;
  }

  size(): number {
    return this.done.size;
  }
}

/** The lab-wide cache (hash results never change, so one cache serves every node). */
export const chainHashes = new ChainHashCache();

/** The string portProtoHash hashes. */
export function portProtoInput(servicePortName: string, protocol: string): string {
  return servicePortName + protocol.toLowerCase();
}

/** The string an endpoint chain name hashes. */
export function endpointInput(servicePortName: string, protocol: string, endpoint: string): string {
  return servicePortName + protocol.toLowerCase() + endpoint;
}

/** `portProtoHash` of proxier.go: the suffix of KUBE-SVC-/SVL-/EXT-/FW- chains. */
export function portProtoHash(servicePortName: string, protocol: string, cache: ChainHashCache = chainHashes): Promise<string> {
  return cache.hash(portProtoInput(servicePortName, protocol));
}

/** The suffix of a KUBE-SEP- chain for endpoint "IP:port". */
export function endpointChainHash(servicePortName: string, protocol: string, endpoint: string, cache: ChainHashCache = chainHashes): Promise<string> {
  return cache.hash(endpointInput(servicePortName, protocol, endpoint));
}
