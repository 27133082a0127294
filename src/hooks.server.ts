import type { Handle } from '@sveltejs/kit';
import { langFromParam } from '$lib/i18n';

// Prerendering runs this for every page: it writes the page's language into <html lang="%lang%">.
export const handle: Handle = async ({ event, resolve }) => {
  const lang = langFromParam(event.params.lang);
  return resolve(event, {
    transformPageChunk: ({ html }) => html.replace('%lang%', lang)
  });
};
