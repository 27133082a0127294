import { type KubectlError, plain } from './errors';
import type { Flags } from './flags';
import { klogLine, fakePid } from './connection';
import type { ShellContext } from '../types';

export type DryRun = 'none' | 'client' | 'server';

/**
 * --dry-run: "none", "client" or "server"; the bare flag means the deprecated "unchanged",
 * which kubectl warns about and treats as client.
 */
export function dryRunOf(flags: Flags, sh: ShellContext): { mode: DryRun; warning: string } | KubectlError {
  const v = flags.changed('dry-run') ? flags.str('dry-run') : 'none';
  if (v === 'none' || v === 'client' || v === 'server') return { mode: v, warning: '' };
  if (v === 'unchanged' || v === 'true')
    return { mode: 'client', warning: klogLine(sh.lab, 'W', 0, fakePid(sh.lab), 'helpers.go:704', '--dry-run is deprecated and can be replaced with --dry-run=client.') };
  if (v === 'false') return { mode: 'none', warning: '' };
  return plain(`Invalid dry-run value (${v}). Must be "none", "server", or "client".`);
}

/** The suffix the printers add to the operation ("created (dry run)"). */
export function dryRunSuffix(mode: DryRun): string {
  return mode === 'client' ? ' (dry run)' : mode === 'server' ? ' (server dry run)' : '';
}

export const DRY_RUN_FLAG = { name: 'dry-run', type: 'string' as const, def: 'none', noOptDefVal: 'unchanged' };
