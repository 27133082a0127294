/**
 * fast-check properties of the allocator under random allocate / assign / allocateFromPool /
 * unassign sequences:
 *  - an IP held by two services is shared legitimately (same non-empty sharing key, same
 *    backend key, no port held twice);
 *  - every allocated IP lies in its pool's CIDRs (and is not .0/.255 in an avoidBuggyIPs pool);
 *  - the per-pool in-use counters equal the distinct IPs actually allocated, and drop to 0.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { cidrContains } from '../../../../src/lib/engine/metallb/config/cidr';
import { ipConfusesBuggyFirmwares, parseIP, type IPAddr } from '../../../../src/lib/engine/metallb/config/ip';
import type { Allocator } from '../../../../src/lib/engine/metallb/controller/allocator';
import { backendKey, servicePorts, sharingKey } from '../../../../src/lib/engine/metallb/controller/allocator-k8salloc';
import { pool, svc } from '../config/fixtures';
import { allocatorFor } from './helpers';

const POOLS = [
  pool('p1', ['10.0.0.0/29']),
  pool('p2', ['10.0.1.254-10.0.2.1'], { avoidBuggyIPs: true }),
  pool('p3', ['10.0.3.0/30'], { autoAssign: false })
];
const CANDIDATES = ['10.0.0.0', '10.0.0.3', '10.0.0.7', '10.0.1.255', '10.0.2.0', '10.0.2.1', '10.0.3.2', '192.168.0.1'];

interface SvcShape {
  key: '' | 'a' | 'b';
  ports: number[];
  etp: 'Cluster' | 'Local';
  app: 'x' | 'y';
}

const shape: fc.Arbitrary<SvcShape> = fc.record({
  key: fc.constantFrom<'' | 'a' | 'b'>('', 'a', 'b'),
  ports: fc.uniqueArray(fc.constantFrom(53, 80, 443), { minLength: 1, maxLength: 3 }),
  etp: fc.constantFrom<'Cluster' | 'Local'>('Cluster', 'Local'),
  app: fc.constantFrom<'x' | 'y'>('x', 'y')
});

type Op =
  | { kind: 'allocate'; n: number; s: SvcShape }
  | { kind: 'fromPool'; n: number; s: SvcShape; pool: string }
  | { kind: 'assign'; n: number; s: SvcShape; ip: string }
  | { kind: 'unassign'; n: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant<'allocate'>('allocate'), n: fc.nat(7), s: shape }),
  fc.record({ kind: fc.constant<'fromPool'>('fromPool'), n: fc.nat(7), s: shape, pool: fc.constantFrom('p1', 'p2', 'p3') }),
  fc.record({ kind: fc.constant<'assign'>('assign'), n: fc.nat(7), s: shape, ip: fc.constantFrom(...CANDIDATES) }),
  fc.record({ kind: fc.constant<'unassign'>('unassign'), n: fc.nat(7) })
);

function build(n: number, s: SvcShape) {
  return svc(`s${n}`, {
    annotations: s.key ? { 'metallb.universe.tf/allow-shared-ip': s.key } : {},
    ports: s.ports.map((port) => ({ port })),
    etp: s.etp,
    selector: { app: s.app }
  });
}

/** Apply one op; remember the shape a service was last successfully given an IP with. */
function apply(a: Allocator, o: Op, shapes: Map<string, SvcShape>): void {
  const key = `default/s${o.n}`;
  if (o.kind === 'unassign') {
    a.unassign(key);
    shapes.delete(key);
    return;
  }
  const s = build(o.n, o.s);
  const args = [servicePorts(s), sharingKey(s), backendKey(s)] as const;
  let ok: boolean;
  if (o.kind === 'allocate') ok = a.allocate(key, s, 'ipv4', ...args).ok;
  else if (o.kind === 'fromPool') ok = a.allocateFromPool(key, s, 'ipv4', o.pool, ...args).ok;
  else ok = a.assign(key, s, [parseIP(o.ip) as IPAddr], ...args) === null;
  if (ok) shapes.set(key, o.s);
}

function checkInvariants(a: Allocator, shapes: Map<string, SvcShape>): void {
  const holders = new Map<string, string[]>();
  const byPool = new Map<string, Set<string>>();
  for (const { svc: key, pool: poolName, ips } of a.allocations()) {
    const p = a.getPools().byName.get(poolName);
    expect(p).toBeDefined();
    for (const ipText of ips) {
      const ip = parseIP(ipText) as IPAddr;
      expect(p?.cidrs.some((c) => cidrContains(c, ip))).toBe(true);
      if (p?.avoidBuggyIPs) expect(ipConfusesBuggyFirmwares(ip)).toBe(false);
      holders.set(ipText, [...(holders.get(ipText) ?? []), key]);
      byPool.set(poolName, (byPool.get(poolName) ?? new Set()).add(ipText));
    }
  }
  for (const users of holders.values()) {
    if (users.length < 2) continue;
    const ss = users.map((u) => shapes.get(u) as SvcShape);
    for (const s of ss) {
      expect(s.key).not.toBe('');
      expect(s.key).toBe(ss[0].key);
      const backend = (x: SvcShape): string => (x.etp === 'Local' ? `app=${x.app}` : '');
      expect(backend(s)).toBe(backend(ss[0]));
    }
    const ports = ss.flatMap((s) => s.ports);
    expect(new Set(ports).size).toBe(ports.length);
  }
  for (const name of ['p1', 'p2', 'p3']) {
    expect(a.stats(name)?.inUse.total).toBe(byPool.get(name)?.size ?? 0);
  }
}

describe('allocator properties', () => {
  test('sharing, containment and counters hold over random sequences', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.array(op, { maxLength: 60 }), (seed, ops) => {
        const a = allocatorFor(POOLS, seed);
        const shapes = new Map<string, SvcShape>();
        for (const o of ops) {
          apply(a, o, shapes);
          checkInvariants(a, shapes);
        }
        for (let n = 0; n < 8; n++) a.unassign(`default/s${n}`);
        for (const name of ['p1', 'p2', 'p3']) expect(a.stats(name)?.inUse.total).toBe(0);
        expect(a.allocations()).toEqual([]);
      }),
      { numRuns: 300 }
    );
  });

  test('the same seed and inputs give the same allocations', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.array(op, { maxLength: 30 }), (seed, ops) => {
        const run = (): string => {
          const a = allocatorFor(POOLS, seed);
          const shapes = new Map<string, SvcShape>();
          for (const o of ops) apply(a, o, shapes);
          return JSON.stringify(a.allocations());
        };
        expect(run()).toBe(run());
      }),
      { numRuns: 100 }
    );
  });
});
