/**
 * The object merges kubectl apply and patch need, on plain JSON values:
 *  - threeWayMerge: client-side apply (last-applied, new config, live object);
 *  - mergePatch: RFC 7386 JSON merge patch (`--type=merge`);
 *  - strategicMergePatch: merge patch where lists of objects are merged by key (name, port …),
 *    the way strategic merge treats containers or service ports;
 *  - jsonPatch: RFC 6902 (`--type=json`).
 */

export type JsonValue = null | boolean | number | string | JsonValue[] | { [k: string]: JsonValue };
type Obj = { [k: string]: JsonValue };

export function isObj(v: unknown): v is Obj {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

export function clone<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isObj(a) && isObj(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => deepEqual(a[k], b[k]));
  }
  return false;
}

/** Keys strategic merge uses to pair list items (patchMergeKey of the common list fields). */
const MERGE_KEYS = ['name', 'port', 'containerPort', 'mountPath', 'devicePath', 'ip', 'type', 'topologyKey'];

/** The key that identifies every object in both lists, if there is one. */
function mergeKeyFor(...lists: JsonValue[][]): string | null {
  const all = lists.flat();
  if (!all.length || !all.every(isObj)) return null;
  for (const k of MERGE_KEYS) {
    if (lists.every((l) => l.every((x) => isObj(x) && x[k] !== undefined && x[k] !== null) && new Set(l.map((x) => JSON.stringify((x as Obj)[k]))).size === l.length))
      return k;
  }
  return null;
}

function findByKey(list: JsonValue[] | undefined, key: string, value: JsonValue): JsonValue | undefined {
  return list?.find((x) => isObj(x) && deepEqual(x[key], value));
}

/**
 * Client-side apply: start from the live object, set every field of the new configuration,
 * and drop fields the previous configuration had that the new one no longer has. Fields only
 * the server set (status, clusterIP, defaults inside list items) are kept.
 */
export function threeWayMerge(original: JsonValue | undefined, modified: JsonValue, current: JsonValue | undefined): JsonValue {
  if (isObj(modified)) {
    const cur = isObj(current) ? current : {};
    const orig = isObj(original) ? original : {};
    const out: Obj = { ...cur };
    for (const [k, v] of Object.entries(modified)) out[k] = threeWayMerge(orig[k], v, cur[k]);
    for (const k of Object.keys(orig)) if (!(k in modified)) delete out[k];
    return out;
  }
  if (Array.isArray(modified) && Array.isArray(current)) {
    const orig = Array.isArray(original) ? original : [];
    const key = mergeKeyFor(modified, current);
    if (key) return modified.map((m) => threeWayMerge(findByKey(orig, key, (m as Obj)[key]), m, findByKey(current, key, (m as Obj)[key])));
    if (modified.length === current.length && modified.every(isObj) && current.every(isObj))
      return modified.map((m, i) => threeWayMerge(orig[i], m, current[i]));
  }
  return clone(modified);
}

/** RFC 7386: objects merge, `null` deletes, anything else replaces. */
export function mergePatch(target: JsonValue | undefined, patch: JsonValue): JsonValue {
  if (!isObj(patch)) return clone(patch);
  const out: Obj = isObj(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

/** Merge patch where lists of keyed objects merge item by item and keep unmentioned items. */
export function strategicMergePatch(target: JsonValue | undefined, patch: JsonValue): JsonValue {
  if (Array.isArray(patch) && Array.isArray(target)) {
    const key = mergeKeyFor(patch, target);
    if (key) {
      const out = target.map((t) => {
        const p = findByKey(patch, key, (t as Obj)[key]);
        return p === undefined ? t : strategicMergePatch(t, p);
      });
      for (const p of patch) if (!findByKey(target, key, (p as Obj)[key])) out.push(clone(p));
      return out.filter((x) => !(isObj(x) && x['$patch'] === 'delete'));
    }
    return clone(patch);
  }
  if (!isObj(patch)) return clone(patch);
  const out: Obj = isObj(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = strategicMergePatch(out[k], v);
  }
  return out;
}

/** The merge patch that turns `from` into `to` (what kubectl shows as "the patch"). */
export function diffPatch(from: JsonValue | undefined, to: JsonValue): JsonValue {
  if (!isObj(from) || !isObj(to)) return clone(to);
  const out: Obj = {};
  for (const [k, v] of Object.entries(to)) {
    if (!(k in from)) out[k] = clone(v);
    else if (!deepEqual(from[k], v)) out[k] = isObj(v) && isObj(from[k]) ? diffPatch(from[k], v) : clone(v);
  }
  for (const k of Object.keys(from)) if (!(k in to)) out[k] = null;
  return out;
}

export type PatchResult = { ok: true; value: JsonValue } | { ok: false; error: string };

function unescapePointer(tok: string): string {
  return tok.replace(/~1/g, '/').replace(/~0/g, '~');
}

function pointer(path: string): string[] | null {
  if (path === '') return [];
  if (!path.startsWith('/')) return null;
  return path.slice(1).split('/').map(unescapePointer);
}

/** RFC 6902 JSON patch (add, remove, replace, move, copy, test), all-or-nothing. */
export function jsonPatch(doc: JsonValue, ops: JsonValue): PatchResult {
  if (!Array.isArray(ops)) return { ok: false, error: 'json: cannot unmarshal object into Go value of type jsonpatch.Patch' };
  let root = clone(doc);
  const get = (toks: string[]): JsonValue | undefined => {
    let cur: JsonValue | undefined = root;
    for (const t of toks) {
      if (Array.isArray(cur)) cur = cur[Number(t)];
      else if (isObj(cur)) cur = cur[t];
      else return undefined;
    }
    return cur;
  };
  const parentOf = (toks: string[]): JsonValue | undefined => get(toks.slice(0, -1));
  const put = (toks: string[], value: JsonValue, insert: boolean): string | null => {
    if (!toks.length) {
      root = value;
      return null;
    }
    const parent = parentOf(toks);
    const last = toks[toks.length - 1];
    if (Array.isArray(parent)) {
      const i = last === '-' ? parent.length : Number(last);
      if (!Number.isInteger(i) || i < 0 || i > parent.length || (!insert && i >= parent.length)) return `add operation does not apply: doc is missing path: ${JSON.stringify('/' + toks.join('/'))}`;
      if (insert) parent.splice(i, 0, value);
      else parent[i] = value;
      return null;
    }
    if (isObj(parent)) {
      if (!insert && !(last in parent)) return `replace operation does not apply: doc is missing key: /${toks.join('/')}: missing value`;
      parent[last] = value;
      return null;
    }
    return `add operation does not apply: doc is missing path: ${JSON.stringify('/' + toks.join('/'))}: missing value`;
  };
  const del = (toks: string[]): string | null => {
    const parent = parentOf(toks);
    const last = toks[toks.length - 1];
    if (Array.isArray(parent)) {
      const i = Number(last);
      if (!Number.isInteger(i) || i < 0 || i >= parent.length) return `remove operation does not apply: doc is missing path: ${JSON.stringify('/' + toks.join('/'))}: missing value`;
      parent.splice(i, 1);
      return null;
    }
    if (isObj(parent) && last in parent) {
      delete parent[last];
      return null;
    }
    return `remove operation does not apply: doc is missing path: ${JSON.stringify('/' + toks.join('/'))}: missing value`;
  };
  for (const op of ops) {
    if (!isObj(op)) return { ok: false, error: 'Unexpected kind: invalid operation' };
    const toks = pointer(typeof op.path === 'string' ? op.path : '');
    if (!toks) return { ok: false, error: `JSON pointer must be empty or start with a "/": ${String(op.path)}` };
    let err: string | null = null;
    switch (op.op) {
      case 'add':
        err = put(toks, clone(op.value ?? null), true);
        break;
      case 'remove':
        err = del(toks);
        break;
      case 'replace':
        err = get(toks) === undefined ? `replace operation does not apply: doc is missing key: ${String(op.path)}: missing value` : put(toks, clone(op.value ?? null), false);
        break;
      case 'move':
      case 'copy': {
        const from = pointer(typeof op.from === 'string' ? op.from : '');
        const v = from ? get(from) : undefined;
        if (!from || v === undefined) {
          err = `${op.op} operation does not apply: doc is missing from path: ${String(op.from)}: missing value`;
          break;
        }
        if (op.op === 'move') err = del(from);
        if (!err) err = put(toks, clone(v), true);
        break;
      }
      case 'test':
        if (!deepEqual(get(toks), op.value)) err = `testing value ${String(op.path)} failed: test failed`;
        break;
      default:
        err = `Unexpected kind: ${String(op.op)}`;
    }
    if (err) return { ok: false, error: err };
  }
  return { ok: true, value: root };
}
