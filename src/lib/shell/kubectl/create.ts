import type { CommandResult } from '../types';
import { prepareFiles, validationOn } from './apply';
import { type Invocation, type Verb, isResult } from './context';
import { createOne, printCreated } from './create-common';
import { createSubcommands } from './create-cmds';
import { DRY_RUN_FLAG } from './dryrun';
import { failWith, plain, usageError } from './errors';
import type { FlagSpec } from './flags';
import { mapSources } from './manifest';
import { fieldValidationOf } from './server';
import type { Info } from './resolve';

const FLAGS: FlagSpec[] = [
  { name: 'filename', short: 'f', type: 'stringSlice' },
  { name: 'recursive', short: 'R', type: 'bool' },
  { name: 'kustomize', short: 'k', type: 'string' },
  { name: 'output', short: 'o', type: 'string' },
  DRY_RUN_FLAG,
  { name: 'validate', type: 'string', def: 'strict', noOptDefVal: 'strict' },
  { name: 'save-config', type: 'bool' },
  { name: 'edit', type: 'bool' },
  { name: 'windows-line-endings', type: 'bool' },
  { name: 'selector', short: 'l', type: 'string' },
  { name: 'raw', type: 'string' },
  { name: 'field-manager', type: 'string', def: 'kubectl-create' },
  { name: 'template', type: 'string' },
  { name: 'allow-missing-template-keys', type: 'bool', def: true },
  { name: 'show-managed-fields', type: 'bool' }
];

async function run(inv: Invocation): Promise<CommandResult> {
  if (inv.args.length) return failWith(usageError(inv.path, `Unexpected args: [${inv.args.join(' ')}]`));
  const p = await prepareFiles(inv, 'create');
  if (isResult(p)) return p;
  const { s, out, dry, spec } = p;
  const printed: Info[] = [];
  let count = 0;
  // create acts on each object as it is decoded, so errors stay in document order.
  for (const it of mapSources(s, p.sources, { validate: validationOn(inv.flags) })) {
    if ('error' in it) {
      out.fail(it.error);
      continue;
    }
    count++;
    createOne(s, out, it.info.resource, it.info.obj, { source: it.info.source, dry, spec, save: inv.flags.bool('save-config'), printed, validation: fieldValidationOf(inv.flags.str('validate')) });
  }
  if (!count && !out.errors.length) return failWith(plain('no objects passed to create'), out);
  printCreated(out, spec, printed);
  return out.result();
}

export const createVerb: Verb = {
  name: 'create',
  short: 'Create a resource from a file or from stdin',
  usage: 'kubectl create -f FILENAME [options]',
  flags: FLAGS,
  run,
  subcommands: createSubcommands
};

