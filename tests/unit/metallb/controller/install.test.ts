/**
 * Installing MetalLB on the article's cluster: the controller pod, the memberlist secret the
 * speakers wait for, the cert rotator, the webhook that refuses connections until the
 * controller is Ready, and the controller's log format. Expected texts are written out by hand
 * from the MetalLB reference (§1, §3.5, §4.1, §9).
 */
import { beforeAll, describe, expect, test } from 'vitest';
import type { Deployment, KObject, Node, Secret, Service } from '../../../../src/lib/engine/k8s/types';
import { Lab } from '../../../../src/lib/engine/lab';
import { LabShell } from '../../../../src/lib/shell/shell';
import { MANIFEST, jsonLines, labWithMetalLB, poolYaml, type Env } from './setup';

function inCIDR(ip: string, cidr: string): boolean {
  const [net, bits] = cidr.split('/');
  const n = (s: string) => s.split('.').reduce((a, x) => a * 256 + Number(x), 0);
  const mask = Number(bits) === 0 ? 0 : (0xffffffff << (32 - Number(bits))) >>> 0;
  return ((n(ip) & mask) >>> 0) === ((n(net) & mask) >>> 0);
}

describe('kubectl apply -f metallb-native.yaml, 60 s later', () => {
  let e: Env;
  beforeAll(async () => {
    e = await labWithMetalLB();
  }, 60_000);

  test('the controller pod is Running and Ready on a worker, with a pod IP from its node CIDR', () => {
    const [pod] = e.pods('controller-');
    expect(e.pods('controller-').length).toBe(1);
    expect(pod.metadata.name).toMatch(/^controller-[a-z0-9]{8,10}-[a-z0-9]{5}$/);
    expect(pod.status.phase).toBe('Running');
    expect(pod.status.conditions?.find((c) => c.type === 'Ready')?.status).toBe('True');
    expect(pod.spec.nodeName).toMatch(/^myk8s-worker\d?$/);
    const node = e.cluster.api.get<Node>('nodes', undefined, pod.spec.nodeName!)!;
    const cidr = (node.spec as { podCIDR?: string }).podCIDR!;
    expect(cidr).toMatch(/^10\.10\.\d+\.0\/24$/);
    expect(inCIDR(pod.status.podIP!, cidr)).toBe(true);
  });

  test('Secret memberlist: 16 random bytes as 22 raw-std base64 characters, owned by the controller Deployment', () => {
    const s = e.cluster.api.get<Secret>('secrets', 'metallb-system', 'memberlist')!;
    expect(s).toBeDefined();
    const key = atob(s.data!.secretkey);
    expect(key).toMatch(/^[A-Za-z0-9+/]{22}$/);
    expect(Buffer.from(key, 'base64').length).toBe(16);
    const deploy = e.cluster.api.get<Deployment>('deployments.apps', 'metallb-system', 'controller')!;
    expect(s.metadata.ownerReferences).toEqual([{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'controller', uid: deploy.metadata.uid }]);
  });

  test('the speakers waited in ContainerCreating with FailedMount until the secret existed', () => {
    const secret = e.cluster.api.get<Secret>('secrets', 'metallb-system', 'memberlist')!;
    const speakers = e.pods('speaker-');
    expect(speakers.length).toBe(4);
    for (const p of speakers) {
      expect(p.status.phase).toBe('Running');
      const evs = e.events(p.metadata.name, undefined, 'metallb-system');
      const failed = evs.filter((x) => x.reason === 'FailedMount');
      expect(failed.length).toBe(1);
      expect(failed[0]).toMatchObject({
        type: 'Warning',
        message: 'MountVolume.SetUp failed for volume "memberlist" : secret "memberlist" not found',
        source: { component: 'kubelet', host: p.spec.nodeName }
      });
      // The container only started after the secret was created.
      const started = evs.find((x) => x.reason === 'Started')!;
      expect(Date.parse(started.firstTimestamp)).toBeGreaterThanOrEqual(Date.parse(secret.metadata.creationTimestamp));
      expect(Date.parse(failed[0].firstTimestamp)).toBeLessThanOrEqual(Date.parse(secret.metadata.creationTimestamp));
    }
  });

  test('the cert rotator filled metallb-webhook-cert and injected the CA bundle', () => {
    const s = e.cluster.api.get<Secret>('secrets', 'metallb-system', 'metallb-webhook-cert')!;
    expect(Object.keys(s.data ?? {}).sort()).toEqual(['ca.crt', 'ca.key', 'tls.crt', 'tls.key']);
    expect(atob(s.data!['ca.crt'])).toMatch(/^-----BEGIN CERTIFICATE-----\n[A-Za-z0-9+/=\n]+\n-----END CERTIFICATE-----\n$/);
    const vwc = e.cluster.api.get<KObject>('validatingwebhookconfigurations.admissionregistration.k8s.io', undefined, 'metallb-webhook-configuration')!;
    const hooks = vwc.webhooks as { clientConfig: { caBundle?: string } }[];
    expect(hooks.length).toBe(6);
    for (const h of hooks) expect(h.clientConfig.caBundle).toBe(s.data!['ca.crt']);
    const crd = e.cluster.api.get<KObject>('customresourcedefinitions.apiextensions.k8s.io', undefined, 'bgppeers.metallb.io')!;
    expect((crd.spec as { conversion: { webhook: { clientConfig: { caBundle?: string } } } }).conversion.webhook.clientConfig.caBundle).toBe(s.data!['ca.crt']);
  });

  test('kubectl logs deploy/controller: JSON lines with sorted keys, starting with the version line', async () => {
    const out = await e.run('kubectl logs -n metallb-system deploy/controller');
    const lines = out.split('\n').filter((l) => l !== '');
    expect(lines.length).toBeGreaterThan(5);
    for (const l of lines) {
      const o = JSON.parse(l) as Record<string, unknown>;
      const keys = Object.keys(o);
      expect(keys).toEqual([...keys].sort());
      expect(o.level).toMatch(/^(info|warn|error)$/);
      expect(o.ts).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      expect(o.caller).toMatch(/^[a-z_0-9]+\.go:\d+$/);
    }
    const first = jsonLines(lines[0])[0];
    const { ts: _ts, caller: _caller, ...rest } = first;
    expect(rest).toEqual({
      branch: 'dev',
      commit: 'dev',
      goversion: 'gc / go1.22.5 / amd64',
      level: 'info',
      msg: 'MetalLB controller starting version 0.14.8 (commit dev, branch dev)',
      version: '0.14.8'
    });
    expect(lines[0]).toMatch(
      /^\{"branch":"dev","caller":"main\.go:\d+","commit":"dev","goversion":"gc \/ go1\.22\.5 \/ amd64","level":"info","msg":"MetalLB controller starting version 0\.14\.8 \(commit dev, branch dev\)","ts":"[^"]+","version":"0\.14\.8"\}$/
    );
    const second = JSON.parse(lines[1]) as Record<string, unknown>;
    expect(second).toMatchObject({ op: 'CreateMlSecret', msg: 'secret successfully created', level: 'info' });
    const all = jsonLines(out);
    // With no pool yet, the first config still loads (empty) and the initial reprocessAll runs.
    expect(all.some((x) => x.controller === 'PoolReconciler' && x.event === 'config reloaded')).toBe(true);
    expect(all.some((x) => x.controller === 'ServiceReconciler - reprocessAll' && x['end reconcile'] === 'metallbreload/reload')).toBe(true);
    expect(all.some((x) => x.controller === 'ServiceReconciler' && x['start reconcile'] === 'default/kubernetes')).toBe(true);
  });
});

describe('the webhook before the controller is Ready', () => {
  test('creating a pool fails with the API server’s connection-refused text, then works once Ready', async () => {
    const lab = await Lab.create({ seed: 11, scenario: 'kind' });
    const sh = new LabShell(lab);
    const run = async (c: string) => {
      const r = await sh.run(c);
      return { out: r.stdout, err: r.stderr, code: r.exitCode };
    };
    await run(`kubectl apply -f ${MANIFEST}`);
    await lab.advance(3_000);
    const svcIP = lab.cluster()!.api.get<Service>('services', 'metallb-system', 'metallb-webhook-service')!.spec.clusterIP!;
    expect(svcIP).toMatch(/^10\.200\.1\.\d+$/);
    const r = await run(poolYaml('my-ippool', '172.18.255.200-172.18.255.250', 'metallb-system'));
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toBe(
      'Error from server (InternalError): error when creating "STDIN": Internal error occurred: failed calling webhook "ipaddresspoolvalidationwebhook.metallb.io": ' +
        'failed to call webhook: Post "https://metallb-webhook-service.metallb-system.svc:443/validate-metallb-io-v1beta1-ipaddresspool?timeout=10s": ' +
        `dial tcp ${svcIP}:443: connect: connection refused\n`
    );
    expect(lab.cluster()!.api.get('ipaddresspools.metallb.io', 'metallb-system', 'my-ippool')).toBeUndefined();
    // The readiness probe passes 10 s after the container started.
    await lab.advance(30_000);
    const ok = await run(poolYaml('my-ippool', '172.18.255.200-172.18.255.250', 'metallb-system'));
    expect(ok).toEqual({ out: 'ipaddresspool.metallb.io/my-ippool created\n', err: '', code: 0 });
  }, 60_000);
});
