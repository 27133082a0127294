/**
 * YAML as `kubectl get -o yaml` writes it: sigs.k8s.io/yaml (JSON -> go-yaml v2). Ported from
 * go-yaml v2's encoder and emitter (libyaml): keys sorted with go-yaml's natural order, block
 * style, sequences inside mappings not indented, strings quoted only when a plain scalar would
 * read back as something else ("true", "80", "", timestamps) or could not be written plain,
 * multi-line strings as `|` literals, long plain and quoted strings folded after column 80.
 */
import { goFloatV } from './gojson';
import { analyzeScalar, isBase60Float, isBreak, isPrintable, isSpace, resolvesToNonString, yamlSortKeys } from './goyaml-scalar';

export { yamlKeyLess, yamlSortKeys } from './goyaml-scalar';

const BEST_INDENT = 2;
const BEST_WIDTH = 80;

type Style = 'plain' | 'single' | 'double' | 'literal';

// ---------------------------------------------------------------- emitter

class Emitter {
  out = '';
  column = 0;
  whitespace = true;
  indention = true;
  indent = -1;
  openEnded = false;
  simpleKeyContext = false;

  private put(c: string): void {
    this.out += c;
    this.column++;
  }

  private putBreak(): void {
    this.out += '\n';
    this.column = 0;
  }

  writeIndent(): void {
    const indent = this.indent < 0 ? 0 : this.indent;
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace)) this.putBreak();
    while (this.column < indent) this.put(' ');
    this.whitespace = true;
    this.indention = true;
  }

  writeIndicator(ind: string, needWhitespace: boolean, isWhitespace: boolean, isIndention: boolean): void {
    if (needWhitespace && !this.whitespace) this.put(' ');
    for (const c of ind) this.put(c);
    this.whitespace = isWhitespace;
    this.indention = this.indention && isIndention;
    this.openEnded = false;
  }

  private withIndent(flow: boolean, indentless: boolean, fn: () => void): void {
    const saved = this.indent;
    if (this.indent < 0) this.indent = flow ? BEST_INDENT : 0;
    else if (!indentless) this.indent += BEST_INDENT;
    fn();
    this.indent = saved;
  }

  node(v: unknown, mappingContext: boolean, simpleKey: boolean): void {
    if (Array.isArray(v)) {
      if (!v.length) return this.emptyFlow('[', ']');
      const indentless = mappingContext && !this.indention;
      this.withIndent(false, indentless, () => {
        for (const item of v) {
          this.writeIndent();
          this.writeIndicator('-', true, false, true);
          this.node(item === undefined ? null : item, false, false);
        }
      });
      return;
    }
    if (v !== null && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      const keys = yamlSortKeys(Object.keys(o).filter((k) => o[k] !== undefined));
      if (!keys.length) return this.emptyFlow('{', '}');
      this.withIndent(false, false, () => {
        for (const k of keys) {
          this.writeIndent();
          this.node(k, true, true);
          this.writeIndicator(':', false, false, false);
          this.node(o[k], true, false);
        }
      });
      return;
    }
    this.scalar(v, simpleKey);
  }

  private emptyFlow(open: string, close: string): void {
    this.writeIndicator(open, true, true, false);
    this.writeIndicator(close, false, false, false);
  }

  private scalar(v: unknown, simpleKey: boolean): void {
    let text: string;
    let requested: Style;
    if (v === null || v === undefined) {
      text = 'null';
      requested = 'plain';
    } else if (typeof v === 'boolean') {
      text = v ? 'true' : 'false';
      requested = 'plain';
    } else if (typeof v === 'number') {
      text = Number.isInteger(v) ? String(v) : Number.isNaN(v) ? '.nan' : v === Infinity ? '.inf' : v === -Infinity ? '-.inf' : goFloatV(v);
      requested = 'plain';
    } else {
      text = String(v);
      const canUsePlain = !resolvesToNonString(text) && !isBase60Float(text);
      requested = text.includes('\n') ? 'literal' : canUsePlain ? 'plain' : 'double';
    }
    const a = analyzeScalar(text);
    let style: Style = requested;
    if (simpleKey && a.multiline) style = 'double';
    if (style === 'plain') {
      if (!a.blockPlainAllowed) style = 'single';
      if (text === '' && simpleKey) style = 'single';
    }
    if (style === 'single' && !a.singleQuotedAllowed) style = 'double';
    if (style === 'literal' && (!a.blockAllowed || simpleKey)) style = 'double';

    const allowBreaks = !simpleKey;
    this.withIndent(true, false, () => {
      switch (style) {
        case 'plain':
          return this.writePlain(text, allowBreaks);
        case 'single':
          return this.writeSingle(text, allowBreaks);
        case 'double':
          return this.writeDouble(text, allowBreaks);
        case 'literal':
          return this.writeLiteral(text);
      }
    });
  }

  private writePlain(value: string, allowBreaks: boolean): void {
    if (!this.whitespace) this.put(' ');
    const chars = [...value];
    let spaces = false;
    for (let i = 0; i < chars.length; i++) {
      const c = chars[i];
      if (isSpace(c)) {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && !isSpace(chars[i + 1])) this.writeIndent();
        else this.put(c);
        spaces = true;
      } else {
        this.put(c);
        this.indention = false;
        spaces = false;
      }
    }
    this.whitespace = false;
    this.indention = false;
  }

  private writeSingle(value: string, allowBreaks: boolean): void {
    this.writeIndicator("'", true, false, false);
    const chars = [...value];
    let spaces = false;
    let breaks = false;
    for (let i = 0; i < chars.length; i++) {
      const c = chars[i];
      if (isSpace(c)) {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && i > 0 && i < chars.length - 1 && !isSpace(chars[i + 1])) this.writeIndent();
        else this.put(c);
        spaces = true;
      } else if (isBreak(c)) {
        if (!breaks && c === '\n') this.putBreak();
        this.putBreak();
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        if (c === "'") this.put("'");
        this.put(c);
        this.indention = false;
        spaces = false;
        breaks = false;
      }
    }
    this.writeIndicator("'", false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private writeDouble(value: string, allowBreaks: boolean): void {
    this.writeIndicator('"', true, false, false);
    const chars = [...value];
    let spaces = false;
    for (let i = 0; i < chars.length; i++) {
      const c = chars[i];
      const cp = c.codePointAt(0) ?? 0;
      if (!isPrintable(cp) || cp === 0xfeff || isBreak(c) || c === '"' || c === '\\') {
        this.put('\\');
        const simple: Record<number, string> = {
          0x00: '0', 0x07: 'a', 0x08: 'b', 0x09: 't', 0x0a: 'n', 0x0b: 'v', 0x0c: 'f', 0x0d: 'r', 0x1b: 'e',
          0x22: '"', 0x5c: '\\', 0x85: 'N', 0xa0: '_', 0x2028: 'L', 0x2029: 'P'
        };
        const e = simple[cp];
        if (e !== undefined) this.put(e);
        else {
          const [letter, w] = cp <= 0xff ? ['x', 2] : cp <= 0xffff ? ['u', 4] : ['U', 8];
          this.put(letter);
          for (const d of cp.toString(16).toUpperCase().padStart(w, '0')) this.put(d);
        }
        spaces = false;
      } else if (isSpace(c)) {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && i > 0 && i < chars.length - 1) {
          this.writeIndent();
          if (isSpace(chars[i + 1])) this.put('\\');
        } else this.put(c);
        spaces = true;
      } else {
        this.put(c);
        spaces = false;
      }
    }
    this.writeIndicator('"', false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private writeLiteral(value: string): void {
    this.writeIndicator('|', true, false, false);
    const chars = [...value];
    // block scalar hints
    if (isSpace(chars[0]) || isBreak(chars[0])) this.put(String(BEST_INDENT));
    this.openEnded = false;
    const last = chars.length - 1;
    if (!chars.length || !isBreak(chars[last])) this.put('-');
    else if (last === 0 || isBreak(chars[last - 1])) {
      this.put('+');
      this.openEnded = true;
    }
    this.putBreak();
    this.indention = true;
    this.whitespace = true;
    let breaks = true;
    for (const c of chars) {
      if (isBreak(c)) {
        this.putBreak();
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        this.put(c);
        this.indention = false;
        breaks = false;
      }
    }
  }

  finish(): string {
    // document end: a final line break, then "..." if a `|+` scalar left the stream open-ended
    this.indent = -1;
    this.writeIndent();
    if (this.openEnded) {
      this.writeIndicator('...', true, false, false);
      this.writeIndent();
    }
    return this.out;
  }
}

/** sigs.k8s.io/yaml.Marshal of a decoded JSON value. Ends with a newline. */
export function goYamlMarshal(v: unknown): string {
  const e = new Emitter();
  e.node(v === undefined ? null : v, false, false);
  return e.finish();
}
