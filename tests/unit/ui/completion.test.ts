import { beforeAll, describe, expect, it } from 'vitest';
import { buildLab } from '../../../src/lib/shell/scenarios';
import type { Lab } from '../../../src/lib/engine/lab';
import { type CompletionSource, commandWords, commonPrefix, complete, formatCandidates, tabInsertion } from '../../../src/lib/ui/terminal/completion';
import { labCompletionSource } from '../../../src/lib/ui/terminal/lab-completion';

const fake: CompletionSource = {
  commands: () => ['kubectl', 'kind', 'docker', 'curl', 'cat', 'cd'],
  kubectl: {
    verbs: () => [
      { name: 'get', flags: [{ name: 'output', short: 'o', value: true }, { name: 'all-namespaces', short: 'A', value: false }, { name: 'watch', short: 'w', value: false }] },
      { name: 'describe', flags: [] },
      { name: 'delete', flags: [{ name: 'wait', value: false }] },
      { name: 'logs', flags: [{ name: 'follow', short: 'f', value: false }] },
      { name: 'cordon', flags: [] },
      { name: 'create', flags: [], subcommands: [{ name: 'namespace', aliases: ['ns'], flags: [] }, { name: 'deployment', flags: [] }] }
    ],
    globalFlags: () => [{ name: 'namespace', short: 'n', value: true }, { name: 'context', value: true }],
    resourceTypes: () => ['pods', 'services', 'nodes', 'namespaces', 'networkpolicies', 'ipaddresspools'],
    objects: (type, ns) => {
      const t = type.replace(/s$/, '');
      if (t === 'pod' || t === 'po') return ns === 'metallb-system' ? ['controller-5f7', 'speaker-abc'] : ns === null ? ['webpod1', 'webpod2', 'controller-5f7'] : ['webpod1', 'webpod2'];
      if (t === 'node' || t === 'no') return ['myk8s-control-plane', 'myk8s-worker', 'myk8s-worker2'];
      if (t === 'namespace' || t === 'n') return ['default', 'kube-system', 'metallb-system'];
      if (t === 'service' || t === 'svc') return ['svc1', 'svc2', 'svc3'];
      return [];
    }
  },
  docker: { containers: () => ['myk8s-control-plane', 'myk8s-worker', 'mypc'], networks: () => ['bridge', 'host', 'kind', 'none'] },
  kind: { clusters: () => ['myk8s'] }
};

const c = (line: string) => complete(line, line.length, fake).candidates;
const tab = (line: string) => {
  const r = complete(line, line.length, fake);
  const ins = tabInsertion(r);
  return ins === null ? null : line.slice(0, r.start) + ins;
};

describe('commandWords', () => {
  it('finds the command being typed after operators and keywords', () => {
    expect(commandWords('echo a | kube').words.map((w) => w.text)).toEqual([]);
    expect(commandWords('echo a | kubectl get ').words.map((w) => w.text)).toEqual(['kubectl', 'get']);
    expect(commandWords('for i in 1 2; do kubectl g').current.text).toBe('g');
    expect(commandWords('X=1 kubectl "get" p').words.map((w) => w.text)).toEqual(['kubectl', 'get']);
    expect(commandWords('IP=$(kubectl get svc ').words.map((w) => w.text)).toEqual(['kubectl', 'get', 'svc']);
  });
});

describe('complete', () => {
  it('completes command names', () => {
    expect(c('ku')).toEqual(['kubectl']);
    expect(c('k')).toEqual(['kind', 'kubectl']);
    expect(tab('ku')).toBe('kubectl ');
    expect(tab('c')).toBeNull();
    expect(c('c')).toEqual(['cat', 'cd', 'curl']);
  });

  it('completes kubectl verbs, resource types and object names', () => {
    expect(c('kubectl ge')).toEqual(['get']);
    expect(tab('kubectl get no')).toBe('kubectl get nodes ');
    expect(c('kubectl get n')).toEqual(['namespaces', 'networkpolicies', 'nodes']);
    expect(tab('kubectl get n')).toBeNull();
    expect(c('kubectl describe nodes myk8s-w')).toEqual(['myk8s-worker', 'myk8s-worker2']);
    expect(tab('kubectl describe nodes myk8s-w')).toBe('kubectl describe nodes myk8s-worker');
    expect(c('kubectl get svc ')).toEqual(['svc1', 'svc2', 'svc3']);
    expect(c('kubectl get pod/web')).toEqual(['pod/webpod1', 'pod/webpod2']);
    expect(c('kubectl logs ')).toEqual(['webpod1', 'webpod2']);
    expect(c('kubectl cordon myk8s-worker')).toEqual(['myk8s-worker', 'myk8s-worker2']);
    expect(c('kubectl create n')).toEqual(['namespace']);
  });

  it('honours the namespace flags', () => {
    expect(c('kubectl get pods -n metallb-system ')).toEqual(['controller-5f7', 'speaker-abc']);
    expect(c('kubectl -n metallb-system logs s')).toEqual(['speaker-abc']);
    expect(c('kubectl get pods -A ')).toEqual(['controller-5f7', 'webpod1', 'webpod2']);
    expect(c('kubectl get pods -n ')).toEqual(['default', 'kube-system', 'metallb-system']);
    expect(c('kubectl get pods --namespace=kube')).toEqual(['--namespace=kube-system']);
  });

  it('completes flags and output formats', () => {
    expect(c('kubectl get pods --al')).toEqual(['--all-namespaces']);
    expect(c('kubectl get pods --n')).toEqual(['--namespace']);
    expect(c('kubectl get pods -o ')).toContain('wide');
    expect(c('kubectl get pods -o j')).toEqual(['json', 'jsonpath-as-json=', 'jsonpath=']);
  });

  it('completes docker subcommands, flags and containers', () => {
    expect(c('docker e')).toEqual(['exec']);
    expect(c('docker exec -it my')).toEqual(['myk8s-control-plane', 'myk8s-worker', 'mypc']);
    expect(tab('docker exec -it myp')).toBe('docker exec -it mypc ');
    expect(c('docker exec mypc cu')).toEqual([]);
    expect(c('docker stop myk8s-w')).toEqual(['myk8s-worker']);
    expect(c('docker ps --a')).toEqual(['--all']);
    expect(c('docker network i')).toEqual(['inspect']);
    expect(c('docker network inspect k')).toEqual(['kind']);
    expect(c('docker network c')).toEqual(['connect', 'create']);
    expect(c('docker network r')).toEqual(['rm']);
    expect(c('docker network rm k')).toEqual(['kind']);
    expect(c('docker network rm --f')).toEqual(['--force']);
    expect(c('docker network create --s')).toEqual(['--subnet']);
    expect(c('docker network create --subnet 192.168.10.0/24 --g')).toEqual(['--gateway']);
    expect(c('docker run --cap')).toEqual(['--cap-add']);
    expect(c('docker run --cap-add NET_')).toEqual(['NET_ADMIN', 'NET_RAW']);
    // a flag's value is not the image: the word after it is still completed as a flag
    expect(c('docker run --cap-add NET_ADMIN --n')).toEqual(['--name', '--network']);
    expect(c('docker container s')).toEqual(['start', 'stop']);
    expect(c('docker run --network ')).toEqual(['bridge', 'host', 'kind', 'none']);
  });

  it('completes kind', () => {
    expect(c('kind g')).toEqual(['get']);
    expect(c('kind get c')).toEqual(['clusters']);
    expect(c('kind delete cluster --name ')).toEqual(['myk8s']);
  });

  it('helps with prefixes and listings', () => {
    expect(commonPrefix(['myk8s-worker', 'myk8s-worker2'])).toBe('myk8s-worker');
    expect(commonPrefix([])).toBe('');
    expect(formatCandidates(['aa', 'bb', 'cc'], 10)).toBe('aa  cc\nbb\n');
    expect(tab('kubectl get pods -o jsonpath')).toBeNull();
    expect(tab('kubectl get pods -o jsonpath-')).toBe('kubectl get pods -o jsonpath-as-json=');
  });
});

describe('lab completion source', () => {
  let lab: Lab;
  beforeAll(async () => {
    lab = await buildLab({ scenario: 'kind', seed: 1 });
  });

  it('reads names from the live lab', () => {
    const src = labCompletionSource(() => lab);
    const at = (line: string) => complete(line, line.length, src).candidates;
    expect(at('kubectl get no')).toEqual(['nodes']);
    expect(at('kubectl get nodes ')).toEqual(['myk8s-control-plane', 'myk8s-worker', 'myk8s-worker2', 'myk8s-worker3']);
    expect(at('kubectl get ns kube-')).toEqual(['kube-node-lease', 'kube-public', 'kube-system']);
    expect(at('kubectl -n kube-system get po etcd')).toEqual(['etcd-myk8s-control-plane']);
    expect(at('docker exec my')).toContain('mypc');
    expect(at('kind get clusters --name ')).toEqual(['myk8s']);
    expect(at('kubectl ap')).toEqual(['api-resources', 'api-versions', 'apply']);
    expect(at('kubectl get pods --show-l')).toEqual(['--show-labels']);
    expect(at('arp-')).toEqual(['arp-scan']);
    expect(labCompletionSource(() => null).kubectl!.objects('pods', null)).toEqual([]);
  });
});
