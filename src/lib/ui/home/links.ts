import { resolve } from '$app/paths';
import { paramFor, type Lang } from '$lib/i18n';

/** The lessons index (`/lessons/`, `/ko/lessons/`), base-aware, with its trailing slash. */
export function lessonsIndexHref(lang: Lang): string {
  const href = resolve('/[[lang=lang]]/lessons', { lang: paramFor(lang) });
  return href.endsWith('/') ? href : `${href}/`;
}
