/**
 * What the terminal shows before and around a typed line: bash's prompt for root, the "> " of
 * its continuation lines, and readline's prompt during a Ctrl-R search. Pure.
 */

/** Root's home: the prompt shows it as ~. */
export const HOME = '/root';

/** bash's PS2: the prompt of the next line of a command still open (heredoc, quote, loop). */
export const CONT_PROMPT = '> ';

/** The prompt bash shows for root on the lab machine, with ~ for /root. */
export function promptFor(cwd: string): string {
  const dir = cwd === HOME ? '~' : cwd.startsWith(HOME + '/') ? '~' + cwd.slice(HOME.length) : cwd;
  return `root@metallb-lab:${dir}# `;
}

/** A command as it stays on the screen once entered: its prompt, then each further line after "> ". */
export function echoedCommand(prompt: string, command: string): string {
  return prompt + command.split('\n').join('\n' + CONT_PROMPT);
}

/** readline's prompt while Ctrl-R searches; "failed" once no older line contains the query. */
export function searchPrompt(query: string, failed: boolean): string {
  return `(${failed ? 'failed ' : ''}reverse-i-search)\`${query}': `;
}
