/** What a {@link TerminalController} is given, and the states it reports. */
import type { LabSession } from '../lab-session';
import type { CompletionSource } from './completion';
import type { History } from './history';
import type { TermLike, TranscriptSink } from './terminal-output';

export interface TerminalStrings {
  /** Lines printed when a command was typed with the Korean IME on ({cmd} = what was meant). */
  imeHint(cmd: string): string[];
  /** First line after the lab is (re)built. */
  banner(scenario: string, seed: number): string;
  /** While the lab is being built. */
  starting: string;
  /** The lab could not be built or crashed. */
  failed(message: string): string;
}

/** loading: no lab to type into yet; idle: at a prompt; running: a command has the terminal. */
export type TerminalState = 'loading' | 'idle' | 'running';

export interface ControllerOptions {
  term: TermLike;
  history: History;
  strings: TerminalStrings;
  completion: (session: LabSession) => CompletionSource;
  /** Plain-text transcript for the screen-reader log: a command with its prompt, or output. */
  onTranscript?: TranscriptSink;
  onState?: (state: TerminalState) => void;
}
