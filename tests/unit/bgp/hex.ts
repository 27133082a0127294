/**
 * Test helpers. hex() reads vectors written one field per line: on each line the leading
 * tokens that are even-length hex (or `ff×16`, the marker) are bytes, and the first other token
 * starts the comment. `|` separates fields.
 */
export function hex(s: string): Uint8Array {
  const out: number[] = [];
  for (const line of s.split('\n')) {
    for (const tok of line.replace(/\|/g, ' ').trim().split(/\s+/)) {
      if (tok === '') continue;
      if (tok === 'ff×16') {
        for (let i = 0; i < 16; i++) out.push(0xff);
        continue;
      }
      if (!/^([0-9a-f]{2})+$/i.test(tok)) break;
      for (let i = 0; i < tok.length; i += 2) out.push(parseInt(tok.slice(i, i + 2), 16));
    }
  }
  return Uint8Array.from(out);
}

export function toHex(b: Uint8Array): string {
  return Buffer.from(b).toString('hex');
}
