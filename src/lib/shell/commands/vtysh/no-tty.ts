/**
 * vtysh reading a standard input that is no terminal (`echo … | docker exec -i router vtysh`,
 * a heredoc, or `docker exec router vtysh` with no input at all). vtysh_main.c has no isatty()
 * check: without -c it runs its interactive loop anyway. readline finds no terminal and still
 * echoes what it reads (rltty.c turns echoing on when tcgetattr fails), so the output is the
 * banner, each line after its prompt, then that line's output; a failed command does not stop
 * the loop, and the exit status is 0. At the end of input the loop ends after printing the
 * next prompt, and main() prints a newline. `exit` at the top level ends vtysh at once (exit(0)
 * in vtysh_exit), with nothing after it.
 */
import { type CliState, execLine } from './cli';
import { BANNER, promptOf } from './prompt';

/** What vtysh does with one line it has read; the caller has shown the prompt. */
export function runReadLine(line: string, state: CliState): string {
  const text = line.trim();
  // cmd_make_strvec(): a line that starts with ! or # is a comment
  if (!text || text.startsWith('!') || text.startsWith('#')) return '';
  return execLine(text, state).out;
}

/** The whole output of vtysh fed `input` on a pipe. */
export function runFromPipe(input: string, state: CliState): string {
  const lines = input.split('\n');
  // the newline that ends the last line does not start another one
  if (lines[lines.length - 1] === '') lines.pop();
  let out = BANNER;
  for (const line of lines) {
    // readline echoes the line it read after the prompt it printed
    out += `${promptOf(state)}${line}\n`;
    out += runReadLine(line, state);
    if (state.exited) return out;
  }
  return `${out}${promptOf(state)}\n`;
}
