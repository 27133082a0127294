/** CRC-32 from Node's zlib, independent of the engine's table. */
import { crc32 } from 'node:zlib';

export function zlibCrc32(b: Uint8Array): number {
  return crc32(b) >>> 0;
}
