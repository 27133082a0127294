import { describe, expect, it } from 'vitest';
import { goalKey } from '../../../src/lessons/goals';
import { lessonBySlug } from '../../../src/lessons';
import {
  PROGRESS_KEY,
  lessonGoalKeys,
  lessonProgress,
  lessonState,
  loadProgress,
  parseProgress,
  progressKey,
  serializeProgress,
  updateProgress,
  withReached,
  withReset
} from '../../../src/lib/ui/progress';

const lesson = { steps: [{ id: 's1', goals: [{ id: 'a' }, { id: 'b' }] }, { id: 's2', goals: [{ id: 'c' }] }] };

/** An in-memory Storage. */
class MemoryStorage implements Storage {
  private m = new Map<string, string>();
  get length() {
    return this.m.size;
  }
  clear() {
    this.m.clear();
  }
  getItem(k: string) {
    return this.m.get(k) ?? null;
  }
  key(i: number) {
    return [...this.m.keys()][i] ?? null;
  }
  removeItem(k: string) {
    this.m.delete(k);
  }
  setItem(k: string, v: string) {
    this.m.set(k, v);
  }
}

describe('progress', () => {
  it('uses the same goal keys as the goal checks', () => {
    expect(progressKey('pods', 'webpod1')).toBe(goalKey('pods', 'webpod1'));
    const l5 = lessonBySlug('05-services-and-owners')!;
    expect(lessonGoalKeys(l5)).toEqual(l5.steps.flatMap((s) => s.goals.map((g) => goalKey(s.id, g.id))));
  });

  it('records reached goals in lesson order and completes once all are reached', () => {
    let p = withReached({}, 'x', lesson, ['s2/c', 'bogus', 's1/a']);
    expect(p.x).toEqual({ reached: ['s1/a', 's2/c'], completed: false });
    expect(lessonState(p.x)).toBe('started');
    p = withReached(p, 'x', lesson, ['s1/a', 's1/b', 's2/c']);
    expect(p.x.completed).toBe(true);
    expect(lessonState(p.x)).toBe('done');
    // a completed lesson stays completed, through a reset too
    p = withReset(p, 'x');
    expect(p.x).toEqual({ reached: [], completed: true });
    expect(lessonState(p.x)).toBe('done');
    p = withReached(p, 'x', lesson, ['s1/a']);
    expect(p.x.completed).toBe(true);
    expect(lessonState(undefined)).toBe('new');
    expect(lessonState({ reached: [], completed: false })).toBe('new');
  });

  it('round-trips through JSON and ignores anything malformed', () => {
    const p = withReached({}, '05-services-and-owners', lesson, ['s1/a']);
    expect(parseProgress(serializeProgress(p))).toEqual(p);
    expect(JSON.parse(serializeProgress(p))).toEqual({ '05-services-and-owners': { reached: ['s1/a'], completed: false } });
    for (const bad of [null, '', 'not json', '[]', '42', '"x"', 'null']) expect(parseProgress(bad)).toEqual({});
    expect(parseProgress('{"a":{"reached":[1,"s1/a","s1/a",null],"completed":"yes"},"b":7}')).toEqual({ a: { reached: ['s1/a'], completed: false } });
    const polluted = parseProgress('{"__proto__":{"reached":["x"],"completed":true},"Bad Slug":{"reached":[]}}');
    expect(Object.keys(polluted)).toEqual([]);
    expect(Object.getPrototypeOf(polluted)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).reached).toBeUndefined();
  });

  it('drops keys that are no longer goals of the lesson', () => {
    const p = parseProgress('{"x":{"reached":["s1/a","old/goal"],"completed":false}}');
    expect(lessonProgress(p, 'x', lesson)).toEqual({ reached: ['s1/a'], completed: false });
    expect(lessonProgress(p, 'missing', lesson)).toEqual({ reached: [], completed: false });
  });

  it('reads and writes localStorage-like storage, keeping other lessons', () => {
    const s = new MemoryStorage();
    expect(loadProgress(s)).toEqual({});
    updateProgress((p) => withReached(p, 'one', lesson, ['s1/a']), s);
    // another tab saves another lesson in between
    s.setItem(PROGRESS_KEY, JSON.stringify({ ...JSON.parse(s.getItem(PROGRESS_KEY)!), two: { reached: ['s2/c'], completed: false } }));
    updateProgress((p) => withReached(p, 'one', lesson, ['s1/a', 's1/b']), s);
    expect(loadProgress(s)).toEqual({ one: { reached: ['s1/a', 's1/b'], completed: false }, two: { reached: ['s2/c'], completed: false } });
  });

  it('never throws when storage is blocked', () => {
    const blocked = {
      getItem() {
        throw new Error('SecurityError');
      },
      setItem() {
        throw new Error('QuotaExceededError');
      }
    } as unknown as Storage;
    expect(loadProgress(blocked)).toEqual({});
    expect(updateProgress((p) => withReached(p, 'x', lesson, ['s1/a']), blocked).x.reached).toEqual(['s1/a']);
    expect(loadProgress(null)).toEqual({});
  });
});
