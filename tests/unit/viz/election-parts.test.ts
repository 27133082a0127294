import { describe, expect, it } from 'vitest';
import { en } from '../../../src/lib/i18n/en';
import type { WhatIf } from '../../../src/lib/ui/viz/election/model';
import { headline, reasonText, vipOptions } from '../../../src/lib/ui/viz/election/summary';
import { withNode, withTakesPart, withoutNode } from '../../../src/lib/ui/viz/election/what-if';

const m = en.election;
const none = (): WhatIf => ({ overrides: new Map(), added: [] });

describe('what-if edits', () => {
  const labIn = { node: 'myk8s-worker', hypothetical: false, labReason: null };
  const labOut = { node: 'myk8s-control-plane', hypothetical: false, labReason: 'excluded' as const };
  const hypo = { node: 'myk8s-worker4', hypothetical: true, labReason: null };

  it('records an override only where it differs from the lab, and drops it when ticked back', () => {
    const out = withTakesPart(none(), labIn, false);
    expect([...out.overrides]).toEqual([['myk8s-worker', false]]);
    expect([...withTakesPart(out, labIn, true).overrides]).toEqual([]);
    expect([...withTakesPart(none(), labOut, true).overrides]).toEqual([['myk8s-control-plane', true]]);
    expect([...withTakesPart(none(), labOut, false).overrides]).toEqual([]);
    // a hypothetical node takes part unless told otherwise
    expect([...withTakesPart(none(), hypo, true).overrides]).toEqual([]);
    expect([...withTakesPart(none(), hypo, false).overrides]).toEqual([['myk8s-worker4', false]]);
  });

  it('never changes the what-ifs it is given', () => {
    const w = none();
    withTakesPart(w, labIn, false);
    withNode(w, 'myk8s-worker4');
    expect(w.overrides.size).toBe(0);
    expect(w.added).toEqual([]);
  });

  it('adds hypothetical nodes in order and removes one with its override', () => {
    const two = withNode(withNode(none(), 'a'), 'b');
    expect(two.added).toEqual(['a', 'b']);
    const overridden = withTakesPart(two, { node: 'a', hypothetical: true, labReason: null }, false);
    const gone = withoutNode(overridden, 'a');
    expect(gone.added).toEqual(['b']);
    expect(gone.overrides.has('a')).toBe(false);
    expect(withoutNode(two, 'b').added).toEqual(['a']);
  });
});

describe('explorer sentences', () => {
  it('says why a node is or is not a candidate', () => {
    expect(reasonText({ override: null, labReason: null }, m)).toBe('');
    expect(reasonText({ override: null, labReason: 'excluded' }, m)).toBe('label node.kubernetes.io/exclude-from-external-load-balancers');
    expect(reasonText({ override: 'out', labReason: null }, m)).toBe('left out by your what-if');
    expect(reasonText({ override: 'in', labReason: null }, m)).toBe('included by your what-if');
    expect(reasonText({ override: 'in', labReason: 'memberlist' }, m)).toBe('included by your what-if (its speaker is not alive in memberlist)');
  });

  it('names the winner, and the lab’s owner when a what-if changes it', () => {
    expect(headline('', 'w1', 'w1', false, m)).toBe('');
    expect(headline('172.18.255.200', null, 'w1', true, m)).toBe('No candidate: nobody would announce 172.18.255.200.');
    expect(headline('172.18.255.200', 'w1', 'w1', false, m)).toBe('w1 wins 172.18.255.200.');
    expect(headline('172.18.255.200', 'w1', 'w1', true, m)).toBe('w1 wins 172.18.255.200.');
    expect(headline('172.18.255.200', 'w2', 'w1', true, m)).toBe('w2 wins 172.18.255.200 now (in the lab: w1).');
    expect(headline('172.18.255.200', 'w2', null, true, m)).toBe('w2 wins 172.18.255.200 now (in the lab: —).');
  });

  it('lists the lab’s VIPs with their services, then the typed IPs it does not already have', () => {
    const vips = [
      { ip: '172.18.255.200', services: ['default/svc1', 'other/svc9'] },
      { ip: '172.18.255.201', services: [] }
    ];
    expect(vipOptions(vips, ['172.18.255.201', '10.0.0.7'], m)).toEqual([
      { ip: '172.18.255.200', label: '172.18.255.200: svc1, other/svc9' },
      { ip: '172.18.255.201', label: '172.18.255.201: no service' },
      { ip: '10.0.0.7', label: '10.0.0.7: typed' }
    ]);
  });
});
