/**
 * Label selectors, as k8s.io/apimachinery/pkg/labels implements them: matching a LabelSelector
 * (Deployments, ReplicaSets, DaemonSets) or a plain map (Service selectors, nodeSelector),
 * parsing kubectl's `-l` strings with the real parser's error texts, and printing selectors the
 * way kubectl does (`app=webpod,tier in (a,b)`).
 */
import type { LabelSelector } from './types';

export type Labels = Readonly<Record<string, string>> | undefined;

export type Operator = 'in' | 'notin' | '=' | '==' | '!=' | 'exists' | '!' | 'gt' | 'lt';

export interface Requirement {
  key: string;
  operator: Operator;
  values: string[];
}

export interface ParsedSelector {
  /** Sorted by key, as the real parser returns them. */
  readonly requirements: readonly Requirement[];
  matches(labels: Labels): boolean;
  /** The canonical form (labels.Selector.String()). */
  toString(): string;
}

export type SelectorParse = { ok: true; selector: ParsedSelector } | { ok: false; error: string };

function lookup(labels: Labels, key: string): string | undefined {
  return labels && Object.prototype.hasOwnProperty.call(labels, key) ? labels[key] : undefined;
}

function requirementMatches(r: Requirement, labels: Labels): boolean {
  const v = lookup(labels, r.key);
  switch (r.operator) {
    case 'in':
    case '=':
    case '==':
      return v !== undefined && r.values.includes(v);
    case 'notin':
    case '!=':
      return v === undefined || !r.values.includes(v);
    case 'exists':
      return v !== undefined;
    case '!':
      return v === undefined;
    case 'gt':
    case 'lt': {
      if (v === undefined || !/^[-+]?\d+$/.test(v) || r.values.length !== 1) return false;
      const a = Number(v);
      const b = Number(r.values[0]);
      return r.operator === 'gt' ? a > b : a < b;
    }
  }
}

function requirementString(r: Requirement): string {
  const vals = r.values.length === 1 ? r.values[0] : [...r.values].sort().join(',');
  switch (r.operator) {
    case 'exists':
      return r.key;
    case '!':
      return `!${r.key}`;
    case 'in':
      return `${r.key} in (${vals})`;
    case 'notin':
      return `${r.key} notin (${vals})`;
    case 'gt':
      return `${r.key}>${vals}`;
    case 'lt':
      return `${r.key}<${vals}`;
    default:
      return `${r.key}${r.operator}${vals}`;
  }
}

function makeSelector(reqs: Requirement[]): ParsedSelector {
  // Go's sort.Sort by key; ties keep input order here (the real sort is not stable, but
  // requirements with the same key are rare and order does not change matching).
  const sorted = [...reqs].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return {
    requirements: sorted,
    matches: (labels) => sorted.every((r) => requirementMatches(r, labels)),
    toString: () => sorted.map(requirementString).join(',')
  };
}

/** A Service selector / nodeSelector map: every pair must be present. An empty map matches all. */
export function matchesMap(labels: Labels, set: Readonly<Record<string, string>> | undefined): boolean {
  if (!set) return true;
  for (const [k, v] of Object.entries(set)) if (lookup(labels, k) !== v) return false;
  return true;
}

/** metav1.LabelSelectorAsSelector semantics: a missing selector matches nothing, `{}` everything. */
export function matchesSelector(labels: Labels, sel: LabelSelector | null | undefined): boolean {
  if (!sel) return false;
  return selectorRequirements(sel).every((r) => requirementMatches(r, labels));
}

function selectorRequirements(sel: LabelSelector): Requirement[] {
  const reqs: Requirement[] = [];
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) reqs.push({ key: k, operator: '=', values: [v] });
  for (const e of sel.matchExpressions ?? []) {
    const op: Operator = e.operator === 'In' ? 'in' : e.operator === 'NotIn' ? 'notin' : e.operator === 'Exists' ? 'exists' : '!';
    reqs.push({ key: e.key, operator: op, values: e.values ?? [] });
  }
  return reqs;
}

/** labels.Set.String(): keys sorted, `k=v` joined with commas ('' for an empty set). */
export function selectorToString(set: Readonly<Record<string, string>> | undefined): string {
  return Object.keys(set ?? {})
    .sort()
    .map((k) => `${k}=${set![k]}`)
    .join(',');
}

/** metav1.FormatLabelSelector, as `kubectl get deploy -o wide` prints SELECTOR. */
export function formatLabelSelector(sel: LabelSelector | null | undefined): string {
  if (!sel) return '<none>';
  const s = makeSelector(selectorRequirements(sel)).toString();
  return s || '<none>';
}

// ------------------------------------------------------------------ the `-l` parser

type Tok = 'end' | 'ident' | ')' | ',' | '!' | '==' | '=' | '>' | 'in' | '<' | '!=' | 'notin' | '(';

const KEYWORDS: Record<string, Tok> = { ')': ')', ',': ',', '!': '!', '==': '==', '=': '=', '>': '>', in: 'in', '<': '<', '!=': '!=', notin: 'notin', '(': '(' };
const SPECIAL = new Set(['=', '!', '(', ')', ',', '>', '<']);
const WS = new Set([' ', '\t', '\r', '\n']);
const BINARY_OPERATORS = 'in, notin, =, ==, !=, gt, lt';

function lex(s: string): { tok: Tok; lit: string }[] {
  const out: { tok: Tok; lit: string }[] = [];
  let i = 0;
  for (;;) {
    while (i < s.length && WS.has(s[i])) i++;
    if (i >= s.length) {
      out.push({ tok: 'end', lit: '' });
      return out;
    }
    if (SPECIAL.has(s[i])) {
      // Longest run of special symbols that still forms a token ("!=", "==").
      let buf = '';
      let last: Tok | null = null;
      let lastLit = '';
      while (i < s.length && SPECIAL.has(s[i])) {
        buf += s[i];
        const t = KEYWORDS[buf];
        if (t) {
          last = t;
          lastLit = buf;
          i++;
        } else break;
      }
      // Every single special symbol is a token, so `last` is always set here.
      out.push({ tok: last ?? 'end', lit: lastLit });
      continue;
    }
    let buf = '';
    while (i < s.length && !SPECIAL.has(s[i]) && !WS.has(s[i])) buf += s[i++];
    out.push({ tok: KEYWORDS[buf] ?? 'ident', lit: buf });
  }
}

const NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const NAME_MSG =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

/** validation.IsQualifiedName: the error strings for a bad label key ([] when valid). */
export function labelKeyErrors(key: string): string[] {
  const parts = key.split('/');
  let name = key;
  const errs: string[] = [];
  if (parts.length === 2) {
    const [prefix, n] = parts;
    name = n;
    if (!prefix) errs.push('prefix part must be non-empty');
    else if (prefix.length > 253) errs.push('prefix part must be no more than 253 characters');
    else if (!DNS_SUBDOMAIN.test(prefix))
      errs.push(
        "prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
      );
  } else if (parts.length > 2) {
    return [
      "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"
    ];
  }
  if (!name) errs.push('name part must be non-empty');
  else if (name.length > 63) errs.push('name part must be no more than 63 characters');
  else if (!NAME_PART.test(name)) errs.push(NAME_MSG);
  return errs;
}

/** validation.IsValidLabelValue ([] when valid). */
export function labelValueErrors(v: string): string[] {
  const errs: string[] = [];
  if (v.length > 63) errs.push('must be no more than 63 characters');
  if (!LABEL_VALUE.test(v))
    errs.push(
      "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"
    );
  return errs;
}

class SelectorSyntaxError {
  constructor(readonly message: string) {}
}

class Parser {
  private pos = 0;
  constructor(private readonly items: { tok: Tok; lit: string }[]) {}

  private look(values: boolean): { tok: Tok; lit: string } {
    const it = this.items[this.pos];
    return values && (it.tok === 'in' || it.tok === 'notin') ? { tok: 'ident', lit: it.lit } : it;
  }

  private next(values: boolean): { tok: Tok; lit: string } {
    const it = this.look(values);
    this.pos++;
    return it;
  }

  parse(): Requirement[] {
    const reqs: Requirement[] = [];
    for (;;) {
      const { tok, lit } = this.look(true);
      if (tok === 'ident' || tok === '!') {
        try {
          reqs.push(this.requirement());
        } catch (e) {
          if (e instanceof SelectorSyntaxError) throw new SelectorSyntaxError(`unable to parse requirement: ${e.message}`);
          throw e;
        }
        const t = this.next(true);
        if (t.tok === 'end') return reqs;
        if (t.tok === ',') {
          const t2 = this.look(true);
          if (t2.tok !== 'ident' && t2.tok !== '!') throw new SelectorSyntaxError(`found '${t2.lit}', expected: identifier after ','`);
          continue;
        }
        throw new SelectorSyntaxError(`found '${t.lit}', expected: ',' or 'end of string'`);
      }
      if (tok === 'end') return reqs;
      throw new SelectorSyntaxError(`found '${lit}', expected: !, identifier, or 'end of string'`);
    }
  }

  private requirement(): Requirement {
    let t = this.next(true);
    let op: Operator | null = null;
    if (t.tok === '!') {
      op = '!';
      t = this.next(true);
    }
    if (t.tok !== 'ident') throw new SelectorSyntaxError(`found '${t.lit}', expected: identifier`);
    const key = t.lit;
    const keyErrs = labelKeyErrors(key);
    if (keyErrs.length) throw new SelectorSyntaxError(`<nil>: Invalid value: ${JSON.stringify(key)}: ${keyErrs.join('; ')}`);
    // "!key" is complete by itself; whatever follows is the caller's problem (", or end").
    if (op === '!') return { key, operator: '!', values: [] };
    const ahead = this.look(true).tok;
    if (ahead === 'end' || ahead === ',') return { key, operator: 'exists', values: [] };
    const o = this.next(false);
    let operator: Operator;
    switch (o.tok) {
      case 'in':
      case 'notin':
      case '=':
      case '==':
      case '!=':
        operator = o.tok;
        break;
      case '>':
        operator = 'gt';
        break;
      case '<':
        operator = 'lt';
        break;
      default:
        throw new SelectorSyntaxError(`found '${o.lit}', expected: ${BINARY_OPERATORS}`);
    }
    const values = operator === 'in' || operator === 'notin' ? this.setValues() : this.exactValue();
    return validateRequirement({ key, operator, values: [...new Set(values)].sort() });
  }

  private setValues(): string[] {
    const t = this.next(true);
    if (t.tok !== '(') throw new SelectorSyntaxError(`found '${t.lit}' expected: '('`);
    const a = this.look(true);
    if (a.tok === ')') {
      this.next(true);
      return [''];
    }
    if (a.tok !== 'ident' && a.tok !== ',') throw new SelectorSyntaxError(`found '${a.lit}', expected: ',', ')' or identifier`);
    const vals = this.identifiers();
    if (this.next(true).tok !== ')') throw new SelectorSyntaxError(`found '${a.lit}', expected: ')'`);
    return vals;
  }

  private identifiers(): string[] {
    const s: string[] = [];
    for (;;) {
      const t = this.next(true);
      if (t.tok === 'ident') {
        s.push(t.lit);
        const t2 = this.look(true);
        if (t2.tok === ',') continue;
        if (t2.tok === ')') return s;
        throw new SelectorSyntaxError(`found '${t2.lit}', expected: ',' or ')'`);
      }
      if (t.tok === ',') {
        if (!s.length) s.push('');
        const t2 = this.look(true).tok;
        if (t2 === ')') {
          s.push('');
          return s;
        }
        if (t2 === ',') s.push('');
        continue;
      }
      throw new SelectorSyntaxError(`found '${t.lit}', expected: ',', or identifier`);
    }
  }

  private exactValue(): string[] {
    const a = this.look(true).tok;
    if (a === 'end' || a === ',') return [''];
    const t = this.next(true);
    if (t.tok === 'ident') return [t.lit];
    throw new SelectorSyntaxError(`found '${t.lit}', expected: identifier`);
  }
}

function validateRequirement(r: Requirement): Requirement {
  const errs: string[] = [];
  if (r.operator === 'gt' || r.operator === 'lt')
    r.values.forEach((v, i) => {
      if (!/^[-+]?\d+$/.test(v)) errs.push(`values[${i}]: Invalid value: ${JSON.stringify(v)}: for 'Gt', 'Lt' operators, the value must be an integer`);
    });
  r.values.forEach((v, i) => {
    const ve = labelValueErrors(v);
    if (ve.length) errs.push(`values[${i}][${r.key}]: Invalid value: ${JSON.stringify(v)}: ${ve.join('; ')}`);
  });
  if (errs.length) throw new SelectorSyntaxError(errs.length === 1 ? errs[0] : `[${errs.join(', ')}]`);
  return r;
}

/**
 * Parse a kubectl `-l` selector (`app=webpod`, `app!=x`, `app`, `!app`, `env in (a,b)`,
 * `env notin (a)`, comma = AND). On error returns the parser's message, e.g.
 * `unable to parse requirement: found 'a' expected: '('`; the API server answers a list with such
 * a selector with 400 BadRequest, and kubectl wraps it (see selectorErrorMessage).
 */
export function parseSelector(str: string): SelectorParse {
  try {
    return { ok: true, selector: makeSelector(new Parser(lex(str)).parse()) };
  } catch (e) {
    if (e instanceof SelectorSyntaxError) return { ok: false, error: e.message };
    throw e;
  }
}

/**
 * The message kubectl shows for a bad `-l` (after `Error from server (BadRequest): `): cli-runtime
 * wraps the server's parse error with the GroupVersionResource it listed.
 */
export function selectorErrorMessage(res: { group: string; version: string; plural: string }, selector: string, parseError: string): string {
  return `Unable to find "${res.group}/${res.version}, Resource=${res.plural}" that match label selector ${JSON.stringify(selector)}, field selector "": ${parseError}`;
}
