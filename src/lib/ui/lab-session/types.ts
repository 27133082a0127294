/** What a LabSession tells the page: its snapshot, its events, and the options it is built with. */
import type { Scenario } from '../../shell/scenarios';
import type { CommandResult } from '../../shell/types';
import type { Speed } from '../lab/speeds';

export type SessionStatus = 'loading' | 'ready' | 'error';

export interface SessionSnapshot {
  status: SessionStatus;
  /** A command, a replay or a rebuild is in progress. */
  busy: boolean;
  replaying: boolean;
  scenario: Scenario;
  seed: number;
  speed: Speed;
  /** The idle clock is stopped (a running command's waits go at 1×). */
  paused: boolean;
  /** Virtual time, ms since the lab's epoch. */
  now: number;
  /** Virtual time the lab was built at: the earliest instant a rewind can reach. */
  start: number;
  workers: number;
  /** Wall-clock instant virtual time 0 stands for (to print the clock as a time of day). */
  epochMs: number;
  commands: number;
  error: string | null;
}

export interface RunResult extends CommandResult {
  /** Stopped by Ctrl-C. */
  interrupted: boolean;
}

/** What the terminal shows besides the results of the commands it runs itself. */
/** Where a command line was typed: inside a program (vtysh's `router# `) or at bash's prompt in `cwd`. */
export interface TypedAt {
  program: string | null;
  cwd: string;
}

export type SessionEvent =
  /** Output a command streams while it runs (ping replies, tcpdump lines, kind's progress). */
  | { type: 'output'; text: string; stream: 'stdout' | 'stderr' }
  /** The lab was rebuilt (reset, import, rewind): clear the screen. */
  | { type: 'reset'; scenario: Scenario; seed: number }
  /**
   * The lab was rewound to virtual time `to` (right after its 'reset'; the kept commands are
   * replayed next). `notice` is the text the caller wants the terminal to show.
   */
  | { type: 'rewind'; to: number; notice?: string }
  /**
   * A logged command is being replayed (a share link, an import). `prompt` is where it was
   * typed (the open program's prompt, else bash's working directory), for a terminal that shows
   * it later from the backlog; a terminal hearing it live reads the shell instead.
   */
  | { type: 'replay-command'; line: string; prompt?: TypedAt }
  | { type: 'replay-result'; result: RunResult };

/** Real time and frames; the tests drive the session with their own. */
export interface SessionTimers {
  now(): number;
  /** Call fn on the next frame; returns a cancel function. */
  frame(fn: () => void): () => void;
  /** Call fn after ms of real time; returns a cancel function. */
  after(ms: number, fn: () => void): () => void;
}

export interface SessionOptions {
  scenario?: Scenario;
  seed?: number;
  workers?: number;
  speed?: Speed;
  paused?: boolean;
  timers?: SessionTimers;
  /** Run the idle clock (default true; tests that only replay turn it off). */
  clock?: boolean;
}
