import { describe, expect, it } from 'vitest';
import { METALLB_NATIVE_URL } from '../../../src/lib/engine/metallb/manifest/metallb-native';
import { SERVICES, WEBPODS, newShell } from './helpers';

/** kubectl apply / create -f: the article's manifests, re-applies, and every failure mode. */

describe('apply the article manifests', () => {
  it('creates, then reports unchanged, then configured', async () => {
    const { run } = await newShell();
    expect(await run(WEBPODS)).toEqual({ stdout: 'pod/webpod1 created\npod/webpod2 created\n', stderr: '', exitCode: 0 });
    expect(await run(SERVICES)).toEqual({ stdout: 'service/svc1 created\nservice/svc2 created\nservice/svc3 created\n', stderr: '', exitCode: 0 });
    expect(await run(WEBPODS)).toEqual({ stdout: 'pod/webpod1 unchanged\npod/webpod2 unchanged\n', stderr: '', exitCode: 0 });
    expect(await run(SERVICES)).toEqual({ stdout: 'service/svc1 unchanged\nservice/svc2 unchanged\nservice/svc3 unchanged\n', stderr: '', exitCode: 0 });
    const relabelled = SERVICES.replace('app: webpod\n  type: LoadBalancer\n---', 'app: webpod\n  type: LoadBalancer\n---').replace(
      'metadata:\n  name: svc2\n',
      'metadata:\n  name: svc2\n  labels:\n    tier: web\n'
    );
    expect(await run(relabelled)).toEqual({ stdout: 'service/svc1 unchanged\nservice/svc2 configured\nservice/svc3 unchanged\n', stderr: '', exitCode: 0 });
    expect((await run('kubectl get svc svc2 -o jsonpath={.metadata.labels.tier}')).stdout).toBe('web');
    // Dropping the label again removes it (it was in the previous last-applied configuration).
    expect((await run(SERVICES)).stdout).toBe('service/svc1 unchanged\nservice/svc2 configured\nservice/svc3 unchanged\n');
    expect((await run('kubectl get svc svc2 -o jsonpath={.metadata.labels}')).stdout).toBe('');
  });

  it('stores the last-applied configuration as compact, key-sorted JSON', async () => {
    const { run } = await newShell();
    await run(WEBPODS);
    const r = await run(`kubectl get pod webpod1 -o jsonpath='{.metadata.annotations.kubectl\\.kubernetes\\.io/last-applied-configuration}'`);
    expect(r.stdout).toBe(
      '{"apiVersion":"v1","kind":"Pod","metadata":{"annotations":{},"labels":{"app":"webpod"},"name":"webpod1","namespace":"default"},"spec":{"containers":[{"image":"traefik/whoami","name":"container"}],"nodeName":"myk8s-worker","terminationGracePeriodSeconds":0}}\n'
    );
  });

  it('warns when applying over an object made by create', async () => {
    const { run } = await newShell();
    await run('kubectl create namespace demo');
    const r = await run('printf "apiVersion: v1\\nkind: Namespace\\nmetadata:\\n  name: demo\\n" | kubectl apply -f -');
    expect(r.stdout).toBe('namespace/demo configured\n');
    expect(r.stderr).toBe(
      'Warning: resource namespaces/demo is missing the kubectl.kubernetes.io/last-applied-configuration annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.\n'
    );
  });

  it('reads files from the shell filesystem and names them in errors', async () => {
    const { run } = await newShell();
    await run('printf "apiVersion: v1\\nkind: ConfigMap\\nmetadata:\\n  name: cm1\\n" > cm.yaml');
    expect(await run('kubectl apply -f cm.yaml')).toEqual({ stdout: 'configmap/cm1 created\n', stderr: '', exitCode: 0 });
    expect(await run('kubectl create -f cm.yaml')).toEqual({ stdout: '', stderr: 'Error from server (AlreadyExists): error when creating "cm.yaml": configmaps "cm1" already exists\n', exitCode: 1 });
    expect(await run('kubectl apply -f nope.yaml')).toEqual({ stdout: '', stderr: 'error: the path "nope.yaml" does not exist\n', exitCode: 1 });
  });

  it('creates every object of the MetalLB manifest from its URL, one line each', async () => {
    const { run } = await newShell();
    const r = await run(`kubectl apply -f ${METALLB_NATIVE_URL}`);
    const lines = r.stdout.split('\n').filter(Boolean);
    expect(lines.slice(0, 10)).toEqual([
      'namespace/metallb-system created',
      'customresourcedefinition.apiextensions.k8s.io/bfdprofiles.metallb.io created',
      'customresourcedefinition.apiextensions.k8s.io/bgpadvertisements.metallb.io created',
      'customresourcedefinition.apiextensions.k8s.io/bgppeers.metallb.io created',
      'customresourcedefinition.apiextensions.k8s.io/communities.metallb.io created',
      'customresourcedefinition.apiextensions.k8s.io/ipaddresspools.metallb.io created',
      'customresourcedefinition.apiextensions.k8s.io/l2advertisements.metallb.io created',
      'customresourcedefinition.apiextensions.k8s.io/servicel2statuses.metallb.io created',
      'serviceaccount/controller created',
      'serviceaccount/speaker created'
    ]);
    for (const l of [
      'role.rbac.authorization.k8s.io/controller created',
      'role.rbac.authorization.k8s.io/pod-lister created',
      'rolebinding.rbac.authorization.k8s.io/controller created',
      'rolebinding.rbac.authorization.k8s.io/pod-lister created',
      'configmap/metallb-excludel2 created',
      'secret/metallb-webhook-cert created',
      'service/metallb-webhook-service created',
      'deployment.apps/controller created',
      'daemonset.apps/speaker created'
    ])
      expect(lines).toContain(l);
    expect(lines[lines.length - 1]).toBe('validatingwebhookconfiguration.admissionregistration.k8s.io/metallb-webhook-configuration created');
  });

  it('prints the MetalLB manifest exactly as kubectl does once the API server accepts RBAC names with colons', async (ctx) => {
    const { lab, run } = await newShell();
    // ClusterRole names like "metallb-system:controller" are path-segment names in Kubernetes;
    // this test runs once the engine's store stops validating them as DNS subdomains.
    const probe = lab.cluster()!.api.create({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'probe:colon' } } as never, { dryRun: true });
    if (!probe.ok) ctx.skip();
    const r = await run(`kubectl apply -f ${METALLB_NATIVE_URL}`);
    expect(r).toEqual({
      stdout: [
        'namespace/metallb-system created',
        'customresourcedefinition.apiextensions.k8s.io/bfdprofiles.metallb.io created',
        'customresourcedefinition.apiextensions.k8s.io/bgpadvertisements.metallb.io created',
        'customresourcedefinition.apiextensions.k8s.io/bgppeers.metallb.io created',
        'customresourcedefinition.apiextensions.k8s.io/communities.metallb.io created',
        'customresourcedefinition.apiextensions.k8s.io/ipaddresspools.metallb.io created',
        'customresourcedefinition.apiextensions.k8s.io/l2advertisements.metallb.io created',
        'customresourcedefinition.apiextensions.k8s.io/servicel2statuses.metallb.io created',
        'serviceaccount/controller created',
        'serviceaccount/speaker created',
        'role.rbac.authorization.k8s.io/controller created',
        'role.rbac.authorization.k8s.io/pod-lister created',
        'clusterrole.rbac.authorization.k8s.io/metallb-system:controller created',
        'clusterrole.rbac.authorization.k8s.io/metallb-system:speaker created',
        'rolebinding.rbac.authorization.k8s.io/controller created',
        'rolebinding.rbac.authorization.k8s.io/pod-lister created',
        'clusterrolebinding.rbac.authorization.k8s.io/metallb-system:controller created',
        'clusterrolebinding.rbac.authorization.k8s.io/metallb-system:speaker created',
        'configmap/metallb-excludel2 created',
        'secret/metallb-webhook-cert created',
        'service/metallb-webhook-service created',
        'deployment.apps/controller created',
        'daemonset.apps/speaker created',
        'validatingwebhookconfiguration.admissionregistration.k8s.io/metallb-webhook-configuration created',
        ''
      ].join('\n'),
      stderr: '',
      exitCode: 0
    });
  });

  it('fails other URLs as a machine without them would', async () => {
    const { run } = await newShell();
    expect((await run('kubectl apply -f https://raw.githubusercontent.com/metallb/metallb/v0.13.0/config/manifests/metallb-native.yaml')).stderr).toBe(
      'error: unable to read URL "https://raw.githubusercontent.com/metallb/metallb/v0.13.0/config/manifests/metallb-native.yaml", server reported 404 Not Found, status code=404\n'
    );
    expect((await run('kubectl apply -f https://example.com/x.yaml')).stderr).toBe('error: Get "https://example.com/x.yaml": dial tcp: lookup example.com on 127.0.0.53:53: no such host\n');
  });
});

describe('apply failures', () => {
  const cm = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}`;

  it('maps YAML syntax errors to Go yaml messages and applies nothing from a broken single document', async () => {
    const { run } = await newShell();
    const r = await run('cat <<EOF | kubectl apply -f -\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x: y\nEOF');
    expect(r).toEqual({ stdout: '', stderr: 'error: error parsing STDIN: error converting YAML to JSON: yaml: line 4: mapping values are not allowed in this context\n', exitCode: 1 });
    expect((await run('kubectl get cm x')).exitCode).toBe(1);
  });

  it('applies the documents decoded before a syntax error, as kubectl does, and none after it', async () => {
    const { run } = await newShell();
    const r = await run(`cat <<EOF | kubectl apply -f -\n${cm('cm1')}\n---\napiVersion: v1\nkind ConfigMap\n---\n${cm('cm3')}\nEOF`);
    expect(r).toEqual({
      stdout: 'configmap/cm1 created\n',
      stderr: "error: error parsing STDIN: error converting YAML to JSON: yaml: line 3: could not find expected ':'\n",
      exitCode: 1
    });
    expect((await run('kubectl get cm cm3')).exitCode).toBe(1);
  });

  it('keeps the objects the server accepted when it rejects a later one', async () => {
    const { run } = await newShell();
    const r = await run(`cat <<EOF | kubectl apply -f -\n${cm('cm1')}\n---\n${cm('Bad_Name')}\n---\n${cm('cm3')}\nEOF`);
    expect(r.stdout).toBe('configmap/cm1 created\nconfigmap/cm3 created\n');
    expect(r.stderr).toMatch(/^The ConfigMap "Bad_Name" is invalid: metadata\.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain/);
    expect(r.exitCode).toBe(1);
  });

  it('validates apiVersion and kind on the client', async () => {
    const { run } = await newShell();
    expect((await run('cat <<EOF | kubectl apply -f -\napiVersion: v1\nmetadata:\n  name: a\nEOF')).stderr).toBe(
      'error: error validating "STDIN": error validating data: kind not set; if you choose to ignore these errors, turn validation off with --validate=false\n'
    );
    expect((await run('cat <<EOF | kubectl apply -f -\nkind: ConfigMap\nmetadata:\n  name: a\nEOF')).stderr).toBe(
      'error: error validating "STDIN": error validating data: apiVersion not set; if you choose to ignore these errors, turn validation off with --validate=false\n'
    );
    expect((await run('cat <<EOF | kubectl apply -f -\nmetadata:\n  name: a\nEOF')).stderr).toBe(
      'error: error validating "STDIN": error validating data: [apiVersion not set, kind not set]; if you choose to ignore these errors, turn validation off with --validate=false\n'
    );
  });

  it('reports kinds the server does not serve, and goes on with the others', async () => {
    const { run } = await newShell();
    const r = await run(`cat <<EOF | kubectl apply -f -\napiVersion: v1\nkind: Foo\nmetadata:\n  name: x\n---\n${cm('cm1')}\nEOF`);
    expect(r).toEqual({
      stdout: 'configmap/cm1 created\n',
      stderr: 'error: resource mapping not found for name: "x" namespace: "" from "STDIN": no matches for kind "Foo" in version "v1"\nensure CRDs are installed first\n',
      exitCode: 1
    });
    const ip = await run('cat <<EOF | kubectl apply -f -\napiVersion: metallb.io/v1beta1\nkind: IPAddressPool\nmetadata:\n  name: my-ippool\n  namespace: metallb-system\nEOF');
    expect(ip.stderr).toBe(
      'error: resource mapping not found for name: "my-ippool" namespace: "metallb-system" from "STDIN": no matches for kind "IPAddressPool" in version "metallb.io/v1beta1"\nensure CRDs are installed first\n'
    );
  });

  it('prints one line per error when there are several', async () => {
    const { run } = await newShell();
    await run(`echo "${cm('cm1')}" | kubectl create -f -`);
    const r = await run(`cat <<EOF | kubectl create -f -\n${cm('cm1')}\n---\napiVersion: v1\nkind: Foo\nmetadata:\n  name: x\nEOF`);
    expect(r.stderr).toBe(
      'Error from server (AlreadyExists): error when creating "STDIN": configmaps "cm1" already exists\n' +
        'resource mapping not found for name: "x" namespace: "" from "STDIN": no matches for kind "Foo" in version "v1"\nensure CRDs are installed first\n'
    );
  });

  it('refuses an object from another namespace than -n', async () => {
    const { run } = await newShell();
    const r = await run('cat <<EOF | kubectl apply -n default -f -\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  namespace: kube-system\nEOF');
    expect(r.stderr).toBe(
      `error: the namespace from the provided object "kube-system" does not match the namespace "default". You must pass '--namespace=kube-system' to perform this operation.\n`
    );
  });

  it('supports dry runs without changing anything', async () => {
    const { run } = await newShell();
    expect((await run(`echo "${cm('dry')}" | kubectl apply --dry-run=client -f -`)).stdout).toBe('configmap/dry created (dry run)\n');
    expect((await run(`echo "${cm('dry')}" | kubectl apply --dry-run=server -f -`)).stdout).toBe('configmap/dry created (server dry run)\n');
    expect((await run('kubectl get cm dry')).exitCode).toBe(1);
    expect((await run(`echo "${cm('dry')}" | kubectl apply --dry-run=maybe -f -`)).stderr).toBe('error: Invalid dry-run value (maybe). Must be "none", "server", or "client".\n');
  });

  it('needs -f and some objects', async () => {
    const { run } = await newShell();
    expect((await run('kubectl apply')).stderr).toBe('error: must specify one of -f and -k\n');
    expect((await run('echo "" | kubectl apply -f -')).stderr).toBe('error: no objects passed to apply\n');
    expect((await run('echo "" | kubectl create -f -')).stderr).toBe('error: no objects passed to create\n');
  });

  it('flattens a kind: List', async () => {
    const { run } = await newShell();
    const r = await run(`cat <<EOF | kubectl apply -f -\napiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: l1\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: l2\nEOF`);
    expect(r.stdout).toBe('configmap/l1 created\nconfigmap/l2 created\n');
  });
});
