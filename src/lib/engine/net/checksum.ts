/**
 * The Internet checksum (RFC 1071): the one's-complement of the one's-complement sum of
 * 16-bit big-endian words. IPv4 headers, ICMP, TCP and UDP all use it.
 */

/** Add bytes[start, end) to a running 32-bit sum; an odd last byte is padded with zero. */
export function onesSum(bytes: Uint8Array, start = 0, end = bytes.length, acc = 0): number {
  let sum = acc;
  let i = start;
  for (; i + 1 < end; i += 2) sum += (bytes[i] << 8) | bytes[i + 1];
  if (i < end) sum += bytes[i] << 8;
  // 16-bit words cannot overflow a double before 2^37 of them, so one fold at the end is enough
  return fold(sum);
}

/** Fold carries back into the low 16 bits. */
export function fold(sum: number): number {
  let s = sum;
  while (s > 0xffff) s = (s & 0xffff) + Math.floor(s / 0x10000);
  return s;
}

/** Final checksum value to store in a header: the inverted folded sum. */
export function internetChecksum(bytes: Uint8Array, start = 0, end = bytes.length, acc = 0): number {
  return ~onesSum(bytes, start, end, acc) & 0xffff;
}

/** Sum of the TCP/UDP pseudo-header: source, destination, zero, protocol, length. */
export function pseudoHeaderSum(src: number, dst: number, protocol: number, length: number): number {
  const s = src >>> 0;
  const d = dst >>> 0;
  return fold((s >>> 16) + (s & 0xffff) + (d >>> 16) + (d & 0xffff) + protocol + length);
}
