/**
 * One learner's lab in the browser: the simulated world (a Lab built from a scenario and a
 * seed), the shell that runs their commands, and the clock that lets virtual time flow in real
 * time at a chosen speed while they read and think.
 *
 * Time. While no command runs, each animation frame advances the scheduler by the real time
 * elapsed × the speed (pause stops it). While a command runs, the idle clock stands still and
 * the command advances time itself: the waits it asks for (sleep, curl waiting for a reply,
 * kubectl wait, ping's interval) are paced in real time at the play speed (at 1× when paused),
 * so `ping` prints one line a second; everything else happens at once.
 *
 * Determinism. Every command is logged with the virtual time it started at. A Ctrl-C is made to
 * land only at the command's interruption points (before each lab command and inside each
 * wait), and the log records which one and how far the wait had got, so replaying the log on a
 * fresh lab of the same scenario and seed runs the same code at the same virtual instants and
 * rebuilds the same state.
 *
 * Time controls. Pause stops the idle clock; `stepEvent()` runs the events of the next instant
 * that has any and `jump(ms)` lets time run at once. Both only move the idle clock forward, so,
 * like idle time, they are reproduced by the next command's start time or by the state's final
 * time (`now`). `rewindTo(t)` rebuilds the lab and replays the commands that started before t:
 * a new branch from there.
 *
 * The parts live in lab-session/: types.ts (what the page hears), session.ts (the LabSession),
 * clock.ts (idle clock, step, jump), command-run.ts (Ctrl-C and paced waits), rewind.ts and
 * state.ts (the command log as data), timers.ts (the browser's real time).
 */
export type { LogEntry, SessionState } from './terminal/share';
export { JUMPS, SPEEDS, type Speed } from './lab/speeds';
export type { RunResult, SessionEvent, SessionOptions, SessionSnapshot, SessionStatus, SessionTimers } from './lab-session/types';
export { browserTimers } from './lab-session/timers';
export { LabSession } from './lab-session/session';

// For `npm run bench:page`: the engine's code has arrived and run; the lab build starts now
// (the playground imports this module, lesson pages through lesson/runtime.ts).
if (typeof performance !== 'undefined' && typeof performance.mark === 'function') performance.mark('lab:engine-imported');
