import { createHash } from 'node:crypto';

/** MetalLB's layer-2 order, computed here with node:crypto: sha256(`${node}#${ip}`) ascending. */
export function ranking(ip: string, nodes: string[]): string[] {
  const d = (n: string) => createHash('sha256').update(`${n}#${ip}`).digest('hex');
  return [...nodes].sort((a, b) => (d(a) < d(b) ? -1 : d(a) > d(b) ? 1 : 0));
}

/** Byte equality without a deep-equal diff over every element (fast on megabyte captures). */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}
