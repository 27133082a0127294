import type { YAMLError } from 'yaml';

/**
 * Best-effort translation of the `yaml` package's parse errors into the messages of Go's
 * gopkg.in/yaml.v2 (what kubectl's YAML-to-JSON step prints). Go counts lines differently for
 * its two error kinds: scanner errors name the 1-based line of the problem, parser errors the
 * 0-based one (so they seem to point at the line before). `text` is one document's text.
 */
export function goYamlMessage(e: YAMLError, text: string): string {
  // prettyErrors is off (its messages are not Go's), so the line comes from the offset.
  const line = e.linePos?.[0]?.line ?? text.slice(0, Math.max(0, e.pos[0])).split('\n').length;
  const lines = text.split('\n');
  const first = e.message.split('\n')[0];
  const at = (n: number) => `yaml: line ${Math.max(n, 1)}: `;
  switch (e.code) {
    case 'BLOCK_AS_IMPLICIT_KEY':
      // Scanner error at the ':' that starts the illegal nested mapping.
      return at(colonLine(text, e.pos[0]) ?? line) + 'mapping values are not allowed in this context';
    case 'TAB_AS_INDENT':
    case 'BAD_SCALAR_START':
      return at(line) + 'found character that cannot start any token';
    case 'MULTILINE_IMPLICIT_KEY':
    case 'MISSING_CHAR':
      if (/quote/i.test(first)) return at(line) + 'found unexpected end of stream';
      if (/without - indicator/.test(first)) return at(line - 1) + 'did not find expected key';
      // A required simple key that never met its ':'; Go notices on the next line.
      return at(line + 1) + "could not find expected ':'";
    case 'BAD_INDENT': {
      if (/Flow sequence/.test(first)) return at(line) + "did not find expected ',' or ']'";
      if (/Flow map/.test(first)) return at(line) + "did not find expected ',' or '}'";
      const prev = previousSibling(lines, line - 1);
      if (prev !== undefined && /^\s*- /.test(prev)) return at(line - 1) + "did not find expected '-' indicator";
      return at(line - 1) + 'did not find expected key';
    }
    case 'BLOCK_IN_FLOW':
      return at(line) + 'did not find expected node content';
    case 'BAD_DQ_ESCAPE':
      return at(line) + 'found unknown escape character';
    case 'BAD_ALIAS':
      return 'yaml: unknown anchor referenced';
    default:
      return at(Math.max(line - 1, 1)) + 'did not find expected node content';
  }
}

/** The 1-based line of the first ': ' (or ':' at end of line) at or after `offset`. */
function colonLine(text: string, offset: number): number | null {
  const re = /:(?=[ \t\n]|$)/g;
  re.lastIndex = offset;
  const m = re.exec(text);
  if (!m) return null;
  return text.slice(0, m.index).split('\n').length;
}

/** The nearest earlier non-blank line indented like line `idx` (0-based), if any. */
function previousSibling(lines: string[], idx: number): string | undefined {
  const cur = lines[idx] ?? '';
  const indent = cur.length - cur.trimStart().length;
  for (let i = idx - 1; i >= 0; i--) {
    const l = lines[i];
    if (!l.trim() || l.trimStart().startsWith('#')) continue;
    const ind = l.length - l.trimStart().length;
    if (ind === indent) return l;
    if (ind < indent) return undefined;
  }
  return undefined;
}
