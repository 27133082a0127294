/**
 * LabSession: one learner's lab (built from a scenario and a seed), the shell that runs their
 * commands, the idle clock (clock.ts) and the command log. Every operation that touches the
 * lab runs alone (`exclusive`); a rebuild bumps `generation` so the older lab's replay stops.
 */
import type { Lab } from '../../engine/lab';
import { buildLab, SCENARIOS, type Scenario } from '../../shell/scenarios';
import { LabShell } from '../../shell/shell';
import type { Speed } from '../lab/speeds';
import { type LogEntry, type ScenarioName, type SessionState, SCENARIO_NAMES, isSeed, isWorkers, parseState } from '../terminal/share';
import { IdleClock, jumpAhead, stepToNextEvent } from './clock';
import { SessionBacklog } from './backlog';
import { CommandRunner, type RunMode } from './command-run';
import { planRewind } from './rewind';
import { replayedEntry, sessionState } from './state';
import { browserTimers } from './timers';
import type { RunResult, SessionEvent, SessionOptions, SessionSnapshot, SessionStatus, SessionTimers, TypedAt } from './types';

// share.ts repeats the scenario names (it must stay light for the page bundle): keep them in step.
const SAME_SCENARIOS: readonly Scenario[] = SCENARIO_NAMES;
const SAME_SCENARIOS_BACK: readonly ScenarioName[] = SCENARIOS;
void SAME_SCENARIOS;
void SAME_SCENARIOS_BACK;

/** How often subscribers hear about the clock moving. */
const CLOCK_NOTIFY_MS = 100;

export class LabSession {
  private _lab: Lab | null = null;
  private _shell: LabShell | null = null;
  private _scenario: Scenario;
  private _seed: number;
  private workers: number;
  private start = 0;
  private status: SessionStatus = 'loading';
  private error: string | null = null;
  private entries: LogEntry[] = [];
  private readonly timers: SessionTimers;
  private readonly clock: IdleClock;
  private readonly runner: CommandRunner;

  private busyCount = 0;
  private replaying = false;
  /** Bumped by every rebuild: a replay of an older lab stops. */
  private generation = 0;
  /** Serialises runs, replays and rebuilds. */
  private lock: Promise<void> = Promise.resolve();
  private lastClockNotify = 0;

  private listeners = new Set<(s: SessionSnapshot) => void>();
  private eventListeners = new Set<(e: SessionEvent) => void>();
  private readonly backlog = new SessionBacklog();

  constructor(opts: SessionOptions = {}) {
    this._scenario = opts.scenario ?? 'kind';
    this._seed = opts.seed ?? 1;
    this.workers = opts.workers ?? 3;
    this.timers = opts.timers ?? browserTimers;
    this.clock = new IdleClock(
      this.timers,
      {
        idleLab: () => (!this.busy && this.status === 'ready' ? this._lab : null),
        moved: () => this.notifyClock(),
        fail: (e) => this.fail(e)
      },
      { speed: opts.speed, paused: opts.paused, enabled: opts.clock ?? true }
    );
    this.runner = new CommandRunner(this.timers, { paceSpeed: () => this.clock.paceSpeed, moved: () => this.notifyClock() });
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
    return this.clock.speed;
  }

  get paused(): boolean {
    return this.clock.paused;
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
      speed: this.clock.speed,
      paused: this.clock.paused,
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

  /**
   * The events since the lab was last built, live commands included: what a terminal joining
   * now shows before it hears new events (subscribe with onEvent in the same task).
   */
  transcript(): readonly SessionEvent[] {
    return this.backlog.all();
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
    this.backlog.record(e);
    for (const l of [...this.eventListeners]) l(e);
  }

  setSpeed(speed: Speed): void {
    if (!this.clock.setSpeed(speed)) return;
    this.runner.repace();
    this.notify();
  }

  /** Stop (or restart) the idle clock; a running command's waits then go at 1×. */
  setPaused(paused: boolean): void {
    if (!this.clock.setPaused(paused)) return;
    this.runner.repace();
    this.notify();
  }

  private fail(e: unknown): void {
    this.status = 'error';
    this.error = e instanceof Error ? e.message : String(e);
    this.notify();
  }

  /** Stop the clock and forget the listeners (the page is going away). */
  dispose(): void {
    this.clock.dispose();
    this.interrupt();
    this.listeners.clear();
    this.eventListeners.clear();
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
      const ticking = this.clock.ticking;
      if (ticking) await ticking;
      return await fn();
    } finally {
      this.busyCount--;
      this.clock.sync();
      release();
      this.notify();
      this.clock.run();
    }
  }

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

  // ------------------------------------------------------------ building

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
      this._shell = new LabShell(lab, { onWrite: (text, stream) => this.emit({ type: 'output', text, stream }), ...this.runner.shellHooks(lab) });
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
      // the terminal that typed it echoes it itself; the backlog keeps it for a later one
      this.backlog.record({ type: 'replay-command', line, prompt: this.typedAt() });
      const result = await this.execute(entry, 'live');
      this.backlog.record({ type: 'replay-result', result });
      return result;
    });
  }

  /** Ctrl-C: interrupt the running command at its next interruption point. */
  interrupt(): void {
    this.runner.interrupt();
  }

  private typedAt(): TypedAt {
    return { program: this.shell.interactivePrompt(), cwd: this.shell.workingDirectory() };
  }

  private execute(entry: LogEntry, mode: RunMode): Promise<RunResult> {
    return this.runner.execute(this.shell, entry, mode);
  }

  // ------------------------------------------------------------ time controls

  /** Step to the next instant that has events (see stepToNextEvent). False when nothing is scheduled or a command runs. */
  stepEvent(): Promise<boolean> {
    return this.whenIdle(stepToNextEvent, false);
  }

  /** Let `ms` of virtual time pass at once (not paced). False when a command runs. */
  jump(ms: number): Promise<boolean> {
    if (!Number.isFinite(ms) || ms <= 0) return Promise.resolve(false);
    return this.whenIdle((lab) => jumpAhead(lab, ms), false);
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
      const { to, keep } = planRewind(this.entries, t, this.start, this.now());
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
        const entry = replayedEntry(e, this.lab.now());
        this.entries.push(entry);
        this.emit({ type: 'replay-command', line: e.line, prompt: this.typedAt() });
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
    return sessionState({ scenario: this._scenario, seed: this._seed, workers: this.workers, now: this.now() }, this.entries, this.runner.liveEntry);
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
