import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fill, ipv4Problem, nodeNameProblem } from '../../../src/lib/ui/viz/election/input';
import { type LabFacts, type WhatIf, NO_WHAT_IF, electionTable, outcomes, winner } from '../../../src/lib/ui/viz/election/model';
import { outcomeLines } from '../../../src/lib/ui/viz/election/summary';
import { en } from '../../../src/lib/i18n/en';

const sha = (s: string): string => createHash('sha256').update(s).digest('hex');
const CP = 'myk8s-control-plane';
const W = ['myk8s-worker', 'myk8s-worker2', 'myk8s-worker3'];
const VIPS = ['172.18.255.200', '172.18.255.201', '172.18.255.202'];

/** The article's lab: the control plane excluded by its label, three workers, svc1–3. */
const ARTICLE: LabFacts = {
  nodes: [{ name: CP, reason: 'excluded' }, ...W.map((name) => ({ name, reason: null }))],
  vips: VIPS.map((ip, i) => ({ ip, services: [`default/svc${i + 1}`] }))
};

/** The expected winner, worked out with node:crypto: smallest hex digest among candidates. */
function expectedWinner(candidates: readonly string[], ip: string): string | null {
  const sorted = [...candidates].sort((a, b) => (sha(`${a}#${ip}`) < sha(`${b}#${ip}`) ? -1 : 1));
  return sorted[0] ?? null;
}

function whatIf(overrides: [string, boolean][] = [], added: string[] = []): WhatIf {
  return { overrides: new Map(overrides), added };
}

describe('election table', () => {
  it('lists every node sorted by sha256(node#ip), ranks the candidates, marks the first one owner', async () => {
    const rows = await electionTable(ARTICLE, '172.18.255.200', NO_WHAT_IF);
    const all = [CP, ...W];
    const byDigest = [...all].sort((a, b) => (sha(`${a}#172.18.255.200`) < sha(`${b}#172.18.255.200`) ? -1 : 1));
    expect(rows.map((r) => r.node)).toEqual(byDigest);
    for (const r of rows) expect(r.digestHex).toBe(sha(`${r.node}#172.18.255.200`));
    // hand-checked: 3c94… worker, 50b8… control plane, 887e… worker2, 90ec… worker3
    expect(rows.map((r) => [r.node, r.rank, r.candidate, r.owner])).toEqual([
      ['myk8s-worker', 1, true, true],
      [CP, null, false, false],
      ['myk8s-worker2', 2, true, false],
      ['myk8s-worker3', 3, true, false]
    ]);
    expect(rows[1].labReason).toBe('excluded');
  });

  it('the lab owners of the three VIPs are the node:crypto winners among the workers', async () => {
    for (const ip of VIPS) expect(await winner(ARTICLE, ip, NO_WHAT_IF)).toBe(expectedWinner(W, ip));
    expect(await winner(ARTICLE, '172.18.255.202', NO_WHAT_IF)).toBe('myk8s-worker3');
  });

  it('a node without a usable speaker or advertised by no L2Advertisement is not a candidate', async () => {
    const facts: LabFacts = {
      nodes: [{ name: CP, reason: 'excluded' }, { name: 'myk8s-worker', reason: 'memberlist' }, { name: 'myk8s-worker2', reason: null }, { name: 'myk8s-worker3', reason: null }],
      vips: [{ ip: '172.18.255.200', services: ['default/svc1'], notAdvertised: ['myk8s-worker2'] }]
    };
    const rows = await electionTable(facts, '172.18.255.200', NO_WHAT_IF);
    expect(rows.filter((r) => r.candidate).map((r) => r.node)).toEqual(['myk8s-worker3']);
    expect(rows.find((r) => r.node === 'myk8s-worker2')?.labReason).toBe('not-advertised');
    expect(rows.find((r) => r.owner)?.node).toBe('myk8s-worker3');
  });
});

describe('what-ifs: who stays, who moves', () => {
  it('leaving the owner of .200 out moves only the VIPs it owned', async () => {
    const w = whatIf([['myk8s-worker', false]]);
    const out = await outcomes(ARTICLE, w);
    const rest = W.filter((n) => n !== 'myk8s-worker');
    for (const o of out) {
      expect(o.before).toBe(expectedWinner(W, o.ip));
      expect(o.after).toBe(expectedWinner(rest, o.ip));
      expect(o.moves).toBe(o.before === 'myk8s-worker');
    }
    // .200 and .201 were on myk8s-worker; .202 stays on myk8s-worker3
    expect(out.map((o) => [o.ip, o.before, o.after, o.moves])).toEqual([
      ['172.18.255.200', 'myk8s-worker', 'myk8s-worker2', true],
      ['172.18.255.201', 'myk8s-worker', 'myk8s-worker3', true],
      ['172.18.255.202', 'myk8s-worker3', 'myk8s-worker3', false]
    ]);
    const rows = await electionTable(ARTICLE, '172.18.255.200', w);
    const worker = rows.find((r) => r.node === 'myk8s-worker');
    expect(worker).toMatchObject({ candidate: false, override: 'out', rank: null, owner: false });
  });

  it('removing a node that owns nothing moves nothing', async () => {
    const out = await outcomes(ARTICLE, whatIf([['myk8s-worker2', false]]));
    expect(out.every((o) => !o.moves)).toBe(true);
  });

  it('adding a node moves only the VIPs it wins: myk8s-worker4 none, myk8s-worker5 svc3', async () => {
    for (const [extra, moved] of [['myk8s-worker4', []], ['myk8s-worker5', ['172.18.255.202']]] as const) {
      const out = await outcomes(ARTICLE, whatIf([], [extra]));
      for (const o of out) {
        expect(o.after).toBe(expectedWinner([...W, extra], o.ip));
        expect(o.moves).toBe(o.after === extra);
      }
      expect(out.filter((o) => o.moves).map((o) => o.ip)).toEqual(moved);
    }
    // myk8s-worker4 sorts second for .200 (3c94… < 4d30…): a candidate, not the owner
    const rows = await electionTable(ARTICLE, '172.18.255.200', whatIf([], ['myk8s-worker4']));
    expect(rows.map((r) => r.node).slice(0, 2)).toEqual(['myk8s-worker', 'myk8s-worker4']);
    expect(rows[1]).toMatchObject({ hypothetical: true, candidate: true, owner: false, rank: 2, digestHex: sha('myk8s-worker4#172.18.255.200') });
  });

  it('including the control plane (as if unlabelled) makes it a candidate; it wins nothing of svc1–3', async () => {
    const w = whatIf([[CP, true]]);
    const rows = await electionTable(ARTICLE, '172.18.255.200', w);
    expect(rows.find((r) => r.node === CP)).toMatchObject({ candidate: true, override: 'in', rank: 2, labReason: 'excluded' });
    expect((await outcomes(ARTICLE, w)).some((o) => o.moves)).toBe(false);
    // …but it would inherit .200 from myk8s-worker (it sorts second)
    const both = await outcomes(ARTICLE, whatIf([[CP, true], ['myk8s-worker', false]]));
    expect(both[0].after).toBe(CP);
  });

  it('property: a what-if moves a VIP only if it removes its owner or adds a node that sorts first', async () => {
    const names = [...W, 'myk8s-worker4', 'myk8s-worker5'];
    await fc.assert(
      fc.asyncProperty(fc.subarray(W), fc.subarray(['myk8s-worker4', 'myk8s-worker5']), fc.integer({ min: 0, max: 255 }), async (off, add, last) => {
        const ip = `172.18.255.${last}`;
        const facts: LabFacts = { nodes: W.map((name) => ({ name, reason: null })), vips: [{ ip, services: [] }] };
        const w = whatIf(off.map((n) => [n, false] as [string, boolean]), add);
        const [o] = await outcomes(facts, w);
        const cands = names.filter((n) => (W.includes(n) && !off.includes(n)) || add.includes(n));
        expect(o.before).toBe(expectedWinner(W, ip));
        expect(o.after).toBe(expectedWinner(cands, ip));
        if (o.moves) expect(off.includes(o.before ?? '') || add.includes(o.after ?? '')).toBe(true);
      }),
      { numRuns: 60 }
    );
  });

  it('says it in words', async () => {
    const out = await outcomes(ARTICLE, whatIf([['myk8s-worker', false]]));
    expect(outcomeLines(out, en.election).map((l) => l.text)).toEqual([
      'svc1 (172.18.255.200) moves from myk8s-worker to myk8s-worker2',
      'svc2 (172.18.255.201) moves from myk8s-worker to myk8s-worker3',
      'svc3 (172.18.255.202) stays on myk8s-worker3'
    ]);
    const none = await outcomes(ARTICLE, whatIf(W.map((n) => [n, false] as [string, boolean])));
    expect(outcomeLines(none, en.election)[0].text).toBe('svc1 (172.18.255.200) loses its owner myk8s-worker: nobody announces it');
  });
});

describe('input checks', () => {
  it('IPv4 addresses', () => {
    expect(ipv4Problem('172.18.255.203')).toBeNull();
    expect(ipv4Problem(' 10.0.0.1 ')).toBeNull();
    expect(ipv4Problem('')).toBe('empty');
    expect(ipv4Problem('172.18.255')).toBe('format');
    expect(ipv4Problem('172.18.255.x')).toBe('format');
    expect(ipv4Problem('fe80::1')).toBe('format');
    expect(ipv4Problem('172.18.255.256')).toBe('octet');
    expect(ipv4Problem('172.18.255.07')).toBe('leading-zero');
  });

  it('hypothetical node names', () => {
    expect(nodeNameProblem('myk8s-worker4', W)).toBeNull();
    expect(nodeNameProblem('', W)).toBe('empty');
    expect(nodeNameProblem('Worker4', W)).toBe('format');
    expect(nodeNameProblem('-w', W)).toBe('format');
    expect(nodeNameProblem('myk8s-worker2', W)).toBe('exists');
    expect(nodeNameProblem('a'.repeat(254), W)).toBe('too-long');
  });

  it('fills templates', () => {
    expect(fill('{a} to {b}, {c}', { a: 1, b: 'x' })).toBe('1 to x, {c}');
  });
});
