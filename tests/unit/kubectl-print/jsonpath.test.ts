import { describe, expect, it } from 'vitest';
import { runJsonPath, toList } from '../../../src/lib/shell/kubectl/print';
import { kindNode, lbSvc, webpod, at } from './fixtures';

function jp(template: string, data: unknown): string {
  const r = runJsonPath(template, data);
  if (!r.ok) throw new Error(r.error);
  return r.text;
}

const svc1 = lbSvc('svc1', '10.200.1.143', 31234, '172.18.255.200');
const pending = lbSvc('svc2', '10.200.1.233', 30975);

describe('kubectl -o jsonpath', () => {
  it('the LB IP, with no trailing newline', () => {
    expect(jp('{.status.loadBalancer.ingress[0].ip}', svc1)).toBe('172.18.255.200');
  });

  it('missing keys print nothing (pending service)', () => {
    expect(jp('{.status.loadBalancer.ingress[0].ip}', pending)).toBe('');
    expect(jp('IP={.status.loadBalancer.ingress[0].ip}.', pending)).toBe('IP=.');
  });

  it('maps and lists print as compact JSON with sorted keys; strings raw; numbers', () => {
    expect(jp('{.status.loadBalancer}', svc1)).toBe('{"ingress":[{"ip":"172.18.255.200","ipMode":"VIP"}]}');
    expect(jp('{.spec.clusterIPs}', svc1)).toBe('["10.200.1.143"]');
    expect(jp('{.spec.ports[0].nodePort}', svc1)).toBe('31234');
    expect(jp('{.spec.allocateLoadBalancerNodePorts}', svc1)).toBe('true');
    expect(jp('{.metadata.labels}', { metadata: { labels: { z: '1', a: '<b>' } } })).toBe('{"a":"\\u003cb\\u003e","z":"1"}');
  });

  it('[*] results are space separated; text and literals', () => {
    const list = toList([svc1, pending]);
    expect(jp('{.items[*].metadata.name}', list)).toBe('svc1 svc2');
    expect(jp('{.items[0].metadata.name}{"\\t"}{.items[1].metadata.name}{"\\n"}', list)).toBe('svc1\tsvc2\n');
    expect(jp("{.items[*].spec.ports[*].port}", list)).toBe('80 80');
  });

  it('range/end over nodes (reference §4)', () => {
    const nodes = [kindNode('myk8s-control-plane', '172.18.0.2'), kindNode('myk8s-worker', '172.18.0.3')];
    nodes[0].spec.podCIDR = '10.10.0.0/24';
    expect(jp('{range .items[*]}{.metadata.name}{" "}{.spec.podCIDR}{"\\n"}{end}', toList(nodes))).toBe(
      'myk8s-control-plane 10.10.0.0/24\nmyk8s-worker 10.10.1.0/24\n'
    );
  });

  it('text after {end} is printed once, after the last item', () => {
    const list = toList([svc1, pending]);
    expect(jp('{range .items[*]}[{.metadata.name}]{end}done', list)).toBe('[svc1][svc2]done');
    // kubectl quirk: an empty range swallows what follows {end}
    expect(jp('{range .items[*]}[{.metadata.name}]{end}done', toList([]))).toBe('');
  });

  it('filters, negative index, slices, recursive descent, $ and @', () => {
    const pod = webpod('webpod-697b545f57-7b2tn', 'myk8s-worker', '172.18.0.3', '10.10.1.3', at(20));
    expect(jp('{.status.conditions[?(@.type=="Ready")].status}', pod)).toBe('True');
    expect(jp("{.status.conditions[?(@.type!='Ready')].type}", pod)).toBe('PodReadyToStartContainers Initialized ContainersReady PodScheduled');
    expect(jp('{.status.conditions[-1].type}', pod)).toBe('PodScheduled');
    expect(jp('{.status.conditions[0:2].type}', pod)).toBe('PodReadyToStartContainers Initialized');
    expect(jp('{.status.conditions[::2].type}', pod)).toBe('PodReadyToStartContainers Ready PodScheduled');
    expect(jp('{$.metadata.name}', pod)).toBe('webpod-697b545f57-7b2tn');
    expect(jp('{..podIP}', pod)).toBe('10.10.1.3');
    expect(jp('{.spec.containers[?(@.name=="webpod")].image}', pod)).toBe('traefik/whoami');
    expect(jp('{.spec.tolerations[?(@.tolerationSeconds>=300)].key}', pod)).toBe('node.kubernetes.io/unreachable node.kubernetes.io/not-ready');
    expect(jp("{.metadata.labels['pod-template-hash']}", pod)).toBe('697b545f57');
    // only single-quoted keys work inside [ ] (client-go's parser)
    expect(runJsonPath('{.status.podIPs[*]["ip"]}', pod)).toEqual({ ok: false, error: 'error parsing jsonpath {.status.podIPs[*]["ip"]}, invalid array index "ip"' });
  });

  it('parse errors as kubectl prints them', () => {
    expect(runJsonPath('{.a[}', {})).toEqual({ ok: false, error: 'error parsing jsonpath {.a[}, unterminated array' });
    expect(runJsonPath('{.items[?(@.x=="y")}', {})).toEqual({ ok: false, error: 'error parsing jsonpath {.items[?(@.x=="y")}, unclosed array expect ]' });
    expect(runJsonPath('{.metadata.name', {})).toEqual({ ok: false, error: 'error parsing jsonpath {.metadata.name, unclosed action' });
    expect(runJsonPath('{#}', {})).toEqual({ ok: false, error: "error parsing jsonpath {#}, unrecognized character in action: U+0023 '#'" });
  });

  it('execution errors', () => {
    const r = runJsonPath('{.items[5]}', { items: [1, 2] });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.startsWith('error executing jsonpath "{.items[5]}": Error executing template: array index out of bounds: index 5, length 2.')).toBe(true);
      expect(r.error).toContain('\ttemplate was:\n\t\t{.items[5]}\n');
      expect(r.error).toContain('map[string]interface {}{"items":[]interface {}{1, 2}}');
    }
  });
});
