import { describe, expect, it } from 'vitest';
import { lastAppliedOf } from '../../../src/lib/shell/kubectl/apply';
import { decodeManifest } from '../../../src/lib/shell/kubectl/decode';
import { goJson } from '../../../src/lib/shell/kubectl/gojson';
import { type JsonValue, jsonPatch, mergePatch, strategicMergePatch, threeWayMerge } from '../../../src/lib/shell/kubectl/merge';

/** Manifest decoding (Go yaml messages), last-applied JSON and the merges behind apply/patch. */

function yamlError(text: string): string | undefined {
  return decodeManifest(text, 'STDIN', { validate: true }).error;
}

describe('YAML errors as Go yaml.v2 words them', () => {
  const prefix = 'error parsing STDIN: error converting YAML to JSON: yaml: ';
  it.each([
    ['a: 1\nb: x: y\n', "line 2: mapping values are not allowed in this context"],
    ['metadata:\n  name: x\n    labels: y\n', 'line 3: mapping values are not allowed in this context'],
    ['metadata:\n\tname: x\n', 'line 2: found character that cannot start any token'],
    ['apiVersion: v1\nkind Pod\nmetadata:\n  name: x\n', "line 3: could not find expected ':'"],
    ['metadata:\n  name: x\n labels:\n   a: b\n', 'line 2: did not find expected key'],
    ['a:\n  - x\n  y: 1\n', "line 2: did not find expected '-' indicator"],
    ['spec:\n  containers:\n  - name: x\n   image: y\n', 'line 3: did not find expected key'],
    ['a: "abc\nb: 3\n', 'line 3: found unexpected end of stream']
  ])('%j', (text, msg) => {
    expect(yamlError(text)).toBe(prefix + msg);
  });

  it('counts lines from the start of the failing document', () => {
    expect(yamlError('apiVersion: v1\nkind: ConfigMap\n---\nb: 2\nc: x: y\n')).toBe(prefix + 'line 2: mapping values are not allowed in this context');
  });

  it('keeps the documents before the error', () => {
    const r = decodeManifest('apiVersion: v1\nkind: ConfigMap\n---\napiVersion: v1\nkind ConfigMap\n', 'x.yaml', { validate: true });
    expect(r.docs.map((d) => d.obj.kind)).toEqual(['ConfigMap']);
    expect(r.error).toBe("error parsing x.yaml: error converting YAML to JSON: yaml: line 3: could not find expected ':'");
  });

  it('reads YAML 1.1 scalars as Go does and skips empty documents', () => {
    const r = decodeManifest('---\n# only a comment\n---\napiVersion: v1\nkind: ConfigMap\ndata:\n  a: yes\n  b: "yes"\n', 'STDIN', { validate: true });
    expect(r.docs).toHaveLength(1);
    expect(r.docs[0].obj.data).toEqual({ a: true, b: 'yes' });
  });

  it('reads JSON streams', () => {
    const r = decodeManifest('{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a"}}\n{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"b"}}', 'STDIN', { validate: true });
    expect(r.docs.map((d) => (d.obj.metadata as { name: string }).name)).toEqual(['a', 'b']);
  });
});

describe('last-applied-configuration', () => {
  it('is the object with an empty annotations map, sorted keys and a newline', () => {
    const { text, modified } = lastAppliedOf({ kind: 'Service', apiVersion: 'v1', metadata: { name: 's', namespace: 'default' }, spec: { type: 'LoadBalancer' } });
    expect(text).toBe('{"apiVersion":"v1","kind":"Service","metadata":{"annotations":{},"name":"s","namespace":"default"},"spec":{"type":"LoadBalancer"}}\n');
    expect((modified.metadata as { annotations: Record<string, string> }).annotations['kubectl.kubernetes.io/last-applied-configuration']).toBe(text);
  });

  it('escapes HTML characters as encoding/json does', () => {
    expect(goJson({ b: '<a&b>', a: 1 })).toBe('{"a":1,"b":"\\u003ca\\u0026b\\u003e"}');
  });
});

describe('merges', () => {
  const live: JsonValue = {
    metadata: { name: 's', labels: { app: 'a', tier: 'web' }, uid: 'u1' },
    spec: { ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 80, nodePort: 31234 }], clusterIP: '10.200.1.20' }
  };

  it('three-way merge keeps server-set fields, also inside list items', () => {
    const cfg: JsonValue = { metadata: { name: 's', labels: { app: 'a', tier: 'web' } }, spec: { ports: [{ name: 'http', port: 80, targetPort: 80 }] } };
    expect(threeWayMerge(cfg, cfg, live)).toEqual(live);
  });

  it('three-way merge drops what the previous configuration had and the new one lacks', () => {
    const before: JsonValue = { metadata: { name: 's', labels: { app: 'a', tier: 'web' } } };
    const after: JsonValue = { metadata: { name: 's', labels: { app: 'a' } } };
    const m = threeWayMerge(before, after, live) as { metadata: { labels: Record<string, string>; uid: string } };
    expect(m.metadata.labels).toEqual({ app: 'a' });
    expect(m.metadata.uid).toBe('u1');
  });

  it('merge patch replaces lists; strategic merge merges them by key', () => {
    const p: JsonValue = { spec: { ports: [{ port: 80, nodePort: 30080 }] } };
    expect((mergePatch(live, p) as { spec: { ports: unknown[] } }).spec.ports).toEqual([{ port: 80, nodePort: 30080 }]);
    expect((strategicMergePatch(live, p) as { spec: { ports: unknown[] } }).spec.ports).toEqual([
      { name: 'http', port: 80, protocol: 'TCP', targetPort: 80, nodePort: 30080 }
    ]);
    expect((mergePatch(live, { metadata: { labels: { tier: null } } }) as { metadata: { labels: unknown } }).metadata.labels).toEqual({ app: 'a' });
  });

  it('applies RFC 6902 patches all or nothing', () => {
    const ok = jsonPatch(live, [
      { op: 'replace', path: '/spec/ports/0/nodePort', value: 30000 },
      { op: 'add', path: '/metadata/labels/x', value: 'y' },
      { op: 'remove', path: '/metadata/labels/tier' }
    ]);
    expect(ok.ok && (ok.value as { metadata: { labels: unknown } }).metadata.labels).toEqual({ app: 'a', x: 'y' });
    expect(jsonPatch(live, [{ op: 'remove', path: '/spec/nope' }]).ok).toBe(false);
  });
});
