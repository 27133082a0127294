import { describe, expect, it } from 'vitest';
import { LabShell } from '../../../src/lib/shell';
import { labShell, lines } from './helpers';

// The article's kind config (ARTICLE.md §2), verbatim.
const ARTICLE_CONFIG = `kind: Cluster
apiVersion: kind.x-k8s.io/v1alpha4
featureGates:
  "InPlacePodVerticalScaling": true
  "MultiCIDRServiceAllocator": true
nodes:
  - role: control-plane
    labels:
      mynode: control-plane
      topology.kubernetes.io/zone: ap-northeast-2a
    extraPortMappings:
      - containerPort: 30000
        hostPort: 30000
      - containerPort: 30001
        hostPort: 30001
      - containerPort: 30002
        hostPort: 30002
      - containerPort: 30003
        hostPort: 30003
      - containerPort: 30004
        hostPort: 30004
    kubeadmConfigPatches:
      - |
        kind: ClusterConfiguration
        apiServer:
          extraArgs:
            runtime-config: api/all=true
        controllerManager:
          extraArgs:
            bind-address: 0.0.0.0
        etcd:
          local:
            extraArgs:
              listen-metrics-urls: http://0.0.0.0:2381
        scheduler:
          extraArgs:
            bind-address: 0.0.0.0
      - |
        kind: KubeProxyConfiguration
        metricsBindAddress: 0.0.0.0
  - role: worker
    labels:
      mynode: worker1
      topology.kubernetes.io/zone: ap-northeast-2a
  - role: worker
    labels:
      mynode: worker2
      topology.kubernetes.io/zone: ap-northeast-2b
  - role: worker
    labels:
      mynode: worker3
      topology.kubernetes.io/zone: ap-northeast-2c
networking:
  podSubnet: 10.10.0.0/16
  serviceSubnet: 10.200.1.0/24
`;

const STEPS = [
  'Creating cluster "myk8s" ...',
  ' ✓ Ensuring node image (kindest/node:v1.31.0) 🖼',
  ' ✓ Preparing nodes 📦 📦 📦 📦  ',
  ' ✓ Writing configuration 📜 ',
  ' ✓ Starting control-plane 🕹️ ',
  ' ✓ Installing CNI 🔌 ',
  ' ✓ Installing StorageClass 💾 ',
  ' ✓ Joining worker nodes 🚜 ',
  'Set kubectl context to "kind-myk8s"',
  'You can now use your cluster with:',
  '',
  'kubectl cluster-info --context kind-myk8s',
  ''
];

describe('kind', () => {
  it('get clusters, then delete the article cluster', async () => {
    const { sh } = await labShell();
    expect(await sh.run('kind get clusters')).toEqual({ stdout: 'myk8s\n', stderr: '', exitCode: 0 });
    const nodes = lines((await sh.run('kind get nodes --name myk8s')).stdout);
    expect([...nodes].sort()).toEqual(['myk8s-control-plane', 'myk8s-worker', 'myk8s-worker2', 'myk8s-worker3']);
    const del = await sh.run('kind delete cluster --name myk8s');
    expect(del.exitCode).toBe(0);
    expect(del.stdout).toBe('');
    // kind lists the nodes in the order docker reports them (the same as kind get nodes).
    expect(del.stderr).toBe(`Deleting cluster "myk8s" ...\nDeleted nodes: [${nodes.map((n) => `"${n}"`).join(' ')}]\n`);
    const ps = lines((await sh.run('docker ps')).stdout);
    expect(ps).toHaveLength(2);
    expect(ps[1]).toMatch(/ mypc$/);
    expect(await sh.run('kind get clusters')).toEqual({ stdout: '', stderr: 'No kind clusters found.\n', exitCode: 0 });
    expect(await sh.run('kind delete cluster --name nope')).toEqual({ stdout: '', stderr: 'Deleting cluster "nope" ...\n', exitCode: 0 });
  });

  it('create cluster from the article’s config on stdin (empty lab)', async () => {
    const { lab, sh } = await labShell({ seed: 5, scenario: 'empty' });
    const t0 = lab.now();
    const r = await sh.run(`kind create cluster --name myk8s --config - <<EOF\n${ARTICLE_CONFIG}EOF`);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe('');
    const out = lines(r.stderr);
    expect(out.slice(0, STEPS.length)).toEqual(STEPS);
    expect(out).toHaveLength(STEPS.length + 1);
    expect(out[STEPS.length]).toMatch(/^(Have a nice day! 👋|Thanks for using kind! 😊|Not sure what to do next\? .*|Have a question, bug, or feature request\? .*)$/);
    // Virtual time ran through the steps (workers join ~30 s in).
    expect(lab.now() - t0).toBeGreaterThanOrEqual(30_000);
    expect((await sh.run('kind get clusters')).stdout).toBe('myk8s\n');
    const ps = lines((await sh.run('docker ps')).stdout);
    expect(ps).toHaveLength(5);
    expect(ps.slice(1).every((l) => l.includes('   kindest/node:v1.31.0   "/usr/local/bin/entr…"   '))).toBe(true);
    expect(ps.find((l) => l.endsWith('myk8s-control-plane'))).toMatch(/   0\.0\.0\.0:30000-30004->30000-30004\/tcp, 127\.0\.0\.1:\d{5}->6443\/tcp   myk8s-control-plane$/);
  });

  it('streams the step lines when the terminal listens', async () => {
    const { lab } = await labShell({ seed: 5, scenario: 'empty' });
    const chunks: string[] = [];
    const sh = new LabShell(lab, { onWrite: (c, s) => chunks.push(`${s}:${c}`) });
    const r = await sh.run('kind create cluster --name demo');
    expect(r.stderr).toBe('');
    expect(chunks[0]).toBe('stderr:Creating cluster "demo" ...\n');
    expect(chunks).toContain('stderr: ✓ Preparing nodes 📦  \n');
    expect(chunks.some((c) => c.includes('Joining worker nodes'))).toBe(false);
  });

  it('errors: existing cluster, bad config, missing file, unknown command', async () => {
    const { lab, sh } = await labShell();
    const n = lab.docker.containers().length;
    expect(await sh.run('kind create cluster --name myk8s')).toEqual({
      stdout: '',
      stderr: 'ERROR: failed to create cluster: node(s) already exist for a cluster with the name "myk8s"\n',
      exitCode: 1
    });
    expect(await sh.run('kind create cluster --config /tmp/none.yaml')).toEqual({
      stdout: '',
      stderr: 'ERROR: failed to create cluster: error reading file: open /tmp/none.yaml: no such file or directory\n',
      exitCode: 1
    });
    const bad = await sh.run("echo 'kind: Pod' | kind create cluster --name other --config -");
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toMatch(/^ERROR: failed to create cluster: /);
    expect(lab.docker.containers().length).toBe(n);
    expect(await sh.run('kind foo')).toEqual({ stdout: '', stderr: 'ERROR: unknown command "foo" for "kind"\n', exitCode: 1 });
    expect(await sh.run('kind version')).toEqual({ stdout: 'kind v0.24.0 go1.22.6 linux/amd64\n', stderr: '', exitCode: 0 });
    const kc = await sh.run('kind get kubeconfig --name myk8s');
    expect(kc.stdout).toContain(`    server: https://127.0.0.1:${lab.cluster()!.apiServerHostPort}\n`);
    expect(kc.stdout).toContain('current-context: kind-myk8s\n');
  });
});
