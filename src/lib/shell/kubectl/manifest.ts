import type { ResourceInfo } from '../../engine/k8s/resources';
import type { Session } from './context';
import { decodeManifest } from './decode';
import { type KubectlError, plain } from './errors';
import { isObj } from './merge';
import { type Source, readSources } from './source';

/** One object from -f, mapped to its resource, with the namespace it will go to. */
export interface ManifestInfo {
  resource: ResourceInfo;
  /** The object as written, with metadata.namespace filled in for namespaced kinds. */
  obj: Record<string, unknown>;
  source: string;
  name: string;
  /** Undefined for cluster-scoped kinds. */
  namespace?: string;
}

/** In file order: a mapped object, or the error that document produced. */
export type ManifestItem = { info: ManifestInfo } | { error: KubectlError };

export type LoadResult = { ok: true; items: ManifestItem[] } | { ok: false; error: KubectlError };

function meta(o: Record<string, unknown>): Record<string, unknown> {
  return isObj(o.metadata) ? (o.metadata as Record<string, unknown>) : {};
}

/**
 * Read and decode every -f source and map each object to a resource, as the resource builder
 * does before a command acts: unreadable paths fail everything; decode errors stop their source
 * (keeping the documents before); unknown kinds and namespace clashes fail only that object.
 */
export async function loadManifests(s: Session, files: string[], opts: { recursive: boolean; validate: boolean }): Promise<LoadResult> {
  const read = await readSources(s.sh, files, opts.recursive);
  if (!read.ok) return { ok: false, error: plain(read.error) };
  return { ok: true, items: mapSources(s, read.sources, opts) };
}

/** Decode and map sources already read (apply/create read them before connecting). */
export function mapSources(s: Session, sources: Source[], opts: { validate: boolean }): ManifestItem[] {
  const items: ManifestItem[] = [];
  for (const src of sources) {
    const dec = decodeManifest(src.text, src.name, { validate: opts.validate });
    for (const d of dec.docs) items.push(mapDoc(s, d.obj, d.source));
    if (dec.error) items.push({ error: plain(dec.error) });
  }
  return items;
}

function mapDoc(s: Session, raw: Record<string, unknown>, source: string): ManifestItem {
  const m = meta(raw);
  const name = typeof m.name === 'string' ? m.name : '';
  const givenNs = typeof m.namespace === 'string' ? m.namespace : '';
  const resource = s.api.resourceFor({ apiVersion: raw.apiVersion, kind: raw.kind });
  if (!resource) {
    return {
      error: plain(
        `resource mapping not found for name: ${JSON.stringify(name)} namespace: ${JSON.stringify(givenNs)} from ${JSON.stringify(source)}: no matches for kind ${JSON.stringify(raw.kind)} in version ${JSON.stringify(raw.apiVersion)}\nensure CRDs are installed first`
      )
    };
  }
  const obj = JSON.parse(JSON.stringify(raw)) as Record<string, unknown>;
  if (!resource.namespaced) return { info: { resource, obj, source, name } };
  if (givenNs && s.explicitNs && givenNs !== s.namespace)
    return {
      error: plain(
        `the namespace from the provided object ${JSON.stringify(givenNs)} does not match the namespace ${JSON.stringify(s.namespace)}. You must pass '--namespace=${givenNs}' to perform this operation.`
      )
    };
  const namespace = givenNs || s.namespace;
  obj.metadata = { ...meta(obj), namespace };
  return { info: { resource, obj, source, name, namespace } };
}
