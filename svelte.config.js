import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';
import { withLabPreload } from './scripts/lab-preload.mjs';
import { withPrecompress } from './scripts/precompress.mjs';

// '' locally, '/repo-name' on GitHub Pages. Relative paths let the same build work under any prefix.
const base = process.env.BASE_PATH ?? '';

// What a page with a terminal `import()`s once it has mounted: the terminal (xterm and its
// helpers) and the lab (the lesson runtime or, on the playground, the lab session; both pull in
// the engine and just-bash). Prerendered pages preload these from their head, so the download
// starts at navigation instead of after hydration (scripts/lab-preload.mjs).
const LAB_MODULES = [
  'node_modules/@xterm/xterm/lib/xterm.mjs',
  'node_modules/@xterm/addon-fit/lib/addon-fit.mjs',
  'src/lib/ui/terminal/controller.ts',
  'src/lib/ui/terminal/history.ts',
  'src/lib/ui/terminal/lab-completion.ts',
  'src/lib/ui/terminal/theme.ts',
  'src/lib/ui/lesson/runtime.ts',
  'src/lib/ui/lab-session.ts'
];

/** @type {import('@sveltejs/kit').Config} */
export default {
  preprocess: [vitePreprocess()],
  kit: {
    // then build/ gets .gz/.br twins of its text files, for servers that send them as they are
    adapter: withPrecompress(withLabPreload(adapter({ pages: 'build', assets: 'build', fallback: undefined, strict: true }), 'build', LAB_MODULES), 'build'),
    paths: { base, relative: true },
    prerender: { handleHttpError: 'fail' }
  }
};
