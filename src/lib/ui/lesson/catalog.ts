/**
 * What pages pass around about lessons they do not show in full: enough for a link, a title and
 * the progress badge. Built on the server (prerender) from src/lessons, so a page's JavaScript
 * never carries the text of every lesson.
 */
import type { L10n, Lesson } from '../../../lessons/types';

export interface LessonCard {
  slug: string;
  number: number;
  title: L10n;
  summary: L10n;
  /** Step and goal ids, for the progress badge. */
  steps: { id: string; goals: { id: string }[] }[];
}

export interface LessonLink {
  slug: string;
  number: number;
  title: L10n;
}

export function lessonCard(l: Lesson): LessonCard {
  return {
    slug: l.slug,
    number: l.number,
    title: l.title,
    summary: l.summary,
    steps: l.steps.map((s) => ({ id: s.id, goals: s.goals.map((g) => ({ id: g.id })) }))
  };
}

export function lessonLink(l: Lesson | undefined): LessonLink | null {
  return l ? { slug: l.slug, number: l.number, title: l.title } : null;
}
