import type { Lang, Messages } from '$lib/i18n';
import type { Lesson } from '../../../lessons/types';
import { progressKey } from '../progress';
import { fill } from '../terminal/text';
import { plainText } from './markdown';

/**
 * What a screen reader hears when goals are reached: each new goal, then any step the new
 * goals completed, then the lesson if it is complete.
 */
export function reachedMessage(lesson: Lesson, fresh: readonly string[], reached: ReadonlySet<string>, lang: Lang, t: Messages['lesson']): string {
  const parts: string[] = [];
  const freshSet = new Set(fresh);
  lesson.steps.forEach((step, i) => {
    const keys = step.goals.map((g) => progressKey(step.id, g.id));
    step.goals.forEach((g, k) => {
      if (freshSet.has(keys[k])) parts.push(fill(t.goalReached, { goal: plainText(g.text[lang]) }));
    });
    if (keys.some((k) => freshSet.has(k)) && keys.every((k) => reached.has(k))) parts.push(fill(t.stepComplete, { n: i + 1 }));
  });
  const all = lesson.steps.every((s) => s.goals.every((g) => reached.has(progressKey(s.id, g.id))));
  if (all && fresh.length) parts.push(t.lessonComplete);
  return parts.join(' ');
}
