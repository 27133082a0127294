#!/usr/bin/env node
// `npm run classroom [-- --port 8443 --host 0.0.0.0 --build]`: serve the built site to a
// classroom over HTTPS.
//
// Why HTTPS: the lab computes SHA-256 with Web Crypto, and browsers only offer `crypto.subtle`
// on secure origins. `http://localhost` is one, a classroom's `http://192.168.x.x` is not.
// So this builds the site (base path `/`) if `build/` is missing or `--build` is given, makes a
// self-signed certificate for this machine's names and LAN addresses once (kept in
// `.classroom/`, made again when the addresses change or it expires), and serves `build/` on
// every interface. It prints the addresses to give the students and the certificate's SHA-256
// fingerprint, so they can check it is this certificate before accepting it.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureCertificate, machineNames } from './cert.mjs';
import { startServer } from './static-server.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const BUILD = join(ROOT, 'build');
const CERT_DIR = join(ROOT, '.classroom');

function usage(code) {
  console.log(`usage: npm run classroom -- [--port N] [--host ADDRESS] [--build]

  --port N        HTTPS port (default 8443)
  --host ADDRESS  interface to listen on (default 0.0.0.0: every interface)
  --build         rebuild the site first (it is built anyway when build/ is missing)`);
  process.exit(code);
}

function parseArgs(argv) {
  const opts = { port: 8443, host: '0.0.0.0', build: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [flag, inline] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = () => inline ?? argv[++i];
    if (flag === '--build') opts.build = true;
    else if (flag === '--port') {
      const p = Number(value());
      if (!Number.isInteger(p) || p < 1 || p > 65535) {
        console.error('classroom: --port needs a number from 1 to 65535');
        usage(2);
      }
      opts.port = p;
    } else if (flag === '--host') opts.host = value() ?? opts.host;
    else if (flag === '--help' || flag === '-h') usage(0);
    else {
      console.error(`classroom: unknown option ${a}`);
      usage(2);
    }
  }
  return opts;
}

const opts = parseArgs(process.argv.slice(2));

if (opts.build || !existsSync(join(BUILD, 'index.html'))) {
  console.log('classroom: building the site (base path /) …');
  const r = spawnSync('npx', ['vite', 'build'], { cwd: ROOT, stdio: 'inherit', env: { ...process.env, BASE_PATH: '' } });
  if (r.status !== 0) {
    console.error(`classroom: the build failed (exit ${r.status ?? r.error?.message})`);
    process.exit(1);
  }
}

const names = machineNames();
const { certPem, keyPem, x509, created } = ensureCertificate(CERT_DIR, names);

let server;
try {
  server = await startServer({ root: BUILD, key: keyPem, cert: certPem, port: opts.port, host: opts.host });
} catch (e) {
  console.error(`classroom: cannot listen on ${opts.host}:${opts.port}: ${e.message}`);
  process.exit(1);
}

const port = opts.port === 443 ? '' : `:${opts.port}`;
const lan = names.ips.filter((ip) => ip !== '127.0.0.1');
const lines = [
  '',
  'MetalLB Lab classroom server (HTTPS)',
  '',
  'Students open:',
  ...(lan.length ? lan.map((ip) => `  https://${ip}${port}/`) : ['  (no LAN address found: only this machine can connect)']),
  ...names.dnsNames.filter((d) => d !== 'localhost').map((d) => `  https://${d}${port}/   (if the name resolves on your network)`),
  '',
  `On this machine: https://localhost${port}/`,
  '',
  `Certificate (${created ? 'new' : 'reused'}, self-signed, in .classroom/), valid until ${x509.validTo}`,
  `  SHA-256 fingerprint: ${x509.fingerprint256}`,
  `  Names: ${x509.subjectAltName}`,
  '',
  'Browsers warn about a self-signed certificate. Students compare the fingerprint above with the',
  'one the browser shows (click the warning, then the certificate details), then choose',
  '"Advanced" → "Proceed". Or install .classroom/cert.pem as trusted on the students\' machines:',
  'then there is no warning, and the site also keeps working offline.',
  '',
  'Press Ctrl-C to stop.'
];
console.log(lines.join('\n'));

for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    server.close();
    process.exit(0);
  });
}
