import { describe, expect, it } from 'vitest';
import { ellipsis, humanDuration, tabwrite } from '../../../src/lib/shell/docker/format';

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;

describe('humanDuration (docker/go-units)', () => {
  it.each([
    [0, 'Less than a second'],
    [999, 'Less than a second'],
    [S, '1 second'],
    [59 * S + 999, '59 seconds'],
    [60 * S, 'About a minute'],
    [119 * S, 'About a minute'],
    [2 * M, '2 minutes'],
    [59 * M + 59 * S, '59 minutes'],
    [60 * M, 'About an hour'],
    [89 * M, 'About an hour'], // hours are rounded: 1.48 h
    [90 * M, '2 hours'],
    [47 * H, '47 hours'],
    [48 * H, '2 days'],
    [13 * D, '13 days'],
    [14 * D, '2 weeks'],
    [59 * D, '8 weeks'],
    [60 * D, '2 months'],
    [729 * D, '24 months'],
    [730 * D, '2 years']
  ])('%i ms → %s', (ms, want) => {
    expect(humanDuration(ms)).toBe(want);
  });
});

describe('tabwrite (minwidth 10, padding 3)', () => {
  it('pads every cell but the last of a line, to the widest cell + 3 or 10', () => {
    expect(tabwrite(['NETWORK ID\tNAME\tDRIVER\tSCOPE', 'c336c7e1e5b9\tkind\tbridge\tlocal'])).toBe(
      'NETWORK ID     NAME      DRIVER    SCOPE\nc336c7e1e5b9   kind      bridge    local\n'
    );
  });
  it('keeps empty cells padded (an empty PORTS column)', () => {
    expect(tabwrite(['A\tPORTS\tNAMES', 'x\t\tmypc'])).toBe('A         PORTS     NAMES\nx                   mypc\n');
  });
});

describe('ellipsis', () => {
  it('cuts the kind node entrypoint as docker ps shows it', () => {
    expect(ellipsis('/usr/local/bin/entrypoint /sbin/init', 20)).toBe('/usr/local/bin/entr…');
    expect(ellipsis('sleep infinity', 20)).toBe('sleep infinity');
  });
});
