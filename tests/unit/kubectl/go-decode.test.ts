import { beforeAll, describe, expect, it } from 'vitest';
import { Lab } from '../../../src/lib/engine/lab';
import { LabShell } from '../../../src/lib/shell/shell';

/**
 * A built-in object whose field has the wrong JSON type is refused by the API server's decoder,
 * and nothing is created. The expected texts are Go's encoding/json UnmarshalTypeError as the
 * API server wraps it ("<Kind> in version "<v>" cannot be handled as a <Kind>: json: cannot
 * unmarshal <what> into Go struct field <Struct>.<path> of type <type>"), written out by hand.
 */
const head = (kind: string, v = 'v1') => `Error from server (BadRequest): error when creating "STDIN": ${kind} in version "${v}" cannot be handled as a ${kind}: json: cannot unmarshal `;

describe('typed decoding of Services, Deployments and Pods', () => {
  let sh: LabShell;
  beforeAll(async () => {
    sh = new LabShell(await Lab.create({ scenario: 'kind', seed: 3 }));
  });
  const apply = (yaml: string) => sh.run(`kubectl apply -f - <<'EOF'\n${yaml}\nEOF`);
  const svc = (spec: string) => `apiVersion: v1\nkind: Service\nmetadata:\n  name: bad\nspec:\n${spec}`;

  it.each([
    ['  selector: [app]\n  ports:\n  - port: 80', 'array into Go struct field ServiceSpec.spec.selector of type map[string]string'],
    ['  selector:\n    app: 1', 'number into Go struct field ServiceSpec.spec.selector of type string'],
    ['  ports:\n  - port: "80"', 'string into Go struct field ServicePort.spec.ports.port of type int32'],
    ['  ports:\n  - port: 80.5', 'number 80.5 into Go struct field ServicePort.spec.ports.port of type int32'],
    ['  ports:\n  - port: 4294967296', 'number 4294967296 into Go struct field ServicePort.spec.ports.port of type int32'],
    ['  ports:\n    port: 80', 'object into Go struct field ServiceSpec.spec.ports of type []v1.ServicePort'],
    ['  type: [LoadBalancer]', 'array into Go struct field ServiceSpec.spec.type of type string'],
    ['  externalTrafficPolicy: true', 'bool into Go struct field ServiceSpec.spec.externalTrafficPolicy of type string'],
    ['  allocateLoadBalancerNodePorts: "no"', 'string into Go struct field ServiceSpec.spec.allocateLoadBalancerNodePorts of type bool']
  ])('Service spec %j', async (spec, detail) => {
    const r = await apply(svc(spec));
    expect(r.stderr).toBe(`${head('Service')}${detail}\n`);
    expect(r.exitCode).toBe(1);
    expect((await sh.run('kubectl get svc bad')).stderr).toBe('Error from server (NotFound): services "bad" not found\n');
  });

  it('the first mistake in document order is the one reported', async () => {
    const r = await apply(svc('  type: 1\n  selector: [a]'));
    expect(r.stderr).toBe(`${head('Service')}number into Go struct field ServiceSpec.spec.type of type string\n`);
  });

  it('a spec that is not an object', async () => {
    const r = await apply('apiVersion: v1\nkind: Service\nmetadata:\n  name: bad\nspec: [1]');
    expect(r.stderr).toBe(`${head('Service')}array into Go struct field Service.spec of type v1.ServiceSpec\n`);
  });

  it('Deployment: replicas as a string, a container port as a string, labels as a list', async () => {
    const dep = (spec: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n${spec}`;
    expect((await apply(dep('  replicas: "2"'))).stderr).toBe(`${head('Deployment')}string into Go struct field DeploymentSpec.spec.replicas of type int32\n`);
    expect((await apply(dep('  template:\n    spec:\n      containers:\n      - name: c\n        image: nginx\n        ports:\n        - containerPort: "80"'))).stderr).toBe(
      `${head('Deployment')}string into Go struct field ContainerPort.spec.template.spec.containers.ports.containerPort of type int32\n`
    );
    expect((await apply(dep('  selector:\n    matchLabels: [app]'))).stderr).toBe(`${head('Deployment')}array into Go struct field LabelSelector.spec.selector.matchLabels of type map[string]string\n`);
    expect((await sh.run('kubectl get deploy d')).exitCode).toBe(1);
  });

  it('well-typed objects and nulls go through', async () => {
    const ok = await apply(svc('  type: LoadBalancer\n  selector:\n    app: x\n  ports:\n  - port: 80\n    targetPort: http\n  loadBalancerIP: null'));
    expect(ok.stdout).toBe('service/bad created\n');
    expect(ok.exitCode).toBe(0);
  });
});
