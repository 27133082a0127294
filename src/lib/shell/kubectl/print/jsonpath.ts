/**
 * client-go util/jsonpath as `kubectl get -o jsonpath=...` runs it: missing keys allowed,
 * results of one {...} joined by spaces, maps and slices printed as compact JSON (sorted keys),
 * strings raw, no trailing newline. Range/end use the same counters as the Go code, including its
 * quirk that text after {end} is not printed when the range is empty.
 */
import { goFloatV, goJsonMarshal } from './gojson';
import { JsonPathParseError, JsonPathParser, type JpList, type JpNode } from './jsonpath-parser';

export { JsonPathParseError } from './jsonpath-parser';

export class JsonPathExecError extends Error {}

/** A value found by the walk; `undefined` never appears (missing keys produce no value). */
type Val = unknown;

function isMap(v: Val): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Go's reflect type name of a decoded JSON value, for error texts. */
function goType(v: Val): string {
  if (Array.isArray(v)) return '[]interface {}';
  if (isMap(v)) return 'map[string]interface {}';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int64' : 'float64';
  return 'interface {}';
}

function children(v: Val): Val[] {
  if (Array.isArray(v)) return v.slice();
  if (isMap(v)) {
    return Object.keys(v)
      .sort()
      .filter((k) => v[k] !== undefined)
      .map((k) => v[k]);
  }
  if (typeof v === 'string') return [...v].map((c) => c.charCodeAt(0));
  return [];
}

type Kind = 'bool' | 'int' | 'float' | 'string' | 'invalid';

function basicKind(v: Val, literalKind?: Kind): Kind {
  if (literalKind) return literalKind;
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  return 'invalid';
}

interface Operand {
  v: Val;
  kind?: Kind;
}

function compare(op: string, a: Operand, b: Operand): boolean {
  const k1 = basicKind(a.v, a.kind);
  const k2 = basicKind(b.v, b.kind);
  if (k1 === 'invalid' || k2 === 'invalid') throw new JsonPathExecError('invalid type for comparison');
  if (k1 !== k2) throw new JsonPathExecError('incompatible types for comparison');
  if (op === '==' || op === '!=') {
    const eq = a.v === b.v;
    return op === '==' ? eq : !eq;
  }
  if (k1 === 'bool') throw new JsonPathExecError('invalid type for comparison');
  const x = a.v as number | string;
  const y = b.v as number | string;
  switch (op) {
    case '<':
      return x < y;
    case '>':
      return x > y;
    case '<=':
      return x <= y;
    case '>=':
      return x >= y;
  }
  throw new JsonPathExecError(`unrecognized filter operator ${op}`);
}

interface Result {
  v: Val;
  kind?: Kind;
}

export class JsonPath {
  private rootNodes: JpNode[];
  private stack: Result[][] = [];
  private cur: Result[] = [];
  private beginRange = 0;
  private inRange = 0;
  private endRange = 0;
  allowMissingKeys = true;

  constructor(readonly template: string) {
    this.rootNodes = JsonPathParser.parse(template).nodes;
  }

  /** FindResults: one list of values per printed action (values only, for custom columns). */
  results(data: Val): Val[][] {
    return this.findResults(data).map((rs) => rs.map((r) => r.v));
  }

  /** PrintResults for one list of values: JSON for maps and slices, text otherwise, space-joined. */
  printValues(values: Val[]): string {
    return this.printResults(values.map((v) => ({ v })));
  }

  /** Run the template over data; returns the printed text (no newline added). */
  execute(data: Val): string {
    const full = this.findResults(data);
    let out = '';
    for (const results of full) out += this.printResults(results);
    return out;
  }

  private findResults(data: Val): Result[][] {
    this.cur = [{ v: data }];
    const nodes = this.rootNodes;
    const full: Result[][] = [];
    for (let i = 0; i < nodes.length; i++) {
      const results = this.walk(this.cur, nodes[i]);
      if (this.endRange > 0 && this.endRange <= this.inRange) {
        this.endRange -= 1;
        break;
      }
      if (this.beginRange > 0) {
        this.beginRange -= 1;
        this.inRange += 1;
        for (let k = 0; k < results.length; k++) {
          this.rootNodes = nodes.slice(i + 1);
          if (k === results.length - 1) this.inRange -= 1;
          full.push(...this.findResults(results[k].v));
        }
        break;
      }
      full.push(results);
    }
    return full;
  }

  private printResults(results: Result[]): string {
    let out = '';
    results.forEach((r, i) => {
      let text: string;
      if (Array.isArray(r.v) || isMap(r.v)) text = goJsonMarshal(r.v);
      else text = evalToText(r.v);
      if (i !== results.length - 1) text += ' ';
      out += text;
    });
    return out;
  }

  private walk(input: Result[], node: JpNode): Result[] {
    switch (node.type) {
      case 'list':
        return this.evalList(input, node);
      case 'text':
        return [{ v: node.text }];
      case 'field':
        return this.evalField(input, node.value);
      case 'array':
        return this.evalArray(input, node);
      case 'filter':
        return this.evalFilter(input, node);
      case 'int':
        return input.map(() => ({ v: node.value, kind: 'int' as const }));
      case 'float':
        return input.map(() => ({ v: node.value, kind: 'float' as const }));
      case 'bool':
        return input.map(() => ({ v: node.value, kind: 'bool' as const }));
      case 'wildcard':
        return this.evalWildcard(input);
      case 'recursive':
        return this.evalRecursive(input);
      case 'union': {
        const out: Result[] = [];
        for (const l of node.nodes) out.push(...this.evalList(input, l));
        return out;
      }
      case 'identifier':
        return this.evalIdentifier(input, node.name);
    }
  }

  private evalList(input: Result[], node: JpList): Result[] {
    let cur = input;
    for (const n of node.nodes) cur = this.walk(cur, n);
    return cur;
  }

  private evalIdentifier(input: Result[], name: string): Result[] {
    switch (name) {
      case 'range':
        this.stack.push(this.cur);
        this.beginRange += 1;
        return input;
      case 'end':
        if (this.endRange < this.inRange) {
          this.endRange += 1;
          return [];
        }
        if (this.stack.length > 0) {
          this.cur = this.stack.pop() ?? [];
          return [];
        }
        throw new JsonPathExecError('not in range, nothing to end');
      default:
        throw new JsonPathExecError(`unrecognized identifier ${name}`);
    }
  }

  private evalField(input: Result[], key: string): Result[] {
    const results: Result[] = [];
    if (!input.length) return results;
    for (const r of input) {
      if (r.v === null || r.v === undefined) continue;
      if (isMap(r.v) && Object.prototype.hasOwnProperty.call(r.v, key) && r.v[key] !== undefined) results.push({ v: r.v[key] });
    }
    if (!results.length && !this.allowMissingKeys) throw new JsonPathExecError(`${key} is not found`);
    return results;
  }

  private evalArray(input: Result[], node: Extract<JpNode, { type: 'array' }>): Result[] {
    const result: Result[] = [];
    for (const r of input) {
      if (r.v === null || r.v === undefined) continue;
      if (!Array.isArray(r.v)) throw new JsonPathExecError(`${goType(r.v)} is not array or slice`);
      const len = r.v.length;
      const p = node.params.map((x) => ({ ...x }));
      if (!p[0].known) p[0].value = 0;
      if (p[0].value < 0) p[0].value += len;
      if (!p[1].known) p[1].value = len;
      if (p[1].value < 0 || (p[1].value === 0 && p[1].derived)) p[1].value += len;
      if (p[1].value !== p[0].value) {
        if (p[0].value >= len || p[0].value < 0) throw new JsonPathExecError(`array index out of bounds: index ${p[0].value}, length ${len}`);
        if (p[1].value > len || p[1].value < 0) throw new JsonPathExecError(`array index out of bounds: index ${p[1].value - 1}, length ${len}`);
        if (p[0].value > p[1].value) throw new JsonPathExecError(`starting index ${p[0].value} is greater than ending index ${p[1].value}`);
      } else {
        return result;
      }
      const slice = r.v.slice(p[0].value, p[1].value);
      let step = 1;
      if (p[2].known) {
        if (p[2].value <= 0) throw new JsonPathExecError('step must be > 0');
        step = p[2].value;
      }
      for (let i = 0; i < slice.length; i += step) result.push({ v: slice[i] });
    }
    return result;
  }

  private evalWildcard(input: Result[]): Result[] {
    const out: Result[] = [];
    for (const r of input) {
      if (r.v === null || r.v === undefined) continue;
      for (const c of children(r.v)) out.push({ v: c });
    }
    return out;
  }

  private evalRecursive(input: Result[]): Result[] {
    const result: Result[] = [];
    for (const r of input) {
      if (r.v === null || r.v === undefined) continue;
      const kids = children(r.v).map((v) => ({ v }));
      if (kids.length) {
        result.push(r);
        result.push(...this.evalRecursive(kids));
      }
    }
    return result;
  }

  private evalFilter(input: Result[], node: Extract<JpNode, { type: 'filter' }>): Result[] {
    const results: Result[] = [];
    for (const r of input) {
      if (!Array.isArray(r.v)) throw new JsonPathExecError(`${evalToText(r.v)} is not array or slice and cannot be filtered`);
      for (const el of r.v) {
        const temp: Result[] = [{ v: el }];
        let lefts: Result[] = [];
        let leftErr: unknown = null;
        try {
          lefts = this.evalList(temp, node.left);
        } catch (e) {
          leftErr = e;
        }
        if (node.operator === 'exists') {
          if (lefts.length > 0) results.push({ v: el });
          continue;
        }
        if (leftErr) throw leftErr;
        // A missing key on the left (allowed) means the element cannot match.
        if (lefts.length === 0 && this.allowMissingKeys) continue;
        if (lefts.length !== 1) throw new JsonPathExecError('can only compare one element at a time');
        const rights = this.evalList(temp, node.right);
        if (rights.length !== 1) throw new JsonPathExecError('can only compare one element at a time');
        if (compare(node.operator, lefts[0], rights[0])) results.push({ v: el });
      }
    }
    return results;
  }
}

/** evalToText: fmt.Fprint of a scalar. */
function evalToText(v: Val): string {
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : goFloatV(v);
  return String(v);
}

export type JsonPathOutcome = { ok: true; text: string } | { ok: false; error: string };

/**
 * `kubectl get -o jsonpath=TEMPLATE`: the printed text, or the error line kubectl prints (without
 * the leading "error: "), e.g. "error parsing jsonpath {.a[}, unterminated array".
 */
export function runJsonPath(template: string, data: unknown): JsonPathOutcome {
  let jp: JsonPath;
  try {
    jp = new JsonPath(template);
  } catch (e) {
    const msg = e instanceof JsonPathParseError ? e.message : String(e);
    return { ok: false, error: `error parsing jsonpath ${template}, ${msg}` };
  }
  try {
    return { ok: true, text: jp.execute(data) };
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    return {
      ok: false,
      error:
        `error executing jsonpath ${JSON.stringify(template)}: Error executing template: ${msg}. Printing more information for debugging the template:\n` +
        `\ttemplate was:\n\t\t${template}\n` +
        `\tobject given to jsonpath engine was:\n\t\t${goSharpV(data)}\n\n`
    };
  }
}

/** Go's %#v of decoded JSON (for the jsonpath error dump). */
export function goSharpV(v: unknown): string {
  if (v === null || v === undefined) return 'interface {}(nil)';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : goFloatV(v);
  if (Array.isArray(v)) return `[]interface {}{${v.map(goSharpV).join(', ')}}`;
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o).sort();
  return `map[string]interface {}{${keys.map((k) => `${JSON.stringify(k)}:${goSharpV(o[k])}`).join(', ')}}`;
}
