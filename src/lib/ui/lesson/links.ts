import { resolve } from '$app/paths';
import { paramFor, type Lang } from '$lib/i18n';

// Base-aware links (relative in the prerendered pages, so any base path works). URLs end with a
// slash (trailingSlash = 'always'): link straight to the prerendered directory, no redirect.
function withSlash(href: string): string {
  const i = href.search(/[?#]/);
  const path = i < 0 ? href : href.slice(0, i);
  const rest = i < 0 ? '' : href.slice(i);
  return (path.endsWith('/') ? path : `${path}/`) + rest;
}

export function homeHref(lang: Lang): string {
  return withSlash(resolve('/[[lang=lang]]', { lang: paramFor(lang) }));
}

export function lessonHref(lang: Lang, slug: string): string {
  return withSlash(resolve('/[[lang=lang]]/lessons/[slug]', { lang: paramFor(lang), slug }));
}

export function embedHref(lang: Lang, slug: string): string {
  return withSlash(resolve('/[[lang=lang]]/embed/[slug]', { lang: paramFor(lang), slug }));
}
