/**
 * A program that, started on the terminal (`docker exec -it router vtysh`), reads the
 * learner's next lines itself, with its own prompt, until it ends. The LabShell hands each
 * line to the open session instead of bash; the session log records the lines as typed, so a
 * replay re-opens the session and feeds it the same lines.
 */

/** What one line (or the end of input) did in the program. */
export interface InteractiveOutput {
  output: string;
  /** The program ended: the bash prompt comes back. */
  done: boolean;
}

export interface InteractiveSession {
  /** The prompt shown before the next line, with its trailing space (`router(config)# `). */
  prompt(): string;
  /** Run one typed line. */
  run(line: string): Promise<InteractiveOutput>;
  /** Ctrl-D on an empty line: the end of input. */
  eof(): Promise<InteractiveOutput>;
  /**
   * The line as the lab's trace records it: an equivalent shell command, so goals written
   * against one-shot commands (`docker exec router vtysh -c 'show …'`) see it too. Null: not traced.
   */
  traceLine(line: string): string | null;
  /** `?` typed after `line`: the help listing the program prints (vtysh). */
  describe?(line: string): string;
  /**
   * A shell (bash inside a container): the terminal edits its lines as bash's, with
   * continuation lines and word completion, rather than as a program's.
   */
  readonly bashLike?: boolean;
  /** Tab after `line`: the line completed, and the candidates to list when it cannot be. */
  complete?(line: string): { line: string; candidates: string[] };
}

/** How an end of input (Ctrl-D) is written in the command log: a line a shell never receives. */
export const EOF_LINE = '\x04';
