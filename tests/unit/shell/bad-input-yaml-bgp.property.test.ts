import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { Lab } from '../../../src/lib/engine/lab';
import { resourceId } from '../../../src/lib/engine/k8s/resources';
import { METALLB_APPLY, METALLB_WAIT } from '../../../src/lib/shell/article';
import { buildLab } from '../../../src/lib/shell/scenarios';
import { LabShell } from '../../../src/lib/shell/shell';

/**
 * MetalLB's BGP objects under bad YAML, on the `bgp` scenario with MetalLB installed: random
 * mutations of a valid IPAddressPool, BGPPeer (v1beta2 and v1beta1) and BGPAdvertisement must
 * come back as kubectl's own error shapes (strict decoding, schema, webhook denial) or be
 * admitted, never as a crash, and a rejected apply leaves every MetalLB object as it was.
 * Expected messages are written from /work/shared/reference/metallb.md §2–§3 and the
 * apiextensions server's wording, not read back from the lab.
 */

const NS = 'metallb-system';
/** A few seconds alone; the whole suite on the shared 2-core machine is far slower. */
const PROPERTY_TIMEOUT_MS = 180_000;
type Doc = { apiVersion: string; kind: string; metadata: Record<string, unknown>; spec?: unknown };

const POOL: Doc = { apiVersion: 'metallb.io/v1beta1', kind: 'IPAddressPool', metadata: { name: 'my-ippool', namespace: NS }, spec: { addresses: ['172.18.255.200-172.18.255.250'] } };
const PEER: Doc = { apiVersion: 'metallb.io/v1beta2', kind: 'BGPPeer', metadata: { name: 'router', namespace: NS }, spec: { myASN: 64513, peerASN: 64512, peerAddress: '172.18.0.6' } };
const ADV: Doc = { apiVersion: 'metallb.io/v1beta1', kind: 'BGPAdvertisement', metadata: { name: 'my-bgp-advertise', namespace: NS }, spec: { ipAddressPools: ['my-ippool'] } };

const apply = (docs: Doc[]) => `kubectl apply -f - <<'EOF'\n${docs.map((d) => stringify(d)).join('---\n')}EOF`;

/** Every MetalLB object's name and spec: what an apply may change. */
function metallbState(lab: Lab): string {
  const api = lab.cluster()!.api;
  return api.registry
    .all()
    .filter((r) => r.group === 'metallb.io')
    .flatMap((r) => api.list(resourceId(r)).map((o) => JSON.stringify([resourceId(r), o.metadata.namespace, o.metadata.name, (o as { spec?: unknown }).spec])))
    .sort()
    .join('\n');
}

let lab: Lab;
let shell: LabShell;

beforeAll(async () => {
  lab = await buildLab({ scenario: 'bgp', seed: 5 });
  shell = new LabShell(lab);
  for (const cmd of [METALLB_APPLY, METALLB_WAIT, apply([POOL, PEER, ADV])]) {
    const r = await shell.run(cmd);
    expect(r.exitCode, r.stderr).toBe(0);
  }
}, 120_000);

async function applyOne(doc: Doc) {
  const before = metallbState(lab);
  const r = await shell.run(apply([doc]));
  if (r.exitCode !== 0) expect(metallbState(lab), 'a rejected apply changed a MetalLB object').toBe(before);
  return r;
}

function withSpec(base: Doc, spec: Record<string, unknown>, meta: Record<string, unknown> = {}): Doc {
  return { ...base, metadata: { ...base.metadata, ...meta }, spec: { ...(base.spec as Record<string, unknown>), ...spec } };
}

describe('hand-checked bad BGP objects get kubectl\'s message and exit 1', () => {
  const denied = (hook: string, op: 'creating', msg: string) => `Error from server (Forbidden): error when ${op} "STDIN": admission webhook "${hook}" denied the request: ${msg}`;
  const cases: [string, Doc, string][] = [
    // apiextensions: a field the schema does not know fails strict decoding (kubectl --validate=strict is the default)
    ['an unknown spec field', withSpec(PEER, { bogus: 1 }, { name: 'p-unknown' }), 'Error from server (BadRequest): error when creating "STDIN": BGPPeer in version "v1beta2" cannot be handled as a BGPPeer: strict decoding error: unknown field "spec.bogus"\n'],
    ['two unknown fields, and a schema error the decoding never reaches', withSpec(POOL, { foo: 'x', addresses: 'nope', bar: [] }, { name: 'p-unknown2' }), 'Error from server (BadRequest): error when creating "STDIN": IPAddressPool in version "v1beta1" cannot be handled as a IPAddressPool: strict decoding error: unknown field "spec.foo", unknown field "spec.bar"\n'],
    // schema: ASNs are uint32, peerPort 0..16384, aggregationLength >= 1
    ['myASN above 2^32-1', withSpec(PEER, { myASN: 4294967296 }, { name: 'p-big' }), 'The BGPPeer "p-big" is invalid: spec.myASN: Invalid value: 4294967296: spec.myASN in body should be less than or equal to 4294967295\n'],
    ['a negative peerASN', withSpec(PEER, { peerASN: -1 }, { name: 'p-neg' }), 'The BGPPeer "p-neg" is invalid: spec.peerASN: Invalid value: -1: spec.peerASN in body should be greater than or equal to 0\n'],
    ['an ASN as text', withSpec(PEER, { myASN: 'sixty-four' }, { name: 'p-text' }), 'The BGPPeer "p-text" is invalid: spec.myASN: Invalid value: "string": spec.myASN in body must be of type integer: "string"\n'],
    ['peerPort out of range', withSpec(PEER, { peerPort: 16385 }, { name: 'p-port' }), 'The BGPPeer "p-port" is invalid: spec.peerPort: Invalid value: 16385: spec.peerPort in body should be less than or equal to 16384\n'],
    // a null where the schema is not nullable is dropped before defaulting and validation
    ['peerASN: null is a missing peerASN', withSpec(PEER, { peerASN: null }, { name: 'p-null' }), 'The BGPPeer "p-null" is invalid: spec.peerASN: Required value\n'],
    ['aggregationLength 0', withSpec(ADV, { aggregationLength: 0 }, { name: 'a-zero' }), 'The BGPAdvertisement "a-zero" is invalid: spec.aggregationLength: Invalid value: 0: spec.aggregationLength in body should be greater than or equal to 1\n'],
    // webhook (config.For with the native validator)
    ['peerASN 0', withSpec(PEER, { peerASN: 0 }, { name: 'p-zero' }), `${denied('bgppeersvalidationwebhook.metallb.io', 'creating', 'missing peer ASN')}\nparsing peer p-zero\n`],
    ['a peer address that is not an IP', withSpec(PEER, { peerAddress: '172.18.0.256' }, { name: 'p-ip' }), `${denied('bgppeersvalidationwebhook.metallb.io', 'creating', 'invalid BGPPeer address "172.18.0.256"')}\nparsing peer p-ip\n`],
    ['keepaliveTime on native BGP', withSpec(PEER, { keepaliveTime: '10s' }, { name: 'p-ka' }), `${denied('bgppeersvalidationwebhook.metallb.io', 'creating', 'peer 172.18.0.6 has keepalive-time set on native bgp mode')}\n`],
    ['a peer outside metallb-system', withSpec(PEER, {}, { name: 'p-ns', namespace: 'default' }), `${denied('bgppeersvalidationwebhook.metallb.io', 'creating', 'resource must be created in metallb-system namespace')}\n`],
    ['aggregationLength 33 (Go %q of an int)', withSpec(ADV, { aggregationLength: 33 }, { name: 'a-33' }), `${denied('bgpadvertisementvalidationwebhook.metallb.io', 'creating', "invalid aggregation length '!' for IPv4")}\n`]
  ];
  for (const [what, doc, stderr] of cases) {
    it(what, async () => {
      const r = await applyOne(doc);
      expect(r).toEqual({ stdout: '', stderr, exitCode: 1 });
    });
  }

  it('--validate=warn admits the unknown field with a warning and stores the object without it (disableMP defaulted to false, peerPort to 179)', async () => {
    const before = metallbState(lab);
    const r = await shell.run(apply([withSpec(PEER, { bogus: 1 }, { name: 'p-warn' })]).replace('apply -f -', 'apply --validate=warn -f -'));
    expect(r).toEqual({ stdout: 'bgppeer.metallb.io/p-warn created\n', stderr: 'Warning: unknown field "spec.bogus"\n', exitCode: 0 });
    expect(await shell.run('kubectl get bgppeer p-warn -n metallb-system -o jsonpath={.spec}')).toMatchObject({ stdout: '{"disableMP":false,"myASN":64513,"peerASN":64512,"peerAddress":"172.18.0.6","peerPort":179}' });
    expect((await shell.run('kubectl delete bgppeer p-warn -n metallb-system')).exitCode).toBe(0);
    expect(metallbState(lab)).toBe(before);
  });

  it('--validate=F (a Go false) drops the unknown field silently; --validate=bogus is refused before anything is read', async () => {
    const doc = withSpec(PEER, { bogus: 1 }, { name: 'p-ignore' });
    expect(await shell.run(apply([doc]).replace('apply -f -', 'apply --validate=F -f -'))).toEqual({ stdout: 'bgppeer.metallb.io/p-ignore created\n', stderr: '', exitCode: 0 });
    expect((await shell.run('kubectl delete bgppeer p-ignore -n metallb-system')).exitCode).toBe(0);
    const before = metallbState(lab);
    expect(await shell.run(apply([doc]).replace('apply -f -', 'apply --validate=bogus -f -'))).toEqual({
      stdout: '',
      stderr: 'error: invalid - validate option "bogus"; must be one of: strict (or true), warn, ignore (or false)\n',
      exitCode: 1
    });
    expect(await shell.run('kubectl create --validate=yes -f /nope')).toEqual({ stdout: '', stderr: 'error: invalid - validate option "yes"; must be one of: strict (or true), warn, ignore (or false)\n', exitCode: 1 });
    expect(metallbState(lab)).toBe(before);
  });

  it('kubectl patch without --type on a BGPPeer: the strategic merge patch is refused, wrapped by kubectl', async () => {
    const before = metallbState(lab);
    expect(await shell.run(`kubectl patch bgppeer router -n metallb-system -p '{"spec":{"peerASN":64999}}'`)).toEqual({
      stdout: '',
      stderr:
        'error: application/strategic-merge-patch+json is not supported by metallb.io/v1beta2, Kind=BGPPeer: the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml\n',
      exitCode: 1
    });
    expect(metallbState(lab)).toBe(before);
  });

  it('an existing peer re-applied with an unknown field: the patch fails and the peer is unchanged', async () => {
    const r = await applyOne(withSpec(PEER, { bogus: true }));
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/^Error from server \(BadRequest\): error when applying patch:\n/);
    expect(r.stderr).toContain('for: "STDIN": error when patching "STDIN": BGPPeer in version "v1beta2" cannot be handled as a BGPPeer: strict decoding error: unknown field "spec.bogus"\n');
  });
});

/** Values a field may be set to: wrong types, edges of the ranges, bad addresses and durations. */
const badValue = fc.oneof(
  fc.constantFrom<unknown>(0, -1, 1, 28, 32, 33, 128, 129, 179, 16384, 16385, 64512, 64513, 65535, 65536, 4294967295, 4294967296, 1.5, 1e20, true, false, null, '', 'x', '64513', '172.18.0.6', '172.18.0.256', '::1', 'fe80::1%eth0', '10.0.0.0/33', '172.18.255.240/28', '172.18.255.250-172.18.255.200', '1.2.3.4 - 1.2.3.5', '90s', '1s', '0s', 'abc', '-5s', '65535:65282', 'large:1:2:3', 'no-advertise', [], {}, ['my-ippool'], ['my-ippool', 'my-ippool'], [{ matchLabels: { a: 'b' } }], [{ matchExpressions: [{ key: 'a', operator: 'Bogus' }] }], [1, 'x'], { a: 1 }),
  fc.string({ maxLength: 12 }),
  fc.integer({ min: -5, max: 2 ** 33 })
);

const FIELDS: Record<string, string[]> = {
  IPAddressPool: ['addresses', 'autoAssign', 'avoidBuggyIPs', 'serviceAllocation'],
  BGPPeer: ['myASN', 'peerASN', 'peerAddress', 'peerPort', 'holdTime', 'keepaliveTime', 'connectTime', 'routerID', 'sourceAddress', 'ebgpMultiHop', 'nodeSelectors', 'password', 'passwordSecret', 'bfdProfile', 'vrf', 'disableMP', 'enableGracefulRestart'],
  BGPAdvertisement: ['aggregationLength', 'aggregationLengthV6', 'localPref', 'communities', 'ipAddressPools', 'ipAddressPoolSelectors', 'nodeSelectors', 'peers']
};
/** v1beta1 BGPPeer predates these v1beta2 fields (metallb.md §2): at v1beta1 they are unknown. */
const V1BETA2_ONLY = ['connectTime', 'disableMP', 'enableGracefulRestart', 'passwordSecret', 'vrf'];
const knownAt = (d: Doc) => FIELDS[d.kind].filter((f) => !(d.apiVersion === 'metallb.io/v1beta1' && d.kind === 'BGPPeer' && V1BETA2_ONLY.includes(f)));
const REQUIRED: Record<string, string[]> = { IPAddressPool: ['addresses'], BGPPeer: ['myASN', 'peerASN', 'peerAddress'], BGPAdvertisement: [] };

type Mutation = { op: 'set'; field: string; value: unknown } | { op: 'drop'; field: string } | { op: 'unknown'; field: string } | { op: 'meta'; name?: string; namespace?: string };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ op: fc.constant('set' as const), field: fc.constantFrom(...new Set(Object.values(FIELDS).flat())), value: badValue }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('drop' as const), field: fc.constantFrom('addresses', 'myASN', 'peerASN', 'peerAddress', 'ipAddressPools') }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('unknown' as const), field: fc.constantFrom('bogus', 'peerIP', 'asn', 'address') }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('meta' as const), name: fc.constantFrom('fuzz-a', 'fuzz-b', 'router', 'my-ippool'), namespace: fc.constantFrom(NS, NS, 'default', 'nope') }) }
);

const base = fc.constantFrom(POOL, PEER, { ...PEER, apiVersion: 'metallb.io/v1beta1' }, ADV);

function mutate(b: Doc, ms: Mutation[]): Doc {
  const doc: Doc = JSON.parse(JSON.stringify(b));
  const spec = doc.spec as Record<string, unknown>;
  for (const m of ms) {
    if (m.op === 'set' && FIELDS[doc.kind].includes(m.field)) spec[m.field] = m.value;
    else if (m.op === 'drop') delete spec[m.field];
    else if (m.op === 'unknown') spec[m.field] = 1;
    else if (m.op === 'meta') doc.metadata = { ...doc.metadata, ...(m.name ? { name: m.name } : {}), ...(m.namespace ? { namespace: m.namespace } : {}) };
  }
  return doc;
}

describe('random mutations of valid BGP objects', () => {
  it('give kubectl\'s error shapes or are admitted; a rejection changes nothing; unknown fields, missing required fields and out-of-range ASNs are always rejected', async () => {
    await fc.assert(
      fc.asyncProperty(base, fc.array(mutation, { minLength: 1, maxLength: 4 }), async (b, ms) => {
        const doc = mutate(b, ms);
        const r = await applyOne(doc);
        const spec = doc.spec as Record<string, unknown>;
        const out = r.stdout + r.stderr;
        expect(out).not.toMatch(/internal error|TypeError|RangeError|undefined|\[object Object\]|NaN/);
        expect([0, 1]).toContain(r.exitCode);
        if (r.exitCode === 0) expect(r.stdout).toMatch(/^\S+\.metallb\.io\/\S+ (created|configured|unchanged)\n$/);
        else expect(r.stderr).toMatch(/^(Error from server \((BadRequest|Forbidden|NotFound|InternalError)\): |The \w+ "[^"]+" is invalid: )/);
        // what must be rejected, in the order the server checks: decoding, then the schema
        const unknown = Object.keys(spec).filter((f) => !knownAt(doc).includes(f));
        if (unknown.length) {
          expect(r.exitCode).toBe(1);
          expect(r.stderr).toContain(`cannot be handled as a ${doc.kind}: strict decoding error: unknown field "spec.`);
          for (const f of unknown) expect(r.stderr).toContain(`unknown field "spec.${f}"`);
          return;
        }
        for (const f of REQUIRED[doc.kind]) if (!(f in spec) || spec[f] === null) expect(r.stderr).toContain(`spec.${f}: Required value`);
        if (doc.kind === 'BGPPeer')
          for (const f of ['myASN', 'peerASN']) {
            const v = spec[f];
            if (typeof v !== 'number' || !Number.isSafeInteger(v)) continue;
            if (v > 4294967295) expect(r.stderr).toContain(`spec.${f}: Invalid value: ${v}: spec.${f} in body should be less than or equal to 4294967295`);
            if (v < 0) expect(r.stderr).toContain(`spec.${f}: Invalid value: ${v}: spec.${f} in body should be greater than or equal to 0`);
          }
      }),
      { numRuns: 150, seed: 31337 }
    );
  }, PROPERTY_TIMEOUT_MS);
});
