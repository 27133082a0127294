import { parseDocument } from 'yaml';
import type { KObject } from '../../engine/k8s/types';
import type { CommandResult } from '../types';
import { type Invocation, type Session, type Verb, isResult, openSession } from './context';
import { DRY_RUN_FLAG, dryRunOf, dryRunSuffix } from './dryrun';
import { Output, apiErr, failWith, plain, usageError } from './errors';
import type { FlagSpec } from './flags';
import { infosFromFiles } from './file-targets';
import { type JsonValue, deepEqual, jsonPatch, mergePatch, strategicMergePatch } from './merge';
import { OBJECT_FORMATS, parseOutput, printObjects } from './output';
import { type Info, fetchRefs, kindName, parseRefs } from './resolve';
import { printWarnings } from './warnings';
import { goYamlMessage } from './yaml-errors';
import { updateObject } from './server';

const FLAGS: FlagSpec[] = [
  { name: 'patch', short: 'p', type: 'string' },
  { name: 'patch-file', type: 'string' },
  { name: 'type', type: 'string', def: 'strategic' },
  { name: 'filename', short: 'f', type: 'stringSlice' },
  { name: 'recursive', short: 'R', type: 'bool' },
  { name: 'kustomize', short: 'k', type: 'string' },
  { name: 'local', type: 'bool' },
  { name: 'subresource', type: 'string' },
  { name: 'output', short: 'o', type: 'string' },
  DRY_RUN_FLAG,
  { name: 'field-manager', type: 'string', def: 'kubectl-patch' },
  { name: 'template', type: 'string' },
  { name: 'allow-missing-template-keys', type: 'bool', def: true },
  { name: 'show-managed-fields', type: 'bool' }
];

/** The patch text as kubectl reads it: YAML or JSON, converted to JSON. */
function parsePatch(text: string): { ok: true; value: JsonValue } | { ok: false; error: string } {
  const doc = parseDocument(text, { version: '1.1', uniqueKeys: false, prettyErrors: false });
  if (doc.errors.length) return { ok: false, error: `unable to parse ${JSON.stringify(text)}: ${goYamlMessage(doc.errors[0], text)}` };
  try {
    return { ok: true, value: (doc.toJS() ?? null) as JsonValue };
  } catch (e) {
    return { ok: false, error: `unable to parse ${JSON.stringify(text)}: ${(e as Error).message}` };
  }
}

async function targets(s: Session, inv: Invocation, out: Output): Promise<Info[] | null> {
  const f = inv.flags;
  if (f.list('filename').length) return infosFromFiles(s, f.list('filename'), f.bool('recursive'), out);
  const parsed = parseRefs(s, inv.args);
  if (!parsed.ok) {
    out.fail(parsed.error);
    return null;
  }
  if (parsed.refs.some((r) => r.name === undefined)) {
    out.fail(plain('resource(s) were provided, but no name was specified'));
    return null;
  }
  const fetched = fetchRefs(s, parsed.refs);
  for (const e of fetched.errors) out.fail(e);
  return fetched.infos;
}

async function run(inv: Invocation): Promise<CommandResult> {
  const f = inv.flags;
  const type = f.str('type');
  if (!['json', 'merge', 'strategic'].includes(type)) return failWith(plain(`--type must be one of [json merge strategic], not ${JSON.stringify(type)}`));
  if (!f.str('patch') && !f.str('patch-file')) return failWith(plain('must specify --patch or --patch-file containing the contents of the patch'));
  if (!inv.args.length && !f.list('filename').length)
    return failWith(usageError(inv.path, 'You must provide one or more resources by argument or filename.'));
  const spec = parseOutput(f.str('output'), OBJECT_FORMATS);
  if ('t' in spec) return failWith(spec);
  const dry = dryRunOf(f, inv.sh);
  if ('t' in dry) return failWith(dry);
  let patchText = f.str('patch');
  if (f.str('patch-file')) {
    const r = await inv.sh.exec(`cat -- '${f.str('patch-file').replace(/'/g, `'\\''`)}'`);
    if (r.exitCode !== 0) return failWith(plain(`unable to read patch file: open ${f.str('patch-file')}: no such file or directory`));
    patchText = r.stdout;
  }
  const patch = parsePatch(patchText);
  if (!patch.ok) return failWith(plain(patch.error));
  const s = await openSession(inv);
  if (isResult(s)) return s;
  const out = new Output();
  out.err(dry.warning);
  const infos = await targets(s, inv, out);
  if (!infos) return out.result();
  const printed: Info[] = [];
  for (const { resource, obj } of infos) {
    if (type === 'strategic' && resource.custom) {
      // Custom resources have no strategic-merge schema: the server refuses the media type, and
      // kubectl (since 1.26) wraps that refusal with the patch type and the kind.
      const gvk = `${resource.group ? `${resource.group}/` : ''}${resource.version}, Kind=${resource.kind}`;
      out.fail(
        plain(
          `application/strategic-merge-patch+json is not supported by ${gvk}: the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml`
        )
      );
      continue;
    }
    const live = obj as unknown as JsonValue;
    let next: JsonValue;
    if (type === 'json') {
      const r = jsonPatch(live, patch.value);
      if (!r.ok) {
        out.fail({ t: 'raw', msg: 'The request is invalid: the server rejected our request due to an error in our request' });
        continue;
      }
      next = r.value;
    } else next = type === 'merge' ? mergePatch(live, patch.value) : strategicMergePatch(live, patch.value);
    const label = kindName(resource, obj.metadata.name);
    if (deepEqual(next, live)) {
      printed.push({ resource, obj });
      if (spec.kind === 'default') out.out(`${label} patched (no change)${dryRunSuffix(dry.mode)}\n`);
      else if (spec.kind === 'name') out.out(`${label}\n`);
      continue;
    }
    let result = next as unknown as KObject;
    if (dry.mode !== 'client') {
      const r = dry.mode === 'server' ? { ok: true as const, value: result } : updateObject(s, result);
      if (!r.ok) {
        out.fail(apiErr(r.error));
        continue;
      }
      result = r.value;
      if (dry.mode === 'none') printWarnings(s, out);
    }
    printed.push({ resource, obj: result });
    if (spec.kind === 'default') out.out(`${label} patched${dryRunSuffix(dry.mode)}\n`);
    else if (spec.kind === 'name') out.out(`${label}\n`);
  }
  if (spec.kind !== 'default' && spec.kind !== 'name' && printed.length) {
    const r = printObjects(spec, printed, printed.length === 1);
    if (r.ok) out.out(r.text);
    else out.fail(r.error);
  }
  return out.result();
}

export const patchVerb: Verb = {
  name: 'patch',
  short: 'Update fields of a resource',
  usage: 'kubectl patch (-f FILENAME | TYPE NAME) [-p PATCH|--patch-file FILE] [options]',
  flags: FLAGS,
  run
};
