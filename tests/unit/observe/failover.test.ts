import { describe, expect, it } from 'vitest';
import { capturePcap } from '../../../src/cli/pcap';
import { writePcap } from '../../../src/lib/engine/net/pcap';
import { answersSince, frameRecords, lastRequestLoop, measureFailovers, pcapOfLab, timelineOf } from '../../../src/lib/engine/observe';
import { curlLoop } from '../../../src/lib/shell/article';
import { buildLab } from '../../../src/lib/shell/scenarios';
import { LabShell } from '../../../src/lib/shell/shell';
import { ranking, sameBytes } from './helpers';

const WORKERS = ['myk8s-worker', 'myk8s-worker2', 'myk8s-worker3'];
const VIP = '172.18.255.200';

/** `uniq -c` lines → [hostname, count], as the shell printed them. */
function uniqCounts(out: string): Map<string, number> {
  const m = new Map<string, number>();
  for (const line of out.split('\n')) {
    const x = /^\s*(\d+) (?:Hostname: )?(\S+)$/.exec(line);
    if (x) m.set(x[2], Number(x[1]));
  }
  return m;
}

const lastSeq = (lab: { sim: { trace: { all(): readonly { seq: number }[] } } }) => lab.sim.trace.all().at(-1)!.seq;

describe.each([1, 4])('the article’s failover, seed %i', async (seed) => {
  const lab = await buildLab({ scenario: 'l2', seed });
  const shell = new LabShell(lab);
  await shell.run(`SVC1EXIP=${VIP}`);
  const order = ranking(VIP, WORKERS);
  const [owner, next] = order;

  const loopStart = lastSeq(lab);
  const loopLine = curlLoop('SVC1EXIP');
  const loop = await shell.run(loopLine);
  const loopEnd = lastSeq(lab);
  const loopTally = answersSince(lab, loopStart);
  const loopLast = lastRequestLoop(lab);
  // read once before the kill: the stopwatch and the tally then continue from where they were
  const failoversBefore = measureFailovers(lab);

  const killSeq = lastSeq(lab);
  await shell.run(`docker stop ${owner} --signal 9`);
  await shell.run('sleep 15');
  const curlSeq = lastSeq(lab);
  const curl = await shell.run(`docker exec mypc curl -s ${VIP}`);

  it('counts the 100-request loop as uniq -c does', () => {
    const printed = uniqCounts(loop.stdout);
    const tally = loopTally;
    expect(loopLast).toEqual(tally);
    expect(tally.command).toBe(loopLine);
    expect(tally.failed).toBe(0);
    expect(tally.counts.reduce((s, c) => s + c.count, 0)).toBe(100);
    expect(new Map(tally.counts.map((c) => [c.hostname, c.count]))).toEqual(printed);
    expect(tally.counts.map((c) => c.hostname).sort()).toEqual(['webpod1', 'webpod2']);
    // since the loop's end: only the single curl after the failover
    expect(answersSince(lab, loopEnd).counts.reduce((s, c) => s + c.count, 0)).toBe(1);
  });

  it('the last request loop is the single curl after the failover', () => {
    const last = lastRequestLoop(lab);
    const host = /^Hostname: (\S+)$/m.exec(curl.stdout)![1];
    expect(last).toEqual({ command: `docker exec mypc curl -s ${VIP}`, counts: [{ hostname: host, count: 1 }], failed: 0 });
  });

  it('times the failover: memberlist’s window, the hash runner-up, then the first answer through it', () => {
    expect(failoversBefore).toEqual([]);
    const all = measureFailovers(lab).filter((m) => m.vip === VIP);
    expect(all).toHaveLength(1);
    const m = all[0];
    const exit = lab.sim.trace.ofType('container').find((e) => e.seq > killSeq && e.name === owner && e.state === 'exited')!;
    expect(m.lost).toEqual({ machine: owner, t: exit.t, how: 'killed' });
    expect(m.newOwner?.machine).toBe(next);
    expect(m.ownerMovedMs).toBe(m.newOwner!.t - exit.t);
    expect(m.ownerMovedMs!).toBeGreaterThanOrEqual(5000);
    expect(m.ownerMovedMs!).toBeLessThanOrEqual(8000);
    // the first answer is the curl's HTTP response from the new owner's MAC to mypc
    const nextMac = lab.docker.find(next)!.endpoints[0].mac;
    const resp = frameRecords(lab, { sinceSeq: curlSeq, segment: 'kind' }).find((f) => f.kind === 'http' && f.src.mac === nextMac && f.dst.machine === 'mypc' && new TextDecoder().decode(f.bytes.subarray(54, 59)) === 'HTTP/');
    expect(resp).toBeDefined();
    expect(m.firstAnswer).toEqual({ t: resp!.t });
    expect(m.durationMs).toBe(resp!.t - exit.t);
  });

  it('says why the new owner sent its gratuitous ARPs, and why MetalLB answered a who-has', () => {
    const garps = frameRecords(lab, { sinceSeq: killSeq }).filter((f) => f.kind === 'garp' && f.src.machine === next && f.src.ip === VIP);
    expect(garps.length).toBe(10); // 5 pairs over 4.4 s
    expect(garps[0].why).toBe(`gratuitous ARP because ${next} became owner of ${VIP} (default/svc1) after ${owner} left memberlist`);
    expect(garps[9].t - garps[0].t).toBeCloseTo(4400, 6);
    const replies = frameRecords(lab).filter((f) => f.kind === 'arp-reply' && f.src.ip === VIP);
    expect(replies.length).toBeGreaterThanOrEqual(1);
    expect(replies[0].why).toBe(`ARP reply: ${owner} announces ${VIP}`);
    expect(replies[0]).toMatchObject({ src: { machine: owner }, dst: { machine: 'mypc', ip: '172.18.0.100' } });
  });

  it('puts command, memberlist death, election and one burst per VIP on the timeline, in time order', () => {
    const tl = timelineOf(lab, { sinceSeq: killSeq });
    for (let i = 1; i < tl.length; i++) {
      expect(tl[i].seq).toBeGreaterThan(tl[i - 1].seq);
      expect(tl[i].t).toBeGreaterThanOrEqual(tl[i - 1].t);
    }
    const kill = tl.findIndex((e) => e.kind === 'command' && e.text === `docker stop ${owner} --signal 9`);
    const stopped = tl.findIndex((e) => e.kind === 'node' && e.machine === owner && /stopped/.test(e.text));
    const death = tl.findIndex((e) => e.kind === 'memberlist' && e.machine === owner && /dead/.test(e.text));
    const election = tl.findIndex((e) => e.kind === 'election' && e.machine === next && e.vip === VIP);
    const bursts = tl.filter((e) => e.kind === 'arp-burst' && e.vip === VIP);
    expect(kill).toBeGreaterThanOrEqual(0);
    expect(stopped).toBeGreaterThan(kill);
    expect(death).toBeGreaterThan(stopped);
    expect(election).toBeGreaterThan(death);
    expect(bursts).toHaveLength(1);
    expect(bursts[0]).toMatchObject({ machine: next, text: `gratuitous ARP burst for ${VIP}: ${next} became owner of ${VIP} (default/svc1) after ${owner} left memberlist` });
    expect(tl.indexOf(bursts[0])).toBeGreaterThan(death);
    // three speakers declare the death: one entry
    expect(tl.filter((e) => e.kind === 'memberlist' && e.machine === owner && /dead/.test(e.text))).toHaveLength(1);
    expect(tl[death].text).toMatch(/seen by .+, .+, .+\)$/);
    // reading from the middle of the burst does not make a second one
    const mid = frameRecords(lab, { sinceSeq: killSeq }).filter((f) => f.kind === 'garp' && f.src.ip === VIP)[3].seq;
    expect(timelineOf(lab, { sinceSeq: mid }).filter((e) => e.kind === 'arp-burst' && e.vip === VIP)).toHaveLength(0);
  });

  it('frameRecords: every frame of the trace, oldest first; a limit keeps the most recent', () => {
    const frames = lab.sim.trace.ofType('frame');
    const all = frameRecords(lab);
    expect(all.map((f) => f.seq)).toEqual(frames.map((f) => f.seq));
    expect(frameRecords(lab, { limit: 5 }).map((f) => f.seq)).toEqual(frames.slice(-5).map((f) => f.seq));
    expect(frameRecords(lab, { sinceSeq: frames.at(-3)!.seq }).map((f) => f.seq)).toEqual(frames.slice(-2).map((f) => f.seq));
    expect(frameRecords(lab, { segment: 'nope' })).toEqual([]);
    const mypcMac = lab.docker.find('mypc')!.endpoints[0].mac;
    for (const f of all.slice(-200)) {
      if (f.src.mac === mypcMac) expect(f.src.machine).toBe('mypc');
      if (f.dst.mac === 'ff:ff:ff:ff:ff:ff') expect(f.dst.machine).toBeUndefined();
    }
  });

  it('pcapOfLab is the CLI’s capture, frame for frame', () => {
    const mine = pcapOfLab(lab);
    expect(sameBytes(mine, capturePcap(lab))).toBe(true);
    const frames = lab.sim.trace.ofType('frame').filter((f) => f.segment === 'kind');
    expect(sameBytes(mine, writePcap(frames.map((f) => ({ t: f.t, bytes: f.bytes })), lab.sim.clock.epochMs))).toBe(true);
    expect(mine.length).toBe(24 + frames.reduce((s, f) => s + 16 + f.bytes.length, 0));
  });
});

describe('answers: failed connections while the owner is gone', () => {
  it('counts the curls that timed out, as the loop printed them', async () => {
    const lab = await buildLab({ scenario: 'l2', seed: 1 });
    const shell = new LabShell(lab);
    const owner = ranking(VIP, WORKERS)[0];
    await shell.run(`docker stop ${owner} --signal 9`);
    await shell.run('sleep 20');
    const start = lastSeq(lab);
    const line = `docker exec mypc zsh -c "for i in {1..10}; do curl -s --connect-timeout 2 ${VIP} | grep Hostname || echo failed; done | sort | uniq -c | sort -nr"`;
    const r = await shell.run(line);
    const printed = uniqCounts(r.stdout);
    const tally = answersSince(lab, start);
    expect(tally.failed).toBe(printed.get('failed') ?? 0);
    expect(tally.failed).toBeGreaterThan(0);
    expect(tally.counts).toEqual([...printed].filter(([h]) => h !== 'failed').map(([hostname, count]) => ({ hostname, count })));
    expect(tally.failed + tally.counts.reduce((s, c) => s + c.count, 0)).toBe(10);
  });
});

describe('failover: a graceful stop and a pause', () => {
  it('times a docker stop from its start, and a pause from the freeze', async () => {
    const lab = await buildLab({ scenario: 'l2', seed: 1 });
    const shell = new LabShell(lab);
    const vip = '172.18.255.202';
    const [owner, next] = ranking(vip, WORKERS);
    const before = lastSeq(lab);
    await shell.run(`docker stop ${owner}`);
    await shell.run('sleep 15');
    const stopping = lab.sim.trace.ofType('container').find((e) => e.seq > before && e.name === owner && e.state === 'stopping')!;
    expect(stopping).toBeDefined();
    const m = measureFailovers(lab).find((x) => x.vip === vip)!;
    expect(m.lost).toEqual({ machine: owner, t: stopping.t, how: 'stopped' });
    expect(m.newOwner?.machine).toBe(next);
    // memberlist's leave is gossiped at once: well under the failure-detection window
    expect(m.ownerMovedMs!).toBeGreaterThan(0);
    expect(m.ownerMovedMs!).toBeLessThan(3000);
    expect(m.firstAnswer).toBeUndefined(); // no client asked yet

    // the new owner is frozen next
    await shell.run(`docker pause ${next}`);
    await shell.run('sleep 20');
    const paused = lab.sim.trace.ofType('container').find((e) => e.name === next && e.state === 'paused')!;
    const m2 = measureFailovers(lab).filter((x) => x.vip === vip);
    expect(m2).toHaveLength(2);
    expect(m2[1].lost).toEqual({ machine: next, t: paused.t, how: 'paused' });
    const third = WORKERS.find((w) => w !== owner && w !== next)!;
    expect(m2[1].newOwner?.machine).toBe(third);
    // a frozen member must be found out by probes (three members left: fewer confirmations, so
    // the suspicion runs longer than the 4-node article's 5–8 s)
    expect(m2[1].ownerMovedMs!).toBeGreaterThanOrEqual(5000);
    expect(m2[1].ownerMovedMs!).toBeLessThanOrEqual(20_000);
  });
});
