import { describe, expect, it } from 'vitest';
import { kernelArpRequest } from '../../../src/lib/engine/net/arp';
import { ETHERTYPE_IPV4, encodeEthernet } from '../../../src/lib/engine/net/ethernet';
import { IPPROTO_TCP, encodeIpv4, makeIpv4 } from '../../../src/lib/engine/net/ipv4';
import { TCP_ACK, TCP_SYN, encodeTcp, makeTcp } from '../../../src/lib/engine/net/tcp';
import { TcpSeqTracker } from '../../../src/lib/engine/net/tcp-relative';
import { formatG } from '../../../src/lib/shell/nettools/common';
import { getopt } from '../../../src/lib/shell/nettools/getopt';
import { FilterError, compileFilter, filterFrame } from '../../../src/lib/shell/nettools/pcap-filter';
import { renderFrame } from '../../../src/lib/shell/nettools/tcpdump-print';

const ip = (s: string) => s.split('.').reduce((a, o) => a * 256 + Number(o), 0);
const A = '02:00:00:00:00:0a';
const B = '02:00:00:00:00:0b';

function tcpFrame(src: string, sport: number, dst: string, dport: number, flags: number): Uint8Array {
  const seg = encodeTcp(makeTcp({ srcPort: sport, dstPort: dport, flags, seq: 1000, ack: flags & TCP_ACK ? 5 : 0, mss: flags & TCP_SYN ? 1460 : undefined }), ip(src), ip(dst));
  const pkt = encodeIpv4(makeIpv4({ src: ip(src), dst: ip(dst), protocol: IPPROTO_TCP, payload: seg, id: 77 }));
  return encodeEthernet({ dst: B, src: A, ethertype: ETHERTYPE_IPV4, payload: pkt });
}

const env = { resolve: (n: string) => (n === 'mypc' ? ip('172.18.0.100') : null), broadcasts: [ip('172.18.255.255')] };
const match = (expr: string, frame: Uint8Array) => compileFilter(expr, env)(filterFrame(frame)!);

describe('pcap-filter', () => {
  const syn = tcpFrame('172.18.0.100', 41922, '172.18.255.200', 80, TCP_SYN);
  const arp = kernelArpRequest(A, ip('172.18.0.100'), ip('172.18.0.3'));

  it('protocols, hosts, ports and directions', () => {
    expect(match('', syn)).toBe(true);
    expect(match('tcp', syn)).toBe(true);
    expect(match('arp', syn)).toBe(false);
    expect(match('arp', arp)).toBe(true);
    expect(match('host 172.18.0.3', arp)).toBe(true);
    expect(match('src host 172.18.0.3', arp)).toBe(false);
    expect(match('dst 172.18.0.3', arp)).toBe(true);
    expect(match('tcp port 80', syn)).toBe(true);
    expect(match('udp port 80', syn)).toBe(false);
    expect(match('port http', syn)).toBe(true);
    expect(match('src port 80', syn)).toBe(false);
    expect(match('portrange 41000-42000', syn)).toBe(true);
    expect(match('net 172.18.0.0/16', syn)).toBe(true);
    expect(match('net 172.19', syn)).toBe(false);
    expect(match('host mypc and tcp', syn)).toBe(true);
    expect(match('ether src 02:00:00:00:00:0a', syn)).toBe(true);
    expect(match('ether broadcast', arp)).toBe(true);
    expect(match('broadcast', syn)).toBe(false);
  });

  it('not binds tightest, and/or associate left to right, qualifiers carry over', () => {
    expect(match('not arp and tcp', syn)).toBe(true);
    expect(match('arp or tcp and port 22', syn)).toBe(false); // (arp or tcp) and port 22
    expect(match('arp or (tcp and port 22)', syn)).toBe(false);
    expect(match('host 10.0.0.1 or 172.18.255.200', syn)).toBe(true);
    expect(match('port 22 or 80', syn)).toBe(true);
    expect(match('!tcp || arp', arp)).toBe(true);
  });

  it('byte tests', () => {
    expect(match('tcp[tcpflags] & tcp-syn != 0', syn)).toBe(true);
    expect(match('tcp[13] & 2 = 2', syn)).toBe(true);
    expect(match('(tcp[13] & 0x10) != 0', syn)).toBe(false);
    expect(match('ip[9] == 6', syn)).toBe(true);
    expect(match('icmp[icmptype] == icmp-echo', syn)).toBe(false);
    expect(match('len > 50 and len < 60', syn)).toBe(true);
  });

  it("libpcap's errors", () => {
    const err = (e: string) => {
      try {
        compileFilter(e, env);
        return null;
      } catch (x) {
        return x instanceof FilterError ? x.message : String(x);
      }
    };
    expect(err('tcp and')).toBe("can't parse filter expression: syntax error");
    expect(err('host nosuch')).toBe("unknown host 'nosuch'");
    expect(err('nosuch')).toBe("unknown host 'nosuch'");
    expect(err('port nosuch')).toBe("unknown port 'nosuch'");
    expect(err('port 65536')).toBe('illegal port number 65536 > 65535');
    expect(err('net 172.18.0.1/16')).toBe('non-network bits set in "172.18.0.1/16"');
    expect(err('host 10.0.0.0/8')).toBe('mask syntax for networks only');
    expect(err('(tcp')).toBe("can't parse filter expression: syntax error");
  });
});

describe('tcpdump printer', () => {
  const base = { numeric: 2 as const, eflag: false, vflag: 0, qflag: false, hex: 0, ascii: false, hostName: () => null };
  it('TCP with relative sequence numbers, -q and -v checksums', () => {
    const syn = tcpFrame('172.18.0.100', 41922, '172.18.255.200', 80, TCP_SYN);
    expect(renderFrame(syn, { ...base, tcpSeq: new TcpSeqTracker() })).toBe('IP 172.18.0.100.41922 > 172.18.255.200.80: Flags [S], seq 1000, win 64240, options [mss 1460], length 0');
    expect(renderFrame(syn, { ...base, qflag: true, tcpSeq: new TcpSeqTracker() })).toBe('IP 172.18.0.100.41922 > 172.18.255.200.80: tcp 0');
    const v = renderFrame(syn, { ...base, vflag: 1, tcpSeq: new TcpSeqTracker() });
    expect(v).toMatch(/^IP \(tos 0x0, ttl 64, id 77, offset 0, flags \[DF\], proto TCP \(6\), length 44\)\n {4}172\.18\.0\.100\.41922 > 172\.18\.255\.200\.80: Flags \[S\], cksum 0x[0-9a-f]{4} \(correct\), seq 1000, win 64240, options \[mss 1460\], length 0$/);
    expect(renderFrame(syn, { ...base, numeric: 1, tcpSeq: new TcpSeqTracker() })).toBe('IP 172.18.0.100.41922 > 172.18.255.200.http: Flags [S], seq 1000, win 64240, options [mss 1460], length 0');
  });

  it('ARP with -v and without -n; -x hex dump', () => {
    const arp = kernelArpRequest(A, ip('172.18.0.100'), ip('172.18.0.3'));
    expect(renderFrame(arp, { ...base, vflag: 1, tcpSeq: new TcpSeqTracker() })).toBe('ARP, Ethernet (len 6), IPv4 (len 4), Request who-has 172.18.0.3 tell 172.18.0.100, length 28');
    expect(renderFrame(arp, { ...base, numeric: 0, eflag: true, hostName: (x) => (x === ip('172.18.0.100') ? 'mypc' : null), tcpSeq: new TcpSeqTracker() })).toBe(
      '02:00:00:00:00:0a (oui Unknown) > Broadcast, ethertype ARP (0x0806), length 42: Request who-has 172.18.0.3 tell mypc, length 28'
    );
    expect(renderFrame(arp, { ...base, hex: 1, tcpSeq: new TcpSeqTracker() }).split('\n\t')).toEqual([
      'ARP, Request who-has 172.18.0.3 tell 172.18.0.100, length 28',
      '0x0000:  0001 0800 0604 0001 0200 0000 000a ac12',
      '0x0010:  0064 0000 0000 0000 ac12 0003'
    ]);
  });
});

describe('getopt', () => {
  const long = [
    { name: 'interface', arg: 'required' as const, key: 'I' },
    { name: 'interval', arg: 'required' as const, key: 'i' },
    { name: 'localnet', arg: 'none' as const, key: 'l' }
  ];
  it('long-option prefixes, long-only single dash, clusters, permutation', () => {
    const r = getopt(['--interfac=eth0', '-localnet', 'x', '-lI', 'eth1'], { prog: 'p', short: 'I:i:l', long, longOnly: true, libc: 'glibc' });
    expect(r).toEqual({
      ok: true,
      opts: [
        { key: 'I', arg: 'eth0', as: '--interface' },
        { key: 'l', as: '-localnet' },
        { key: 'l', as: '-l' },
        { key: 'I', arg: 'eth1', as: '-I' }
      ],
      operands: ['x']
    });
    const musl = getopt(['1.2.3.4', '-c', '2'], { prog: 'ping', short: 'c:', libc: 'musl' });
    expect(musl).toEqual({ ok: true, opts: [], operands: ['1.2.3.4', '-c', '2'] });
  });
  it('glibc and musl wording', () => {
    const spec = { prog: 'p', short: 'I:i:l', long };
    expect(getopt(['--inter'], { ...spec, libc: 'glibc' })).toEqual({ ok: false, message: "p: option '--inter' is ambiguous; possibilities: '--interface' '--interval'" });
    expect(getopt(['--inter'], { ...spec, libc: 'musl' })).toEqual({ ok: false, message: 'p: option is ambiguous: inter' });
    expect(getopt(['--localnet=1'], { ...spec, libc: 'glibc' })).toEqual({ ok: false, message: "p: option '--localnet' doesn't allow an argument" });
    expect(getopt(['--localnet=1'], { ...spec, libc: 'musl' })).toEqual({ ok: false, message: 'p: option does not take an argument: localnet' });
    expect(getopt(['--interface'], { ...spec, libc: 'glibc' })).toEqual({ ok: false, message: "p: option '--interface' requires an argument" });
    expect(getopt(['-z'], { ...spec, libc: 'glibc' })).toEqual({ ok: false, message: "p: invalid option -- 'z'" });
    expect(getopt(['-z'], { ...spec, libc: 'musl' })).toEqual({ ok: false, message: 'p: unrecognized option: z' });
    expect(getopt(['-I'], { ...spec, libc: 'musl' })).toEqual({ ok: false, message: 'p: option requires an argument: I' });
  });
});

describe('printf %g', () => {
  it('formats the packet-loss percentages ping prints', () => {
    expect(formatG(0)).toBe('0');
    expect(formatG(100)).toBe('100');
    expect(formatG(50)).toBe('50');
    expect(formatG(Math.fround(100 / 3))).toBe('33.3333');
    expect(formatG(Math.fround(200 / 3))).toBe('66.6667');
    expect(formatG(Math.fround(10))).toBe('10');
    expect(formatG(Math.fround(100 / 7))).toBe('14.2857');
  });
});
