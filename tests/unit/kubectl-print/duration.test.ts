import { describe, expect, it } from 'vitest';
import { formatRFC1123Z, humanDuration, shortHumanDuration, translateTimestampSince } from '../../../src/lib/shell/kubectl/print';

const s = 1000;
const m = 60 * s;
const h = 60 * m;
const d = 24 * h;

describe('humanDuration (apimachinery duration.HumanDuration)', () => {
  it.each([
    [0, '0s'],
    [-1500, '0s'],
    [-2 * s, '<invalid>'],
    [999, '0s'],
    [45 * s, '45s'],
    [119 * s, '119s'],
    [120 * s, '2m'],
    [130 * s, '2m10s'],
    [9 * m + 59 * s, '9m59s'],
    [10 * m + 30 * s, '10m'],
    [172 * m, '172m'],
    [179 * m + 59 * s, '179m'],
    [3 * h, '3h'],
    [3 * h + 5 * m, '3h5m'],
    [7 * h + 59 * m, '7h59m'],
    [8 * h, '8h'],
    [30 * h, '30h'],
    [47 * h, '47h'],
    [48 * h, '2d'],
    [2 * d + 3 * h, '2d3h'],
    [7 * d + 23 * h, '7d23h'],
    [8 * d, '8d'],
    [40 * d, '40d'],
    [729 * d, '729d'],
    [730 * d, '2y'],
    [731 * d, '2y1d'],
    [8 * 365 * d, '8y'],
    [20 * 365 * d, '20y']
  ])('%i ms -> %s', (ms, want) => {
    expect(humanDuration(ms)).toBe(want);
  });
});

describe('shortHumanDuration', () => {
  it.each([
    [59 * s, '59s'],
    [61 * s, '1m'],
    [119 * m, '1h'],
    [25 * h, '1d'],
    [400 * d, '1y']
  ])('%i ms -> %s', (ms, want) => {
    expect(shortHumanDuration(ms)).toBe(want);
  });
});

describe('timestamps', () => {
  it('AGE from an RFC 3339 creationTimestamp', () => {
    const now = Date.UTC(2024, 9, 3, 9, 40, 0);
    expect(translateTimestampSince('2024-10-03T09:00:00Z', now)).toBe('40m');
    expect(translateTimestampSince('', now)).toBe('<unknown>');
    expect(translateTimestampSince(undefined, now)).toBe('<unknown>');
  });

  it('RFC1123Z as describe prints it', () => {
    expect(formatRFC1123Z('2024-10-03T09:00:00Z')).toBe('Thu, 03 Oct 2024 09:00:00 +0000');
    expect(formatRFC1123Z('2024-01-07T23:05:09Z')).toBe('Sun, 07 Jan 2024 23:05:09 +0000');
  });
});
