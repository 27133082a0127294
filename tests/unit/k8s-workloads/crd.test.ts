import { describe, expect, test } from 'vitest';
import { findUnknownFields, lastWarnings } from '../../../src/lib/engine/k8s/admission';
import type { CustomResourceDefinition, KObject } from '../../../src/lib/engine/k8s/types';
import { bareCluster, meta } from './helpers';

const CRD_RES = 'customresourcedefinitions.apiextensions.k8s.io';

/** The IPAddressPool CRD of metallb-native.yaml v0.14.8, trimmed to the fields the lab uses. */
function ipAddressPoolCrd(): KObject {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: meta('ipaddresspools.metallb.io'),
    spec: {
      group: 'metallb.io',
      names: { kind: 'IPAddressPool', listKind: 'IPAddressPoolList', plural: 'ipaddresspools', singular: 'ipaddresspool' },
      scope: 'Namespaced',
      versions: [
        {
          name: 'v1beta1',
          served: true,
          storage: true,
          subresources: { status: {} },
          additionalPrinterColumns: [
            { jsonPath: '.spec.autoAssign', name: 'Auto Assign', type: 'boolean' },
            { jsonPath: '.spec.avoidBuggyIPs', name: 'Avoid Buggy IPs', type: 'boolean' },
            { jsonPath: '.spec.addresses', name: 'Addresses', type: 'string' }
          ],
          schema: {
            openAPIV3Schema: {
              type: 'object',
              required: ['spec'],
              properties: {
                apiVersion: { type: 'string' },
                kind: { type: 'string' },
                metadata: { type: 'object' },
                spec: {
                  type: 'object',
                  required: ['addresses'],
                  properties: {
                    addresses: { type: 'array', items: { type: 'string' } },
                    autoAssign: { type: 'boolean', default: true },
                    avoidBuggyIPs: { type: 'boolean', default: false },
                    serviceAllocation: { type: 'object', properties: { priority: { type: 'integer' }, namespaces: { type: 'array', items: { type: 'string' } } } }
                  }
                },
                status: { type: 'object' }
              }
            }
          }
        }
      ]
    }
  };
}

function pool(name: string, spec: Record<string, unknown>): KObject {
  return { apiVersion: 'metallb.io/v1beta1', kind: 'IPAddressPool', metadata: meta(name, 'metallb-system'), spec };
}

function setup() {
  const c = bareCluster();
  c.api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: meta('metallb-system') });
  const r = c.api.create(ipAddressPoolCrd());
  expect(r.ok).toBe(true);
  return c;
}

describe('CustomResourceDefinitions', () => {
  test('a created CRD is established and its kind resolvable at once, with printer columns', () => {
    const { api } = setup();
    for (const n of ['ipaddresspools', 'ipaddresspool', 'IPAddressPool', 'ipaddresspools.metallb.io']) {
      const r = api.resolve(n)!;
      expect(r).toMatchObject({ group: 'metallb.io', version: 'v1beta1', kind: 'IPAddressPool', plural: 'ipaddresspools', singular: 'ipaddresspool', shortNames: [], namespaced: true, custom: true, versions: ['v1beta1'] });
    }
    expect(api.resolve('ipaddresspools')!.printerColumns!.map((c) => `${c.name}:${c.jsonPath}`)).toEqual([
      'Auto Assign:.spec.autoAssign',
      'Avoid Buggy IPs:.spec.avoidBuggyIPs',
      'Addresses:.spec.addresses'
    ]);
    const crd = api.get<CustomResourceDefinition>(CRD_RES, undefined, 'ipaddresspools.metallb.io')!;
    const status = crd.status as { conditions: { type: string; status: string; reason: string; message: string }[]; acceptedNames: { kind: string }; storedVersions: string[] };
    expect(status.conditions.map((c) => `${c.type}=${c.status} ${c.reason}: ${c.message}`)).toEqual([
      'NamesAccepted=True NoConflicts: no conflicts found',
      'Established=True InitialNamesAccepted: the initial names have been accepted'
    ]);
    expect(status.acceptedNames.kind).toBe('IPAddressPool');
    expect(status.storedVersions).toEqual(['v1beta1']);
    // Deleting the CRD stops serving the kind.
    api.delete(api.resolve('crd')!, undefined, 'ipaddresspools.metallb.io');
    expect(api.resolve('ipaddresspools')).toBeNull();
  });

  test('schema defaults and validation of custom objects', () => {
    const { api } = setup();
    expect(api.create(pool('first-pool', { addresses: ['172.18.255.200-172.18.255.250'] })).ok).toBe(true);
    expect(api.get('ipaddresspools.metallb.io', 'metallb-system', 'first-pool')!.spec).toEqual({
      addresses: ['172.18.255.200-172.18.255.250'],
      autoAssign: true,
      avoidBuggyIPs: false
    });
    const rv = api.currentResourceVersion();
    const missing = api.create(pool('bad', { autoAssign: false }));
    expect(missing.ok).toBe(false);
    if (!missing.ok) {
      expect(missing.error.code).toBe(422);
      expect(missing.error.reason).toBe('Invalid');
      expect(missing.error.message).toBe('The IPAddressPool "bad" is invalid: spec.addresses: Required value');
    }
    expect(api.get('ipaddresspools.metallb.io', 'metallb-system', 'bad')).toBeUndefined();
    expect(api.currentResourceVersion()).toBe(rv);
    const typed = api.create(pool('bad2', { addresses: ['10.0.0.0/24'], autoAssign: 'yes' }));
    expect(!typed.ok && typed.error.message).toBe('The IPAddressPool "bad2" is invalid: spec.autoAssign: Invalid value: "string": spec.autoAssign in body must be of type boolean: "string"');
    const two = api.create(pool('bad3', { autoAssign: 'yes' }));
    expect(!two.ok && two.error.message).toBe(
      'The IPAddressPool "bad3" is invalid: \n* spec.addresses: Required value\n* spec.autoAssign: Invalid value: "string": spec.autoAssign in body must be of type boolean: "string"'
    );
    const nospec = api.create({ apiVersion: 'metallb.io/v1beta1', kind: 'IPAddressPool', metadata: meta('bad4', 'metallb-system') });
    expect(!nospec.ok && nospec.error.message).toBe('The IPAddressPool "bad4" is invalid: spec: Required value');
  });

  test('unknown fields are pruned, with a warning for the shell', () => {
    const { api, cluster } = setup();
    const obj = pool('p', { addresses: ['10.0.0.0/24'], foo: 1, serviceAllocation: { priority: 1, bar: true } });
    expect(findUnknownFields(api, obj)).toEqual(['spec.foo', 'spec.serviceAllocation.bar']);
    expect(api.create(obj).ok).toBe(true);
    expect(lastWarnings(cluster)).toEqual(['unknown field "spec.foo"', 'unknown field "spec.serviceAllocation.bar"']);
    expect(api.get('ipaddresspools.metallb.io', 'metallb-system', 'p')!.spec).toEqual({ addresses: ['10.0.0.0/24'], serviceAllocation: { priority: 1 }, autoAssign: true, avoidBuggyIPs: false });
    // The next request starts clean.
    api.create(pool('q', { addresses: ['10.0.1.0/24'] }));
    expect(lastWarnings(cluster)).toEqual([]);
  });

  test('enum, minimum/maximum, format, defaults in list items; CRD validation', () => {
    const { api } = bareCluster();
    const crd: KObject = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: meta('peers.example.com'),
      spec: {
        group: 'example.com',
        names: { kind: 'Peer', plural: 'peers', shortNames: ['pr'] },
        scope: 'Cluster',
        versions: [
          { name: 'v1beta1', served: true, storage: false, schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } } } },
          {
            name: 'v1beta2',
            served: true,
            storage: true,
            schema: {
              openAPIV3Schema: {
                type: 'object',
                properties: {
                  spec: {
                    type: 'object',
                    properties: {
                      peerPort: { type: 'integer', default: 179, minimum: 0, maximum: 16384 },
                      mode: { type: 'string', enum: ['active', 'passive'] },
                      address: { type: 'string', format: 'ipv4' },
                      neighbors: { type: 'array', items: { type: 'object', properties: { asn: { type: 'integer', default: 64512 } } } }
                    }
                  }
                }
              }
            }
          }
        ]
      }
    };
    expect(api.create(crd).ok).toBe(true);
    // Preferred version: the highest served one.
    expect(api.resolve('pr')).toMatchObject({ kind: 'Peer', version: 'v1beta2', namespaced: false, versions: ['v1beta2', 'v1beta1'] });
    const peer = (name: string, spec: Record<string, unknown>): KObject => ({ apiVersion: 'example.com/v1beta2', kind: 'Peer', metadata: meta(name), spec });
    expect(api.create(peer('a', { neighbors: [{}, { asn: 1 }] })).ok).toBe(true);
    expect(api.get('peers.example.com', undefined, 'a')!.spec).toEqual({ neighbors: [{ asn: 64512 }, { asn: 1 }], peerPort: 179 });
    const msg = (spec: Record<string, unknown>) => {
      const r = api.create(peer('x', spec));
      return r.ok ? null : r.error.message;
    };
    expect(msg({ peerPort: 20000 })).toBe('The Peer "x" is invalid: spec.peerPort: Invalid value: 20000: spec.peerPort in body should be less than or equal to 16384');
    expect(msg({ peerPort: -1 })).toBe('The Peer "x" is invalid: spec.peerPort: Invalid value: -1: spec.peerPort in body should be greater than or equal to 0');
    expect(msg({ mode: 'x' })).toBe('The Peer "x" is invalid: spec.mode: Unsupported value: "x": supported values: "active", "passive"');
    expect(msg({ address: '300.1.1.1' })).toBe('The Peer "x" is invalid: spec.address: Invalid value: "300.1.1.1": spec.address in body must be of type ipv4: "300.1.1.1"');
    // v1beta1 keeps unknown fields.
    expect(api.create({ apiVersion: 'example.com/v1beta1', kind: 'Peer', metadata: meta('old'), spec: { anything: 1 } }).ok).toBe(true);
    expect(api.get('peers.example.com', undefined, 'old')!.spec).toEqual({ anything: 1 });

    const wrong = api.create({ ...crd, metadata: meta('nope') });
    expect(!wrong.ok && wrong.error.message).toBe('The CustomResourceDefinition "nope" is invalid: metadata.name: Invalid value: "nope": must be spec.names.plural+"."+spec.group');
  });
});
