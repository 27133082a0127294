import type { Sim } from '../sim';
import { type ApiError, type ApiResult, alreadyExists, fail, notFound, ok } from './errors';
import { type ResourceInfo, ResourceRegistry, apiVersionOf, resourceId } from './resources';
import { invalidResult } from './admission/field';
import { nameFieldErrors } from './names';
import { type KObject, type ObjectMeta, deepClone } from './types';
import { jsonEqual } from './json-value';

export type WatchType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface WatchEvent {
  type: WatchType;
  resource: ResourceInfo;
  object: KObject;
  old?: KObject;
}

export type WatchHandler = (e: WatchEvent) => void;

export type AdmissionOp = 'CREATE' | 'UPDATE' | 'DELETE';

export interface AdmissionRequest {
  op: AdmissionOp;
  resource: ResourceInfo;
  object: KObject;
  old?: KObject;
  /** e.g. "STDIN" or the file name, for error messages that quote the source. */
  source?: string;
}

/**
 * An admission plug-in: returns the (possibly mutated) object, or an error that rejects the
 * request with nothing stored. Mutating plug-ins run first, in the order they were added.
 */
export interface AdmissionPlugin {
  name: string;
  mutating: boolean;
  admit(req: AdmissionRequest): ApiResult<KObject>;
}

export interface DeleteOptions {
  gracePeriodSeconds?: number;
  /** 'Background' (default) deletes dependents afterwards; 'Orphan' leaves them. */
  propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
}

/**
 * The API server's object store: uid, resourceVersion, creationTimestamp from sim time, watches,
 * admission, namespaces and owner-reference garbage collection. Everything is synchronous, and a
 * rejected request changes nothing.
 */
export class ApiServer {
  readonly registry: ResourceRegistry;
  private readonly sim: Sim;
  private objects = new Map<string, Map<string, KObject>>();
  private watchers = new Set<{ resource: string | null; fn: WatchHandler }>();
  private admission: AdmissionPlugin[] = [];
  private rv = 500;
  private uidRng;

  constructor(sim: Sim, registry = new ResourceRegistry()) {
    this.sim = sim;
    this.registry = registry;
    this.uidRng = sim.rng.fork('uid');
  }

  now(): string {
    return this.sim.clock.rfc3339();
  }

  addAdmission(p: AdmissionPlugin): void {
    this.admission.push(p);
  }

  removeAdmission(name: string): void {
    this.admission = this.admission.filter((p) => p.name !== name);
  }

  /** Watch one resource id ("pods", "deployments.apps") or everything (null). */
  watch(resource: string | null, fn: WatchHandler): () => void {
    const w = { resource, fn };
    this.watchers.add(w);
    return () => this.watchers.delete(w);
  }

  resolve(name: string): ResourceInfo | null {
    return this.registry.resolve(name);
  }

  /** The resource an object belongs to, from its apiVersion and kind. */
  resourceFor(obj: { apiVersion?: unknown; kind?: unknown }): ResourceInfo | null {
    if (typeof obj.apiVersion !== 'string' || typeof obj.kind !== 'string') return null;
    return this.registry.byKind(obj.apiVersion, obj.kind);
  }

  get<T extends KObject = KObject>(resource: string, namespace: string | undefined, name: string): T | undefined {
    const o = this.bucket(resource).get(this.key(namespace, name));
    return o as T | undefined;
  }

  /** A copy-free read of every object of a resource, optionally in one namespace, sorted by name. */
  list<T extends KObject = KObject>(resource: string, namespace?: string): T[] {
    const out: KObject[] = [];
    for (const o of this.bucket(resource).values()) {
      if (namespace === undefined || o.metadata.namespace === namespace) out.push(o);
    }
    out.sort((a, b) => cmp(a.metadata.namespace ?? '', b.metadata.namespace ?? '') || cmp(a.metadata.name, b.metadata.name));
    return out as T[];
  }

  getResult(r: ResourceInfo, namespace: string | undefined, name: string): ApiResult<KObject> {
    const o = this.get(resourceId(r), r.namespaced ? namespace : undefined, name);
    return o ? ok(o) : notFound(resourceId(r), name);
  }

  create<T extends KObject = KObject>(input: KObject, opts: { source?: string; dryRun?: boolean } = {}): ApiResult<T> {
    const r = this.resourceFor(input);
    if (!r) return fail(404, 'NotFound', `the server could not find the requested resource`);
    const obj = deepClone(input);
    obj.apiVersion = apiVersionOf(r, obj.apiVersion.includes('/') ? obj.apiVersion.split('/')[1] : obj.apiVersion);
    const meta = (obj.metadata ?? {}) as Partial<ObjectMeta>;
    obj.metadata = meta as ObjectMeta;
    if (r.namespaced) {
      meta.namespace ||= 'default';
      const ns = this.get('namespaces', undefined, meta.namespace);
      if (!ns) return notFound('namespaces', meta.namespace);
      if (ns.metadata.deletionTimestamp)
        return fail(403, 'Forbidden', `${resourceId(r)} "${meta.name ?? ''}" is forbidden: unable to create new content in namespace ${meta.namespace} because it is being terminated`);
    } else {
      delete meta.namespace;
    }
    if (!meta.name && meta.generateName) meta.name = meta.generateName + this.uidRng.chars('bcdfghjklmnpqrstvwxz2456789', 5);
    if (!meta.name) return invalidResult(r.kind, '', ['metadata.name: Required value: name or generateName is required']);
    if (typeof meta.name !== 'string') return fail(400, 'BadRequest', `${r.kind} in version "${r.version}" cannot be handled as a ${r.kind}: json: cannot unmarshal ${typeof meta.name} into Go struct field ObjectMeta.metadata.name of type string`);
    const nameErrs = nameFieldErrors(r.kind, meta.name);
    if (nameErrs.length) return invalidResult(r.kind, meta.name, nameErrs);
    if (this.get(resourceId(r), meta.namespace, meta.name)) return alreadyExists(resourceId(r), meta.name);
    meta.uid = this.uuid();
    meta.creationTimestamp = this.now();
    if (tracksGeneration(r)) meta.generation = 1;
    else delete meta.generation;
    meta.resourceVersion = '0';
    const admitted = this.runAdmission({ op: 'CREATE', resource: r, object: obj, source: opts.source });
    if (!admitted.ok) return admitted as ApiResult<T>;
    const final = admitted.value;
    if (opts.dryRun) return ok(final as T);
    final.metadata.resourceVersion = String(++this.rv);
    this.bucket(resourceId(r)).set(this.key(final.metadata.namespace, final.metadata.name), final);
    this.notify({ type: 'ADDED', resource: r, object: final });
    return ok(final as T);
  }

  /**
   * Replace an object (kubectl apply/replace, controllers' writes). If the caller's copy carries a
   * resourceVersion that is stale, the write is refused with a Conflict, as the real server does.
   */
  update<T extends KObject = KObject>(input: KObject, opts: { source?: string; checkVersion?: boolean } = {}): ApiResult<T> {
    const r = this.resourceFor(input);
    if (!r) return fail(404, 'NotFound', 'the server could not find the requested resource');
    const ns = r.namespaced ? input.metadata.namespace || 'default' : undefined;
    const old = this.get(resourceId(r), ns, input.metadata.name);
    if (!old) return notFound(resourceId(r), input.metadata.name);
    if (opts.checkVersion && input.metadata.resourceVersion && input.metadata.resourceVersion !== old.metadata.resourceVersion)
      return fail(
        409,
        'Conflict',
        `Operation cannot be fulfilled on ${resourceId(r)} "${input.metadata.name}": the object has been modified; please apply your changes to the latest version and try again`
      );
    const obj = deepClone(input);
    obj.apiVersion = old.apiVersion;
    obj.metadata = {
      ...obj.metadata,
      namespace: ns,
      uid: old.metadata.uid,
      creationTimestamp: old.metadata.creationTimestamp,
      resourceVersion: old.metadata.resourceVersion,
      generation: old.metadata.generation
    };
    if (!r.namespaced) delete obj.metadata.namespace;
    if (old.metadata.deletionTimestamp) {
      obj.metadata.deletionTimestamp = old.metadata.deletionTimestamp;
      obj.metadata.deletionGracePeriodSeconds = old.metadata.deletionGracePeriodSeconds;
    }
    const admitted = this.runAdmission({ op: 'UPDATE', resource: r, object: obj, old, source: opts.source });
    if (!admitted.ok) return admitted as ApiResult<T>;
    return ok(this.commit(r, old, admitted.value) as T);
  }

  /**
   * Read-modify-write for controllers: `fn` edits a copy; nothing is written (and no
   * resourceVersion is spent) when the copy is unchanged. Admission is not run: controllers
   * write status and their own fields.
   */
  modify<T extends KObject = KObject>(resource: string, namespace: string | undefined, name: string, fn: (o: T) => void): T | undefined {
    const old = this.get<T>(resource, namespace, name);
    if (!old) return undefined;
    const r = this.resourceById(resource);
    if (!r) return undefined;
    const copy = deepClone(old);
    fn(copy);
    return this.commit(r, old, copy) as T;
  }

  delete(r: ResourceInfo, namespace: string | undefined, name: string, opts: DeleteOptions = {}): ApiResult<KObject> {
    const id = resourceId(r);
    const ns = r.namespaced ? namespace || 'default' : undefined;
    const obj = this.get(id, ns, name);
    if (!obj) return notFound(id, name);
    const admitted = this.runAdmission({ op: 'DELETE', resource: r, object: obj, old: obj });
    if (!admitted.ok) return admitted;
    const graceful = this.gracefulSeconds(r, obj, opts);
    if (graceful > 0 || (obj.metadata.finalizers?.length ?? 0) > 0) {
      if (obj.metadata.deletionTimestamp) return ok(obj);
      const updated = this.modify(id, ns, name, (o) => {
        o.metadata.deletionTimestamp = this.sim.clock.rfc3339(this.sim.clock.now() + graceful * 1000);
        o.metadata.deletionGracePeriodSeconds = graceful;
      });
      if (r.kind === 'Namespace') this.terminateNamespace(name);
      return ok(updated ?? obj);
    }
    this.remove(r, obj, opts.propagationPolicy ?? 'Background');
    return ok(obj);
  }

  /** Remove an object now (kubelet confirming a pod's deletion, a finalizer being dropped). */
  finalize(resource: string, namespace: string | undefined, name: string): void {
    const r = this.resourceById(resource);
    const obj = this.get(resource, namespace, name);
    if (r && obj) this.remove(r, obj, 'Background');
  }

  resourceById(id: string): ResourceInfo | undefined {
    return this.registry.all().find((r) => resourceId(r) === id);
  }

  /** The store's current resourceVersion counter (for tests and the trace). */
  currentResourceVersion(): number {
    return this.rv;
  }

  // ------------------------------------------------------------------ internals

  private gracefulSeconds(r: ResourceInfo, obj: KObject, opts: DeleteOptions): number {
    if (r.kind === 'Namespace') return 1;
    if (r.kind !== 'Pod') return 0;
    const spec = obj.spec as { nodeName?: string; terminationGracePeriodSeconds?: number } | undefined;
    // An unscheduled pod has no kubelet to confirm anything: it goes at once.
    if (!spec?.nodeName) return 0;
    const phase = (obj.status as { phase?: string } | undefined)?.phase;
    if (phase === 'Succeeded' || phase === 'Failed') return 0;
    const g = opts.gracePeriodSeconds ?? spec.terminationGracePeriodSeconds ?? 30;
    // grace 0 still goes through the kubelet (kubectl sends 1 for "immediate" unless --force).
    return Math.max(g, 1);
  }

  private terminateNamespace(ns: string): void {
    // Delete everything inside, then the namespace itself once empty.
    for (const r of this.registry.all()) {
      if (!r.namespaced) continue;
      for (const o of this.list(resourceId(r), ns)) this.delete(r, ns, o.metadata.name);
    }
    const finish = () => {
      const left = this.registry.all().some((r) => r.namespaced && this.list(resourceId(r), ns).length > 0);
      if (left) {
        this.sim.scheduler.after(1000, `namespace ${ns} finalizer`, finish);
        return;
      }
      this.finalize('namespaces', undefined, ns);
    };
    this.sim.scheduler.after(1000, `namespace ${ns} finalizer`, finish);
  }

  private remove(r: ResourceInfo, obj: KObject, policy: 'Background' | 'Foreground' | 'Orphan'): void {
    const id = resourceId(r);
    if (!this.bucket(id).delete(this.key(obj.metadata.namespace, obj.metadata.name))) return;
    this.rv++;
    this.notify({ type: 'DELETED', resource: r, object: obj });
    if (r.kind === 'CustomResourceDefinition') this.dropCustomResource(obj);
    if (policy === 'Orphan') return;
    // Garbage collector: dependents whose owner is gone are deleted shortly after.
    const uid = obj.metadata.uid;
    this.sim.scheduler.after(50, 'garbage-collector', () => {
      for (const rr of this.registry.all()) {
        for (const dep of this.list(resourceId(rr))) {
          if (dep.metadata.ownerReferences?.some((ref) => ref.uid === uid)) this.delete(rr, dep.metadata.namespace, dep.metadata.name);
        }
      }
    });
  }

  private dropCustomResource(crd: KObject): void {
    const spec = crd.spec as { group?: string; names?: { plural?: string } } | undefined;
    if (!spec?.group || !spec.names?.plural) return;
    const id = `${spec.names.plural}.${spec.group}`;
    this.objects.delete(id);
    this.registry.remove(spec.group, spec.names.plural);
  }

  private commit(r: ResourceInfo, old: KObject, next: KObject): KObject {
    // Compare without resourceVersion: an identical write is a no-op, as on a real server.
    if (sameObject(old, next)) return old;
    const specChanged = !jsonEqual(old.spec ?? null, next.spec ?? null);
    next.metadata.resourceVersion = String(++this.rv);
    if (specChanged && tracksGeneration(r)) next.metadata.generation = (old.metadata.generation ?? 1) + 1;
    this.bucket(resourceId(r)).set(this.key(next.metadata.namespace, next.metadata.name), next);
    this.notify({ type: 'MODIFIED', resource: r, object: next, old });
    return next;
  }

  private runAdmission(req: AdmissionRequest): ApiResult<KObject> {
    let obj = req.object;
    for (const p of [...this.admission.filter((a) => a.mutating), ...this.admission.filter((a) => !a.mutating)]) {
      let res: ApiResult<KObject>;
      try {
        res = p.admit({ ...req, object: obj });
      } catch (e) {
        // A plug-in that cannot handle a malformed object rejects it rather than breaking the store.
        res = fail(400, 'BadRequest', `${req.resource.kind} in version "${req.resource.version}" cannot be handled as a ${req.resource.kind}: ${(e as Error).message}`);
      }
      if (!res.ok) return res;
      obj = res.value;
    }
    return ok(obj);
  }

  private notify(e: WatchEvent): void {
    const id = resourceId(e.resource);
    this.sim.trace.emit(this.sim.clock.now(), {
      type: 'object',
      verb: e.type,
      kind: e.resource.kind,
      namespace: e.object.metadata.namespace,
      name: e.object.metadata.name,
      resourceVersion: e.object.metadata.resourceVersion
    });
    for (const w of [...this.watchers]) if (w.resource === null || w.resource === id) w.fn(e);
  }

  private bucket(resource: string): Map<string, KObject> {
    let b = this.objects.get(resource);
    if (!b) {
      b = new Map();
      this.objects.set(resource, b);
    }
    return b;
  }

  private key(namespace: string | undefined, name: string): string {
    return `${namespace ?? ''}/${name}`;
  }

  private uuid(): string {
    const h = this.uidRng.hex(32).split('');
    h[12] = '4';
    h[16] = '89ab'[parseInt(h[16], 16) & 3];
    const s = h.join('');
    return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
  }
}

/** Kinds whose registry keeps metadata.generation (workloads, CRDs and custom resources; not pods or services in v1.31). */
function tracksGeneration(r: ResourceInfo): boolean {
  return r.group === 'apps' || r.custom === true || r.kind === 'CustomResourceDefinition' || r.group === 'batch';
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sameObject(a: KObject, b: KObject): boolean {
  const strip = (o: KObject) => ({ ...o, metadata: { ...o.metadata, resourceVersion: '' } });
  return jsonEqual(strip(a), strip(b));
}

export type { ApiError };
