import type { LabelSelector } from '../../../engine/k8s/types';

/** Go's sort.Strings order (byte-wise for ASCII, code-unit order in JS is the same for BMP). */
export function goStringLess(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function sortedKeys(m: Record<string, unknown> | undefined): string[] {
  return Object.keys(m ?? {}).sort(goStringLess);
}

/** labels.FormatLabels: "k=v,k2=v2" sorted by key, or "<none>". */
export function formatLabels(m: Record<string, string> | undefined): string {
  const keys = sortedKeys(m);
  if (!keys.length || !m) return '<none>';
  return keys.map((k) => `${k}=${m[k]}`).join(',');
}

/**
 * labels.Selector.String() for metav1.LabelSelectorAsSelector: requirements sorted by key,
 * "k=v", "k in (a,b)", "k notin (a,b)", "k", "!k"; "" for an empty selector.
 */
export function selectorString(sel: LabelSelector | undefined | null): string {
  if (!sel) return '';
  const reqs: { key: string; s: string }[] = [];
  for (const k of sortedKeys(sel.matchLabels)) reqs.push({ key: k, s: `${k}=${sel.matchLabels?.[k] ?? ''}` });
  for (const e of sel.matchExpressions ?? []) {
    const vals = [...(e.values ?? [])].sort(goStringLess).join(',');
    switch (e.operator) {
      case 'In':
        reqs.push({ key: e.key, s: `${e.key} in (${vals})` });
        break;
      case 'NotIn':
        reqs.push({ key: e.key, s: `${e.key} notin (${vals})` });
        break;
      case 'Exists':
        reqs.push({ key: e.key, s: e.key });
        break;
      case 'DoesNotExist':
        reqs.push({ key: e.key, s: `!${e.key}` });
        break;
    }
  }
  // selector.Add sorts requirements by key (stable for equal keys).
  return reqs
    .map((r, i) => ({ ...r, i }))
    .sort((a, b) => goStringLess(a.key, b.key) || a.i - b.i)
    .map((r) => r.s)
    .join(',');
}

/** metav1.FormatLabelSelector: the selector string, or "<none>" when it is empty. */
export function formatLabelSelector(sel: LabelSelector | undefined | null): string {
  const s = selectorString(sel);
  return s === '' ? '<none>' : s;
}

/** Whether labels match a LabelSelector (an empty selector matches everything). */
export function selectorMatches(sel: LabelSelector | undefined, labels: Record<string, string> | undefined): boolean {
  if (!sel) return false;
  const l = labels ?? {};
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) if (l[k] !== v) return false;
  for (const e of sel.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(l, e.key);
    const vals = e.values ?? [];
    switch (e.operator) {
      case 'In':
        if (!has || !vals.includes(l[e.key])) return false;
        break;
      case 'NotIn':
        if (has && vals.includes(l[e.key])) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
    }
  }
  return true;
}
