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
  let text = '';
  // Output that reaches the terminal as it is written comes in here first, as in the browser,
  // so stdout and stderr keep the order they were written in.
  let streamed = '';
  const shell = new LabShell(l, { onWrite: (chunk) => (streamed += chunk) });
  const exitCodes: number[] = [];
  for (const cmd of splitCommands(script)) {
    const [first, ...rest] = cmd.split('\n');
    text += `$ ${first}\n`;
    for (const r of rest) text += `${r}\n`;
    streamed = '';
    const res = await shell.run(cmd);
    const out = streamed + res.stdout + res.stderr;
    text += out;
    if (out && !out.endsWith('\n')) text += '\n';
    exitCodes.push(res.exitCode);
  }
  return { text, lab: l, exitCodes };
}
