/**
 * ValidatePodUpdate's immutability rule: after creation only container images, the
 * activeDeadlineSeconds, added tolerations and (negative → 1) terminationGracePeriodSeconds may
 * change. The real error carries a go-cmp diff of core.PodSpec; ours lists the changed fields in
 * the same shape, one `-`/`+` pair per field.
 */
import type { PodSpec, Toleration } from '../types';
import { deepClone } from '../types';
import { stableStringify } from './field';

export const POD_UPDATE_FORBIDDEN =
  'spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)';

function sameToleration(a: Toleration, b: Toleration): boolean {
  return (
    (a.key ?? '') === (b.key ?? '') &&
    (a.operator ?? 'Equal') === (b.operator ?? 'Equal') &&
    (a.value ?? '') === (b.value ?? '') &&
    (a.effect ?? '') === (b.effect ?? '')
  );
}

/** Every old toleration is still there (NoExecute seconds may only shrink). */
function onlyAdded(old: Toleration[], next: Toleration[]): boolean {
  return old.every((o) =>
    next.some((n) => sameToleration(o, n) && (o.tolerationSeconds === n.tolerationSeconds || (o.tolerationSeconds !== undefined && n.tolerationSeconds !== undefined && n.tolerationSeconds <= o.tolerationSeconds)))
  );
}

/** Go field name as go-cmp prints it: `nodeName` → `NodeName`. */
function goName(k: string): string {
  return k.charAt(0).toUpperCase() + k.slice(1);
}

/**
 * null when `next` is an allowed update of `old`; otherwise the diff lines to print under the
 * Forbidden message.
 */
export function podSpecDiff(old: PodSpec, next: PodSpec): string[] | null {
  const munged = deepClone(next);
  const patchImages = (o: PodSpec['containers'] | undefined, n: PodSpec['containers'] | undefined) => {
    if (!o || !n || o.length !== n.length) return;
    n.forEach((c, i) => (c.image = o[i].image));
  };
  patchImages(old.containers, munged.containers);
  patchImages(old.initContainers, munged.initContainers);
  munged.activeDeadlineSeconds = old.activeDeadlineSeconds;
  if (onlyAdded(old.tolerations ?? [], munged.tolerations ?? [])) munged.tolerations = old.tolerations;
  if ((old.terminationGracePeriodSeconds ?? 0) < 0 && munged.terminationGracePeriodSeconds === 1) munged.terminationGracePeriodSeconds = old.terminationGracePeriodSeconds;
  if (stableStringify(munged) === stableStringify(old)) return null;
  const keys = [...new Set([...Object.keys(old), ...Object.keys(munged)])].sort();
  const lines: string[] = [];
  let same = 0;
  const flushSame = () => {
    if (same) lines.push(`  \t... // ${same} identical fields`);
    same = 0;
  };
  for (const k of keys) {
    const a = stableStringify(old[k]);
    const b = stableStringify(munged[k]);
    if (a === b) {
      same++;
      continue;
    }
    flushSame();
    if (old[k] !== undefined) lines.push(`- \t${goName(k)}: ${a},`);
    if (munged[k] !== undefined) lines.push(`+ \t${goName(k)}: ${b},`);
  }
  flushSame();
  return lines;
}

/** The whole cause: the Forbidden line, then the diff as the real message prints it. */
export function podUpdateForbidden(diff: string[]): string {
  return [POD_UPDATE_FORBIDDEN, '  core.PodSpec{', ...diff, '  }'].join('\n');
}
