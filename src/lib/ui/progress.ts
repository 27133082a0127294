/**
 * Lesson progress kept in the browser: for each lesson, the goals reached ("stepId/goalId", the
 * keys of `goalKey` in src/lessons/goals.ts) and whether the lesson was ever completed. Stored
 * in localStorage under one key (the version is in the key) as
 *
 *   { "<slug>": { "reached": ["step/goal", …], "completed": true }, … }
 *
 * Everything here is pure except the storage helpers, which never throw (storage may be
 * blocked, full or shared with an older version).
 */

export const PROGRESS_KEY = 'metallb-lab:progress:v1';

export interface LessonProgress {
  reached: string[];
  completed: boolean;
}

export type Progress = Record<string, LessonProgress>;

export type LessonState = 'new' | 'started' | 'done';

/** The part of a lesson progress needs: its steps' and goals' ids. */
export interface LessonGoals {
  steps: readonly { id: string; goals: readonly { id: string }[] }[];
}

/** Same as `goalKey` in src/lessons/goals.ts (which pulls in the engine; this must not). */
export function progressKey(stepId: string, goalId: string): string {
  return `${stepId}/${goalId}`;
}

/** Every goal key of a lesson, in lesson order. */
export function lessonGoalKeys(lesson: LessonGoals): string[] {
  return lesson.steps.flatMap((s) => s.goals.map((g) => progressKey(s.id, g.id)));
}

const SLUG = /^[a-z0-9][a-z0-9-]{0,99}$/;

const EMPTY: LessonProgress = { reached: [], completed: false };

/** Read stored progress; anything malformed is dropped, never trusted. */
export function parseProgress(raw: string | null | undefined): Progress {
  if (!raw) return {};
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return {};
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) return {};
  const out: Progress = {};
  for (const [slug, v] of Object.entries(data as Record<string, unknown>)) {
    // lesson slugs only ("05-services-and-owners"): never "__proto__" and the like
    if (!SLUG.test(slug) || !v || typeof v !== 'object') continue;
    const r = (v as { reached?: unknown }).reached;
    const reached = Array.isArray(r) ? [...new Set(r.filter((k): k is string => typeof k === 'string' && k.length <= 200))] : [];
    out[slug] = { reached, completed: (v as { completed?: unknown }).completed === true };
  }
  return out;
}

export function serializeProgress(p: Progress): string {
  return JSON.stringify(p);
}

/** One lesson's progress; keys that are no longer goals of the lesson are dropped. */
export function lessonProgress(p: Progress, slug: string, lesson?: LessonGoals): LessonProgress {
  const lp = p[slug] ?? EMPTY;
  if (!lesson) return { reached: [...lp.reached], completed: lp.completed };
  const keys = new Set(lessonGoalKeys(lesson));
  return { reached: lp.reached.filter((k) => keys.has(k)), completed: lp.completed };
}

/**
 * Record the goals reached so far. The lesson is completed once every goal was reached, and a
 * completed lesson stays completed.
 */
export function withReached(p: Progress, slug: string, lesson: LessonGoals, reached: Iterable<string>): Progress {
  const keys = lessonGoalKeys(lesson);
  const all = new Set(keys);
  const set = new Set([...reached].filter((k) => all.has(k)));
  const ordered = keys.filter((k) => set.has(k));
  const completed = (p[slug]?.completed ?? false) || (keys.length > 0 && ordered.length === keys.length);
  return { ...p, [slug]: { reached: ordered, completed } };
}

/** Start a lesson over: its reached goals are forgotten, a completion is kept. */
export function withReset(p: Progress, slug: string): Progress {
  return { ...p, [slug]: { reached: [], completed: p[slug]?.completed ?? false } };
}

export function lessonState(lp: LessonProgress | undefined): LessonState {
  if (!lp) return 'new';
  if (lp.completed) return 'done';
  return lp.reached.length > 0 ? 'started' : 'new';
}

// ------------------------------------------------------------------ storage

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null; // blocked (some sandboxed iframes, privacy settings)
  }
}

export function loadProgress(store: Storage | null = storage()): Progress {
  try {
    return parseProgress(store?.getItem(PROGRESS_KEY));
  } catch {
    return {};
  }
}

/** Read, change and write back (other tabs may have saved other lessons meanwhile). */
export function updateProgress(fn: (p: Progress) => Progress, store: Storage | null = storage()): Progress {
  const next = fn(loadProgress(store));
  try {
    store?.setItem(PROGRESS_KEY, serializeProgress(next));
  } catch {
    /* not persisted: full or blocked */
  }
  return next;
}

// ------------------------------------------------------------------ lab state

/**
 * Each lesson's lab is saved too (scenario, seed and command log: `LabSession.exportState()`),
 * one key per lesson, so a reload replays it instead of starting a fresh lab. The content is
 * only stored and handed back here; `LabSession.importState` validates it.
 */
export const LAB_STATE_PREFIX = 'metallb-lab:lab:v1:';

export function labStateKey(slug: string): string {
  return LAB_STATE_PREFIX + slug;
}

export function loadLabState(slug: string, store: Storage | null = storage()): unknown {
  if (!SLUG.test(slug)) return null;
  try {
    const raw = store?.getItem(labStateKey(slug));
    return raw ? (JSON.parse(raw) as unknown) : null;
  } catch {
    return null;
  }
}

export function saveLabState(slug: string, state: unknown, store: Storage | null = storage()): void {
  if (!SLUG.test(slug)) return;
  try {
    store?.setItem(labStateKey(slug), JSON.stringify(state));
  } catch {
    /* not persisted: full or blocked */
  }
}

export function clearLabState(slug: string, store: Storage | null = storage()): void {
  try {
    store?.removeItem(labStateKey(slug));
  } catch {
    /* blocked */
  }
}
