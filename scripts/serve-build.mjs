#!/usr/bin/env node
// `node scripts/serve-build.mjs [--root build] [--base /metallb-lab] [--port 4173] [--host 127.0.0.1]`:
// serve a build over plain HTTP on this machine, the way a static host does (pre-compressed
// twins sent as they are, see static-server.mjs). For the page benches and the e2e runs; a
// classroom needs HTTPS (`npm run classroom`), since plain HTTP is only a secure context on
// localhost.
import { startServer } from './static-server.mjs';

const opts = { root: 'build', base: '', port: 4173, host: '127.0.0.1' };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const flag = argv[i].replace(/^--/, '');
  const value = argv[++i];
  if (!(flag in opts) || value === undefined) {
    console.error(`serve-build: unknown option or missing value: ${argv[i - 1]}`);
    process.exit(2);
  }
  opts[flag] = flag === 'port' ? Number(value) : value;
}
try {
  await startServer(opts);
} catch (e) {
  console.error(`serve-build: cannot listen on ${opts.host}:${opts.port}: ${e.message}`);
  process.exit(1);
}
console.log(`serve-build: ${opts.root}/ at http://${opts.host}:${opts.port}${opts.base}/`);
