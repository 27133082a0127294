/**
 * The controller's per-service logic, mirroring controller/service.go (MetalLB v0.14.8):
 * convergeBalancer, allocateIPs, getDesiredLbIPs, clearServiceState, isEqualIPs.
 * Pure over a Service and the Allocator: it returns the converged copy of the Service, the
 * events the controller would record and the log lines it would write (as key/value objects);
 * nothing here talks to the API server.
 */
import { deepClone, type LoadBalancerIngress, type Service } from '../../k8s/types';
import { goQuote, goQuoteList } from '../config/gofmt';
import { familyForAddress, familyForIPs, familyForService, type Family } from '../config/ipfamily';
import { ipString, ipStringOrNil, parseIP, type IPAddr } from '../config/ip';
import type { Allocator, AllocResult } from './allocator';
import {
  ANNOTATION_ADDRESS_POOL,
  ANNOTATION_IP_ALLOCATED_FROM_POOL,
  ANNOTATION_LOADBALANCER_IPS,
  backendKey,
  servicePorts,
  sharingKey
} from './allocator-k8salloc';

export type LogValue = string | number | boolean | string[];
/** One go-kit log line: `level` plus the keys of the call site (the logging layer sorts and prints). */
export type LogLine = { level: 'debug' | 'info' | 'warn' | 'error' } & Record<string, LogValue>;

export interface ControllerEvent {
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
}

export interface ConvergeResult {
  /** false ⇔ upstream returned ErrConverge ("failed to converge"). */
  ok: boolean;
  /** The service after convergence (a copy; the input is untouched). */
  service: Service;
  ingress: LoadBalancerIngress[];
  annotationChanges: { set: Record<string, string>; removed: string[] };
  events: ControllerEvent[];
  logs: LogLine[];
}

export type DesiredIPs = { ok: true; ips: IPAddr[]; family: Family | '' } | { ok: false; error: string };

/** getDesiredLbIPs: the loadBalancerIPs annotation, else spec.loadBalancerIP. */
export function getDesiredLbIPs(svc: Service): DesiredIPs {
  const annotation = svc.metadata.annotations?.[ANNOTATION_LOADBALANCER_IPS] ?? '';
  const specIP = svc.spec.loadBalancerIP ?? '';
  if (annotation === '' && specIP === '') return { ok: true, ips: [], family: '' };
  if (annotation !== '' && specIP !== '') {
    return { ok: false, error: `service can not have both ${ANNOTATION_LOADBALANCER_IPS} and svc.Spec.LoadBalancerIP` };
  }
  if (annotation !== '') {
    const ips: IPAddr[] = [];
    for (const part of annotation.split(',')) {
      const ip = parseIP(part.trim());
      if (!ip) return { ok: false, error: `invalid ${ANNOTATION_LOADBALANCER_IPS}: ${goQuote(annotation)}` };
      ips.push(ip);
    }
    const f = familyForIPs(ips);
    if (!f.ok) return { ok: false, error: f.error };
    return { ok: true, ips, family: f.family };
  }
  const ip = parseIP(specIP);
  if (!ip) return { ok: false, error: `invalid spec.loadBalancerIP ${goQuote(specIP)}` };
  return { ok: true, ips: [ip], family: familyForAddress(ip) };
}

/** isEqualIPs. Upstream sorts both slices in place by text, which reorders the caller's list too. */
function isEqualIPs(a: (IPAddr | null)[], b: IPAddr[]): boolean {
  const byText = (x: IPAddr | null, y: IPAddr | null): number => {
    const sx = ipStringOrNil(x);
    const sy = ipStringOrNil(y);
    return sx < sy ? -1 : sx > sy ? 1 : 0;
  };
  a.sort(byText);
  b.sort(byText);
  return a.length === b.length && a.every((x, i) => ipStringOrNil(x) === ipString(b[i]));
}

function quoteIPs(ips: readonly (IPAddr | null)[]): string {
  return goQuoteList(ips.map(ipStringOrNil));
}

/** allocateIPs: requested IPs, else the requested pool, else any pool. */
function allocateIPs(alloc: Allocator, key: string, svc: Service): AllocResult {
  if ((svc.spec.clusterIPs ?? []).length === 0 && !svc.spec.clusterIP) {
    return { ok: false, error: `invalid ClusterIPs [[${(svc.spec.clusterIPs ?? []).join(' ')}]] [${svc.spec.clusterIP ?? ''}], can't determine family` };
  }
  const fam = familyForService(svc);
  if (!fam.ok) return { ok: false, error: fam.error };
  const desired = getDesiredLbIPs(svc);
  if (!desired.ok) return desired;
  const desiredPool = svc.metadata.annotations?.[ANNOTATION_ADDRESS_POOL] ?? '';
  const ports = servicePorts(svc);
  if (desired.ips.length > 0) {
    if (fam.family !== desired.family) {
      return { ok: false, error: `requested loadBalancer IP(s) ${quoteIPs(desired.ips)} does not match the ipFamily of the service` };
    }
    const bad = alloc.assign(key, svc, desired.ips, ports, sharingKey(svc), backendKey(svc));
    if (bad) return { ok: false, error: bad };
    if (desiredPool !== '' && alloc.pool(key) !== desiredPool) {
      alloc.unassign(key);
      return {
        ok: false,
        error: `requested loadBalancer IP(s) ${quoteIPs(desired.ips)} is not compatible with requested address pool ${desiredPool}`
      };
    }
    return { ok: true, ips: desired.ips };
  }
  if (desiredPool !== '') {
    return alloc.allocateFromPool(key, svc, fam.family, desiredPool, ports, sharingKey(svc), backendKey(svc));
  }
  return alloc.allocate(key, svc, fam.family, ports, sharingKey(svc), backendKey(svc));
}

function annotationChanges(before: Service, after: Service): ConvergeResult['annotationChanges'] {
  const a = before.metadata.annotations ?? {};
  const b = after.metadata.annotations ?? {};
  const set: Record<string, string> = {};
  for (const [k, v] of Object.entries(b)) if (a[k] !== v) set[k] = v;
  return { set, removed: Object.keys(a).filter((k) => !(k in b)) };
}

/** convergeBalancer: bring the service's LB IPs in line with the config and the allocator. */
export function convergeBalancer(alloc: Allocator, key: string, input: Service): ConvergeResult {
  const svc = deepClone(input);
  const events: ControllerEvent[] = [];
  const logs: LogLine[] = [];
  const done = (ok: boolean): ConvergeResult => ({
    ok,
    service: svc,
    ingress: svc.status?.loadBalancer?.ingress ?? [],
    annotationChanges: annotationChanges(input, svc),
    events,
    logs
  });
  const clear = (): void => {
    alloc.unassign(key);
    if (svc.metadata.annotations) delete svc.metadata.annotations[ANNOTATION_IP_ALLOCATED_FROM_POOL];
    svc.status = { ...svc.status, loadBalancer: {} };
  };

  if (svc.spec.type !== 'LoadBalancer') {
    logs.push({ level: 'debug', event: 'clearAssignment', reason: 'notLoadBalancer', msg: 'not a LoadBalancer' });
    clear();
    return done(true);
  }
  if (alloc.getPools().byName.size === 0) {
    logs.push({ level: 'debug', event: 'clearAssignment', reason: 'noConfig', msg: 'pools are empty' });
    clear();
    return done(false);
  }
  if ((svc.spec.clusterIPs ?? []).length === 0 && !svc.spec.clusterIP) {
    logs.push({ level: 'info', event: 'clearAssignment', reason: 'noClusterIPs', msg: 'No ClusterIPs' });
    clear();
    return done(false);
  }

  let lbIPs: (IPAddr | null)[] = (svc.status?.loadBalancer?.ingress ?? []).filter((i) => !!i.ip).map((i) => parseIP(i.ip ?? ''));
  if (lbIPs.length === 0) {
    clear();
  } else {
    const lbFam = familyForIPs(lbIPs);
    if (!lbFam.ok) {
      logs.push({ level: 'error', event: 'clearAssignment', reason: 'nolbIPsIPFamily', msg: 'Failed to retrieve lbIPs family' });
      events.push({ type: 'Warning', reason: 'nolbIPsIPFamily', message: `Failed to retrieve LBIPs IPFamily for ${quoteIPs(lbIPs)}: ${lbFam.error}` });
    }
    const svcFam = familyForService(svc);
    if (!svcFam.ok) {
      logs.push({ level: 'error', event: 'clearAssignment', reason: 'noclusterIPsIPFamily', msg: 'Failed to retrieve clusterIPs family' });
      events.push({
        type: 'Warning',
        reason: 'noclusterIPsIPFamily',
        message: `Failed to retrieve ClusterIPs IPFamily for ${goQuoteList(svc.spec.clusterIPs ?? [])} ${svc.spec.clusterIP ?? ''}: ${svcFam.error}`
      });
      return done(false);
    }
    if (lbFam.family !== svcFam.family) {
      clear();
      lbIPs = [];
    }
  }

  if (lbIPs.length !== 0) {
    const bad = alloc.assign(key, svc, lbIPs, servicePorts(svc), sharingKey(svc), backendKey(svc));
    if (bad) {
      logs.push({ level: 'info', event: 'clearAssignment', error: bad, msg: 'current IP not allowed by config, clearing' });
      events.push({
        type: 'Normal',
        reason: 'ClearAssignment',
        message: `current IP for ${goQuote(key)} not allowed by config, will attempt for new IP assignment: ${bad}`
      });
      clear();
      lbIPs = [];
    }
    const desiredPool = svc.metadata.annotations?.[ANNOTATION_ADDRESS_POOL] ?? '';
    if (lbIPs.length !== 0 && desiredPool !== '' && alloc.pool(key) !== desiredPool) {
      logs.push({ level: 'info', event: 'clearAssignment', reason: 'differentPoolRequested', msg: 'user requested a different pool than the one currently assigned' });
      clear();
      lbIPs = [];
    }
    const desired = getDesiredLbIPs(svc);
    if (!desired.ok) {
      logs.push({ level: 'error', event: 'loadbalancerIP', error: desired.error, msg: 'invalid requested loadbalancer IPs' });
      events.push({ type: 'Warning', reason: 'LoadBalancerFailed', message: `invalid requested loadbalancer IPs: ${desired.error}` });
      return done(false);
    }
    if (desired.ips.length > 0 && !isEqualIPs(lbIPs, desired.ips)) {
      logs.push({ level: 'info', event: 'clearAssignment', reason: 'differentIPRequested', msg: 'user requested a different IP than the one currently assigned' });
      clear();
      lbIPs = [];
    }
  }

  if (lbIPs.length === 0) {
    const r = allocateIPs(alloc, key, svc);
    if (!r.ok) {
      logs.push({ level: 'error', caller: 'service.go:143', op: 'allocateIPs', error: r.error, msg: 'IP allocation failed' });
      events.push({ type: 'Warning', reason: 'AllocationFailed', message: `Failed to allocate IP for ${goQuote(key)}: ${r.error}` });
      return done(false);
    }
    lbIPs = r.ips;
    const shown = lbIPs.map(ipStringOrNil);
    logs.push({ level: 'info', caller: 'service.go:150', event: 'ipAllocated', ip: shown, msg: 'IP address assigned by controller' });
    events.push({ type: 'Normal', reason: 'IPAllocated', message: `Assigned IP ${goQuoteList(shown)}` });
  }

  if (lbIPs.length === 0) {
    logs.push({ level: 'error', bug: 'true', msg: 'internal error: failed to allocate an IP, but did not exit convergeService early!' });
    events.push({ type: 'Warning', reason: 'InternalError', message: "didn't allocate an IP but also did not fail" });
    clear();
    return done(false);
  }
  const pool = alloc.pool(key);
  if (pool === '' || !alloc.getPools().byName.has(pool)) {
    logs.push({ level: 'error', bug: 'true', ip: lbIPs.map(ipStringOrNil), msg: 'internal error: allocated IP has no matching address pool' });
    events.push({ type: 'Warning', reason: 'InternalError', message: 'allocated an IP that has no pool' });
    clear();
    return done(false);
  }

  svc.status = { ...svc.status, loadBalancer: { ingress: lbIPs.map((ip) => ({ ip: ipStringOrNil(ip) })) } };
  svc.metadata.annotations = { ...(svc.metadata.annotations ?? {}), [ANNOTATION_IP_ALLOCATED_FROM_POOL]: pool };
  return done(true);
}
