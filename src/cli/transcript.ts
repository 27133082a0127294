import type { Lab } from '../lib/engine/lab';
import { type ScenarioOptions, buildLab } from '../lib/shell/scenarios';
import { LabShell } from '../lib/shell/shell';
import { splitCommands } from '../lib/shell/split';

/**
 * Run a script command by command through the shell against a fresh lab and return the
 * transcript: "$ <first line>", the following lines as typed (heredoc bodies), then the
 * command's output. Used by the CLI, the tests and the benchmarks.
 */
export async function runTranscript(script: string, opts: ScenarioOptions, lab?: Lab): Promise<{ text: string; lab: Lab; exitCodes: number[] }> {
  const l = lab ?? (await buildLab(opts));
  const shell = new LabShell(l);
  let text = '';
  const exitCodes: number[] = [];
  for (const cmd of splitCommands(script)) {
    const [first, ...rest] = cmd.split('\n');
    text += `$ ${first}\n`;
    for (const r of rest) text += `${r}\n`;
    const res = await shell.run(cmd);
    text += res.stdout;
    text += res.stderr;
    if ((res.stdout || res.stderr) && !(res.stdout + res.stderr).endsWith('\n')) text += '\n';
    exitCodes.push(res.exitCode);
  }
  return { text, lab: l, exitCodes };
}
