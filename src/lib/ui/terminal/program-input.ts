/**
 * What changes when a program (vtysh, after `docker exec -it router vtysh`) reads the typed
 * lines instead of bash: the prompt is the program's, `?` asks it for help, and Tab completes
 * its keywords at the end of the line. (Its history is kept apart by the controller.)
 */
import type { InteractiveSession } from '../../shell/interactive';
import type { LabSession } from '../lab-session';
import type { LineEditor } from './line-editor';
import { HELP_KEY, splitAtHelp } from './program-help';
import { HOME, promptFor } from './prompt';

/** The program reading the lines, or null when bash does (or the lab is not built). */
export function readingProgram(session: LabSession | null): InteractiveSession | null {
  return session?.ready ? session.shell.interactiveProgram() : null;
}

/** The prompt for the next line: the program's, else bash's in its working directory. */
export function promptText(session: LabSession | null): string {
  if (!session?.ready) return promptFor(HOME);
  return session.shell.interactivePrompt() ?? promptFor(session.shell.workingDirectory());
}

/**
 * Typed text, inserted into the editor; where a program answers `?` (outside double quotes)
 * the help listing it prints for the whole line goes to `list` instead.
 */
export function insertTyped(editor: LineEditor, text: string, program: InteractiveSession | null, list: (help: string) => void): void {
  for (const part of program?.describe ? splitAtHelp(editor.text.slice(0, editor.cursor), text) : [text]) {
    if (part !== HELP_KEY) editor.insert(part);
    else list(program?.describe?.(editor.text) ?? ''); // vtysh describes the whole line
  }
}

/** Tab in a program: the candidates to list, or the completed line put in the editor; false: nothing. */
export function programTab(editor: LineEditor, program: InteractiveSession): { list: string[] } | boolean {
  // vtysh completes at the end of the line, wherever the cursor is
  const c = program.complete?.(editor.text);
  if (!c) return false;
  if (c.candidates.length) return { list: c.candidates };
  editor.set(c.line);
  return true;
}
