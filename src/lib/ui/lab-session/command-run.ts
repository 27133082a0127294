/**
 * The command that is running: its Ctrl-C and the pacing of its waits.
 *
 * A running command advances time itself: the waits it asks for (sleep, curl waiting for a
 * reply, kubectl wait, ping's interval) are paced in real time at the play speed, so `ping`
 * prints one line a second; everything else happens at once. A Ctrl-C lands only at the
 * command's interruption points (before each lab command and inside each wait), and the log
 * entry records which one and how far the wait had got, so a replay lands it at the same
 * virtual instant.
 */
import type { Lab } from '../../engine/lab';
import type { LabShell } from '../../shell/shell';
import { yieldToEventLoop } from '../../shell/streaming';
import type { LogEntry } from '../terminal/share';
import type { RunResult, SessionTimers } from './types';

/** A Ctrl-C that finds no interruption point for this long is forced (pure builtin loops). */
const FORCE_ABORT_MS = 250;

export type RunMode = 'live' | 'replay';

interface ActiveRun {
  entry: LogEntry;
  ctrl: AbortController;
  mode: RunMode;
  /** Interruption points reached so far. */
  checkpoint: number;
  /** Ctrl-C pressed, not landed yet. */
  interrupt: boolean;
  /** Real-time pacing: virtual ms paced since `anchor` (real ms). */
  anchor: number;
  paced: number;
  /** Wakes a paced wait early (Ctrl-C, speed change). */
  wake: (() => void) | null;
  cancelForce: (() => void) | null;
}

export interface CommandRunnerHost {
  /** The speed live waits are paced at. */
  paceSpeed(): number;
  /** Virtual time moved during a wait: tell the subscribers (throttled by the host). */
  moved(): void;
}

export class CommandRunner {
  private active: ActiveRun | null = null;

  constructor(
    private readonly timers: SessionTimers,
    private readonly host: CommandRunnerHost
  ) {}

  /** The log entry of the command the learner is running now (not a replayed one). */
  get liveEntry(): LogEntry | null {
    return this.active?.mode === 'live' ? this.active.entry : null;
  }

  /** The hooks a LabShell on `lab` calls for each wait and before each lab command. */
  shellHooks(lab: Lab): { advance: (ms: number) => Promise<void>; pause: () => Promise<void> } {
    return { advance: (ms) => this.onAdvance(lab, ms), pause: () => this.onPause() };
  }

  async execute(shell: LabShell, entry: LogEntry, mode: RunMode): Promise<RunResult> {
    const r: ActiveRun = {
      entry,
      ctrl: new AbortController(),
      mode,
      checkpoint: 0,
      interrupt: false,
      anchor: this.timers.now(),
      paced: 0,
      wake: null,
      cancelForce: null
    };
    this.active = r;
    try {
      const res = await shell.run(entry.line, r.ctrl.signal);
      const interrupted = r.ctrl.signal.aborted;
      if (!interrupted) return { ...res, interrupted };
      // bash prints nothing of its own on Ctrl-C: the terminal shows ^C
      return { stdout: res.stdout, stderr: res.stderr.replace(/bash: execution aborted\n$/, ''), exitCode: 130, interrupted };
    } finally {
      r.cancelForce?.();
      this.active = null;
    }
  }

  /** Ctrl-C: interrupt the running command at its next interruption point. */
  interrupt(): void {
    const r = this.active;
    if (!r || r.mode !== 'live' || r.interrupt || r.ctrl.signal.aborted) return;
    r.interrupt = true;
    r.wake?.();
    // a loop of shell builtins reaches no interruption point: abort it where it is
    r.cancelForce = this.timers.after(FORCE_ABORT_MS, () => {
      if (this.active !== r || r.ctrl.signal.aborted) return;
      r.entry.abort = { checkpoint: r.checkpoint, until: null, forced: true };
      r.ctrl.abort();
    });
  }

  /** The speed changed: pace the rest of the running command at the new one. */
  repace(): void {
    const r = this.active;
    if (!r) return;
    r.anchor = this.timers.now();
    r.paced = 0;
    r.wake?.();
  }

  /** Land a pending Ctrl-C here (live), or where the log says it landed (replay). */
  private landAbort(r: ActiveRun, until: number | null): boolean {
    if (r.mode === 'live') {
      if (!r.interrupt) return false;
      r.entry.abort = { checkpoint: r.checkpoint, until };
      r.ctrl.abort();
      return true;
    }
    const a = r.entry.abort;
    if (!a) return false;
    // a forced Ctrl-C landed somewhere after interruption point `checkpoint`: at the next one
    if (a.forced ? r.checkpoint <= a.checkpoint : r.checkpoint !== a.checkpoint) return false;
    r.ctrl.abort();
    return true;
  }

  /** Before each lab command: a turn of the event loop, and an interruption point. */
  private async onPause(): Promise<void> {
    await yieldToEventLoop();
    const r = this.active;
    if (!r || r.ctrl.signal.aborted) return;
    r.checkpoint++;
    this.landAbort(r, null);
  }

  /** A wait a command asked for: an interruption point, paced in real time when live. */
  private async onAdvance(lab: Lab, ms: number): Promise<void> {
    const r = this.active;
    const sched = lab.sim.scheduler;
    // not ours (a scenario being built), or after the Ctrl-C landed: let the time pass at once
    if (!r || r.ctrl.signal.aborted) return void (await lab.advance(ms));
    r.checkpoint++;
    const target = lab.now() + Math.max(0, ms);
    if (r.mode === 'replay') {
      const a = r.entry.abort;
      if (a && !a.forced && a.checkpoint === r.checkpoint) {
        if (a.until !== null && a.until > lab.now()) await sched.runUntil(a.until);
        r.ctrl.abort();
        return;
      }
      this.landAbort(r, null);
      await sched.runUntil(target);
      return;
    }
    for (;;) {
      if (this.landAbort(r, lab.now())) return;
      const now = lab.now();
      const remaining = target - now;
      const speed = this.host.paceSpeed();
      const budget = (this.timers.now() - r.anchor) * speed - r.paced;
      if (remaining <= 0 || budget >= remaining) {
        // the last step lands exactly on the target, as a replay's single step does
        await sched.runUntil(target);
        r.paced += Math.max(0, remaining);
        this.host.moved();
        return;
      }
      if (budget > 0) {
        await sched.runUntil(now + budget);
        r.paced += budget;
        this.host.moved();
        await yieldToEventLoop();
        continue;
      }
      // wait for real time to catch up (a frame at most, so the clock display keeps moving)
      const waitMs = Math.min(50, Math.max(1, -budget / speed));
      await new Promise<void>((resolve) => {
        const cancel = this.timers.after(waitMs, () => {
          r.wake = null;
          resolve();
        });
        r.wake = () => {
          cancel();
          r.wake = null;
          resolve();
        };
      });
    }
  }
}
