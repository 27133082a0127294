import { describe, expect, it } from 'vitest';
import { lessons } from '../../../src/lessons';
import { evaluateGoal, evaluateLesson, goalKey, latchProgress, learnerBaseline, matchesSelector, missingGoals } from '../../../src/lessons/goals';
import { Journal, journalOf, trackLesson } from '../../../src/lessons/journal';
import { METALLB_APPLY } from '../../../src/lessons/shared';
import type { GoalCheck, Lesson } from '../../../src/lessons/types';
import type { TraceEvent } from '../../../src/lib/engine/sim/trace';
import { buildLab } from '../../../src/lib/shell/scenarios';
import { LabShell } from '../../../src/lib/shell/shell';

// ------------------------------------------------------------------ synthetic frames

function ip4(s: string): number[] {
  return s.split('.').map(Number);
}

function ether(type: number, payload: number[]): Uint8Array {
  return Uint8Array.from([...Array(6).fill(0xff), 2, 0, 0, 0, 0, 1, type >> 8, type & 0xff, ...payload]);
}

function arp(op: 1 | 2, senderIp: string, targetIp: string): Uint8Array {
  return ether(0x0806, [0, 1, 8, 0, 6, 4, 0, op, 2, 0, 0, 0, 0, 1, ...ip4(senderIp), 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, ...ip4(targetIp)]);
}

function tcp(src: string, sport: number, dst: string, dport: number, flags: number, payload = ''): Uint8Array {
  const data = [...payload].map((c) => c.charCodeAt(0));
  const tcpHdr = [sport >> 8, sport & 0xff, dport >> 8, dport & 0xff, 0, 0, 0, 1, 0, 0, 0, 0, 5 << 4, flags, 0xfa, 0xf0, 0, 0, 0, 0];
  const total = 20 + tcpHdr.length + data.length;
  const ipHdr = [0x45, 0, total >> 8, total & 0xff, 0, 0, 0x40, 0, 64, 6, 0, 0, ...ip4(src), ...ip4(dst)];
  return ether(0x0800, [...ipHdr, ...tcpHdr, ...data]);
}

let seq = 0;
function frame(t: number, bytes: Uint8Array): TraceEvent {
  return { t, seq: seq++, type: 'frame', segment: 'kind', bytes, summary: '' };
}

function note(t: number, topic: string, text: string): TraceEvent {
  return { t, seq: seq++, type: 'note', topic, text };
}

const SYN = 0x02;
const SYNACK = 0x12;
const PSHACK = 0x18;

describe('the journal', () => {
  it('spots gratuitous ARP (sender IP = target IP) and nothing else', () => {
    const j = new Journal();
    j.ingest(frame(0, arp(1, '172.18.0.100', '172.18.255.200')));
    j.ingest(frame(1, arp(2, '172.18.255.200', '172.18.0.100')));
    j.ingest(frame(2, arp(1, '172.18.255.202', '172.18.255.202')));
    j.ingest(frame(3, arp(2, '172.18.255.202', '172.18.255.202')));
    expect(j.gratuitous.map((g) => g.ip)).toEqual(['172.18.255.202', '172.18.255.202']);
  });

  it('pairs a request with its HTTP answer, whoami\'s Hostname and the node that translated it', () => {
    const j = new Journal();
    j.ingest(frame(0, tcp('172.18.0.100', 40000, '172.18.255.200', 80, SYN)));
    j.ingest(frame(1, tcp('172.18.0.100', 40000, '172.18.255.200', 80, SYN))); // a retransmission
    j.ingest(note(1, 'netfilter', 'myk8s-worker: tcp 172.18.0.100:40000 → 172.18.255.200:80: DNAT 172.18.255.200:80 → 10.10.2.2:80 (KUBE-SERVICES → …)'));
    j.ingest(frame(2, tcp('172.18.255.200', 80, '172.18.0.100', 40000, SYNACK)));
    j.ingest(frame(3, tcp('172.18.255.200', 80, '172.18.0.100', 40000, PSHACK, 'HTTP/1.1 200 OK\r\nContent-Length: 20\r\n\r\nHostname: webpod2\nIP: 127.0.0.1\n')));
    j.ingest(frame(4, tcp('172.18.0.100', 40001, '172.18.255.200', 80, SYN))); // never answered
    expect(j.conns).toHaveLength(2);
    expect(j.conns[0]).toMatchObject({ client: '172.18.0.100', clientPort: 40000, dst: '172.18.255.200', dstPort: 80, entryNode: 'myk8s-worker', dnatTo: '10.10.2.2' });
    expect(j.conns[0].answer).toMatchObject({ status: 200, hostname: 'webpod2' });
    expect(j.conns[1].answer).toBeNull();
  });

  it('finds the Hostname in a later segment and ignores events seen twice', () => {
    const j = new Journal();
    const syn = frame(0, tcp('172.18.0.100', 50000, '172.18.0.3', 31000, SYN));
    j.ingest(syn);
    j.ingest(syn);
    j.ingest(frame(1, tcp('172.18.0.3', 31000, '172.18.0.100', 50000, PSHACK, 'HTTP/1.1 200 OK\r\n\r\n')));
    j.ingest(frame(2, tcp('172.18.0.3', 31000, '172.18.0.100', 50000, PSHACK, 'Hostname: webpod-abc\n')));
    expect(j.conns).toHaveLength(1);
    expect(j.conns[0].answer).toMatchObject({ status: 200, hostname: 'webpod-abc' });
  });
});

describe('goal checks', () => {
  it('match label selectors the simple way', () => {
    expect(matchesSelector({ app: 'webpod', tier: 'web' }, 'app=webpod')).toBe(true);
    expect(matchesSelector({ app: 'webpod' }, 'app==webpod,tier')).toBe(false);
    expect(matchesSelector({ app: 'webpod', tier: '' }, 'app=webpod,tier')).toBe(true);
    expect(matchesSelector(undefined, 'app=webpod')).toBe(false);
    expect(matchesSelector({}, '')).toBe(true);
  });

  it('never throw on an empty machine, and find nothing there', async () => {
    const lab = await buildLab({ scenario: 'empty', seed: 1 });
    const checks: GoalCheck[] = lessons.flatMap((l) => l.steps.flatMap((s) => s.goals.map((g) => g.check)));
    for (const c of checks) {
      const got = await evaluateGoal(c, lab);
      // only negations can hold when nothing exists
      expect(got, JSON.stringify(c)).toBe(c.type === 'not');
    }
  });

  it('do not count the commands buildLab typed for the l2 scenario as the learner\'s', async () => {
    const lab = await buildLab({ scenario: 'l2', seed: 5 });
    const ran: GoalCheck = { type: 'commandRan', pattern: 'metallb-native\\.yaml' };
    expect(await evaluateGoal(ran, lab, { scenario: 'l2' })).toBe(false);
    expect(await evaluateGoal(ran, lab)).toBe(false); // recognised without being told
    expect(learnerBaseline(journalOf(lab), 'l2')).toBe(Number.POSITIVE_INFINITY);
    const shell = new LabShell(lab);
    await shell.run(METALLB_APPLY);
    expect(await evaluateGoal(ran, lab, { scenario: 'l2' })).toBe(true);
    expect(await evaluateGoal({ ...ran, minCount: 2 }, lab, { scenario: 'l2' })).toBe(false);
    // the gratuitous ARP of the scenario's own announcements is not the learner's either
    expect(await evaluateGoal({ type: 'gratuitousArpSeen', service: 'svc1' }, lab, { scenario: 'l2' })).toBe(false);
  });

  it('read owners, pools and services from the engine', async () => {
    const lab = await buildLab({ scenario: 'l2', seed: 5 });
    const yes: GoalCheck[] = [
      { type: 'metallbReady' },
      { type: 'poolExists', name: 'my-ippool' },
      { type: 'l2AdvertisementExists', name: 'my-l2-advertise', pool: 'my-ippool' },
      { type: 'serviceHasExternalIP', service: 'svc1', ip: '172.18.255.200' },
      { type: 'serviceExists', service: 'svc2', serviceType: 'LoadBalancer', pending: false },
      { type: 'ownerIs', service: 'svc1', node: 'myk8s-worker' },
      { type: 'ownerIs', service: 'svc3', node: 'myk8s-worker3' },
      { type: 'ownerKnown', service: 'svc2' },
      { type: 'podRunning', selector: 'app=webpod', count: 2 },
      { type: 'podRunning', namespace: 'metallb-system', selector: 'component=speaker', count: 4 },
      { type: 'nodesReady', count: 4 },
      { type: 'nodeLabel', node: 'myk8s-control-plane', key: 'node.kubernetes.io/exclude-from-external-load-balancers', present: true },
      { type: 'nodeLabel', node: 'myk8s-worker', key: 'node.kubernetes.io/exclude-from-external-load-balancers', present: false },
      { type: 'containerOnNetwork', name: 'mypc', network: 'kind', ip: '172.18.0.100' },
      { type: 'objectExists', resource: 'ipaddresspools', namespace: 'metallb-system', name: 'my-ippool' },
      { type: 'not', check: { type: 'ownerNone', service: 'svc1' } }
    ];
    const no: GoalCheck[] = [
      { type: 'ownerIs', service: 'svc1', node: 'myk8s-control-plane' },
      { type: 'ownerChanged', service: 'svc1', from: 'myk8s-worker' },
      { type: 'serviceHasExternalIP', service: 'svc1', ip: '172.18.255.201' },
      { type: 'serviceExists', service: 'svc1', pending: true },
      { type: 'nodeNotReady', name: 'myk8s-worker' },
      { type: 'endpointsExclude', service: 'svc1', node: 'myk8s-worker' },
      { type: 'containerState', name: 'myk8s-worker', state: 'exited' },
      { type: 'arpEntryIsOwner', container: 'mypc', service: 'svc1' },
      { type: 'curlAnswered', service: 'svc1' },
      { type: 'curlFailed', service: 'svc1' },
      { type: 'podRunning', name: 'nope' }
    ];
    for (const c of yes) expect(await evaluateGoal(c, lab, { scenario: 'l2' }), JSON.stringify(c)).toBe(true);
    for (const c of no) expect(await evaluateGoal(c, lab, { scenario: 'l2' }), JSON.stringify(c)).toBe(false);
  });

  it('see answers and failures of requests sent through the external IP', async () => {
    const lab = await buildLab({ scenario: 'l2', seed: 5 });
    trackLesson(lab);
    const shell = new LabShell(lab);
    await shell.run('docker exec mypc curl -s 172.18.255.200');
    expect(await evaluateGoal({ type: 'curlAnswered', service: 'svc1', entryNode: 'myk8s-worker' }, lab)).toBe(true);
    expect(await evaluateGoal({ type: 'curlAnswered', service: 'svc2' }, lab)).toBe(false);
    expect(await evaluateGoal({ type: 'arpEntryIsOwner', container: 'mypc', service: 'svc1' }, lab)).toBe(true);
    await shell.run('docker stop myk8s-worker --signal 9');
    // right after the kill mypc still sends to the dead node's MAC: nothing answers
    await shell.run('docker exec mypc curl -s --connect-timeout 1 172.18.255.200');
    await shell.run('sleep 3');
    expect(await evaluateGoal({ type: 'curlFailed', service: 'svc1' }, lab)).toBe(true);
    // memberlist needs a few seconds to declare the node dead
    expect(await evaluateGoal({ type: 'ownerChanged', service: 'svc1', from: 'myk8s-worker' }, lab)).toBe(false);
    await shell.run('sleep 5');
    expect(await evaluateGoal({ type: 'ownerChanged', service: 'svc1', from: 'myk8s-worker' }, lab)).toBe(true);
    expect(await evaluateGoal({ type: 'curlAnswered', service: 'svc1', afterEvent: { reason: 'NodeNotReady', object: 'node/myk8s-worker' } }, lab)).toBe(false);
  });
});

describe('lesson evaluation', () => {
  const tiny: Lesson = {
    slug: '99-tiny',
    number: 99,
    title: { en: 't', ko: 't' },
    summary: { en: 's', ko: 's' },
    scenario: 'kind',
    seed: 1,
    intro: { en: 'i', ko: 'i' },
    steps: [
      {
        id: 'a',
        title: { en: 'a', ko: 'a' },
        body: { en: 'a', ko: 'a' },
        goals: [
          { id: 'nodes', text: { en: 'nodes', ko: 'nodes' }, check: { type: 'nodesReady', count: 4 } },
          { id: 'typed', text: { en: 'typed', ko: 'typed' }, check: { type: 'commandRan', pattern: '^echo hi$' } }
        ],
        hints: [{ en: 'h', ko: 'h' }],
        solution: ['echo hi']
      }
    ]
  };

  it('reports per-step results, the missing goals, and latches progress', async () => {
    const lab = await buildLab({ scenario: 'kind', seed: 1 });
    const r = await evaluateLesson(tiny, lab);
    expect(r).toEqual({ slug: '99-tiny', done: false, steps: [{ id: 'a', done: false, goals: [{ id: 'nodes', done: true }, { id: 'typed', done: false }] }] });
    expect((await missingGoals(tiny, lab)).map((m) => m.goalId)).toEqual(['typed']);
    expect(await missingGoals(tiny, lab, new Set([goalKey('a', 'typed')]))).toEqual([]);
    await new LabShell(lab).run('echo hi');
    const r2 = await evaluateLesson(tiny, lab);
    expect(r2.done).toBe(true);
    const latched = latchProgress(new Set(['x/y']), r2);
    expect([...latched].sort()).toEqual(['a/nodes', 'a/typed', 'x/y']);
  });
});
