/** Where a `?` typed in vtysh asks for help rather than being text (outside double quotes). */

/** Marks the place of a help request among the pieces of typed text. */
export const HELP_KEY = '\0?';

/**
 * Split typed `text` (inserted after `before`) into the pieces to insert and HELP_KEY for each
 * `?` that is not inside a double-quoted string.
 */
export function splitAtHelp(before: string, text: string): string[] {
  let quoted = (before.split('"').length - 1) % 2 === 1;
  const parts: string[] = [];
  let run = '';
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    if (ch === '?' && !quoted) {
      if (run) parts.push(run);
      parts.push(HELP_KEY);
      run = '';
    } else run += ch;
  }
  if (run) parts.push(run);
  return parts;
}
