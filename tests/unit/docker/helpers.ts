import { Lab, type LabOptions } from '../../../src/lib/engine/lab';
import { LabShell } from '../../../src/lib/shell';

/** A fresh lab and its shell (the article's cluster unless told otherwise). */
export async function labShell(opts: LabOptions = { seed: 5, scenario: 'kind' }): Promise<{ lab: Lab; sh: LabShell }> {
  const lab = await Lab.create(opts);
  return { lab, sh: new LabShell(lab) };
}

export function idOf(lab: Lab, name: string): string {
  const c = lab.docker.find(name);
  if (!c) throw new Error(`no container ${name}`);
  return c.id;
}

/** The lines of a text without its final newline. */
export function lines(s: string): string[] {
  return s.replace(/\n$/, '').split('\n');
}
