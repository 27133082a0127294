import type { Lab } from '../lib/engine/lab';
import { type ScenarioOptions, buildLab } from '../lib/shell/scenarios';
import { LabShell } from '../lib/shell/shell';
import { isComplete } from '../lib/shell/split';

/**
 * Run a script command by command through the shell against a fresh lab and return the
 * transcript: "$ <first line>", the following lines as typed (heredoc bodies), then the
 * command's output. While an interactive program holds the terminal (`docker exec -it router
 * vtysh`), each script line goes to it and shows after its prompt (`router# show …`), as on a
 * real terminal. Blank lines and, for bash, comment lines are skipped. Used by the CLI, the
 * tests and the benchmarks. `exitCodes` has one entry per bash command.
 */
export async function runTranscript(script: string, opts: ScenarioOptions, lab?: Lab): Promise<{ text: string; lab: Lab; exitCodes: number[] }> {
  const l = lab ?? (await buildLab(opts));
  let text = '';
  // Output that reaches the terminal as it is written comes in here first, as in the browser,
  // so stdout and stderr keep the order they were written in.
  let streamed = '';
  const shell = new LabShell(l, { onWrite: (chunk) => (streamed += chunk) });
  const exitCodes: number[] = [];
  // what was streamed while the line ran, then what the line returned
  const show = (res: { stdout: string; stderr: string }) => {
    const out = streamed + res.stdout + res.stderr;
    streamed = '';
    text += out;
    if (out && !out.endsWith('\n')) text += '\n';
  };
  let buf: string[] = [];
  for (const line of script.replace(/\r\n/g, '\n').split('\n')) {
    const prompt = shell.interactivePrompt();
    if (prompt !== null) {
      if (!line.trim()) continue;
      text += `${prompt}${line}\n`;
      streamed = '';
      show(await shell.run(line));
      continue;
    }
    if (!buf.length && (!line.trim() || line.trim().startsWith('#'))) continue;
    buf.push(line);
    const cmd = buf.join('\n');
    if (!isComplete(cmd)) continue;
    buf = [];
    await runBash(cmd);
  }
  if (buf.length) await runBash(buf.join('\n'));
  return { text, lab: l, exitCodes };

  async function runBash(cmd: string): Promise<void> {
    const [first, ...rest] = cmd.split('\n');
    text += `$ ${first}\n`;
    for (const r of rest) text += `${r}\n`;
    streamed = '';
    const res = await shell.run(cmd);
    show(res);
    exitCodes.push(res.exitCode);
  }
}
