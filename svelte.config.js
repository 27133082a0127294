import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';
import { withPrecompress } from './scripts/precompress.mjs';

// '' locally, '/repo-name' on GitHub Pages. Relative paths let the same build work under any prefix.
const base = process.env.BASE_PATH ?? '';

/** @type {import('@sveltejs/kit').Config} */
export default {
  preprocess: [vitePreprocess()],
  kit: {
    // build/ also gets .gz/.br twins of its text files, for servers that send them as they are
    adapter: withPrecompress(adapter({ pages: 'build', assets: 'build', fallback: undefined, strict: true }), 'build'),
    paths: { base, relative: true },
    prerender: { handleHttpError: 'fail' }
  }
};
