/**
 * The lesson player: one lab (a LabSession for the lesson's scenario and seed) and the goal
 * checklist that follows it. Goals are checked against the engine's state with `evaluateLesson`
 * after every command and every second of virtual time, and latch (`latchProgress`): once
 * reached, a goal stays reached until the lesson is reset. Progress is saved in localStorage
 * (src/lib/ui/progress.ts) when `persist` is on, and so is the lab itself: its command log
 * (`LabSession.exportState`) is saved after every command and when the page is hidden, and a
 * reload replays it (`importState`) instead of building a fresh lab. Resetting forgets it.
 *
 * Nothing here runs during prerendering: `restore()` and `start()` are called from onMount, and
 * the engine arrives with `import('./runtime')`.
 */
import type { Lesson } from '../../../lessons/types';
import type { LabSession, SessionSnapshot, Speed } from '../lab-session';
import { clearLabState, lessonGoalKeys, lessonProgress, loadLabState, loadProgress, saveLabState, updateProgress, withReached, withReset } from '../progress';

type Runtime = typeof import('./runtime');

/** What the player needs of the Terminal component (its imperative API). */
export interface TerminalApi {
  type(text: string): void;
  run(text: string): void;
  focus(): void;
}

export interface PlayerOptions {
  /** Save and restore progress and the lab's command log in localStorage. */
  persist: boolean;
  /** Seed instead of the lesson's. */
  seed?: number;
  /** Commands replayed (quickly, without pacing) after every build: earlier steps of an embed. */
  prelude?: string[];
  /** Goals newly reached by the learner (not restored ones), in lesson order. */
  onReached?: (keys: string[]) => void;
}

/** Re-check goals at least this often in virtual time while the clock runs. */
const EVAL_EVERY_MS = 1_000;

export class LessonPlayer {
  readonly lesson: Lesson;
  session = $state.raw<LabSession | null>(null);
  snapshot = $state.raw<SessionSnapshot | null>(null);
  /** Goal keys ("stepId/goalId") reached (latched). */
  reached = $state.raw<ReadonlySet<string>>(new Set());
  /** Every goal was reached once (kept across resets). */
  completed = $state(false);
  /** The prelude is being replayed. */
  preparing = $state(false);

  private readonly opts: PlayerOptions;
  private readonly keys: string[];
  private runtime: Runtime | null = null;
  private terminal: TerminalApi | null = null;
  private disposed = false;
  private unsubscribe: (() => void)[] = [];
  /** Bumped by every reset: an evaluation of an older lab is thrown away. */
  private generation = 0;
  private evaluating = false;
  private again = false;
  private lastEvalAt = Number.NEGATIVE_INFINITY;
  private lastActivity = '';
  /** The saved lab state is being replayed: nothing is saved meanwhile. */
  private restoring = false;
  /** Commands in the log when the lab was last saved. */
  private savedCommands = -1;
  private markStarted: () => void = () => {};
  /**
   * Settles once `start()` has built (or restored) the lab and replayed the prelude: the moment
   * a command may be typed without being buried in the replay.
   */
  readonly started: Promise<void> = new Promise((resolve) => (this.markStarted = resolve));

  constructor(lesson: Lesson, opts: PlayerOptions) {
    this.lesson = lesson;
    this.opts = opts;
    this.keys = lessonGoalKeys(lesson);
  }

  get total(): number {
    return this.keys.length;
  }

  get seed(): number {
    return this.opts.seed ?? this.lesson.seed;
  }

  /** Reached goals that are goals of this lesson, in lesson order. */
  get reachedCount(): number {
    return this.keys.filter((k) => this.reached.has(k)).length;
  }

  /** Load saved progress (browser only). */
  restore(): void {
    if (!this.opts.persist) return;
    const p = lessonProgress(loadProgress(), this.lesson.slug, this.lesson);
    this.reached = new Set(p.reached);
    this.completed = p.completed;
  }

  setTerminal(t: TerminalApi | null): void {
    this.terminal = t;
  }

  /** Load the engine and build the lab (browser only). */
  async start(): Promise<void> {
    const rt = await import('./runtime');
    if (this.disposed) return;
    this.runtime = rt;
    const s = new rt.LabSession({ scenario: this.lesson.scenario, seed: this.seed });
    // Right after every build, before any command: the goals follow the trace from here on.
    this.unsubscribe.push(
      s.onEvent((e) => {
        if (e.type !== 'reset' || !s.ready) return;
        rt.trackLesson(s.lab);
        this.lastEvalAt = Number.NEGATIVE_INFINITY;
      })
    );
    this.unsubscribe.push(s.subscribe((snap) => this.onSnapshot(snap)));
    this.session = s;
    if (this.opts.persist && typeof window !== 'undefined') {
      const save = () => this.saveLab(true);
      const onVisibility = () => document.visibilityState === 'hidden' && save();
      window.addEventListener('pagehide', save);
      document.addEventListener('visibilitychange', onVisibility);
      this.unsubscribe.push(() => {
        window.removeEventListener('pagehide', save);
        document.removeEventListener('visibilitychange', onVisibility);
      });
    }
    try {
      if (await this.restoreLab(s)) return;
      await s.reset();
      await this.runPrelude(s);
    } finally {
      this.markStarted();
    }
  }

  /** Replay the lab saved for this lesson; false when there is none (or it cannot be replayed). */
  private async restoreLab(s: LabSession): Promise<boolean> {
    if (!this.opts.persist) return false;
    const saved = loadLabState(this.lesson.slug) as { scenario?: unknown; seed?: unknown } | null;
    // a lab of another scenario or seed belongs to an older version of the lesson
    if (!saved || saved.scenario !== this.lesson.scenario || saved.seed !== this.seed) return false;
    this.restoring = true;
    try {
      await s.importState(saved);
      return s.ready;
    } catch {
      clearLabState(this.lesson.slug);
      return false;
    } finally {
      this.restoring = false;
      if (!this.disposed && s.ready) {
        this.savedCommands = s.log().length;
        void this.evaluate();
      }
    }
  }

  /** Save the lab's command log (after a command, when the page is hidden). */
  private saveLab(force = false): void {
    const s = this.session;
    if (!this.opts.persist || this.restoring || this.disposed || !s || !s.ready) return;
    const n = s.log().length;
    if (!force && n === this.savedCommands) return;
    this.savedCommands = n;
    if (n === 0) clearLabState(this.lesson.slug);
    else saveLabState(this.lesson.slug, s.exportState());
  }

  private async runPrelude(s: LabSession): Promise<void> {
    const prelude = this.opts.prelude ?? [];
    if (!prelude.length || this.disposed || !s.ready) return;
    this.preparing = true;
    try {
      await s.replay(prelude.map((line) => ({ line, at: 0 })));
    } finally {
      this.preparing = false;
    }
    void this.evaluate();
  }

  /** Build a fresh lab; this lesson's reached goals start over (a completion is kept). */
  async reset(): Promise<void> {
    const s = this.session;
    this.generation++;
    this.reached = new Set();
    if (this.opts.persist) {
      updateProgress((p) => withReset(p, this.lesson.slug));
      clearLabState(this.lesson.slug);
      this.savedCommands = 0;
    }
    if (!s) return;
    await s.reset();
    await this.runPrelude(s);
  }

  setSpeed(speed: Speed): void {
    this.session?.setSpeed(speed);
  }

  /** Put a command at the terminal's prompt (not run). */
  put(text: string): void {
    this.terminal?.type(text);
  }

  /** Run commands one after another in the terminal. */
  runCommands(commands: readonly string[]): void {
    for (const c of commands) this.terminal?.run(c);
  }

  /** Run a script (a code block) the way a learner would type it: command by command. */
  async runScript(script: string): Promise<void> {
    const rt = this.runtime ?? (await import('./runtime'));
    if (this.disposed) return;
    this.runCommands(rt.splitCommands(script));
  }

  dispose(): void {
    this.saveLab(true);
    this.disposed = true;
    for (const u of this.unsubscribe) u();
    this.unsubscribe = [];
    this.session?.dispose();
  }

  // ------------------------------------------------------------ the live checklist

  private onSnapshot(snap: SessionSnapshot): void {
    this.snapshot = snap;
    if (snap.status !== 'ready') return;
    if (!snap.busy && !snap.replaying) this.saveLab();
    // a command started or finished, or a second of virtual time went by
    const activity = `${snap.commands}|${snap.busy}|${snap.replaying}`;
    if (activity !== this.lastActivity || snap.now - this.lastEvalAt >= EVAL_EVERY_MS || snap.now < this.lastEvalAt) {
      this.lastActivity = activity;
      void this.evaluate();
    }
  }

  private async evaluate(): Promise<void> {
    if (this.evaluating) {
      this.again = true;
      return;
    }
    this.evaluating = true;
    try {
      do {
        this.again = false;
        const s = this.session;
        const rt = this.runtime;
        if (!s || !rt || !s.ready || this.disposed) return;
        const gen = this.generation;
        const lab = s.lab;
        this.lastEvalAt = lab.now();
        const result = await rt.evaluateLesson(this.lesson, lab);
        if (this.disposed || gen !== this.generation || !s.ready || s.lab !== lab) continue;
        const next = rt.latchProgress(this.reached, result);
        const fresh = this.keys.filter((k) => next.has(k) && !this.reached.has(k));
        if (!fresh.length) continue;
        this.reached = next;
        if (this.opts.persist) {
          const p = updateProgress((all) => withReached(all, this.lesson.slug, this.lesson, next));
          this.completed = p[this.lesson.slug]?.completed ?? this.completed;
        } else if (this.keys.every((k) => next.has(k))) this.completed = true;
        this.opts.onReached?.(fresh);
      } while (this.again && !this.disposed);
    } catch {
      // a check that cannot run now (the lab is being rebuilt) is retried on the next tick
    } finally {
      this.evaluating = false;
    }
  }
}
