import type { Node } from '../../engine/k8s/types';
import type { CommandResult } from '../types';
import { type Invocation, type Verb, isResult, openSession } from './context';
import { DRY_RUN_FLAG, dryRunOf, dryRunSuffix } from './dryrun';
import { Output, apiErr, failWith, plain, usageError } from './errors';
import type { FlagSpec } from './flags';
import { fetchRefs, parseRefs } from './resolve';
import { updateObject } from './server';

const FLAGS: FlagSpec[] = [{ name: 'selector', short: 'l', type: 'string' }, DRY_RUN_FLAG];

/** `kubectl cordon|uncordon NODE`: flip spec.unschedulable. */
function makeVerb(cordon: boolean): Verb {
  const name = cordon ? 'cordon' : 'uncordon';
  async function run(inv: Invocation): Promise<CommandResult> {
    if (!inv.args.length && !inv.flags.str('selector')) return failWith(usageError(`kubectl ${name}`, 'USAGE: ' + name + ' NODE [flags]'));
    const dry = dryRunOf(inv.flags, inv.sh);
    if ('t' in dry) return failWith(dry);
    const s = await openSession(inv);
    if (isResult(s)) return s;
    const out = new Output();
    const parsed = parseRefs(s, inv.args.length ? ['nodes', ...inv.args] : ['nodes']);
    if (!parsed.ok) return failWith(parsed.error);
    const fetched = fetchRefs(s, parsed.refs, { selector: inv.flags.str('selector') });
    for (const e of fetched.errors) out.fail(e);
    for (const { obj } of fetched.infos) {
      const node = obj as Node;
      const is = node.spec.unschedulable === true;
      if (is === cordon) {
        out.out(`node/${node.metadata.name} already ${cordon ? 'cordoned' : 'uncordoned'}\n`);
        continue;
      }
      if (dry.mode === 'none') {
        const copy = JSON.parse(JSON.stringify(node)) as Node;
        if (cordon) copy.spec.unschedulable = true;
        else delete copy.spec.unschedulable;
        const r = updateObject(s, copy);
        if (!r.ok) {
          out.fail(apiErr(r.error));
          continue;
        }
      }
      out.out(`node/${node.metadata.name} ${cordon ? 'cordoned' : 'uncordoned'}${dryRunSuffix(dry.mode)}\n`);
    }
    if (!fetched.infos.length && !fetched.errors.length) out.fail(plain('No resources found'));
    return out.result();
  }
  return {
    name,
    short: cordon ? 'Mark node as unschedulable' : 'Mark node as schedulable',
    usage: `kubectl ${name} NODE [options]`,
    flags: FLAGS,
    run
  };
}

export const cordonVerb = makeVerb(true);
export const uncordonVerb = makeVerb(false);
