import { describe, expect, test } from 'vitest';
import { MSG, type Message, decodeMessage, encodeMessage } from '../../../../src/lib/engine/metallb/speakerlist';
import { addCrc, crc32, keyFingerprint, makeCompound, open, readStreamFrame, seal, sealStream, frameStream, splitCompound } from '../../../../src/lib/engine/metallb/speakerlist/messages';
import { zlibCrc32 } from './crc';

const msgs: Message[] = [
  { type: 'ping', seqNo: 7, node: 'myk8s-worker', sourceAddr: 0xac120004, sourcePort: 7946, sourceNode: 'myk8s-worker2' },
  { type: 'indirect-ping', seqNo: 8, target: 0xac120003, port: 7946, node: 'myk8s-worker', nack: true, sourceAddr: 0xac120004, sourcePort: 7946, sourceNode: 'myk8s-worker2' },
  { type: 'ack', seqNo: 9 },
  { type: 'nack', seqNo: 10 },
  { type: 'suspect', incarnation: 3, node: 'myk8s-worker', from: 'myk8s-worker3' },
  { type: 'alive', incarnation: 4, node: 'myk8s-worker', addr: 0xac120003, port: 7946, meta: new Uint8Array(0), vsn: [1, 5, 2, 0, 0, 0] },
  { type: 'dead', incarnation: 4, node: 'myk8s-worker', from: 'myk8s-worker' },
  {
    type: 'push-pull',
    join: true,
    nodes: [{ name: 'myk8s-control-plane', addr: 0xac120002, port: 7946, meta: new Uint8Array(0), incarnation: 1, state: 'suspect', vsn: [1, 5, 2, 0, 0, 0] }]
  },
  { type: 'err', error: 'boom' }
];

describe('memberlist messages', () => {
  test('each message round-trips and starts with memberlist’s type number', () => {
    const types = [MSG.ping, MSG.indirectPing, MSG.ack, MSG.nack, MSG.suspect, MSG.alive, MSG.dead, MSG.pushPull, MSG.err];
    msgs.forEach((m, i) => {
      const b = encodeMessage(m);
      expect(b[0]).toBe(types[i]);
      expect(decodeMessage(b)).toEqual({ ok: true, value: m });
    });
    expect(decodeMessage(new Uint8Array([99]))).toEqual({ ok: false, error: 'msg type (99) not supported' });
    expect(decodeMessage(encodeMessage(msgs[0]).slice(0, 6))).toEqual({ ok: false, error: 'EOF' });
  });

  test('compound and CRC framing', () => {
    const parts = msgs.slice(0, 3).map(encodeMessage);
    const c = makeCompound(parts);
    expect(c[0]).toBe(7);
    expect(c[1]).toBe(3);
    expect(splitCompound(c.subarray(1))).toEqual({ parts, truncated: 0 });
    const withCrc = addCrc(c);
    expect(withCrc[0]).toBe(12);
    expect(Buffer.from(withCrc.subarray(1, 5)).readUInt32BE(0)).toBe(zlibCrc32(c));
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });

  test('the "encryption" has AES-GCM’s layout and a wrong key cannot open it', () => {
    const key = keyFingerprint('secret');
    const nonce = new Uint8Array(12).fill(7);
    const plain = encodeMessage(msgs[4]);
    const sealed = seal(key, nonce, plain);
    expect(sealed[0]).toBe(1);
    expect(sealed.length).toBe(1 + 12 + plain.length + 16);
    expect([...sealed.subarray(1, 13)]).toEqual([...nonce]);
    // readable on purpose: this is not real AES
    expect([...sealed.subarray(13, 13 + plain.length)]).toEqual([...plain]);
    expect(open(key, sealed)).toEqual({ ok: true, value: plain });
    expect(open(keyFingerprint('other'), sealed)).toEqual({ ok: false, error: 'No installed keys could decrypt the message' });
  });

  test('stream frames are read once complete', () => {
    const key = keyFingerprint('k');
    const framed = frameStream(encodeMessage(msgs[7]));
    const wire = sealStream(key, new Uint8Array(12), framed);
    expect(wire[0]).toBe(10);
    expect(readStreamFrame(wire.subarray(0, 20), key)).toBeNull();
    const r = readStreamFrame(wire, key);
    expect(r?.used).toBe(wire.length);
    expect(r?.msg).toEqual({ ok: true, value: encodeMessage(msgs[7]) });
    expect(readStreamFrame(framed, null)?.msg).toEqual({ ok: true, value: encodeMessage(msgs[7]) });
  });
});
