import { defineConfig } from '@playwright/test';

// e2e runs against the production build served under a sub-path, as on GitHub Pages.
// tests/e2e/run.mjs builds with the same BASE_PATH first (vite preview does not rebuild).
const BASE = '/metallb-lab';
// E2E_PORT lets several checkouts run their e2e suites side by side.
const PORT = Number(process.env.E2E_PORT ?? 4173);
const ORIGIN = `http://127.0.0.1:${PORT}`;
// E2E_SERVER=static serves build/ as a static host does (scripts/serve-build.mjs: pre-compressed
// twins, and the pages' lab preloads, which `vite preview`'s prerendered copies lack).
const STATIC = process.env.E2E_SERVER === 'static';

export default defineConfig({
  testDir: 'tests/e2e',
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  reporter: [['list']],
  webServer: {
    command: STATIC
      ? `node scripts/serve-build.mjs --root build --base ${BASE} --port ${PORT}`
      : `npx vite preview --host 127.0.0.1 --port ${PORT} --strictPort`,
    url: `${ORIGIN}${BASE}/`,
    reuseExistingServer: !process.env.CI,
    env: { BASE_PATH: BASE }, // preview re-reads svelte.config.js: it needs the build's base
    timeout: 60_000
  },
  use: {
    baseURL: `${ORIGIN}${BASE}/`,
    browserName: 'chromium',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--host-resolver-rules=MAP lan.test 127.0.0.1'
      ]
    }
  }
});
