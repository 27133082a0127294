/** convergeBalancer / getDesiredLbIPs (controller/service.go, v0.14.8): events, logs and status. */
import { describe, expect, test } from 'vitest';
import { convergeBalancer, getDesiredLbIPs } from '../../../../src/lib/engine/metallb/controller/service';
import { ipString } from '../../../../src/lib/engine/metallb/config/ip';
import { allocatorFor } from './helpers';
import { pool, svc } from '../config/fixtures';

const LAB = '172.18.255.200-172.18.255.250';
const POOL_ANN = 'metallb.universe.tf/ip-allocated-from-pool';

describe('convergeBalancer', () => {
  test('a new service gets .200, the pool annotation, an IPAllocated event and a log line', () => {
    const a = allocatorFor([pool('first-pool', [LAB])]);
    const r = convergeBalancer(a, 'default/svc1', svc('svc1'));
    expect(r.ok).toBe(true);
    expect(r.ingress).toEqual([{ ip: '172.18.255.200' }]);
    expect(r.annotationChanges).toEqual({ set: { [POOL_ANN]: 'first-pool' }, removed: [] });
    expect(r.events).toEqual([{ type: 'Normal', reason: 'IPAllocated', message: 'Assigned IP ["172.18.255.200"]' }]);
    expect(r.logs).toEqual([
      { level: 'info', caller: 'service.go:150', event: 'ipAllocated', ip: ['172.18.255.200'], msg: 'IP address assigned by controller' }
    ]);
  });

  test('converging the converged service again changes nothing', () => {
    const a = allocatorFor([pool('first-pool', [LAB])]);
    const first = convergeBalancer(a, 'default/svc1', svc('svc1'));
    const again = convergeBalancer(a, 'default/svc1', first.service);
    expect(again.ok).toBe(true);
    expect(again.events).toEqual([]);
    expect(again.service).toEqual(first.service);
  });

  test('no IPs left: AllocationFailed', () => {
    const a = allocatorFor([pool('tiny', ['172.18.255.200/32'])]);
    convergeBalancer(a, 'default/svc1', svc('svc1'));
    const r = convergeBalancer(a, 'default/svc2', svc('svc2'));
    expect(r.ok).toBe(false);
    expect(r.ingress).toEqual([]);
    expect(r.events).toEqual([{ type: 'Warning', reason: 'AllocationFailed', message: 'Failed to allocate IP for "default/svc2": no available IPs' }]);
    expect(r.logs).toEqual([{ level: 'error', caller: 'service.go:143', op: 'allocateIPs', error: 'no available IPs', msg: 'IP allocation failed' }]);
  });

  test('no pools at all: stays pending without an event', () => {
    const a = allocatorFor([]);
    const r = convergeBalancer(a, 'default/svc1', svc('svc1'));
    expect([r.ok, r.events.length, r.logs[0]?.reason]).toEqual([false, 0, 'noConfig']);
  });

  test('a status IP the config no longer allows is cleared and replaced', () => {
    const a = allocatorFor([pool('first-pool', [LAB])]);
    const r = convergeBalancer(a, 'default/svc1', svc('svc1', { ingress: ['10.9.9.9'], annotations: { [POOL_ANN]: 'old' } }));
    expect(r.events).toEqual([
      {
        type: 'Normal',
        reason: 'ClearAssignment',
        message: 'current IP for "default/svc1" not allowed by config, will attempt for new IP assignment: ["10.9.9.9"] is not allowed in config'
      },
      { type: 'Normal', reason: 'IPAllocated', message: 'Assigned IP ["172.18.255.200"]' }
    ]);
    expect(r.annotationChanges.set).toEqual({ [POOL_ANN]: 'first-pool' });
  });

  test('explicit IPs: served from an autoAssign=false pool; family and pool mismatches', () => {
    const a = allocatorFor([pool('first-pool', [LAB]), pool('manual', ['10.0.0.0/30'], { autoAssign: false })]);
    const ok = convergeBalancer(a, 'default/m', svc('m', { annotations: { 'metallb.universe.tf/loadBalancerIPs': '10.0.0.1' } }));
    expect(ok.ingress).toEqual([{ ip: '10.0.0.1' }]);
    expect(ok.annotationChanges.set).toEqual({ [POOL_ANN]: 'manual' });
    const byPool = convergeBalancer(a, 'default/p', svc('p', { annotations: { 'metallb.universe.tf/address-pool': 'manual' } }));
    expect(byPool.ingress).toEqual([{ ip: '10.0.0.0' }]);
    const v6 = convergeBalancer(a, 'default/f', svc('f', { loadBalancerIP: 'fc00::1' }));
    expect(v6.events[0].message).toBe('Failed to allocate IP for "default/f": requested loadBalancer IP(s) ["fc00::1"] does not match the ipFamily of the service');
    const mixed = convergeBalancer(
      a,
      'default/x',
      svc('x', { annotations: { 'metallb.universe.tf/loadBalancerIPs': '172.18.255.210', 'metallb.universe.tf/address-pool': 'manual' } })
    );
    expect(mixed.events[0].message).toBe(
      'Failed to allocate IP for "default/x": requested loadBalancer IP(s) ["172.18.255.210"] is not compatible with requested address pool manual'
    );
    expect(a.pool('default/x')).toBe('');
  });

  test('an invalid request on a service that has an IP: LoadBalancerFailed', () => {
    const a = allocatorFor([pool('first-pool', [LAB])]);
    const first = convergeBalancer(a, 'default/svc1', svc('svc1'));
    const edited = structuredClone(first.service);
    edited.metadata.annotations = { ...edited.metadata.annotations, 'metallb.universe.tf/loadBalancerIPs': 'nope' };
    const r = convergeBalancer(a, 'default/svc1', edited);
    expect(r.ok).toBe(false);
    expect(r.events).toEqual([
      { type: 'Warning', reason: 'LoadBalancerFailed', message: 'invalid requested loadbalancer IPs: invalid metallb.universe.tf/loadBalancerIPs: "nope"' }
    ]);
  });

  test('requesting a different IP moves the service', () => {
    const a = allocatorFor([pool('first-pool', [LAB])]);
    const first = convergeBalancer(a, 'default/svc1', svc('svc1'));
    const edited = structuredClone(first.service);
    edited.spec.loadBalancerIP = '172.18.255.220';
    const r = convergeBalancer(a, 'default/svc1', edited);
    expect(r.ingress).toEqual([{ ip: '172.18.255.220' }]);
    expect(a.ips('default/svc1')?.map((x) => (x ? ipString(x) : ''))).toEqual(['172.18.255.220']);
  });

  test('type ClusterIP clears state', () => {
    const a = allocatorFor([pool('first-pool', [LAB])]);
    const first = convergeBalancer(a, 'default/svc1', svc('svc1'));
    const edited = structuredClone(first.service);
    edited.spec.type = 'ClusterIP';
    const r = convergeBalancer(a, 'default/svc1', edited);
    expect([r.ok, r.ingress, r.annotationChanges.removed]).toEqual([true, [], [POOL_ANN]]);
    expect(a.pool('default/svc1')).toBe('');
  });
});

describe('getDesiredLbIPs', () => {
  const err = (o: Parameters<typeof svc>[1]): string => {
    const r = getDesiredLbIPs(svc('s', o));
    return r.ok ? `ok ${r.family} ${r.ips.map(ipString).join(',')}` : r.error;
  };
  test('texts', () => {
    expect(err({})).toBe('ok  ');
    expect(err({ loadBalancerIP: '10.0.0.1', annotations: { 'metallb.universe.tf/loadBalancerIPs': '10.0.0.2' } })).toBe(
      'service can not have both metallb.universe.tf/loadBalancerIPs and svc.Spec.LoadBalancerIP'
    );
    expect(err({ annotations: { 'metallb.universe.tf/loadBalancerIPs': '10.0.0.1, fc00::1' } })).toBe('ok dual 10.0.0.1,fc00::1');
    expect(err({ annotations: { 'metallb.universe.tf/loadBalancerIPs': '10.0.0.1,10.0.0.2' } })).toBe(
      'IPFamilyForAddresses: same address family ["10.0.0.1" "10.0.0.2"]'
    );
    expect(err({ annotations: { 'metallb.universe.tf/loadBalancerIPs': '10.0.0.1,x' } })).toBe('invalid metallb.universe.tf/loadBalancerIPs: "10.0.0.1,x"');
    expect(err({ loadBalancerIP: '10.0.0.256' })).toBe('invalid spec.loadBalancerIP "10.0.0.256"');
  });
});
