import { error } from '@sveltejs/kit';
import { langFromParam } from '$lib/i18n';
import { lessonBySlug, lessons } from '../../../../lessons';
import type { EntryGenerator, PageServerLoad } from './$types';

// One chromeless page per lesson and language: `/embed/<slug>/`, `/ko/embed/<slug>/`.
export const entries: EntryGenerator = () => lessons.flatMap((l) => [{ lang: undefined, slug: l.slug }, { lang: 'ko', slug: l.slug }]);

// The page resets to the root layout (no site chrome), so it works out its language itself.
export const load: PageServerLoad = ({ params }) => {
  const lesson = lessonBySlug(params.slug);
  if (!lesson) error(404, 'No such lesson');
  return { lang: langFromParam(params.lang), lesson, total: lessons.length };
};
