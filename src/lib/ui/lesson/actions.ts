import { getContext, setContext } from 'svelte';

/** What code blocks and step buttons can do with the lesson's terminal. */
export interface LessonActions {
  /** Put a command at the prompt (not run). */
  put(command: string): void;
  /** Run a script (a code block) command by command. */
  runScript(script: string): void;
  /** Run commands one after another. */
  runCommands(commands: readonly string[]): void;
}

const KEY = Symbol('lesson-actions');

export function setLessonActions(actions: LessonActions): void {
  setContext(KEY, actions);
}

/** The actions of the lesson around this component; undefined outside a lesson (no terminal). */
export function lessonActions(): LessonActions | undefined {
  return getContext<LessonActions | undefined>(KEY);
}
