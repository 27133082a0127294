import { test } from 'vitest';
import { Lab } from '../../../src/lib/engine/lab';
import { LabShell } from '../../../src/lib/shell';
test('probe', async () => {
  const lab = await Lab.create({ seed: 1, scenario: 'kind' });
  const sh = new LabShell(lab);
  const cmds = [
    `cat <<EOF | kubectl apply -f -\napiVersion: v1\nkind: Pod\nmetadata:\n  name: x: y\nEOF`,
    `cat <<EOF | kubectl apply -f -\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm1\n---\napiVersion: v1\nkind ConfigMap\nmetadata:\n  name: cm2\nEOF`,
    `cat <<EOF | kubectl apply -f -\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm3\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: Bad_Name\nEOF`,
    `cat <<EOF | kubectl apply -f -\napiVersion: v1\nmetadata:\n  name: cm4\nEOF`,
    `cat <<EOF | kubectl apply -f -\nmetadata:\n  name: cm4\nEOF`,
    `cat <<EOF | kubectl apply -f -\napiVersion: v1\nkind: Foo\nmetadata:\n  name: x\nEOF`,
    `cat <<EOF | kubectl create -f -\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm1\nEOF`,
    'kubectl apply -f nope.yaml',
    'kubectl apply -f https://example.com/x.yaml',
    'kubectl apply -f https://raw.githubusercontent.com/metallb/metallb/v0.13.0/config/manifests/metallb-native.yaml',
    'kubectl get cm',
    'kubectl label cm cm1 a=b', 'kubectl label cm cm1 a=c', 'kubectl label cm cm1 a=c --overwrite', 'kubectl label cm cm1 a-', 'kubectl label cm/cm1 a=c', 'kubectl annotate cm cm1 note=hi',
    'kubectl label node myk8s-worker foo=bar',
    `kubectl patch cm cm1 -p '{"data":{"k":"v"}}'`, `kubectl patch cm cm1 -p '{"data":{"k":"v"}}'`, `kubectl patch cm cm1 --type=json -p '[{"op":"remove","path":"/data/k"}]'`,
    'kubectl create deployment web --image=traefik/whoami --replicas=2', 'kubectl scale --replicas=3 deploy/web', 'kubectl rollout status deploy/web', 'kubectl get deploy', 'kubectl wait --for=condition=Ready pod -l app=web --timeout=60s',
    'kubectl get cm cm1 -o jsonpath="{.metadata.labels}"', 'kubectl get cm cm1 nope cm3 -o name',
    'kubectl get pods,svc', 'kubectl get xml -o xml', 'kubectl get pods -o xml',
    'kubectl run tmp --image=nicolaka/netshoot --restart=Never', 'kubectl get pod tmp -o custom-columns=NAME:.metadata.name,IMG:.spec.containers[0].image',
    'kubectl delete deploy web', 'kubectl delete cm cm1 cm3 nope', 'kubectl get -n kube-system pods -l k8s-app=kube-dns -o name',
    'kubectl get pods -n kube-system --field-selector spec.nodeName=myk8s-worker', 'kubectl get pods --field-selector foo=bar',
    'kubectl get pods -l "app in (a"',
  ];
  for (const cmd of cmds) {
    const r = await sh.run(cmd);
    console.log('$ ' + cmd.split('\n')[0] + '\n' + r.stdout + r.stderr + '[exit ' + r.exitCode + ']');
  }
});
