#!/usr/bin/env node
// `npm run e2e`: build the site under a sub-path, then run Playwright against `vite preview`.
// Extra arguments go to `playwright test` (e.g. `npm run e2e -- -g theme`).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const CHROMIUM = '/usr/bin/chromium';
const BASE_PATH = '/metallb-lab';

if (!existsSync(CHROMIUM)) {
  console.error(
    `e2e: ${CHROMIUM} not found. The e2e tests use Debian's chromium (no Playwright browser download).\n` +
      'Install it with: apt-get update && apt-get install -y chromium   (CI does this in .ci/run)'
  );
  process.exit(1);
}

function run(cmd, args, env) {
  console.log(`e2e: $ ${Object.entries(env).map(([k, v]) => `${k}=${v} `).join('')}${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  if (r.error) {
    console.error(`e2e: could not run ${cmd}: ${r.error.message}`);
    return 1;
  }
  return r.status ?? 1;
}

const built = run('npx', ['vite', 'build'], { BASE_PATH });
if (built !== 0) {
  console.error(`e2e: build failed (exit ${built})`);
  process.exit(built);
}

process.exit(run('npx', ['playwright', 'test', ...process.argv.slice(2)], { CI: 'true', BASE_PATH }));
