/**
 * memberlist's wire messages, in our own compact encoding.
 *
 * Real memberlist encodes each message as one type byte followed by a msgpack body. We keep the
 * type byte and memberlist's message type numbers (net.go messageType), and the raw framings
 * memberlist itself uses around messages (compound, CRC, encryption), but the bodies are a
 * simple binary layout of our own: u8/u16/u32 big-endian, strings as u8 length + UTF-8, byte
 * strings as u16 length + bytes, IPv4 addresses as 4 bytes.
 *
 *   packet   = [encrypted( ] [hasCrc crc32] (message | compound) [ )]
 *   compound = 7, count u8, count × length u16, messages
 *   hasCrc   = 12, crc32 (IEEE) of the rest u32, rest
 *
 * Encryption: with a secret key memberlist seals every packet with AES-GCM as
 * [version 1][12-byte nonce][ciphertext][16-byte tag] (streams: [10][length u32][same]).
 * We produce exactly that layout with a nonce from the seeded PRNG, but the "ciphertext" is
 * the plaintext and the "tag" is a keyed FNV-1a checksum: THE BYTES ARE NOT REAL AES-GCM.
 * They are readable in a packet capture, which suits a lab; a wrong key still fails to
 * "decrypt", as in memberlist.
 *
 * Streams (TCP push/pull and the TCP fallback ping): each message is framed as
 * [type][length u32][body] so the receiver knows where it ends (memberlist relies on msgpack
 * being self-delimiting instead).
 */

export const MSG = {
  ping: 0,
  indirectPing: 1,
  ack: 2,
  suspect: 3,
  alive: 4,
  dead: 5,
  pushPull: 6,
  compound: 7,
  user: 8,
  compress: 9,
  encrypt: 10,
  nack: 11,
  hasCrc: 12,
  err: 13
} as const;

export type NodeStateType = 'alive' | 'suspect' | 'dead' | 'left';
const STATE_CODE: Record<NodeStateType, number> = { alive: 0, suspect: 1, dead: 2, left: 3 };
const STATE_NAME: NodeStateType[] = ['alive', 'suspect', 'dead', 'left'];

export interface PingMsg {
  type: 'ping';
  seqNo: number;
  /** Name of the node the ping is meant for. */
  node: string;
  sourceAddr: number;
  sourcePort: number;
  sourceNode: string;
}
export interface IndirectPingMsg {
  type: 'indirect-ping';
  seqNo: number;
  target: number;
  port: number;
  node: string;
  nack: boolean;
  sourceAddr: number;
  sourcePort: number;
  sourceNode: string;
}
export interface AckMsg {
  type: 'ack';
  seqNo: number;
}
export interface NackMsg {
  type: 'nack';
  seqNo: number;
}
export interface SuspectMsg {
  type: 'suspect';
  incarnation: number;
  node: string;
  from: string;
}
export interface AliveMsg {
  type: 'alive';
  incarnation: number;
  node: string;
  addr: number;
  port: number;
  meta: Uint8Array;
  vsn: number[];
}
export interface DeadMsg {
  type: 'dead';
  incarnation: number;
  node: string;
  from: string;
}
export interface PushNodeState {
  name: string;
  addr: number;
  port: number;
  meta: Uint8Array;
  incarnation: number;
  state: NodeStateType;
  vsn: number[];
}
export interface PushPullMsg {
  type: 'push-pull';
  join: boolean;
  nodes: PushNodeState[];
}
export interface ErrMsg {
  type: 'err';
  error: string;
}

export type Message = PingMsg | IndirectPingMsg | AckMsg | NackMsg | SuspectMsg | AliveMsg | DeadMsg | PushPullMsg | ErrMsg;

// ------------------------------------------------------------------ byte writer / reader

class Writer {
  private parts: number[] = [];
  u8(v: number): this {
    this.parts.push(v & 0xff);
    return this;
  }
  u16(v: number): this {
    return this.u8(v >>> 8).u8(v);
  }
  u32(v: number): this {
    return this.u8(v >>> 24).u8(v >>> 16).u8(v >>> 8).u8(v);
  }
  str(s: string): this {
    const b = new TextEncoder().encode(s);
    const n = Math.min(b.length, 255);
    this.u8(n);
    for (let i = 0; i < n; i++) this.u8(b[i]);
    return this;
  }
  bytes(b: Uint8Array): this {
    this.u16(b.length);
    for (const x of b) this.u8(x);
    return this;
  }
  done(): Uint8Array {
    return Uint8Array.from(this.parts);
  }
}

class Reader {
  private off = 0;
  private readonly b: Uint8Array;
  ok = true;
  constructor(b: Uint8Array) {
    this.b = b;
  }
  private need(n: number): boolean {
    if (this.off + n > this.b.length) this.ok = false;
    return this.ok;
  }
  u8(): number {
    if (!this.need(1)) return 0;
    return this.b[this.off++];
  }
  u16(): number {
    return (this.u8() << 8) | this.u8();
  }
  u32(): number {
    return ((this.u16() << 16) | this.u16()) >>> 0;
  }
  str(): string {
    const n = this.u8();
    if (!this.need(n)) return '';
    const s = new TextDecoder().decode(this.b.subarray(this.off, this.off + n));
    this.off += n;
    return s;
  }
  bytes(): Uint8Array {
    const n = this.u16();
    if (!this.need(n)) return new Uint8Array(0);
    const s = this.b.slice(this.off, this.off + n);
    this.off += n;
    return s;
  }
  rest(): number {
    return this.b.length - this.off;
  }
}

// ------------------------------------------------------------------ messages

/** One message: type byte + body. */
export function encodeMessage(m: Message): Uint8Array {
  const w = new Writer();
  switch (m.type) {
    case 'ping':
      w.u8(MSG.ping).u32(m.seqNo).str(m.node).u32(m.sourceAddr).u16(m.sourcePort).str(m.sourceNode);
      break;
    case 'indirect-ping':
      w.u8(MSG.indirectPing).u32(m.seqNo).u32(m.target).u16(m.port).str(m.node).u8(m.nack ? 1 : 0).u32(m.sourceAddr).u16(m.sourcePort).str(m.sourceNode);
      break;
    case 'ack':
      w.u8(MSG.ack).u32(m.seqNo).bytes(new Uint8Array(0));
      break;
    case 'nack':
      w.u8(MSG.nack).u32(m.seqNo);
      break;
    case 'suspect':
      w.u8(MSG.suspect).u32(m.incarnation).str(m.node).str(m.from);
      break;
    case 'dead':
      w.u8(MSG.dead).u32(m.incarnation).str(m.node).str(m.from);
      break;
    case 'alive':
      w.u8(MSG.alive).u32(m.incarnation).str(m.node).u32(m.addr).u16(m.port).bytes(m.meta);
      w.u8(m.vsn.length);
      for (const v of m.vsn) w.u8(v);
      break;
    case 'push-pull':
      w.u8(MSG.pushPull).u16(m.nodes.length).u32(0 /* user state length */).u8(m.join ? 1 : 0);
      for (const n of m.nodes) {
        w.str(n.name).u32(n.addr).u16(n.port).bytes(n.meta).u32(n.incarnation).u8(STATE_CODE[n.state]);
        w.u8(n.vsn.length);
        for (const v of n.vsn) w.u8(v);
      }
      break;
    case 'err':
      w.u8(MSG.err).str(m.error);
      break;
  }
  return w.done();
}

export type Decoded<T> = { ok: true; value: T } | { ok: false; error: string };

/** Decode one message (not a compound/CRC/encryption wrapper). */
export function decodeMessage(b: Uint8Array): Decoded<Message> {
  if (b.length < 1) return { ok: false, error: 'missing message type' };
  const r = new Reader(b.subarray(1));
  let m: Message;
  switch (b[0]) {
    case MSG.ping:
      m = { type: 'ping', seqNo: r.u32(), node: r.str(), sourceAddr: r.u32(), sourcePort: r.u16(), sourceNode: r.str() };
      break;
    case MSG.indirectPing:
      m = { type: 'indirect-ping', seqNo: r.u32(), target: r.u32(), port: r.u16(), node: r.str(), nack: r.u8() === 1, sourceAddr: r.u32(), sourcePort: r.u16(), sourceNode: r.str() };
      break;
    case MSG.ack: {
      const seqNo = r.u32();
      r.bytes();
      m = { type: 'ack', seqNo };
      break;
    }
    case MSG.nack:
      m = { type: 'nack', seqNo: r.u32() };
      break;
    case MSG.suspect:
      m = { type: 'suspect', incarnation: r.u32(), node: r.str(), from: r.str() };
      break;
    case MSG.dead:
      m = { type: 'dead', incarnation: r.u32(), node: r.str(), from: r.str() };
      break;
    case MSG.alive: {
      const incarnation = r.u32();
      const node = r.str();
      const addr = r.u32();
      const port = r.u16();
      const meta = r.bytes();
      const vsn: number[] = [];
      const nv = r.u8();
      for (let i = 0; i < nv; i++) vsn.push(r.u8());
      m = { type: 'alive', incarnation, node, addr, port, meta, vsn };
      break;
    }
    case MSG.pushPull: {
      const count = r.u16();
      r.u32();
      const join = r.u8() === 1;
      const nodes: PushNodeState[] = [];
      for (let i = 0; i < count && r.ok; i++) {
        const name = r.str();
        const addr = r.u32();
        const port = r.u16();
        const meta = r.bytes();
        const incarnation = r.u32();
        const state = STATE_NAME[r.u8()] ?? 'dead';
        const vsn: number[] = [];
        const nv = r.u8();
        for (let j = 0; j < nv; j++) vsn.push(r.u8());
        nodes.push({ name, addr, port, meta, incarnation, state, vsn });
      }
      m = { type: 'push-pull', join, nodes };
      break;
    }
    case MSG.err:
      m = { type: 'err', error: r.str() };
      break;
    default:
      return { ok: false, error: `msg type (${b[0]}) not supported` };
  }
  if (!r.ok) return { ok: false, error: 'EOF' };
  return { ok: true, value: m };
}

// ------------------------------------------------------------------ compound, CRC

export function makeCompound(msgs: readonly Uint8Array[]): Uint8Array {
  const total = 2 + 2 * msgs.length + msgs.reduce((s, m) => s + m.length, 0);
  const b = new Uint8Array(total);
  b[0] = MSG.compound;
  b[1] = msgs.length;
  let off = 2;
  for (const m of msgs) {
    b[off] = m.length >>> 8;
    b[off + 1] = m.length & 0xff;
    off += 2;
  }
  for (const m of msgs) {
    b.set(m, off);
    off += m.length;
  }
  return b;
}

/** The parts of a compound (without its type byte); `truncated` counts parts cut short. */
export function splitCompound(b: Uint8Array): { parts: Uint8Array[]; truncated: number } | null {
  if (b.length < 1) return null;
  const n = b[0];
  if (b.length < 1 + 2 * n) return null;
  const lens: number[] = [];
  for (let i = 0; i < n; i++) lens.push((b[1 + 2 * i] << 8) | b[2 + 2 * i]);
  let off = 1 + 2 * n;
  const parts: Uint8Array[] = [];
  let truncated = 0;
  for (const len of lens) {
    if (off + len > b.length) {
      truncated++;
      continue;
    }
    parts.push(b.slice(off, off + len));
    off += len;
  }
  return { parts, truncated };
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** CRC-32 (IEEE), as Go's crc32.ChecksumIEEE. */
export function crc32(b: Uint8Array): number {
  let c = 0xffffffff;
  for (const x of b) c = CRC_TABLE[(c ^ x) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

export function addCrc(msg: Uint8Array): Uint8Array {
  const b = new Uint8Array(5 + msg.length);
  b[0] = MSG.hasCrc;
  new DataView(b.buffer).setUint32(1, crc32(msg));
  b.set(msg, 5);
  return b;
}

// ------------------------------------------------------------------ "encryption"

/** Bytes memberlist's encryption version 1 adds: version + nonce + GCM tag. */
export const ENCRYPT_OVERHEAD = 1 + 12 + 16;

/** A key's fingerprint, the only thing the fake seal depends on. */
export function keyFingerprint(key: Uint8Array | string): Uint8Array {
  const b = typeof key === 'string' ? new TextEncoder().encode(key) : key;
  return fnv128([b]);
}

/** Four interleaved FNV-1a lanes → 16 bytes. Not cryptographic. */
function fnv128(parts: readonly Uint8Array[]): Uint8Array {
  const h = [0x811c9dc5, 0x01000193 ^ 0x811c9dc5, 0x9e3779b9, 0x85ebca6b];
  let i = 0;
  for (const p of parts) {
    for (const x of p) {
      const lane = i++ & 3;
      h[lane] = Math.imul(h[lane] ^ x, 0x01000193) >>> 0;
      h[(lane + 1) & 3] = Math.imul(h[(lane + 1) & 3] ^ h[lane], 0x01000193) >>> 0;
    }
  }
  const out = new Uint8Array(16);
  const v = new DataView(out.buffer);
  for (let k = 0; k < 4; k++) v.setUint32(4 * k, h[k]);
  return out;
}

/** [1][nonce 12][plaintext][tag 16]: memberlist's AES-GCM layout, without the AES. */
export function seal(key: Uint8Array, nonce: Uint8Array, plain: Uint8Array): Uint8Array {
  const out = new Uint8Array(ENCRYPT_OVERHEAD + plain.length);
  out[0] = 1;
  out.set(nonce.subarray(0, 12), 1);
  out.set(plain, 13);
  out.set(fnv128([key, nonce.subarray(0, 12), plain]), 13 + plain.length);
  return out;
}

export function open(key: Uint8Array, b: Uint8Array): Decoded<Uint8Array> {
  if (b.length < ENCRYPT_OVERHEAD) return { ok: false, error: 'Payload is too small to decrypt' };
  if (b[0] !== 1 && b[0] !== 0) return { ok: false, error: `Unsupported encryption version ${b[0]}` };
  const nonce = b.subarray(1, 13);
  const plain = b.slice(13, b.length - 16);
  const tag = b.subarray(b.length - 16);
  const want = fnv128([key, nonce, plain]);
  for (let i = 0; i < 16; i++) if (tag[i] !== want[i]) return { ok: false, error: 'No installed keys could decrypt the message' };
  return { ok: true, value: plain };
}

// ------------------------------------------------------------------ stream framing

/** [type][length u32][body] for a message already encoded as type + body. */
export function frameStream(msg: Uint8Array): Uint8Array {
  const b = new Uint8Array(5 + msg.length - 1);
  b[0] = msg[0];
  new DataView(b.buffer).setUint32(1, msg.length - 1);
  b.set(msg.subarray(1), 5);
  return b;
}

/** [10][length u32][sealed frame]. */
export function sealStream(key: Uint8Array, nonce: Uint8Array, framed: Uint8Array): Uint8Array {
  const sealed = seal(key, nonce, framed);
  const b = new Uint8Array(5 + sealed.length);
  b[0] = MSG.encrypt;
  new DataView(b.buffer).setUint32(1, sealed.length);
  b.set(sealed, 5);
  return b;
}

/**
 * Try to take one complete stream frame from the bytes received so far: null if more bytes are
 * needed, else the message (type + body) or an error.
 */
export function readStreamFrame(buf: Uint8Array, key: Uint8Array | null): { used: number; msg: Decoded<Uint8Array> } | null {
  if (buf.length < 5) return null;
  const len = new DataView(buf.buffer, buf.byteOffset, buf.byteLength).getUint32(1);
  if (buf.length < 5 + len) return null;
  const used = 5 + len;
  if (buf[0] === MSG.encrypt) {
    if (!key) return { used, msg: { ok: false, error: 'Remote state is encrypted and encryption is not configured' } };
    const plain = open(key, buf.subarray(5, used));
    if (!plain.ok) return { used, msg: plain };
    const inner = readStreamFrame(plain.value, null);
    if (!inner) return { used, msg: { ok: false, error: 'EOF' } };
    return { used, msg: inner.msg };
  }
  if (key) return { used, msg: { ok: false, error: 'Encryption is configured but remote state is not encrypted' } };
  const msg = new Uint8Array(len + 1);
  msg[0] = buf[0];
  msg.set(buf.subarray(5, used), 1);
  return { used, msg: { ok: true, value: msg } };
}
