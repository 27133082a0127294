/** The BGP reader behind the timeline's lane, on segments written out by hand (RFC 4271 §4). */
import { describe, expect, it } from 'vitest';
import { parseBgpNote, vipOfPrefix } from '../../../src/lib/engine/observe/bgp-notes';
import { bgpSegment } from '../../../src/lib/engine/observe/bgp-wire';

const MARKER = new Array(16).fill(0xff);

/** Ethernet + IPv4 (20 bytes) + TCP (20 bytes) from 172.18.0.3:40000 to 172.18.0.6:179, carrying `payload`. */
function segment(payload: number[], dport = 179): Uint8Array {
  const total = 20 + 20 + payload.length;
  const eth = [2, 0, 0, 0, 0, 6, 2, 0, 0, 0, 0, 3, 0x08, 0x00];
  const ip = [0x45, 0, total >> 8, total & 0xff, 0, 0, 0x40, 0, 64, 6, 0, 0, 172, 18, 0, 3, 172, 18, 0, 6];
  const tcp = [0x9c, 0x40, dport >> 8, dport & 0xff, 0, 0, 0, 1, 0, 0, 0, 1, 0x50, 0x18, 0xff, 0xff, 0, 0, 0, 0];
  return Uint8Array.from([...eth, ...ip, ...tcp, ...payload]);
}

// UPDATE: withdraws 172.18.255.201/32, ORIGIN IGP, announces 172.18.255.200/32 and 10.1.0.0/16
const update = [...MARKER, 0, 19 + 2 + 5 + 2 + 4 + 5 + 3, 2, 0, 5, 32, 172, 18, 255, 201, 0, 4, 0x40, 1, 1, 0, 32, 172, 18, 255, 200, 16, 10, 1];
const keepalive = [...MARKER, 0, 19, 4];
const notification = [...MARKER, 0, 21, 3, 4, 0];

describe('bgpSegment', () => {
  it('reads every message of a segment: prefixes of an UPDATE, a NOTIFICATION’s code', () => {
    expect(bgpSegment(segment([...keepalive, ...update, ...notification]))).toEqual({
      srcIp: '172.18.0.3',
      dstIp: '172.18.0.6',
      messages: [{ type: 'other' }, { type: 'update', withdrawn: ['172.18.255.201/32'], nlri: ['172.18.255.200/32', '10.1.0.0/16'] }, { type: 'notification', code: 4, subcode: 0 }]
    });
  });

  it('ignores other ports, bare ACKs and bytes that are not a message boundary', () => {
    expect(bgpSegment(segment(update, 80))).toBeNull();
    expect(bgpSegment(segment([]))).toBeNull();
    expect(bgpSegment(segment([0, ...update]))).toBeNull();
    // a message cut at the end of the segment is left for the next one
    expect(bgpSegment(segment([...keepalive, ...update.slice(0, 30)]))?.messages).toEqual([{ type: 'other' }]);
  });
});

describe('parseBgpNote', () => {
  it('reads the speakers’ and zebra’s notes', () => {
    expect(parseBgpNote('router bgpd: neighbor 172.18.0.5 Down due to NOTIFICATION sent (Hold Timer Expired)')).toEqual({ kind: 'session', host: 'router', peerIp: '172.18.0.5', up: false, reason: 'due to NOTIFICATION sent (Hold Timer Expired)' });
    expect(parseBgpNote('myk8s-worker speaker: neighbor 172.18.0.6 Up')).toEqual({ kind: 'session', host: 'myk8s-worker', peerIp: '172.18.0.6', up: true, reason: '' });
    expect(parseBgpNote('router zebra: 172.18.255.200/32 via 172.18.0.3, 172.18.0.4 [20/0]')).toEqual({ kind: 'route', host: 'router', prefix: '172.18.255.200/32', via: ['172.18.0.3', '172.18.0.4'] });
    expect(parseBgpNote('router zebra: 172.18.255.200/32 removed')).toEqual({ kind: 'route', host: 'router', prefix: '172.18.255.200/32', via: [] });
    expect(parseBgpNote('router bgpd: 172.18.0.5 connect to peer failed: ECONNREFUSED')).toEqual({ kind: 'connect-failed', host: 'router', peerIp: '172.18.0.5', error: 'ECONNREFUSED' });
    expect(parseBgpNote('router bgpd: 172.18.0.5 hold timer expired (90 s without a message)')).toEqual({ kind: 'hold-expired', host: 'router', peerIp: '172.18.0.5', holdS: 90 });
    expect(parseBgpNote('router bgpd: 172.18.0.5 OpenSent -> OpenConfirm')).toBeNull();
    expect(vipOfPrefix('172.18.255.200/32')).toBe('172.18.255.200');
    expect(vipOfPrefix('10.1.0.0/16')).toBe('10.1.0.0/16');
  });
});
