/**
 * A small label-selector engine for MetalLB's config: matching (metav1.LabelSelectorAsSelector
 * semantics), the duplicate checks of internal/config/config.go (validateDuplicate,
 * validateLabelSelectorDuplicate) and labels.Set.String() for the backend key.
 * Kept local to this folder on purpose, so the config parser does not depend on k8s/labels.ts.
 */
import type { LabelSelector, LabelSelectorRequirement } from '../../k8s/types';
import { goQuote, goQuoteList } from './gofmt';

/** metav1.LabelSelectorAsSelector's validation; null when the selector is usable. */
export function selectorError(sel: LabelSelector): string | null {
  for (const e of sel.matchExpressions ?? []) {
    const values = e.values ?? [];
    switch (e.operator) {
      case 'In':
      case 'NotIn':
        if (values.length === 0) {
          return "values: Invalid value: []string{}: for 'in', 'notin' operators, values set can't be empty";
        }
        break;
      case 'Exists':
      case 'DoesNotExist':
        if (values.length > 0) {
          const list = values.map((v) => goQuote(v)).join(', ');
          return `values: Invalid value: []string{${list}}: values set must be empty for exists and does not exist`;
        }
        break;
      default:
        return `${goQuote(String(e.operator))} is not a valid label selector operator`;
    }
  }
  return null;
}

function requirementMatches(e: LabelSelectorRequirement, labels: Record<string, string>): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, e.key);
  const values = e.values ?? [];
  switch (e.operator) {
    case 'In':
      return has && values.includes(labels[e.key]);
    case 'NotIn':
      return !has || !values.includes(labels[e.key]);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    default:
      return false;
  }
}

/** Does the selector select these labels? An empty selector selects everything. */
export function selectorMatches(sel: LabelSelector, labels: Record<string, string> | undefined): boolean {
  const l = labels ?? {};
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) {
    if (l[k] !== v) return false;
  }
  return (sel.matchExpressions ?? []).every((e) => requirementMatches(e, l));
}

/** True if any selector in the list matches (the "any of nodeSelectors" rule). */
export function anySelectorMatches(sels: readonly LabelSelector[], labels: Record<string, string> | undefined): boolean {
  return sels.some((s) => selectorMatches(s, labels));
}

/** labels.Set.String(): keys sorted, "k=v" joined by ",". */
export function labelSetString(labels: Record<string, string> | undefined): string {
  return Object.keys(labels ?? {})
    .sort()
    .map((k) => `${k}=${(labels ?? {})[k]}`)
    .join(',');
}

function goStringMap(m: Record<string, string> | undefined): string {
  const keys = Object.keys(m ?? {}).sort();
  return 'map[' + keys.map((k) => `${goQuote(k)}:${goQuote((m ?? {})[k])}`).join(' ') + ']';
}

/** Go's %q of a LabelSelectorRequirement value: `{"key" "In" ["a" "b"]}`. */
export function requirementGoQ(e: LabelSelectorRequirement): string {
  return `{${goQuote(e.key)} ${goQuote(e.operator)} ${goQuoteList(e.values ?? [])}}`;
}

/** Go's %q of a LabelSelector value: `{map["k":"v"] [{"key" "In" ["a"]}]}`. */
export function selectorGoQ(sel: LabelSelector): string {
  const exprs = (sel.matchExpressions ?? []).map(requirementGoQ).join(' ');
  return `{${goStringMap(sel.matchLabels)} [${exprs}]}`;
}

/** A canonical text standing in for the generated LabelSelector.String() used for equality. */
function selectorKey(sel: LabelSelector): string {
  const labels = Object.keys(sel.matchLabels ?? {})
    .sort()
    .map((k) => [k, (sel.matchLabels ?? {})[k]]);
  const exprs = (sel.matchExpressions ?? []).map((e) => [e.key, e.operator, e.values ?? []]);
  return JSON.stringify([labels, exprs]);
}

function exprKey(e: LabelSelectorRequirement): string {
  return JSON.stringify([e.key, e.operator, e.values ?? []]);
}

/** validateDuplicate: `duplicate definition of <type> "<x>"`. */
export function validateDuplicate(items: readonly string[] | undefined, what: string): string | null {
  const list = items ?? [];
  for (let i = 0; i < list.length; i++) {
    for (let j = i + 1; j < list.length; j++) {
      if (list[i] === list[j]) return `duplicate definition of ${what} ${goQuote(list[i])}`;
    }
  }
  return null;
}

/**
 * validateLabelSelectorDuplicate. Upstream sorts each expression's values in place before
 * comparing; we compare sorted copies and leave the caller's objects alone.
 */
export function validateLabelSelectorDuplicate(sels: readonly LabelSelector[] | undefined, what: string): string | null {
  const list = (sels ?? []).map((s) => ({
    ...s,
    matchExpressions: s.matchExpressions?.map((e) => ({ ...e, values: e.values ? [...e.values].sort() : e.values }))
  }));
  for (let i = 0; i < list.length; i++) {
    const exprs = list[i].matchExpressions ?? [];
    for (let a = 0; a < exprs.length; a++) {
      const dupValue = validateDuplicate(exprs[a].values, 'match expression value in label selector');
      if (dupValue) return dupValue;
      for (let b = a + 1; b < exprs.length; b++) {
        if (exprKey(exprs[a]) === exprKey(exprs[b])) {
          return `duplicate definition of match expressions ${requirementGoQ(exprs[a])}`;
        }
      }
    }
    for (let j = i + 1; j < list.length; j++) {
      if (selectorKey(list[i]) === selectorKey(list[j])) {
        return `duplicate definition of ${what} ${selectorGoQ(list[i])}`;
      }
    }
  }
  return null;
}
