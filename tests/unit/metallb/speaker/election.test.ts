/**
 * The layer-2 election (speaker/layer2_controller.go ShouldAnnounce). Expected owners are
 * computed here with node:crypto's createHash('sha256'), not with the engine's Web Crypto path.
 */
import { describe, expect, test } from 'vitest';
import {
  electionRanking,
  layer2Election,
  shouldAnnounce,
  type ElectionInput
} from '../../../../src/lib/engine/metallb/speaker/layer2-controller';
import { ALL, CP, W1, W2, W3, WORKERS, buildConfig, kindNodes, l2CR, node, pool, refDigest, refOwner, service, slice, webpodSlice } from './helpers';

function input(myNode: string, ip: string, over: Partial<ElectionInput> = {}): ElectionInput {
  const nodes = kindNodes();
  const cfg = buildConfig(nodes);
  return {
    myNode,
    name: 'default/svc1',
    toAnnounce: [ip],
    pool: pool(cfg),
    svc: service('svc1', ip),
    eps: [webpodSlice()],
    nodes,
    usableSpeakers: ALL,
    ...over
  };
}

/** Ask every node; return the ones that would announce. */
async function announcers(ip: string, over: Partial<ElectionInput> = {}, asking: readonly string[] = ALL): Promise<string[]> {
  const out: string[] = [];
  for (const n of asking) if ((await shouldAnnounce(input(n, ip, over))) === '') out.push(n);
  return out;
}

describe('shouldAnnounce: the hash election', () => {
  test.each(['172.18.255.200', '172.18.255.201', '172.18.255.202'])('%s: exactly the worker with the smallest sha256(name#ip) announces', async (ip) => {
    const expected = refOwner(WORKERS, ip);
    expect(await announcers(ip)).toEqual([expected]);
    for (const n of ALL) {
      const r = await shouldAnnounce(input(n, ip));
      expect(r).toBe(n === expected ? '' : 'notOwner');
    }
  });

  test('the known owners for the article IPs (hand-checked with sha256sum)', async () => {
    // printf 'myk8s-worker#172.18.255.200' | sha256sum → 3c9457…, the smallest of the workers
    expect(refDigest(W1, '172.18.255.200').startsWith('3c9457')).toBe(true);
    expect(refOwner(WORKERS, '172.18.255.200')).toBe(W1);
    expect(refOwner(WORKERS, '172.18.255.201')).toBe(W1);
    expect(refOwner(WORKERS, '172.18.255.202')).toBe(W3);
  });

  test('electionRanking sorts by digest bytes and reports the hex digests', async () => {
    for (const ip of ['172.18.255.200', '172.18.255.201', '172.18.255.202', '10.0.0.1']) {
      const ranking = await electionRanking(ALL, ip);
      const expected = [...ALL].sort((a, b) => (refDigest(a, ip) < refDigest(b, ip) ? -1 : 1));
      expect(ranking.map((r) => r.node)).toEqual(expected);
      for (const r of ranking) expect(r.digestHex).toBe(refDigest(r.node, ip));
    }
  });

  test('the control-plane is never a candidate, even where its digest sorts first', async () => {
    for (const ip of ['172.18.255.207', '172.18.255.208']) {
      // independently: the control-plane would win if it were a candidate
      expect(refOwner(ALL, ip)).toBe(CP);
      const e = await layer2Election(input(CP, ip));
      expect(e.candidates).not.toContain(CP);
      expect(e.reason).toBe('notOwner');
      expect(await announcers(ip)).toEqual([refOwner(WORKERS, ip)]);
    }
  });

  test('--ignore-exclude-lb lets the control-plane compete', async () => {
    expect(await announcers('172.18.255.207', { ignoreExcludeLB: true })).toEqual([CP]);
  });

  test('ETP Local: only nodes with a local serving endpoint are candidates', async () => {
    const ip = '172.18.255.202';
    expect(refOwner(WORKERS, ip)).toBe(W3); // would win with Cluster
    const over = { svc: service('svc1', ip, 'Local') };
    const e = await layer2Election(input(W3, ip, over));
    expect(e.candidates).toEqual([W1, W2]);
    expect(await announcers(ip, over)).toEqual([refOwner([W1, W2], ip)]);
    // not-ready endpoint on worker2: only worker remains
    const eps = [slice('svc1', [{ ip: '10.10.2.4', node: W1, ready: true }, { ip: '10.10.1.3', node: W2, ready: false, serving: false }])];
    expect(await announcers(ip, { ...over, eps })).toEqual([W1]);
    // endpoints without nodeName do not make any node a candidate
    const noNode = [slice('svc1', [{ ip: '10.10.2.4', ready: true }])];
    expect(await announcers(ip, { ...over, eps: noNode })).toEqual([]);
  });

  test('ETP Cluster does not need an endpoint on the owner', async () => {
    const ip = '172.18.255.202';
    const eps = [slice('svc1', [{ ip: '10.10.2.4', node: W1, ready: true }])];
    expect(await announcers(ip, { eps })).toEqual([W3]);
  });

  test('no serving endpoints → notOwner everywhere', async () => {
    expect(await announcers('172.18.255.200', { eps: [] })).toEqual([]);
    const notReady = [slice('svc1', [{ ip: '10.10.2.4', node: W1, ready: false }, { ip: '10.10.1.3', node: W2, ready: false, serving: false }])];
    expect(await announcers('172.18.255.200', { eps: notReady })).toEqual([]);
    const e = await layer2Election(input(W1, '172.18.255.200', { eps: [] }));
    expect(e).toMatchObject({ reason: 'notOwner', detail: 'no serving endpoint' });
  });

  test('EndpointCanServe: ready unset counts; ready=false but serving=true (terminating) counts', async () => {
    const unset = [slice('svc1', [{ ip: '10.10.2.4', node: W1 }])];
    expect(await announcers('172.18.255.200', { eps: unset })).toEqual([W1]);
    const terminating = [slice('svc1', [{ ip: '10.10.2.4', node: W1, ready: false, serving: true }])];
    expect(await announcers('172.18.255.200', { eps: terminating })).toEqual([W1]);
  });

  test('an address listed twice: the not-ready entry wins', async () => {
    const a = slice('svc1', [{ ip: '10.10.2.4', node: W1, ready: true }], 'svc1-aaaaa');
    const b = slice('svc1', [{ ip: '10.10.2.4', node: W1, ready: false, serving: false }], 'svc1-bbbbb');
    expect(await announcers('172.18.255.200', { eps: [a, b] })).toEqual([]);
    expect(await announcers('172.18.255.200', { eps: [b, a] })).toEqual([]);
  });

  test('a NetworkUnavailable=True node is dropped; the next in hash order takes over', async () => {
    const ip = '172.18.255.200';
    const owner = refOwner(WORKERS, ip);
    const nodes = kindNodes({ [owner]: node(owner, { networkUnavailable: true }) });
    const cfg = buildConfig(nodes);
    const over = { nodes, pool: pool(cfg) };
    expect(await announcers(ip, over)).toEqual([refOwner(WORKERS.filter((w) => w !== owner), ip)]);
    // NetworkUnavailable=False changes nothing
    const nodes2 = kindNodes({ [owner]: node(owner, { networkUnavailable: false }) });
    expect(await announcers(ip, { nodes: nodes2 })).toEqual([owner]);
  });

  test('removing a non-owner from memberlist keeps the owner; removing the owner moves the IP', async () => {
    for (const ip of ['172.18.255.200', '172.18.255.201', '172.18.255.202']) {
      const owner = refOwner(WORKERS, ip);
      for (const gone of WORKERS.filter((w) => w !== owner)) {
        const usable = ALL.filter((n) => n !== gone);
        expect(await announcers(ip, { usableSpeakers: usable }, usable)).toEqual([owner]);
      }
      const usable = ALL.filter((n) => n !== owner);
      expect(await announcers(ip, { usableSpeakers: usable }, usable)).toEqual([refOwner(WORKERS.filter((w) => w !== owner), ip)]);
    }
  });

  test('usableSpeakers may be a map of name → bool, a set or a record', async () => {
    const ip = '172.18.255.202';
    const m = new Map(ALL.map((n) => [n, n !== W3] as [string, boolean]));
    expect(await announcers(ip, { usableSpeakers: m })).toEqual([refOwner([W1, W2], ip)]);
    expect(await announcers(ip, { usableSpeakers: new Set([W1, W3]) })).toEqual([refOwner([W1, W3], ip)]);
    expect(await announcers(ip, { usableSpeakers: { [W1]: true, [W2]: true } })).toEqual([refOwner([W1, W2], ip)]);
    // memberlist disabled (v0.14.8): nobody announces
    expect(await announcers(ip, { usableSpeakers: null })).toEqual([]);
  });

  test('L2Advertisement nodeSelectors: a node it does not select neither announces nor counts', async () => {
    const nodes = kindNodes();
    const cfg = buildConfig(nodes, [l2CR('only-2-3', { ipAddressPools: ['my-ippool'], nodeSelectors: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [W2, W3] }] }] })]);
    const ip = '172.18.255.200';
    const over = { nodes, pool: pool(cfg) };
    expect(refOwner(WORKERS, ip)).toBe(W1);
    expect(await announcers(ip, over)).toEqual([refOwner([W2, W3], ip)]);
    expect((await layer2Election(input(W1, ip, over))).detail).toBe('pool not matching my node');
  });

  test('a pool with no L2Advertisement is announced by nobody', async () => {
    const nodes = kindNodes();
    const cfg = buildConfig(nodes, []);
    expect(await announcers('172.18.255.200', { nodes, pool: pool(cfg) })).toEqual([]);
  });

  test('dual-stack: the first IP is the one hashed', async () => {
    const ip = '172.18.255.202';
    expect(await announcers(ip, { toAnnounce: [ip, 'fc00::1'] })).toEqual([refOwner(WORKERS, ip)]);
  });
});
