/** The command log as data: what an export holds and what a replay logs. */
import type { Scenario } from '../../shell/scenarios';
import type { LogEntry, SessionState } from '../terminal/share';

/** A copy the caller may change without touching the session's log (abort included). */
export function copyEntry(e: LogEntry): LogEntry {
  return { ...e, ...(e.abort ? { abort: { ...e.abort } } : {}) };
}

/** How a replayed command is logged: started at `at` in this lab, with the Ctrl-C it had. */
export function replayedEntry(e: LogEntry, at: number): LogEntry {
  return { line: e.line, at, ...(e.abort ? { abort: { ...e.abort } } : {}) };
}

/**
 * Scenario, seed and command log: enough to rebuild the lab exactly. A command the learner is
 * still running is left out and the state ends when it started (its end is not known yet).
 */
export function sessionState(lab: { scenario: Scenario; seed: number; workers: number; now: number }, log: readonly LogEntry[], running: LogEntry | null): SessionState {
  const kept = log.filter((e) => e !== running).map(copyEntry);
  return { v: 1, scenario: lab.scenario, seed: lab.seed, workers: lab.workers, now: running ? running.at : lab.now, log: kept };
}
