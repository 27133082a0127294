import { beforeAll, describe, expect, it } from 'vitest';
import type { CommandResult } from '../../../src/lib/shell/types';
import { newShell } from './helpers';

/**
 * The command line itself: unknown commands and flags, help, the read-only informational verbs,
 * and what kubectl prints when it cannot reach a server. Expected texts are kubectl v1.31's.
 */

let run: (cmd: string) => Promise<CommandResult>;
let port: number;

beforeAll(async () => {
  const s = await newShell();
  run = s.run;
  port = s.lab.cluster()!.apiServerHostPort;
});

describe('kubectl command line', () => {
  it('prints the root help for a bare kubectl', async () => {
    const r = await run('kubectl');
    expect(r.exitCode).toBe(0);
    expect(r.stdout.startsWith('kubectl controls the Kubernetes cluster manager.\n')).toBe(true);
    expect(r.stdout).toContain('\n  get             Display one or many resources\n');
  });

  it('suggests commands for a typo (cobra: distance ≤ 2 or prefix)', async () => {
    const r = await run('kubectl gett');
    expect(r).toEqual({ stdout: '', stderr: 'error: unknown command "gett" for "kubectl"\n\nDid you mean this?\n\tget\n\tset\n', exitCode: 1 });
    const r2 = await run('kubectl applyy -f x');
    expect(r2.stderr).toBe('error: unknown command "applyy" for "kubectl"\n\nDid you mean this?\n\tapply\n');
  });

  it('rejects unknown flags with the usage hint of the command', async () => {
    expect(await run('kubectl get pods --foo')).toEqual({ stdout: '', stderr: "error: unknown flag: --foo\nSee 'kubectl get --help' for usage.\n", exitCode: 1 });
    expect((await run('kubectl get pods -z')).stderr).toBe("error: unknown shorthand flag: 'z' in -z\nSee 'kubectl get --help' for usage.\n");
    expect((await run('kubectl get pods -n')).stderr).toBe("error: flag needs an argument: 'n' in -n\nSee 'kubectl get --help' for usage.\n");
    expect((await run('kubectl create deployment x --foo')).stderr).toBe("error: unknown flag: --foo\nSee 'kubectl create deployment --help' for usage.\n");
  });

  it('answers to the k alias', async () => {
    const r = await run('k get ns default');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/^NAME\s+STATUS\s+AGE\ndefault\s+Active\s+\S+\n$/);
  });

  it('prints versions and the current context', async () => {
    expect(await run('kubectl version')).toEqual({ stdout: 'Client Version: v1.31.0\nKustomize Version: v5.4.2\nServer Version: v1.31.0\n', stderr: '', exitCode: 0 });
    expect((await run('kubectl version --client')).stdout).toBe('Client Version: v1.31.0\nKustomize Version: v5.4.2\n');
    expect(await run('kubectl config current-context')).toEqual({ stdout: 'kind-myk8s\n', stderr: '', exitCode: 0 });
  });

  it('prints cluster-info without colour codes', async () => {
    const r = await run('kubectl cluster-info');
    expect(r.stdout).toBe(
      `Kubernetes control plane is running at https://127.0.0.1:${port}\n` +
        `CoreDNS is running at https://127.0.0.1:${port}/api/v1/namespaces/kube-system/services/kube-dns:dns/proxy\n` +
        "\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n"
    );
  });

  it('lists api-resources by group, then name', async () => {
    const r = await run('kubectl api-resources');
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^NAME\s+SHORTNAMES\s+APIVERSION\s+NAMESPACED\s+KIND$/);
    expect(lines[1]).toMatch(/^bindings\s+v1\s+true\s+Binding$/);
    expect(r.stdout).toMatch(/\nservices\s+svc\s+v1\s+true\s+Service\n/);
    const names = lines.slice(1, -1).map((l) => l.split(/\s+/)[0]);
    expect(names.indexOf('pods')).toBeLessThan(names.indexOf('customresourcedefinitions'));
    expect(names.indexOf('daemonsets')).toBeLessThan(names.indexOf('deployments'));
  });

  it('reports unknown types, missing objects and empty lists', async () => {
    expect(await run('kubectl get foo')).toEqual({ stdout: '', stderr: 'error: the server doesn\'t have a resource type "foo"\n', exitCode: 1 });
    expect(await run('kubectl get pod nope')).toEqual({ stdout: '', stderr: 'Error from server (NotFound): pods "nope" not found\n', exitCode: 1 });
    expect(await run('kubectl get deploy nope')).toEqual({ stdout: '', stderr: 'Error from server (NotFound): deployments.apps "nope" not found\n', exitCode: 1 });
    expect(await run('kubectl get pods')).toEqual({ stdout: '', stderr: 'No resources found in default namespace.\n', exitCode: 0 });
    expect(await run('kubectl get pods -n metallb-system')).toEqual({ stdout: '', stderr: 'No resources found in metallb-system namespace.\n', exitCode: 0 });
  });

  it('asks for a resource type', async () => {
    expect(await run('kubectl get')).toEqual({
      stdout: '',
      stderr:
        'You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.\n\n' +
        'error: Required resource not specified.\nUse "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).\n' +
        "See 'kubectl get -h' for help and examples\n",
      exitCode: 1
    });
  });

  it('refuses output formats it has no printer for', async () => {
    expect((await run('kubectl get pods -n kube-system -o xml')).stderr).toBe(
      'error: unable to match a printer suitable for the output format "xml", allowed formats are: custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml\n'
    );
    expect((await run('kubectl get pods -n kube-system -o jsonpath')).stderr).toBe('error: template format specified but no template given\n');
  });

  it('mixes found objects with errors for the missing ones', async () => {
    const r = await run('kubectl get ns default nope kube-system -o name');
    expect(r).toEqual({ stdout: 'namespace/default\nnamespace/kube-system\n', stderr: 'Error from server (NotFound): namespaces "nope" not found\n', exitCode: 1 });
  });

  it('supports label and field selectors with the server\'s errors', async () => {
    const r = await run('kubectl get pods -n kube-system -l k8s-app=kube-dns -o name');
    expect(r.stdout.split('\n').filter(Boolean)).toHaveLength(2);
    const byNode = await run('kubectl get pods -n kube-system --field-selector spec.nodeName=myk8s-worker -o name');
    expect(byNode.stdout.split('\n').filter(Boolean).every((l) => /^pod\/(kindnet|kube-proxy)-/.test(l))).toBe(true);
    expect((await run('kubectl get pods --field-selector foo=bar')).stderr).toBe(
      'Error from server (BadRequest): Unable to find "/v1, Resource=pods" that match label selector "", field selector "foo=bar": field label not supported: foo\n'
    );
  });

  it('works inside the control-plane container (admin kubeconfig) but not on a worker', async () => {
    const cp = await run('HOSTNAME=myk8s-control-plane kubectl config current-context');
    expect(cp.stdout).toBe('kubernetes-admin@kubernetes\n');
    expect((await run('HOSTNAME=myk8s-control-plane kubectl get ns default -o name')).stdout).toBe('namespace/default\n');
    const w = await run('HOSTNAME=myk8s-worker kubectl get nodes');
    expect(w.stderr.endsWith('The connection to the server localhost:8080 was refused - did you specify the right host or port?\n')).toBe(true);
  });

  it('prints the current state once for -w', async () => {
    const r = await run('kubectl get ns default -w');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/^NAME\s+STATUS\s+AGE\ndefault\s+Active/);
  });

  it('prints jsonpath without a trailing newline', async () => {
    expect(await run("kubectl get svc kubernetes -o jsonpath='{.spec.clusterIP}'")).toEqual({ stdout: '10.200.1.1', stderr: '', exitCode: 0 });
  });

  it('prints go-templates', async () => {
    const r = await run(`kubectl get ns -o go-template='{{range .items}}{{.metadata.name}}{{"\\n"}}{{end}}'`);
    expect(r.stdout).toBe('default\nkube-node-lease\nkube-public\nkube-system\nlocal-path-storage\n');
  });
});

describe('without a reachable API server', () => {
  const memcache = (server: string, detail: string) =>
    new RegExp(
      `^E1003 \\d\\d:\\d\\d:\\d\\d\\.\\d{6} +\\d+ memcache\\.go:265\\] "Unhandled Error" err="couldn't get current server API group list: Get \\\\"${server.replace(/[.]/g, '\\.')}/api\\?timeout=32s\\\\": ${detail}"$`
    );

  it('falls back to localhost:8080 when there is no kind cluster', async () => {
    const { run: r } = await newShell('empty');
    const res = await r('kubectl get pods');
    expect(res.exitCode).toBe(1);
    const lines = res.stderr.split('\n');
    expect(lines).toHaveLength(7);
    for (const l of lines.slice(0, 5)) expect(l).toMatch(memcache('http://localhost:8080', 'dial tcp \\[::1\\]:8080: connect: connection refused'));
    expect(lines[5]).toBe('The connection to the server localhost:8080 was refused - did you specify the right host or port?');
    expect(await r('kubectl version')).toEqual({
      stdout: 'Client Version: v1.31.0\nKustomize Version: v5.4.2\n',
      stderr: 'The connection to the server localhost:8080 was refused - did you specify the right host or port?\n',
      exitCode: 1
    });
    expect(await r('kubectl config current-context')).toEqual({ stdout: '', stderr: 'error: current-context is not set\n', exitCode: 1 });
  });

  it('is refused at once by a stopped control-plane', async () => {
    const { lab, run: r } = await newShell();
    const p = lab.cluster()!.apiServerHostPort;
    lab.docker.stop('myk8s-control-plane');
    await lab.advance(5_000);
    const t = lab.now();
    const res = await r('kubectl get pods');
    expect(lab.now() - t).toBeLessThan(1_000);
    const lines = res.stderr.split('\n');
    expect(lines[0]).toMatch(memcache(`https://127.0.0.1:${p}`, `dial tcp 127\\.0\\.0\\.1:${p}: connect: connection refused`));
    expect(lines[5]).toBe(`The connection to the server 127.0.0.1:${p} was refused - did you specify the right host or port?`);
    expect(res.exitCode).toBe(1);
  });

  it('times out against a paused control-plane', async () => {
    const { lab, run: r } = await newShell();
    lab.docker.pause('myk8s-control-plane');
    const t = lab.now();
    const res = await r('kubectl get nodes');
    expect(lab.now() - t).toBeGreaterThanOrEqual(50_000);
    expect(res.stderr.split('\n')[5]).toBe('Unable to connect to the server: net/http: TLS handshake timeout');
    expect(res.exitCode).toBe(1);
  });

  it('fails apply on the schema download first', async () => {
    const { run: r } = await newShell('empty');
    expect(await r('echo "kind: Namespace" | kubectl apply -f -')).toEqual({
      stdout: '',
      stderr:
        'error: error validating "STDIN": error validating data: failed to download openapi: Get "http://localhost:8080/openapi/v2?timeout=32s": dial tcp [::1]:8080: connect: connection refused; if you choose to ignore these errors, turn validation off with --validate=false\n',
      exitCode: 1
    });
  });
});
