/**
 * The idle clock: while no command runs, each frame advances the lab by the real time elapsed ×
 * the speed (pause stops it). Plus the two manual moves of the time controls, step and jump,
 * which, like idle time, only ever move the clock forward.
 */
import type { Lab } from '../../engine/lab';
import { SPEEDS, type Speed } from '../lab/speeds';
import type { SessionTimers } from './types';

/** The longest real-time step the idle clock takes at once (a background tab, a long GC pause). */
const MAX_FRAME_MS = 250;

export interface IdleClockHost {
  /** The lab when idle time may flow into it (built, ready, no command running); else null. */
  idleLab(): Lab | null;
  /** The clock moved: tell the subscribers (throttled by the host). */
  moved(): void;
  fail(e: unknown): void;
}

export class IdleClock {
  private _speed: Speed;
  private _paused: boolean;
  private _ticking: Promise<void> | null = null;
  private cancelFrame: (() => void) | null = null;
  private lastTick = 0;
  private disposed = false;
  private readonly enabled: boolean;

  constructor(
    private readonly timers: SessionTimers,
    private readonly host: IdleClockHost,
    opts: { speed?: Speed; paused?: boolean; enabled: boolean }
  ) {
    this._speed = opts.speed !== undefined && SPEEDS.includes(opts.speed) ? opts.speed : 1;
    this._paused = opts.paused ?? false;
    this.enabled = opts.enabled;
  }

  get speed(): Speed {
    return this._speed;
  }

  get paused(): boolean {
    return this._paused;
  }

  /** The speed a running command's waits are paced at (1× while the idle clock is paused). */
  get paceSpeed(): number {
    return this._paused ? 1 : this._speed;
  }

  /** The lab advance of the frame in progress, if any: nobody else may enter the scheduler meanwhile. */
  get ticking(): Promise<void> | null {
    return this._ticking;
  }

  /** True when the speed changed. */
  setSpeed(speed: Speed): boolean {
    if (!SPEEDS.includes(speed) || speed === this._speed) return false;
    this._speed = speed;
    this.sync();
    return true;
  }

  /** True when the pause state changed. */
  setPaused(paused: boolean): boolean {
    if (paused === this._paused) return false;
    this._paused = paused;
    this.sync();
    return true;
  }

  /** Real time up to now is not owed to the lab (a command or a rebuild took care of it). */
  sync(): void {
    this.lastTick = this.timers.now();
  }

  /** Ask for the next frame, unless one is asked for already. */
  run(): void {
    if (!this.enabled || this.disposed || this.cancelFrame) return;
    this.cancelFrame = this.timers.frame(() => {
      this.cancelFrame = null;
      this.tick();
    });
  }

  dispose(): void {
    this.disposed = true;
    this.cancelFrame?.();
    this.cancelFrame = null;
  }

  private tick(): void {
    if (this.disposed) return;
    const t = this.timers.now();
    const dt = Math.min(Math.max(0, t - this.lastTick), MAX_FRAME_MS);
    this.lastTick = t;
    const lab = this.host.idleLab();
    if (lab && !this._paused && dt > 0 && !this._ticking) {
      this._ticking = lab
        .advance(dt * this._speed)
        .catch((e: unknown) => this.host.fail(e))
        .finally(() => {
          this._ticking = null;
          this.host.moved();
          this.run();
        });
      return;
    }
    this.run();
  }
}

/**
 * Step: run the events of the next instant that has any; the clock jumps there. Events due now
 * (left by the last command) run first, and the clock always moves on, so the next command's
 * start time (or the final time) makes a replay do the same. False when nothing is scheduled.
 */
export async function stepToNextEvent(lab: Lab): Promise<boolean> {
  const sched = lab.sim.scheduler;
  const now = lab.now();
  const first = sched.nextAt();
  if (first === null) return false;
  if (first <= now) await sched.runUntil(now);
  await sched.runUntil(sched.nextAt() ?? now + 1);
  return true;
}

/** Let `ms` of virtual time pass at once (not paced). */
export async function jumpAhead(lab: Lab, ms: number): Promise<boolean> {
  await lab.sim.scheduler.runUntil(lab.now() + ms);
  return true;
}
