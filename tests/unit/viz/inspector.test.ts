import { describe, expect, it } from 'vitest';
import type { FrameKind, FrameRecord, TimelineEntry } from '$lib/engine/observe/types';
import { type Item, KIND_FILTERS, eventItem, filterItems, frameItem, hexRows, inField, kindMatches, mergeBySeq, moveIndex, pcapFileName, startKind, textMatches } from '$lib/ui/viz/inspector/model';

function hex(s: string): Uint8Array {
  return Uint8Array.from(s.match(/../g)!.map((b) => parseInt(b, 16)));
}

// A gratuitous ARP request as the engine sends it after a failover (60 bytes with padding).
const GARP = hex('ffffffffffffaeeb106634b608060001080006040001aeeb106634b6ac12ffc8ffffffffffffac12ffc8000000000000000000000000000000000000');

function frame(seq: number, kind: FrameKind, extra: Partial<FrameRecord> = {}): FrameRecord {
  return { seq, t: seq * 10, segment: 'kind', kind, src: { mac: 'aa:bb:cc:00:00:01' }, dst: { mac: 'ff:ff:ff:ff:ff:ff' }, summary: `frame ${seq}`, bytes: GARP, ...extra };
}

describe('hex dump', () => {
  it('16 bytes a row, 4-digit hex offsets, printable ASCII or dots', () => {
    const rows = hexRows(GARP);
    expect(rows.map((r) => r.offset)).toEqual(['0000', '0010', '0020', '0030']);
    expect(rows.map((r) => r.cells.length)).toEqual([16, 16, 16, 12]);
    expect(rows[0].cells.map((c) => c.hex).join(' ')).toBe('ff ff ff ff ff ff ae eb 10 66 34 b6 08 06 00 01');
    expect(rows[1].cells[4]).toEqual({ i: 20, hex: '00', ascii: '.' });
    expect(rows[1].cells[5]).toEqual({ i: 21, hex: '01', ascii: '.' });
    // bytes 9 and 10 (0x66, 0x34) are "f" and "4"; the rest is not printable
    expect(rows[0].cells.map((c) => c.ascii).join('')).toBe('.........f4.....');
  });

  it('highlights exactly the selected field (ARP opcode: bytes 20 and 21)', () => {
    const opcode = { offset: 20, length: 2 };
    expect([19, 20, 21, 22].map((i) => inField(i, opcode))).toEqual([false, true, true, false]);
    expect(inField(20, null)).toBe(false);
  });
});

describe('filters', () => {
  const kinds: FrameKind[] = ['arp-request', 'arp-reply', 'garp', 'memberlist', 'http', 'bgp', 'icmp', 'tcp', 'udp', 'other'];
  const items: Item[] = kinds.map((k, i) => frameItem(frame(i, k)));
  const ev: TimelineEntry = { seq: 99, t: 990, kind: 'election', text: 'myk8s-worker2 now announces 172.18.255.200 (default/svc1)', machine: 'myk8s-worker2', vip: '172.18.255.200' };
  items.push(eventItem(ev));

  it('by kind: ARP includes gratuitous ARP, "other" is whatever has no name of its own', () => {
    const pick = (k: (typeof KIND_FILTERS)[number]) => items.filter((x) => kindMatches(x, k)).map((x) => x.frame?.kind ?? 'event');
    expect(pick('all')).toHaveLength(11);
    expect(pick('arp')).toEqual(['arp-request', 'arp-reply', 'garp']);
    expect(pick('garp')).toEqual(['garp']);
    expect(pick('memberlist')).toEqual(['memberlist']);
    expect(pick('other')).toEqual(['tcp', 'udp', 'other']);
    expect(pick('events')).toEqual(['event']);
  });

  it('by text: summary, why, MACs, IPs and machines, every word, any case', () => {
    const f = frameItem(frame(1, 'garp', { summary: 'ARP, Request who-has 172.18.255.200 tell 172.18.255.200', why: 'gratuitous ARP because myk8s-worker2 became owner', src: { mac: 'ae:eb:10:66:34:b6', ip: '172.18.255.200', machine: 'myk8s-worker2' } }));
    expect(textMatches(f, '')).toBe(true);
    expect(textMatches(f, 'AE:EB:10')).toBe(true);
    expect(textMatches(f, 'myk8s-worker2 172.18.255.200')).toBe(true);
    expect(textMatches(f, 'became owner')).toBe(true);
    expect(textMatches(f, 'myk8s-worker3')).toBe(false);
    expect(textMatches(f, 'myk8s-worker2 172.18.255.201')).toBe(false);
    expect(textMatches(eventItem(ev), 'announces')).toBe(true);
  });

  it('draws the latest matches only and counts the rest', () => {
    const many = Array.from({ length: 1200 }, (_, i) => frameItem(frame(i, i % 2 ? 'garp' : 'memberlist')));
    const all = filterItems(many, 'all', '', 500);
    expect(all.total).toBe(1200);
    expect(all.older).toBe(700);
    expect(all.shown.map((x) => x.seq)).toEqual(Array.from({ length: 500 }, (_, i) => 700 + i));
    const garp = filterItems(many, 'garp', '', 500);
    expect(garp.total).toBe(600);
    expect(garp.older).toBe(100);
    expect(garp.shown[0].seq).toBe(201); // the 101st odd seq
    expect(filterItems(many, 'bgp', '', 500)).toEqual({ shown: [], total: 0, older: 0 });
  });

  it('merges frames and events in trace order', () => {
    const a = [1, 4, 5].map((s) => frameItem(frame(s, 'garp')));
    const b = [2, 3, 6].map((s) => eventItem({ ...ev, seq: s }));
    expect(mergeBySeq(a, b).map((x) => x.key)).toEqual(['f1', 'e2', 'e3', 'f4', 'f5', 'e6']);
  });
});

describe('listbox keys and the pcap name', () => {
  it('moves the active option', () => {
    expect(moveIndex('ArrowDown', 3, 10)).toBe(4);
    expect(moveIndex('ArrowDown', 9, 10)).toBe(9);
    expect(moveIndex('ArrowUp', 0, 10)).toBe(0);
    expect(moveIndex('ArrowUp', -1, 10)).toBe(8); // nothing active yet: from the newest
    expect(moveIndex('PageUp', 5, 30)).toBe(0);
    expect(moveIndex('PageDown', 5, 30)).toBe(15);
    expect(moveIndex('Home', 5, 30)).toBe(0);
    expect(moveIndex('End', 5, 30)).toBe(29);
    expect(moveIndex('Enter', 5, 30)).toBeNull();
    expect(moveIndex('ArrowDown', 0, 0)).toBeNull();
  });

  it('names the download after the scenario and seed', () => {
    expect(pcapFileName('l2', 5)).toBe('metallb-lab-l2-seed5.pcap');
  });
});

describe('the filter the list opens with', () => {
  it('is the one a step figure asks for', () => {
    expect(startKind('arp')).toBe('arp');
    expect(startKind('garp')).toBe('garp');
    expect(startKind('events')).toBe('events');
  });

  it('is everything when nothing, or no known filter, is asked for', () => {
    expect(startKind(undefined)).toBe('all');
    expect(startKind('')).toBe('all');
    expect(startKind('ARP')).toBe('all');
    expect(startKind('tcp')).toBe('all');
  });
});
