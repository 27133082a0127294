/** The packet inspector's view of BGP messages: Wireshark's headings and field names. */
import { describe, expect, test } from 'vitest';
import { describeBgp } from '../../../src/lib/engine/bgp/messages';
import { hex } from './hex';

describe('describeBgp', () => {
  test('OPEN + KEEPALIVE in one segment, offsets into the frame', () => {
    const payload = hex(`
      ff×16 002d 01 04 fc01 005a ac120002 10
      02 0e 01 04 0001 00 01 02 00 41 04 0000fc01
      ff×16 0013 04`);
    const layers = describeBgp(payload, 66);
    expect(layers.map((l) => l.summary)).toEqual(['Border Gateway Protocol - OPEN Message', 'Border Gateway Protocol - KEEPALIVE Message']);
    const open = layers[0].fields;
    expect(open.find((x) => x.name === 'My AS')).toEqual({ name: 'My AS', value: '64513', offset: 66 + 20, length: 2 });
    expect(open.find((x) => x.name === 'Hold Time')?.value).toBe('90');
    expect(open.find((x) => x.name === 'BGP Identifier')?.value).toBe('172.18.0.2');
    expect(open.filter((x) => x.name === 'Capability').map((x) => x.value)).toEqual([
      'Multiprotocol extensions capability: AFI IPv4, SAFI Unicast',
      'Route refresh capability',
      'Support for 4-octet AS number capability: AS 64513'
    ]);
    expect(layers[1].fields[0].offset).toBe(66 + 45);
  });

  test('UPDATE attributes and NLRI; NOTIFICATION codes', () => {
    const upd = describeBgp(hex('ff×16 0037 02 0000 001b 40 01 01 00 40 02 06 02 01 0000fc01 40 03 04 ac120002 c0 08 04 fc010064 20 ac12ffc8'))[0].fields;
    expect(upd.filter((x) => x.name.startsWith('Path Attribute') || x.name === 'NLRI prefix').map((x) => `${x.name}: ${x.value}`)).toEqual([
      'Path Attribute - ORIGIN: IGP',
      'Path Attribute - AS_PATH: 64513',
      'Path Attribute - NEXT_HOP: 172.18.0.2',
      'Path Attribute - COMMUNITIES: 64513:100',
      'NLRI prefix: 172.18.255.200/32'
    ]);
    const n = describeBgp(hex('ff×16 0015 03 06 02'))[0].fields;
    expect(n.slice(3).map((x) => `${x.name}: ${x.value}`)).toEqual(['Major error Code: Cease (6)', 'Minor error Code (Cease): Administratively Shutdown (2)']);
    expect(describeBgp(hex('ff×16 0015 03 04 00'))[0].fields[3].value).toBe('Hold Timer Expired (4)');
  });

  test('a message continued in the next segment is flagged, not thrown on', () => {
    expect(describeBgp(hex('ff×16 0030 02 0000'))[0].summary).toContain('Malformed or continued');
  });
});
