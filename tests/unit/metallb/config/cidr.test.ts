/**
 * CIDR/IP/Go-format vectors. Expected values were computed independently: the summaries and
 * IPv6 texts with Python's ipaddress module (summarize_address_range, .compressed), the Go
 * formatting by hand from Go's documented rules (%q of an int is a quoted rune; Duration.String).
 */
import { describe, expect, test } from 'vitest';
import { cidrString, cidrsOverlap, parseCIDR, parseStdCIDR } from '../../../../src/lib/engine/metallb/config/cidr';
import { goDurationString, goQuote, goQuoteRune, parseGoDuration } from '../../../../src/lib/engine/metallb/config/gofmt';
import { ipString, parseIP } from '../../../../src/lib/engine/metallb/config/ip';

function nets(s: string): string[] {
  const r = parseCIDR(s);
  if (!r.ok) throw new Error(r.error);
  return r.nets.map(cidrString);
}

function err(s: string): string {
  const r = parseCIDR(s);
  return r.ok ? 'ok' : r.error;
}

describe('ParseCIDR', () => {
  test('the lab pool summarises like ipaddress.summarize_address_range', () => {
    expect(nets('172.18.255.200-172.18.255.250')).toEqual([
      '172.18.255.200/29',
      '172.18.255.208/28',
      '172.18.255.224/28',
      '172.18.255.240/29',
      '172.18.255.248/31',
      '172.18.255.250/32'
    ]);
  });

  test('more summaries (python vectors)', () => {
    expect(nets('10.0.0.1-10.0.0.254')).toEqual([
      '10.0.0.1/32', '10.0.0.2/31', '10.0.0.4/30', '10.0.0.8/29', '10.0.0.16/28', '10.0.0.32/27', '10.0.0.64/26',
      '10.0.0.128/26', '10.0.0.192/27', '10.0.0.224/28', '10.0.0.240/29', '10.0.0.248/30', '10.0.0.252/31', '10.0.0.254/32'
    ]);
    expect(nets('0.0.0.0-255.255.255.255')).toEqual(['0.0.0.0/0']);
    expect(nets('192.168.1.255-192.168.2.0')).toEqual(['192.168.1.255/32', '192.168.2.0/32']);
    expect(nets('fc00::10-fc00::2f')).toEqual(['fc00::10/124', 'fc00::20/124']);
    expect(nets('10.0.0.5-10.0.0.5')).toEqual(['10.0.0.5/32']);
  });

  test('spaces around the dash are trimmed', () => {
    expect(nets('10.0.0.1 - 10.0.0.2')).toEqual(['10.0.0.1/32', '10.0.0.2/32']);
  });

  test('a CIDR keeps only its network bits', () => {
    expect(nets('172.18.255.201/29')).toEqual(['172.18.255.200/29']);
    expect(nets('FC00:0:0::1/64')).toEqual(['fc00::/64']);
  });

  test('error texts', () => {
    expect(err('10.0.0.300/24')).toBe('invalid CIDR "10.0.0.300/24"');
    expect(err('10.0.0.0/33')).toBe('invalid CIDR "10.0.0.0/33"');
    expect(err('10.0.0.0')).toBe('invalid CIDR "10.0.0.0"');
    expect(err('10.0.0.01/24')).toBe('invalid CIDR "10.0.0.01/24"');
    expect(err('x - 10.0.0.1')).toBe('invalid IP range "x - 10.0.0.1": invalid start IP "x "');
    expect(err('10.0.0.1-10.0.0.x')).toBe('invalid IP range "10.0.0.1-10.0.0.x": invalid end IP "10.0.0.x"');
    expect(err('10.0.0.10-10.0.0.1')).toBe('invalid IP range "10.0.0.10-10.0.0.1": start IP "10.0.0.10" is after the end IP "10.0.0.1"');
    expect(err('10.0.0.0/24-10.0.1.0')).toBe('invalid IP range "10.0.0.0/24-10.0.1.0": invalid start IP "10.0.0.0/24"');
  });

  test('a range across families summarises to nothing (Go returns nil)', () => {
    expect(nets('10.0.0.1-fc00::1')).toEqual([]);
  });

  test('overlap: containment or equality, either way round', () => {
    const o = (a: string, b: string): boolean => {
      const x = parseStdCIDR(a);
      const y = parseStdCIDR(b);
      if (!x || !y) throw new Error('parse');
      return cidrsOverlap(x, y);
    };
    expect(o('172.18.255.240/29', '172.18.255.240/28')).toBe(true);
    expect(o('172.18.255.240/28', '172.18.255.248/31')).toBe(true);
    expect(o('10.0.0.0/24', '10.0.0.0/24')).toBe(true);
    expect(o('10.0.0.0/25', '10.0.0.128/25')).toBe(false);
    expect(o('10.0.0.0/8', 'fc00::/8')).toBe(false);
  });
});

describe('IP text like Go net.IP', () => {
  test('IPv6 canonical form (python .compressed)', () => {
    const t = (s: string): string => {
      const ip = parseIP(s);
      return ip ? ipString(ip) : 'nil';
    };
    expect(t('2001:0db8:0000:0000:0000:ff00:0042:8329')).toBe('2001:db8::ff00:42:8329');
    expect(t('fe80:0:0:1:0:0:0:1')).toBe('fe80:0:0:1::1');
    expect(t('1:0:0:0:1:0:0:0')).toBe('1::1:0:0:0');
    expect(t('2001:db8:0:1:1:1:1:1')).toBe('2001:db8:0:1:1:1:1:1');
    expect(t('::')).toBe('::');
    expect(t('0:0:0:0:0:0:0:1')).toBe('::1');
    expect(t('::ffff:10.1.2.3')).toBe('10.1.2.3');
    expect(t('fe80::1%eth0')).toBe('nil');
    expect(t('1::2::3')).toBe('nil');
    expect(t('1.2.3')).toBe('nil');
    expect(t('01.2.3.4')).toBe('nil');
  });
});

describe('Go formatting', () => {
  test('%q of an int is a quoted character', () => {
    expect(goQuoteRune(33)).toBe("'!'");
    expect(goQuoteRune(39)).toBe("'\\''");
    expect(goQuoteRune(34)).toBe("'\"'");
    expect(goQuoteRune(127)).toBe("'\\x7f'");
    expect(goQuoteRune(129)).toBe("'\\u0081'");
    expect(goQuoteRune(160)).toBe("'\\u00a0'");
    expect(goQuoteRune(200)).toBe("'È'");
    expect(goQuoteRune(1000)).toBe("'Ϩ'");
  });

  test('%q of a string', () => {
    expect(goQuote('a"b\\c\n')).toBe('"a\\"b\\\\c\\n"');
  });

  test('durations', () => {
    const d = (s: string): string => {
      const r = parseGoDuration(s);
      return r.ok ? goDurationString(r.ns) : r.error;
    };
    expect(d('2s')).toBe('2s');
    expect(d('90s')).toBe('1m30s');
    expect(d('1.5s')).toBe('1.5s');
    expect(d('1500ms')).toBe('1.5s');
    expect(d('500ms')).toBe('500ms');
    expect(d('3600s')).toBe('1h0m0s');
    expect(d('1h2m3.25s')).toBe('1h2m3.25s');
    expect(d('-5s')).toBe('-5s');
    expect(d('0')).toBe('0s');
    expect(d('abc')).toBe('time: invalid duration "abc"');
    expect(d('10')).toBe('time: missing unit in duration "10"');
    expect(d('10x')).toBe('time: unknown unit "x" in duration "10x"');
  });
});
