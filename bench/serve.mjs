// The server the page benches load the production build from (build/, built with BASE_PATH).
//   SERVER=static (default): scripts/static-server.mjs over HTTP, in its own process, sending the
//     build's pre-compressed .br/.gz twins as a static host or `npm run classroom` would;
//   SERVER=preview: `vite preview`, which gzips every response on the fly (what the figures
//     before 27 Nov measured; under load that costs up to ~0.5 s per page).
// BUILD_DIR (static only) serves another copy of build/, for A/B runs of two builds.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';

function freePort() {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** Starts the server; resolves with { origin, kind, stop }. */
export async function startBenchServer(base, kind = process.env.SERVER ?? 'static', root = process.env.BUILD_DIR ?? 'build') {
  if (kind !== 'static' && kind !== 'preview') throw new Error(`SERVER must be static or preview, not ${kind}`);
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const server =
    kind === 'static'
      ? spawn(process.execPath, ['scripts/serve-build.mjs', '--root', root, '--base', base, '--port', String(port)], { stdio: 'ignore', detached: true })
      : spawn('npx', ['vite', 'preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort'], {
          env: { ...process.env, BASE_PATH: base },
          stdio: 'ignore',
          detached: true
        });
  const stop = () => {
    try {
      process.kill(-server.pid);
    } catch {
      /* already gone */
    }
  };
  process.on('exit', stop);
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${origin}${base}/`)).ok) break;
    } catch {
      /* not up yet */
    }
    if (i > 200) throw new Error(`the ${kind} server did not start`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { origin, kind, stop };
}
