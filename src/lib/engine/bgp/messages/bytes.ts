/** Big-endian byte building for the BGP codec (network order throughout, §4). */

export class ByteWriter {
  private parts: number[] = [];

  u8(n: number): this {
    this.parts.push(n & 0xff);
    return this;
  }

  u16(n: number): this {
    return this.u8(n >>> 8).u8(n);
  }

  u32(n: number): this {
    return this.u16(n >>> 16).u16(n);
  }

  bytes(b: ArrayLike<number>): this {
    for (let i = 0; i < b.length; i++) this.parts.push(b[i] & 0xff);
    return this;
  }

  get length(): number {
    return this.parts.length;
  }

  done(): Uint8Array {
    return Uint8Array.from(this.parts);
  }
}

export function u16(b: Uint8Array, off: number): number {
  return (b[off] << 8) | b[off + 1];
}

export function u32(b: Uint8Array, off: number): number {
  return ((b[off] << 24) | (b[off + 1] << 16) | (b[off + 2] << 8) | b[off + 3]) >>> 0;
}
