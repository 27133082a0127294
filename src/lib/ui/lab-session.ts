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
 */
import type { Lab } from '../engine/lab';
import { buildLab, SCENARIOS, type Scenario } from '../shell/scenarios';
import { LabShell } from '../shell/shell';
import { yieldToEventLoop } from '../shell/streaming';
import { JUMPS, SPEEDS, type Speed } from './lab/speeds';
import type { CommandResult } from '../shell/types';
import { type AbortPoint, type LogEntry, type ScenarioName, type SessionState, SCENARIO_NAMES, isSeed, isWorkers, parseState } from './terminal/share';

// share.ts repeats the scenario names (it must stay light for the page bundle): keep them in step.
const SAME_SCENARIOS: readonly Scenario[] = SCENARIO_NAMES;
const SAME_SCENARIOS_BACK: readonly ScenarioName[] = SCENARIOS;
void SAME_SCENARIOS;
void SAME_SCENARIOS_BACK;

export type { LogEntry, SessionState };
export { JUMPS, SPEEDS, type Speed };

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
  /** A logged command is being replayed (a share link, an import). */
  | { type: 'replay-command'; line: string }
  | { type: 'replay-result'; result: RunResult };

/** Real time and frames; the tests drive the session with their own. */
export interface SessionTimers {
  now(): number;
  /** Call fn on the next frame; returns a cancel function. */
  frame(fn: () => void): () => void;
  /** Call fn after ms of real time; returns a cancel function. */
  after(ms: number, fn: () => void): () => void;
}

export const browserTimers: SessionTimers = {
  now: () => performance.now(),
  frame: (fn) => {
    if (typeof requestAnimationFrame === 'function' && typeof document !== 'undefined' && document.visibilityState === 'visible') {
      const id = requestAnimationFrame(() => fn());
      return () => cancelAnimationFrame(id);
    }
    const id = setTimeout(fn, 50);
    return () => clearTimeout(id);
  },
  after: (ms, fn) => {
    const id = setTimeout(fn, ms);
    return () => clearTimeout(id);
  }
};

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

/** The longest real-time step the idle clock takes at once (a background tab, a long GC pause). */
const MAX_FRAME_MS = 250;
/** How often subscribers hear about the clock moving. */
const CLOCK_NOTIFY_MS = 100;
/** A Ctrl-C that finds no interruption point for this long is forced (pure builtin loops). */
const FORCE_ABORT_MS = 250;

interface ActiveRun {
  entry: LogEntry;
  ctrl: AbortController;
  mode: 'live' | 'replay';
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

export class LabSession {
  private _lab: Lab | null = null;
  private _shell: LabShell | null = null;
  private _scenario: Scenario;
  private _seed: number;
  private workers: number;
  private _speed: Speed;
  private _paused: boolean;
  private start = 0;
  private status: SessionStatus = 'loading';
  private error: string | null = null;
  private entries: LogEntry[] = [];
  private readonly timers: SessionTimers;
  private readonly clockOn: boolean;

  private busyCount = 0;
  private replaying = false;
  private active: ActiveRun | null = null;
  /** Bumped by every rebuild: a replay of an older lab stops. */
  private generation = 0;
  /** Serialises runs, replays and rebuilds. */
  private lock: Promise<void> = Promise.resolve();

  private ticking: Promise<void> | null = null;
  private cancelFrame: (() => void) | null = null;
  private lastTick = 0;
  private lastClockNotify = 0;
  private disposed = false;

  private listeners = new Set<(s: SessionSnapshot) => void>();
  private eventListeners = new Set<(e: SessionEvent) => void>();

  constructor(opts: SessionOptions = {}) {
    this._scenario = opts.scenario ?? 'kind';
    this._seed = opts.seed ?? 1;
    this.workers = opts.workers ?? 3;
    this._speed = opts.speed !== undefined && SPEEDS.includes(opts.speed) ? opts.speed : 1;
    this._paused = opts.paused ?? false;
    this.timers = opts.timers ?? browserTimers;
    this.clockOn = opts.clock ?? true;
  }

  /** A session with its lab built and the clock running. */
  static async create(opts: SessionOptions = {}): Promise<LabSession> {
    const s = new LabSession(opts);
    await s.reset();
    return s;
  }

  // ------------------------------------------------------------ state

  get lab(): Lab {
    if (!this._lab) throw new Error('lab not built yet');
    return this._lab;
  }

  get shell(): LabShell {
    if (!this._shell) throw new Error('lab not built yet');
    return this._shell;
  }

  get ready(): boolean {
    return this.status === 'ready' && !!this._lab;
  }

  get busy(): boolean {
    return this.busyCount > 0;
  }

  get scenario(): Scenario {
    return this._scenario;
  }

  get seed(): number {
    return this._seed;
  }

  get speed(): Speed {
    return this._speed;
  }

  get paused(): boolean {
    return this._paused;
  }

  get workerCount(): number {
    return this.workers;
  }

  now(): number {
    return this._lab?.now() ?? 0;
  }

  log(): readonly LogEntry[] {
    return this.entries;
  }

  snapshot(): SessionSnapshot {
    return {
      status: this.status,
      busy: this.busy,
      replaying: this.replaying,
      scenario: this._scenario,
      seed: this._seed,
      speed: this._speed,
      paused: this._paused,
      now: this.now(),
      start: this.start,
      workers: this.workers,
      epochMs: this._lab?.sim.clock.epochMs ?? 0,
      commands: this.entries.length,
      error: this.error
    };
  }

  /** Hear about every change of the snapshot (the clock at most every 100 ms). */
  subscribe(fn: (s: SessionSnapshot) => void): () => void {
    this.listeners.add(fn);
    fn(this.snapshot());
    return () => this.listeners.delete(fn);
  }

  onEvent(fn: (e: SessionEvent) => void): () => void {
    this.eventListeners.add(fn);
    return () => this.eventListeners.delete(fn);
  }

  private notify(): void {
    this.lastClockNotify = this.timers.now();
    const s = this.snapshot();
    for (const l of [...this.listeners]) l(s);
  }

  private notifyClock(): void {
    if (this.timers.now() - this.lastClockNotify >= CLOCK_NOTIFY_MS) this.notify();
  }

  private emit(e: SessionEvent): void {
    for (const l of [...this.eventListeners]) l(e);
  }

  setSpeed(speed: Speed): void {
    if (!SPEEDS.includes(speed) || speed === this._speed) return;
    this._speed = speed;
    this.repace();
  }

  /** Stop (or restart) the idle clock; a running command's waits then go at 1×. */
  setPaused(paused: boolean): void {
    if (paused === this._paused) return;
    this._paused = paused;
    this.repace();
  }

  private repace(): void {
    this.lastTick = this.timers.now();
    const r = this.active;
    if (r) {
      // pace the rest of the running command at the new speed
      r.anchor = this.timers.now();
      r.paced = 0;
      r.wake?.();
    }
    this.notify();
  }

  /** The speed the running command's waits are paced at. */
  private get paceSpeed(): number {
    return this._paused ? 1 : this._speed;
  }

  // ------------------------------------------------------------ serialisation of operations

  private async exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const prev = this.lock;
    let release!: () => void;
    this.lock = new Promise<void>((r) => (release = r));
    this.busyCount++;
    this.notify();
    try {
      await prev;
      // the idle clock may be in the middle of a frame: never enter the scheduler twice
      if (this.ticking) await this.ticking;
      return await fn();
    } finally {
      this.busyCount--;
      this.lastTick = this.timers.now();
      release();
      this.notify();
      this.loop();
    }
  }

  // ------------------------------------------------------------ the idle clock

  private loop(): void {
    if (!this.clockOn || this.disposed || this.cancelFrame) return;
    this.cancelFrame = this.timers.frame(() => {
      this.cancelFrame = null;
      this.tick();
    });
  }

  private tick(): void {
    if (this.disposed) return;
    const t = this.timers.now();
    const dt = Math.min(Math.max(0, t - this.lastTick), MAX_FRAME_MS);
    this.lastTick = t;
    const lab = this._lab;
    if (lab && !this.busy && this.status === 'ready' && !this._paused && dt > 0 && !this.ticking) {
      this.ticking = lab
        .advance(dt * this._speed)
        .catch((e: unknown) => this.fail(e))
        .finally(() => {
          this.ticking = null;
          this.notifyClock();
          this.loop();
        });
      return;
    }
    this.loop();
  }

  private fail(e: unknown): void {
    this.status = 'error';
    this.error = e instanceof Error ? e.message : String(e);
    this.notify();
  }

  /** Stop the clock and forget the listeners (the page is going away). */
  dispose(): void {
    this.disposed = true;
    this.cancelFrame?.();
    this.cancelFrame = null;
    this.interrupt();
    this.listeners.clear();
    this.eventListeners.clear();
  }

  // ------------------------------------------------------------ building

  private makeShell(lab: Lab): LabShell {
    return new LabShell(lab, {
      onWrite: (text, stream) => this.emit({ type: 'output', text, stream }),
      advance: (ms) => this.onAdvance(lab, ms),
      pause: () => this.onPause()
    });
  }

  /** Build a fresh lab (same scenario, seed and workers unless given); the command log starts over. */
  async reset(opts: { scenario?: Scenario; seed?: number; workers?: number } = {}): Promise<void> {
    if (opts.scenario !== undefined && !SCENARIOS.includes(opts.scenario)) throw new Error(`unknown scenario ${opts.scenario}`);
    if (opts.seed !== undefined && !isSeed(opts.seed)) throw new Error(`bad seed ${opts.seed}`);
    if (opts.workers !== undefined && !isWorkers(opts.workers)) throw new Error(`bad worker count ${opts.workers}`);
    const gen = ++this.generation;
    this.interrupt();
    await this.exclusive(async () => {
      if (gen !== this.generation) return;
      if (opts.workers !== undefined) this.workers = opts.workers;
      await this.rebuild(opts.scenario ?? this._scenario, opts.seed ?? this._seed);
    });
  }

  private async rebuild(scenario: Scenario, seed: number): Promise<void> {
    this._scenario = scenario;
    this._seed = seed;
    this.status = 'loading';
    this.error = null;
    this.entries = [];
    this.start = 0;
    this.notify();
    try {
      const lab = await buildLab({ scenario, seed, workers: this.workers });
      this._lab = lab;
      this.start = lab.now();
      this._shell = this.makeShell(lab);
      this.status = 'ready';
    } catch (e) {
      this._lab = null;
      this._shell = null;
      this.fail(e);
    }
    this.emit({ type: 'reset', scenario, seed });
  }

  // ------------------------------------------------------------ running commands

  /** Run a command line typed by the learner. Output streamed meanwhile arrives as events. */
  run(line: string): Promise<RunResult> {
    return this.exclusive(async () => {
      if (!this.ready) return { stdout: '', stderr: 'lab not ready\n', exitCode: 1, interrupted: false };
      const entry: LogEntry = { line, at: this.lab.now() };
      this.entries.push(entry);
      this.notify();
      return this.execute(entry, 'live');
    });
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

  private async execute(entry: LogEntry, mode: 'live' | 'replay'): Promise<RunResult> {
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
      const res = await this.shell.run(entry.line, r.ctrl.signal);
      const interrupted = r.ctrl.signal.aborted;
      if (!interrupted) return { ...res, interrupted };
      // bash prints nothing of its own on Ctrl-C: the terminal shows ^C
      return { stdout: res.stdout, stderr: res.stderr.replace(/bash: execution aborted\n$/, ''), exitCode: 130, interrupted };
    } finally {
      r.cancelForce?.();
      this.active = null;
    }
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
      const speed = this.paceSpeed;
      const budget = (this.timers.now() - r.anchor) * speed - r.paced;
      if (remaining <= 0 || budget >= remaining) {
        // the last step lands exactly on the target, as a replay's single step does
        await sched.runUntil(target);
        r.paced += Math.max(0, remaining);
        this.notifyClock();
        return;
      }
      if (budget > 0) {
        await sched.runUntil(now + budget);
        r.paced += budget;
        this.notifyClock();
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

  // ------------------------------------------------------------ time controls

  /** Run fn on the lab while no command runs; `none` when one does or the lab is not built. */
  private whenIdle<T>(fn: (lab: Lab) => Promise<T>, none: T): Promise<T> {
    if (this.busy || !this.ready) return Promise.resolve(none);
    const gen = this.generation;
    return this.exclusive(async () => {
      if (gen !== this.generation || !this.ready) return none;
      try {
        return await fn(this.lab);
      } catch (e) {
        this.fail(e);
        return none;
      }
    });
  }

  /**
   * Step: run the events of the next instant that has any; the clock jumps there. Events due
   * now (left by the last command) run first, and the clock always moves on, so the next
   * command's start time (or the final time) makes a replay do the same. False when nothing is
   * scheduled or a command runs.
   */
  stepEvent(): Promise<boolean> {
    return this.whenIdle(async (lab) => {
      const sched = lab.sim.scheduler;
      const now = lab.now();
      const first = sched.nextAt();
      if (first === null) return false;
      if (first <= now) await sched.runUntil(now);
      await sched.runUntil(sched.nextAt() ?? now + 1);
      return true;
    }, false);
  }

  /** Let `ms` of virtual time pass at once (not paced). False when a command runs. */
  jump(ms: number): Promise<boolean> {
    if (!Number.isFinite(ms) || ms <= 0) return Promise.resolve(false);
    return this.whenIdle(async (lab) => {
      await lab.sim.scheduler.runUntil(lab.now() + ms);
      return true;
    }, false);
  }

  /**
   * Rewind to virtual time t (clamped to [start, now]): rebuild the lab from scenario and seed,
   * replay the commands that started before t, let time run to t, and forget the later
   * commands: the session goes on from there as a new branch. The terminal is cleared, then
   * hears a 'rewind' event (with `notice(to, kept)` as its text) and the replayed commands.
   */
  async rewindTo(t: number, opts: { notice?: (to: number, kept: number) => string } = {}): Promise<void> {
    if (typeof t !== 'number' || Number.isNaN(t)) throw new Error(`bad time ${t}`);
    const gen = ++this.generation;
    this.interrupt();
    await this.exclusive(async () => {
      if (gen !== this.generation || !this._lab) return;
      const to = Math.min(Math.max(t, this.start), this.now());
      const keep = this.entries.filter((e) => e.at < to).map(copyEntry);
      await this.rebuild(this._scenario, this._seed);
      if (!this.ready) return;
      this.emit({ type: 'rewind', to, ...(opts.notice ? { notice: opts.notice(to, keep.length) } : {}) });
      await this.replayLocked(keep, to, gen);
    });
  }

  // ------------------------------------------------------------ replay, export, import

  /**
   * Replay logged commands at their virtual times (output goes to the terminal as events),
   * then let time run to `until`.
   */
  replay(log: readonly LogEntry[], until?: number): Promise<void> {
    const gen = this.generation;
    return this.exclusive(() => this.replayLocked(log, until, gen));
  }

  private async replayLocked(log: readonly LogEntry[], until: number | undefined, gen: number): Promise<void> {
    if (!this.ready) return;
    this.replaying = true;
    this.notify();
    try {
      const sched = this.lab.sim.scheduler;
      for (const e of log) {
        if (gen !== this.generation || !this.ready) return;
        if (e.at > this.lab.now()) await sched.runUntil(e.at);
        const entry: LogEntry = { line: e.line, at: this.lab.now(), ...(e.abort ? { abort: { ...e.abort } } : {}) };
        this.entries.push(entry);
        this.emit({ type: 'replay-command', line: e.line });
        const result = await this.execute(entry, 'replay');
        this.emit({ type: 'replay-result', result });
        this.notifyClock();
      }
      if (until !== undefined && until > this.lab.now() && gen === this.generation) await sched.runUntil(until);
    } catch (e) {
      this.fail(e);
    } finally {
      this.replaying = false;
    }
  }

  /** Scenario, seed and command log: enough to rebuild this lab exactly. */
  exportState(): SessionState {
    const running = this.active?.mode === 'live' ? this.active.entry : null;
    const log = this.entries.filter((e) => e !== running).map(copyEntry);
    return { v: 1, scenario: this._scenario, seed: this._seed, workers: this.workers, now: running ? running.at : this.now(), log };
  }

  /** Rebuild the lab a state describes and replay its log. Throws on data that is not a state. */
  async importState(data: unknown): Promise<void> {
    const state = parseState(data);
    if (!state) throw new Error('not a MetalLB Lab session');
    const gen = ++this.generation;
    this.interrupt();
    await this.exclusive(async () => {
      if (gen !== this.generation) return;
      this.workers = state.workers;
      await this.rebuild(state.scenario, state.seed);
      await this.replayLocked(state.log, state.now, gen);
    });
  }
}

function copyEntry(e: LogEntry): LogEntry {
  return { ...e, ...(e.abort ? { abort: { ...e.abort } } : {}) };
}
