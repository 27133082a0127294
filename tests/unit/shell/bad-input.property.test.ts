import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { Lab } from '../../../src/lib/engine/lab';
import { resourceId } from '../../../src/lib/engine/k8s/resources';
import { LabShell } from '../../../src/lib/shell/shell';

/**
 * Nothing a learner types may throw out of the shell, hang it, or leave the lab half-changed.
 * Random command lines and random YAML are fed to the shell; every run must return a result
 * within a bounded amount of work, and a failing single-object command must change no object.
 */

const VOLATILE = new Set(['events', 'leases.coordination.k8s.io', 'endpointslices.discovery.k8s.io', 'endpoints']);

/** What the learner controls: every object's identity, labels, annotations and spec. */
function snapshot(lab: Lab): string {
  const c = lab.cluster();
  if (!c) return 'no cluster';
  const parts: string[] = [];
  for (const r of c.api.registry.all()) {
    const id = resourceId(r);
    if (VOLATILE.has(id)) continue;
    for (const o of c.api.list(id)) {
      const { metadata, status: _status, ...rest } = o;
      void _status;
      parts.push(JSON.stringify([id, metadata.namespace, metadata.name, metadata.labels ?? {}, metadata.annotations ?? {}, rest]));
    }
  }
  return parts.sort().join('\n') + `\ncontainers:${lab.docker.containers().map((x) => `${x.name}=${x.state}`).sort().join(',')}`;
}

const word = fc.oneof(
  fc.constantFrom('kubectl', 'k', 'docker', 'kind', 'get', 'describe', 'apply', 'create', 'delete', 'logs', 'label', 'annotate', 'patch', 'scale', 'exec', 'ps', 'inspect', 'network', 'stop', 'start', 'pods', 'pod', 'svc', 'nodes', 'no', 'deploy', 'foo', 'nope', 'myk8s-worker', 'mypc', 'webpod1', '-n', '-o', '-A', '-l', '-f', '-', '--signal', '--bogus', '-z', 'yaml', 'json', 'wide', 'jsonpath={.x[', '{', '}', '=', "'", '"', '|', ';', '&&', '||', '$(', ')', '`', '\\', '--all', '--replicas=-1', '-p', '{"a":', 'x=y', 'x-', 'cluster', 'clusters', '--name', '--config'),
  fc.string({ maxLength: 12 })
);

const commandLine = fc.array(word, { minLength: 1, maxLength: 8 }).map((ws) => ws.join(' '));

/** Commands that cannot mutate anything even when they succeed are safe to run anywhere. */
const mutatingVerb = /\b(apply|create|delete|label|annotate|patch|scale|stop|start|kill|pause|unpause|rm|run|restart|connect|disconnect|exec)\b/;

describe('bad input never breaks the lab', () => {
  let lab: Lab;
  let shell: LabShell;
  beforeAll(async () => {
    lab = await Lab.create({ seed: 99, scenario: 'kind' });
    shell = new LabShell(lab);
  });

  it('random command lines return a result and never throw', async () => {
    await fc.assert(
      fc.asyncProperty(commandLine, async (line) => {
        const before = snapshot(lab);
        const res = await shell.run(line);
        expect(typeof res.exitCode).toBe('number');
        expect(typeof res.stdout).toBe('string');
        expect(typeof res.stderr).toBe('string');
        // A line with no verb that can write must leave every object as it was.
        if (!mutatingVerb.test(line)) expect(snapshot(lab)).toBe(before);
      }),
      { numRuns: 150, seed: 4242 }
    );
  });

  it('random YAML given to kubectl apply either succeeds or changes nothing', async () => {
    const yamlish = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.record({
        apiVersion: fc.constantFrom('v1', 'apps/v1', 'metallb.io/v1beta1', 'bogus/v9', ''),
        kind: fc.constantFrom('Pod', 'Service', 'Deployment', 'IPAddressPool', 'Foo', ''),
        name: fc.constantFrom('p1', 'Bad_Name', '', 'svc-x', 'a'.repeat(300)),
        body: fc.constantFrom('', 'spec: {}', 'spec:\n  containers: []', 'spec:\n  ports:\n  - port: 0', 'spec:\n  addresses:\n  - 1.2.3.4-1.2.3.1', ': :', '\t- x')
      }).map((r) => `apiVersion: ${r.apiVersion}\nkind: ${r.kind}\nmetadata:\n  name: ${r.name}\n${r.body}\n`)
    );
    await fc.assert(
      fc.asyncProperty(yamlish, async (doc) => {
        const before = snapshot(lab);
        const res = await shell.run(`kubectl apply -f - <<'EOF'\n${doc}\nEOF`);
        expect(typeof res.exitCode).toBe('number');
        if (res.exitCode !== 0) expect(snapshot(lab)).toBe(before);
        else await shell.run(`kubectl delete -f - --wait=false <<'EOF'\n${doc}\nEOF`);
      }),
      { numRuns: 120, seed: 777 }
    );
  });
});
