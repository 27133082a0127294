import { error } from '@sveltejs/kit';
import { lessonBySlug, lessons, nextLesson, previousLesson } from '../../../../lessons';
import { lessonLink } from '$lib/ui/lesson/catalog';
import type { EntryGenerator, PageServerLoad } from './$types';

// Every lesson in both languages: `/lessons/<slug>/` and `/ko/lessons/<slug>/`.
export const entries: EntryGenerator = () => lessons.flatMap((l) => [{ lang: undefined, slug: l.slug }, { lang: 'ko', slug: l.slug }]);

// Prerendered: the lesson arrives as data in the page (and __data.json), not in its JavaScript.
export const load: PageServerLoad = ({ params }) => {
  const lesson = lessonBySlug(params.slug);
  if (!lesson) error(404, 'No such lesson');
  return {
    lesson,
    total: lessons.length,
    previous: lessonLink(previousLesson(lesson.slug)),
    next: lessonLink(nextLesson(lesson.slug))
  };
};
