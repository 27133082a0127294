import { describe, expect, it } from 'vitest';
import type { Pod } from '../../../src/lib/engine/k8s/types';
import { SERVICES, WEBPODS, newShell } from './helpers';

/** The verbs beyond get/apply: label, annotate, patch, scale, delete, describe, logs, exec, wait … */

describe('label and annotate', () => {
  it('adds, refuses to overwrite, overwrites and removes labels', async () => {
    const { run } = await newShell();
    await run('kubectl create configmap cm1');
    expect(await run('kubectl label cm cm1 k=v')).toEqual({ stdout: 'configmap/cm1 labeled\n', stderr: '', exitCode: 0 });
    expect(await run('kubectl label cm cm1 k=w')).toEqual({ stdout: '', stderr: "error: 'k' already has a value (v), and --overwrite is false\n", exitCode: 1 });
    expect((await run('kubectl label cm cm1 k=v')).stdout).toBe('configmap/cm1 not labeled\n');
    expect((await run('kubectl label cm/cm1 k=w --overwrite')).stdout).toBe('configmap/cm1 labeled\n');
    expect((await run('kubectl label cm cm1 k-')).stdout).toBe('configmap/cm1 unlabeled\n');
    expect((await run('kubectl label node myk8s-worker mynode=first --overwrite')).stdout).toBe('node/myk8s-worker labeled\n');
    expect((await run('kubectl annotate cm cm1 note=hello')).stdout).toBe('configmap/cm1 annotated\n');
    expect((await run("kubectl get cm cm1 -o jsonpath='{.metadata.annotations.note}'")).stdout).toBe('hello');
    expect((await run('kubectl label cm cm1')).stderr).toBe("error: at least one label update is required\nSee 'kubectl label -h' for help and examples\n");
  });
});

describe('patch and scale', () => {
  it('patches with merge, strategic and JSON patches', async () => {
    const { run } = await newShell();
    await run(SERVICES);
    expect(await run(`kubectl patch svc svc1 -p '{"spec":{"externalTrafficPolicy":"Local"}}'`)).toEqual({ stdout: 'service/svc1 patched\n', stderr: '', exitCode: 0 });
    expect((await run(`kubectl patch svc svc1 -p '{"spec":{"externalTrafficPolicy":"Local"}}'`)).stdout).toBe('service/svc1 patched (no change)\n');
    expect((await run(`kubectl patch svc/svc2 --type=merge -p 'metadata: {labels: {a: b}}'`)).stdout).toBe('service/svc2 patched\n');
    expect((await run(`kubectl patch svc svc3 --type=json -p '[{"op":"add","path":"/metadata/labels","value":{"x":"y"}}]'`)).stdout).toBe('service/svc3 patched\n');
    expect((await run("kubectl get svc svc3 -o jsonpath='{.metadata.labels.x}'")).stdout).toBe('y');
    expect((await run(`kubectl patch svc svc1 --type=foo -p '{}'`)).stderr).toBe('error: --type must be one of [json merge strategic], not "foo"\n');
    expect((await run('kubectl patch svc svc1')).stderr).toBe('error: must specify --patch or --patch-file containing the contents of the patch\n');
  });

  it('scales a deployment and waits for its rollout', async () => {
    const { run } = await newShell();
    expect((await run('kubectl create deployment web --image=traefik/whoami')).stdout).toBe('deployment.apps/web created\n');
    expect(await run('kubectl scale --replicas=3 deploy/web')).toEqual({ stdout: 'deployment.apps/web scaled\n', stderr: '', exitCode: 0 });
    const r = await run('kubectl rollout status deployment web');
    expect(r.stdout.endsWith('deployment "web" successfully rolled out\n')).toBe(true);
    expect((await run('kubectl get deploy web -o jsonpath={.spec.replicas}')).stdout).toBe('3');
    expect((await run('kubectl scale deploy/web')).stderr).toBe('error: required flag(s) "replicas" not set\n');
  });
});

describe('delete', () => {
  it('deletes pods and waits until they are gone', async () => {
    const { lab, run } = await newShell();
    await run(WEBPODS);
    await lab.advance(10_000);
    expect(await run('kubectl delete pod webpod1')).toEqual({ stdout: 'pod "webpod1" deleted\n', stderr: '', exitCode: 0 });
    expect(lab.cluster()!.api.get('pods', 'default', 'webpod1')).toBeUndefined();
    expect(await run('kubectl delete pod webpod1')).toEqual({ stdout: '', stderr: 'Error from server (NotFound): pods "webpod1" not found\n', exitCode: 1 });
    expect((await run('kubectl delete pod')).stderr).toBe('error: resource(s) were provided, but no name was specified\n');
  });

  it('deletes by file, by selector and with --all', async () => {
    const { run } = await newShell();
    await run(SERVICES);
    expect((await run('kubectl delete svc svc1 svc/svc2')).stderr).toContain('there is no need to specify a resource type');
    expect((await run('kubectl delete svc/svc1 svc/svc2')).stdout).toBe('service "svc1" deleted\nservice "svc2" deleted\n');
    await run('kubectl create configmap a; kubectl create configmap b');
    await run('kubectl label cm a b x=y');
    expect((await run('kubectl delete cm -l x=y')).stdout).toBe('configmap "a" deleted\nconfigmap "b" deleted\n');
    expect((await run('kubectl delete cm -l x=y')).stdout).toBe('No resources found\n');
  });

  it('gives up waiting for a pod on a dead node after a minute of virtual time', async () => {
    const { lab, run } = await newShell();
    await run(WEBPODS);
    await lab.advance(10_000);
    lab.docker.kill('myk8s-worker', 'SIGKILL');
    const t = lab.now();
    expect((await run('kubectl delete pod webpod1')).stdout).toBe('pod "webpod1" deleted\n');
    expect(lab.now() - t).toBeGreaterThanOrEqual(60_000);
    expect((await run('kubectl get pod webpod1')).stdout).toMatch(/Terminating/);
  });
});

describe('describe, logs, exec, wait, events', () => {
  it('describes by name prefix for TYPE NAME, not for TYPE/NAME', async () => {
    const { lab, run } = await newShell();
    await run(WEBPODS);
    await lab.advance(10_000);
    const r = await run('kubectl describe pod webpod');
    expect(r.exitCode).toBe(0);
    expect(r.stdout.match(/^Name: +webpod\d$/gm)).toEqual(['Name:             webpod1', 'Name:             webpod2']);
    expect(await run('kubectl describe pod/webpod')).toEqual({ stdout: '', stderr: 'Error from server (NotFound): pods "webpod" not found\n', exitCode: 1 });
    expect(await run('kubectl describe svc x')).toEqual({ stdout: '', stderr: 'Error from server (NotFound): services "x" not found\n', exitCode: 1 });
    expect((await run('kubectl describe')).stderr).toBe('error: You must specify the type of resource to describe. Use "kubectl api-resources" for a complete list of supported resources.\n');
  });

  it('reads logs, with errors for missing pods and dead nodes', async () => {
    const { lab, run } = await newShell();
    await run(WEBPODS);
    await lab.advance(10_000);
    const logs = await run('kubectl logs webpod1');
    expect(logs.exitCode).toBe(0);
    expect(await run('kubectl logs nope')).toEqual({ stdout: '', stderr: 'error: error from server (NotFound): pods "nope" not found in namespace "default"\n', exitCode: 1 });
    expect((await run('kubectl logs webpod1 -c nope')).stderr).toBe('error: container nope is not valid for pod webpod1\n');
    const ip = lab.cluster()!.nodeIP('myk8s-worker');
    lab.docker.kill('myk8s-worker', 'SIGKILL');
    expect((await run('kubectl logs webpod1')).stderr).toBe(
      `Error from server: Get "https://${ip}:10250/containerLogs/default/webpod1/container": dial tcp ${ip}:10250: connect: no route to host\n`
    );
  });

  it('follows logs for a few seconds of virtual time', async () => {
    const { lab, run } = await newShell();
    await run(WEBPODS);
    await lab.advance(10_000);
    lab.cluster()!.logs.append('default', 'webpod1', 'container', lab.now(), 'before');
    const t = lab.now();
    const follow = run('kubectl logs -f webpod1 --tail=1');
    const r = await follow;
    expect(lab.now() - t).toBeGreaterThanOrEqual(5_000);
    expect(r.stdout.startsWith('before\n')).toBe(true);
    expect(r.exitCode).toBe(0);
  });

  it('announces the defaulted container of a multi-container pod', async () => {
    const { lab, run } = await newShell();
    await run(
      'cat <<EOF | kubectl apply -f -\napiVersion: v1\nkind: Pod\nmetadata:\n  name: two\nspec:\n  containers:\n  - name: a\n    image: traefik/whoami\n  - name: b\n    image: traefik/whoami\nEOF'
    );
    await lab.advance(15_000);
    const pod = lab.cluster()!.api.get<Pod>('pods', 'default', 'two')!;
    if (pod.status?.phase !== 'Running') return;
    expect((await run('kubectl logs two')).stderr).toBe('Defaulted container "a" out of: a, b\n');
  });

  it('runs exec commands in the pod and passes the exit code through', async () => {
    const { lab, run } = await newShell();
    await run(WEBPODS);
    await lab.advance(10_000);
    expect(await run('kubectl exec webpod1 -- echo hi')).toEqual({ stdout: 'hi\n', stderr: '', exitCode: 0 });
    expect(await run('kubectl exec webpod1 -- sh -c "exit 3"')).toEqual({ stdout: '', stderr: 'command terminated with exit code 3\n', exitCode: 3 });
    expect((await run('kubectl exec webpod1 ls')).stderr).toBe(
      "error: exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead\nSee 'kubectl exec -h' for help and examples\n"
    );
    expect((await run('kubectl exec nope -- ls')).stderr).toBe('Error from server (NotFound): pods "nope" not found\n');
  });

  it('waits in virtual time for conditions and times out', async () => {
    const { lab, run } = await newShell();
    await run(WEBPODS);
    const t = lab.now();
    expect(await run('kubectl wait --for=condition=Ready pod/webpod1 --timeout=60s')).toEqual({ stdout: 'pod/webpod1 condition met\n', stderr: '', exitCode: 0 });
    expect(lab.now()).toBeGreaterThan(t);
    expect((await run("kubectl wait --for=jsonpath='{.status.phase}'=Running pod -l app=webpod")).stdout).toBe('pod/webpod1 condition met\npod/webpod2 condition met\n');
    const t2 = lab.now();
    expect(await run('kubectl wait --for=condition=Ready=false pod/webpod2 --timeout=3s')).toEqual({
      stdout: '',
      stderr: 'error: timed out waiting for the condition on pods/webpod2\n',
      exitCode: 1
    });
    expect(lab.now() - t2).toBeGreaterThanOrEqual(3_000);
    expect((await run('kubectl wait pod/webpod1')).stderr).toBe('error: --for must be specified\n');
  });

  it('lists events, sorted, and says when there are none', async () => {
    const { lab, run } = await newShell();
    expect(await run('kubectl events -n metallb-system')).toEqual({ stdout: '', stderr: 'No events found in metallb-system namespace.\n', exitCode: 0 });
    await run(WEBPODS);
    await lab.advance(10_000);
    const r = await run('kubectl events');
    expect(r.stdout.split('\n')[0]).toMatch(/^LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE$/);
    expect(r.stdout).toMatch(/\s+Normal\s+Started\s+Pod\/webpod1\s+Started container container\n/);
    const g = await run('kubectl get events --sort-by=.lastTimestamp');
    expect(g.stdout).toMatch(/pod\/webpod1/);
  });
});

describe('create, run, expose', () => {
  it('creates namespaces, deployments, config maps and secrets', async () => {
    const { run } = await newShell();
    expect((await run('kubectl create ns demo')).stdout).toBe('namespace/demo created\n');
    expect((await run('kubectl create namespace demo')).stderr).toBe('Error from server (AlreadyExists): namespaces "demo" already exists\n');
    expect((await run('kubectl create deployment web --image=traefik/whoami --port=80 -n demo')).stdout).toBe('deployment.apps/web created\n');
    expect((await run('kubectl create deployment web --image=traefik/whoami -n demo')).stderr).toBe('error: failed to create deployment: deployments.apps "web" already exists\n');
    expect((await run('kubectl create deployment x')).stderr).toBe('error: required flag(s) "image" not set\n');
    expect((await run('kubectl create configmap cfg --from-literal=a=1')).stdout).toBe('configmap/cfg created\n');
    expect((await run('kubectl create secret generic s --from-literal=p=pw')).stdout).toBe('secret/s created\n');
    expect((await run("kubectl get secret s -o jsonpath='{.data.p}'")).stdout).toBe('cHc=');
    expect((await run('kubectl create foo')).stderr).toBe("error: Unexpected args: [foo]\nSee 'kubectl create -h' for help and examples\n");
  });

  it('prints what it would create with --dry-run=client -o yaml', async () => {
    const { run } = await newShell();
    const r = await run('kubectl create deployment web --image=traefik/whoami --dry-run=client -o yaml');
    expect(r.stdout).toBe(
      [
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata:',
        '  creationTimestamp: null',
        '  labels:',
        '    app: web',
        '  name: web',
        'spec:',
        '  replicas: 1',
        '  selector:',
        '    matchLabels:',
        '      app: web',
        '  strategy: {}',
        '  template:',
        '    metadata:',
        '      creationTimestamp: null',
        '      labels:',
        '        app: web',
        '    spec:',
        '      containers:',
        '      - image: traefik/whoami',
        '        name: whoami',
        '        resources: {}',
        'status: {}',
        ''
      ].join('\n')
    );
    expect((await run('kubectl get deploy web')).exitCode).toBe(1);
  });

  it('runs a pod and exposes it', async () => {
    const { run } = await newShell();
    expect((await run('kubectl run web --image=traefik/whoami --port=80')).stdout).toBe('pod/web created\n');
    expect((await run("kubectl get pod web -o jsonpath='{.metadata.labels.run}'")).stdout).toBe('web');
    expect((await run('kubectl expose pod web --type=LoadBalancer --name=web-lb')).stdout).toBe('service/web-lb exposed\n');
    expect((await run("kubectl get svc web-lb -o jsonpath='{.spec.type} {.spec.selector.run} {.spec.ports[0].port}'")).stdout).toBe('LoadBalancer web 80');
    expect((await run('kubectl run x')).stderr).toBe('error: required flag(s) "image" not set\n');
  });
});

describe('config', () => {
  it('lists and switches kind contexts', async () => {
    const { run } = await newShell();
    expect((await run('kubectl config get-contexts')).stdout).toMatch(/^CURRENT\s+NAME\s+CLUSTER\s+AUTHINFO\s+NAMESPACE\n\*\s+kind-myk8s\s+kind-myk8s\s+kind-myk8s\s*\n$/);
    expect((await run('kubectl config use-context kind-nope')).stderr).toBe('error: no context exists with the name: "kind-nope"\n');
    expect((await run('kubectl config use-context kind-myk8s')).stdout).toBe('Switched to context "kind-myk8s".\n');
    expect((await run('kubectl get pods --context kind-other')).stderr).toBe('error: context was not found for specified context: kind-other\n');
  });
});
