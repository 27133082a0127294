import { parseDocument } from 'yaml';
import { goJson } from './gojson';
import { isObj } from './merge';
import { goYamlMessage } from './yaml-errors';

/** One object read from a manifest, with the name of where it came from ("STDIN", a path, a URL). */
export interface ManifestDoc {
  obj: Record<string, unknown>;
  source: string;
}

/** The documents decoded before a problem, and the problem (which stops that source). */
export interface DecodeResult {
  docs: ManifestDoc[];
  /** Already worded as kubectl words it (without the "error: " prefix). */
  error?: string;
}

/**
 * Split a stream as apimachinery's YAMLReader does: a line starting with "---" ends a document
 * (only spaces or a comment may follow it). Each chunk's line numbers start after its separator.
 */
function splitDocuments(text: string): { chunks: string[]; error?: string } {
  const chunks: string[] = [];
  let buf: string[] = [];
  for (const line of text.replace(/\r\n/g, '\n').split('\n')) {
    if (line.startsWith('---')) {
      const rest = line.slice(3).trim();
      if (rest && !rest.startsWith('#')) return { chunks, error: `invalid Yaml document separator: ${rest}` };
      if (buf.some((l) => l.trim())) chunks.push(buf.join('\n'));
      buf = [];
      continue;
    }
    buf.push(line);
  }
  if (buf.some((l) => l.trim())) chunks.push(buf.join('\n'));
  return { chunks };
}

/** Parse one document's text to a JSON value (YAML 1.1 scalars, as Go's yaml.v2 reads them). */
function yamlToJson(chunk: string): { ok: true; value: unknown } | { ok: false; error: string } {
  const doc = parseDocument(chunk, { version: '1.1', uniqueKeys: false, merge: true, prettyErrors: false });
  if (doc.errors.length) return { ok: false, error: `error converting YAML to JSON: ${goYamlMessage(doc.errors[0], chunk)}` };
  try {
    return { ok: true, value: doc.toJS({ maxAliasCount: 1000 }) };
  } catch (e) {
    const m = /Unresolved alias.*: (.*)$/.exec((e as Error).message);
    return { ok: false, error: `error converting YAML to JSON: yaml: unknown anchor '${m ? m[1] : ''}' referenced` };
  }
}

/** Read consecutive JSON values from a stream that starts with '{' (YAMLOrJSONDecoder's JSON path). */
function jsonValues(text: string): { values: unknown[]; error?: string } {
  const values: unknown[] = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && /\s/.test(text[i])) i++;
    if (i >= text.length) break;
    const end = jsonEnd(text, i);
    if (end < 0) return { values, error: 'unexpected EOF' };
    try {
      values.push(JSON.parse(text.slice(i, end)));
    } catch (e) {
      return { values, error: (e as Error).message.replace(/^Unexpected token/, 'invalid character') };
    }
    i = end;
  }
  return { values };
}

/** End offset of the JSON value starting at `start` (balanced braces, strings skipped). */
function jsonEnd(text: string, start: number): number {
  let depth = 0;
  let inStr = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inStr) {
      if (c === '\\') i++;
      else if (c === '"') inStr = false;
      continue;
    }
    if (c === '"') inStr = true;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

/** apiVersion/kind checks of kubectl's client-side validation. */
function validationError(o: Record<string, unknown>): string | null {
  const problems: string[] = [];
  if (typeof o.apiVersion !== 'string' || o.apiVersion === '') problems.push('apiVersion not set');
  if (typeof o.kind !== 'string' || o.kind === '') problems.push('kind not set');
  if (!problems.length) return null;
  return problems.length === 1 ? problems[0] : `[${problems.join(', ')}]`;
}

/** `kind: List` (or any *List with items) is flattened into its items, as the builder's Flatten(). */
function flatten(o: Record<string, unknown>): Record<string, unknown>[] {
  if (typeof o.kind === 'string' && o.kind.endsWith('List') && Array.isArray(o.items)) return o.items.filter(isObj).flatMap((x) => flatten(x as Record<string, unknown>));
  return [o];
}

/**
 * Decode a manifest stream as kubectl's StreamVisitor does: document by document; a syntax error
 * or a failed validation stops the stream, keeping what was decoded before it.
 */
export function decodeManifest(text: string, source: string, opts: { validate: boolean }): DecodeResult {
  const docs: ManifestDoc[] = [];
  const values: unknown[] = [];
  let error: string | undefined;
  if (text.trimStart().startsWith('{')) {
    const r = jsonValues(text);
    values.push(...r.values);
    if (r.error) error = `error parsing ${source}: ${r.error}`;
  } else {
    const split = splitDocuments(text);
    for (const chunk of split.chunks) {
      const r = yamlToJson(chunk);
      if (!r.ok) {
        error = `error parsing ${source}: ${r.error}`;
        break;
      }
      values.push(r.value);
    }
    if (!error && split.error) error = `error parsing ${source}: ${split.error}`;
  }
  for (const v of values) {
    if (v === null || v === undefined) continue;
    if (!isObj(v)) {
      const what = Array.isArray(v) ? 'array' : typeof v === 'string' ? 'string' : typeof v === 'number' ? 'number' : 'bool';
      return { docs, error: `error parsing ${source}: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${what} into Go value of type map[string]interface {}` };
    }
    const o = v as Record<string, unknown>;
    const bad = validationError(o);
    if (bad) {
      if (opts.validate)
        return { docs, error: `error validating ${JSON.stringify(source)}: error validating data: ${bad}; if you choose to ignore these errors, turn validation off with --validate=false` };
      const missing = typeof o.kind !== 'string' || !o.kind ? 'Kind' : 'Version';
      return { docs, error: `unable to decode ${JSON.stringify(source)}: Object '${missing}' is missing in '${goJson(o)}'` };
    }
    for (const item of flatten(o)) docs.push({ obj: item, source });
  }
  return { docs, error };
}
