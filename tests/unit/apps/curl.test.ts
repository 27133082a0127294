import { describe, expect, test } from 'vitest';
import { attachTcp } from '../../../src/lib/engine/apps/tcp';
import { IPPROTO_TCP } from '../../../src/lib/engine/net';
import { Lab } from '../../../src/lib/engine/lab';
import { LabShell } from '../../../src/lib/shell';
import { parseCurlArgs } from '../../../src/lib/shell/curl/args';
import { max5, meterLine, time2str } from '../../../src/lib/shell/curl/meter';
import { runCurl } from '../../../src/lib/shell/curl/run';
import { parseCurlUrl } from '../../../src/lib/shell/curl/url';
import { curlNet, startWhoami, stubCtx, twoHosts } from './helpers';

const TRY = "curl: try 'curl --help' or 'curl --manual' for more information\n";
const METER_HEAD = '  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n                                 Dload  Upload   Total   Spent    Left  Speed\n';
const ZERO_LINE = '  0     0    0     0    0     0      0      0 --:--:-- --:--:-- --:--:--     0';
const DATE = 'Thu, 03 Oct 2024 09:00:00 GMT';

/** A and B on a bridge, whoami on B, and curl running on A. */
function setup() {
  const n = twoHosts();
  startWhoami(n.sim, n.b);
  const curl = (...args: string[]) => runCurl(args, stubCtx(n.sim), curlNet(n, n.a));
  return { n, curl };
}

function whoamiBody(port: string, request = 'GET / HTTP/1.1\r\nHost: 172.18.0.3\r\nUser-Agent: curl/8.14.1\r\nAccept: */*\r\n\r\n'): string {
  return `Hostname: webpod1\nIP: 127.0.0.1\nIP: ::1\nIP: 172.18.0.3\nIP: fe80::a0b1:c2ff:fed3:e4f5\nRemoteAddr: 172.18.0.100:${port}\n` + request;
}

function remotePort(stdout: string): string {
  const m = /RemoteAddr: 172\.18\.0\.100:(\d+)\n/.exec(stdout);
  if (!m) throw new Error(`no RemoteAddr in ${JSON.stringify(stdout)}`);
  return m[1];
}

describe('curl against whoami', () => {
  test('-s: the body exactly as whoami wrote it', async () => {
    const { curl } = setup();
    const r = await curl('-s', '172.18.0.3');
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe('');
    const port = remotePort(r.stdout);
    expect(Number(port)).toBeGreaterThanOrEqual(32768);
    expect(Number(port)).toBeLessThanOrEqual(60999);
    expect(r.stdout).toBe(whoamiBody(port));
  });

  test('URL forms: bare IP, http://IP/, http://IP:PORT/path', async () => {
    const { curl } = setup();
    const a = await curl('-s', 'http://172.18.0.3/');
    expect(a.stdout).toBe(whoamiBody(remotePort(a.stdout)));
    const b = await curl('-s', 'http://172.18.0.3:80/api');
    expect(JSON.parse(b.stdout).url).toBe('/api');
    const c = await curl('-s', 'http://172.18.0.3:80/x/y?z=1');
    expect(c.stdout).toContain('GET /x/y?z=1 HTTP/1.1\r\nHost: 172.18.0.3\r\n');
  });

  test('without -s: the progress meter on stderr, as curl writes it into a pipe', async () => {
    const { curl } = setup();
    const r = await curl('172.18.0.3');
    expect(r.exitCode).toBe(0);
    const len = Buffer.byteLength(r.stdout);
    expect(r.stderr.startsWith(METER_HEAD + '\r' + ZERO_LINE + '\r')).toBe(true);
    expect(r.stderr.endsWith('\n')).toBe(true);
    const last = r.stderr.slice(0, -1).split('\r').pop() ?? '';
    expect(last).toMatch(new RegExp(`^100 +${len}  100 +${len}    0     0 +\\d+k?      0 --:--:-- --:--:-- --:--:-- +\\d+k?$`));
  });

  test('-v: what curl 8 writes on stderr (with -s: no meter)', async () => {
    const { curl } = setup();
    const r = await curl('-sv', '172.18.0.3');
    const len = Buffer.byteLength(r.stdout);
    expect(r.stderr).toBe(
      '*   Trying 172.18.0.3:80...\n' +
        '* Connected to 172.18.0.3 (172.18.0.3) port 80\n' +
        '* using HTTP/1.x\n' +
        '> GET / HTTP/1.1\r\n' +
        '> Host: 172.18.0.3\r\n' +
        '> User-Agent: curl/8.14.1\r\n' +
        '> Accept: */*\r\n' +
        '> \r\n' +
        '* Request completely sent off\n' +
        '< HTTP/1.1 200 OK\r\n' +
        `< Date: ${DATE}\r\n` +
        `< Content-Length: ${len}\r\n` +
        '< Content-Type: text/plain; charset=utf-8\r\n' +
        '< \r\n' +
        `{ [${len} bytes data]\n` +
        '* Connection #0 to host 172.18.0.3 left intact\n'
    );
  });

  test('-v without -s: the meter’s first line runs into "*   Trying", its last comes before "left intact"', async () => {
    const { curl } = setup();
    const r = await curl('-v', '172.18.0.3');
    expect(r.stderr.startsWith(METER_HEAD + '\r' + ZERO_LINE + '*   Trying 172.18.0.3:80...\n')).toBe(true);
    expect(r.stderr).toMatch(/\n\r100 [^\n]+\n\* Connection #0 to host 172\.18\.0\.3 left intact\n$/);
  });

  test('-I prints the response head; -i the head and the body', async () => {
    const { curl } = setup();
    const head = await curl('-sI', '172.18.0.3');
    expect(head.exitCode).toBe(0);
    expect(head.stdout).toMatch(new RegExp(`^HTTP/1\\.1 200 OK\\r\\nDate: ${DATE}\\r\\nContent-Length: \\d+\\r\\nContent-Type: text/plain; charset=utf-8\\r\\n\\r\\n$`));
    const inc = await curl('-si', '172.18.0.3');
    const [h, body] = inc.stdout.split(/(?<=\r\n\r\n)/);
    expect(h).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(inc.stdout.slice(h.length)).toBe(whoamiBody(remotePort(body)));
  });

  test('-H and -X reach the server (whoami echoes them in Go’s order)', async () => {
    const { curl } = setup();
    const r = await curl('-s', '-H', 'X-Zeta: 1', '-H', 'x-alpha: 2', '-H', 'Accept:', '-X', 'DELETE', '172.18.0.3');
    expect(r.stdout.slice(r.stdout.indexOf('DELETE'))).toBe('DELETE / HTTP/1.1\r\nHost: 172.18.0.3\r\nUser-Agent: curl/8.14.1\r\nContent-Length: 0\r\nX-Alpha: 2\r\nX-Zeta: 1\r\n\r\n');
    const v = await curl('-sv', '-H', 'Host: web.example', '-A', 'probe/1', '172.18.0.3');
    expect(v.stderr).toContain('> GET / HTTP/1.1\r\n> Host: web.example\r\n> User-Agent: probe/1\r\n> Accept: */*\r\n> \r\n');
    const d = await curl('-s', '-d', 'a=1', '172.18.0.3');
    expect(d.stdout.slice(d.stdout.indexOf('POST'))).toBe('POST / HTTP/1.1\r\nHost: 172.18.0.3\r\nUser-Agent: curl/8.14.1\r\nContent-Length: 3\r\nAccept: */*\r\nContent-Type: application/x-www-form-urlencoded\r\n\r\na=1');
  });

  test('-w: http_code, remote_ip, time_total (seconds, six decimals); -o /dev/null drops the body', async () => {
    const { curl } = setup();
    const r = await curl('-s', '-o', '/dev/null', '-w', '%{http_code} %{remote_ip}:%{remote_port} %{time_connect} %{time_total}\\n', '172.18.0.3');
    expect(r.stdout).toMatch(/^200 172\.18\.0\.3:80 0\.00\d{4} 0\.00\d{4}\n$/);
    const [, , connect, total] = r.stdout.trim().split(' ');
    expect(Number(connect)).toBeGreaterThan(0.001); // curl's start-up plus the handshake
    expect(Number(total)).toBeGreaterThan(Number(connect));
    const bad = await curl('-s', '-w', '%{http_code}|%{bogus}|%%\\t', '172.18.0.3:81');
    expect(bad).toEqual({ stdout: '000||%\t', stderr: "curl: unknown --write-out variable: 'bogus'\n", exitCode: 7 });
  });

  test('-o FILE writes the body through the shell; an unwritable path is exit 23', async () => {
    const n = twoHosts();
    startWhoami(n.sim, n.b);
    const files = new Map<string, string>();
    const r = await runCurl(['-s', '-o', 'out.txt', '172.18.0.3'], stubCtx(n.sim, { files }), curlNet(n, n.a));
    expect(r).toEqual({ stdout: '', stderr: '', exitCode: 0 });
    expect(files.get('out.txt')).toBe(whoamiBody(remotePort(files.get('out.txt') ?? '')));
    const bad = await runCurl(['-sS', '-o', '/nonexistent/x', '172.18.0.3'], stubCtx(n.sim, { files }), curlNet(n, n.a));
    expect(bad.exitCode).toBe(23);
    expect(bad.stderr).toBe('curl: (23) Failure writing output to destination\n');
  });
});

describe('curl errors', () => {
  test('closed port: RST, exit 7; -s hides the message, -sS shows it, no -s adds the meter', async () => {
    const { curl } = setup();
    const msg = "curl: (7) Failed to connect to 172.18.0.3 port 81 after 1 ms: Couldn't connect to server\n";
    expect(await curl('-sS', '172.18.0.3:81')).toEqual({ stdout: '', stderr: msg, exitCode: 7 });
    expect(await curl('-s', '172.18.0.3:81')).toEqual({ stdout: '', stderr: '', exitCode: 7 });
    const loud = await curl('172.18.0.3:81');
    expect(loud.stderr).toBe(METER_HEAD + '\r' + ZERO_LINE + '\r' + ZERO_LINE + '\n' + msg);
    const v = await curl('-sv', '172.18.0.3:81');
    expect(v.stderr).toMatch(/^\* {3}Trying 172\.18\.0\.3:81\.\.\.\n\* connect to 172\.18\.0\.3 port 81 from 172\.18\.0\.100 port \d+ failed: Connection refused\n\* Failed to connect to 172\.18\.0\.3 port 81 after 1 ms: Couldn't connect to server\n\* closing connection #0\n$/);
  });

  test('nothing at the address: ARP fails and the kernel says EHOSTUNREACH after ~3 s (exit 7)', async () => {
    const { curl } = setup();
    const r = await curl('-sS', '172.18.0.77');
    expect(r.exitCode).toBe(7);
    expect(r.stderr).toMatch(/^curl: \(7\) Failed to connect to 172\.18\.0\.77 port 80 after 3\d{3} ms: Couldn't connect to server\n$/);
  });

  test('--connect-timeout 2: exit 28 after 2002 ms, "Timeout was reached"', async () => {
    const { n, curl } = setup();
    const t0 = n.sim.clock.now();
    const r = await curl('-sS', '--connect-timeout', '2', '172.18.0.77');
    expect(r).toEqual({ stdout: '', stderr: 'curl: (28) Failed to connect to 172.18.0.77 port 80 after 2002 ms: Timeout was reached\n', exitCode: 28 });
    expect(n.sim.clock.now() - t0).toBeGreaterThanOrEqual(2002);
    expect(n.sim.clock.now() - t0).toBeLessThan(2010);
    // decimals are fine, and -m applies while connecting too (another address: the kernel's
    // ARP entry for .77 is still INCOMPLETE from the attempt above and fails within 1.5 s)
    const m = await curl('-sS', '-m', '1.5', '172.18.0.78');
    expect(m.stderr).toBe('curl: (28) Failed to connect to 172.18.0.78 port 80 after 1502 ms: Timeout was reached\n');
  });

  test('the kernel gives up the SYN retries: exit 28 after ~130 s, "Couldn\'t connect to server"', async () => {
    const { n, curl } = setup();
    n.b.addInputFilter((p) => (p.protocol === IPPROTO_TCP ? 'drop' : 'accept'));
    const r = await curl('-sS', '172.18.0.3');
    expect(r.exitCode).toBe(28);
    const m = /^curl: \(28\) Failed to connect to 172\.18\.0\.3 port 80 after (\d+) ms: Couldn't connect to server\n$/.exec(r.stderr);
    expect(m).not.toBeNull();
    expect(Number(m?.[1])).toBeGreaterThanOrEqual(127_000);
    expect(Number(m?.[1])).toBeLessThan(132_000);
  });

  test('connected, but no answer before -m: "Operation timed out after 2001 milliseconds with 0 bytes received"', async () => {
    const { n, curl } = setup();
    attachTcp(n.b, n.sim).listen(8080, () => {});
    const r = await curl('-sS', '-m', '2', '172.18.0.3:8080');
    expect(r).toEqual({ stdout: '', stderr: 'curl: (28) Operation timed out after 2001 milliseconds with 0 bytes received\n', exitCode: 28 });
  });

  test('the server’s host goes down between two curls: SYNs go unanswered', async () => {
    const { n, curl } = setup();
    expect((await curl('-s', '172.18.0.3')).exitCode).toBe(0);
    n.b.setUp(false);
    const r = await curl('-sS', '--connect-timeout', '2', '172.18.0.3');
    expect(r.stderr).toBe('curl: (28) Failed to connect to 172.18.0.3 port 80 after 2002 ms: Timeout was reached\n');
    // without a timeout: the cached MAC goes stale, ARP probes fail, the next SYN meets EHOSTUNREACH
    const slow = await curl('-sS', '172.18.0.3');
    expect(slow.exitCode).toBe(7);
    expect(slow.stderr).toMatch(/^curl: \(7\) Failed to connect to 172\.18\.0\.3 port 80 after \d+ ms: Couldn't connect to server\n$/);
  });

  test('the server’s host goes down mid-request: -m ends it with 0 bytes received', async () => {
    const { n, curl } = setup();
    expect((await curl('-s', '172.18.0.3')).exitCode).toBe(0); // ARP is cached now
    const t0 = n.sim.clock.now();
    // after the handshake and the request (curl connects 1 ms in), before whoami answers
    n.sim.scheduler.at(t0 + 1.25, 'test: B down', () => n.b.setUp(false));
    const r = await curl('-sS', '-m', '2', '172.18.0.3');
    expect(r).toEqual({ stdout: '', stderr: 'curl: (28) Operation timed out after 2001 milliseconds with 0 bytes received\n', exitCode: 28 });
  });

  test('names: no resolver (exit 6) except localhost and --resolve; bad URLs (exit 3)', async () => {
    const { curl } = setup();
    expect(await curl('-sS', 'webpod')).toEqual({ stdout: '', stderr: 'curl: (6) Could not resolve host: webpod\n', exitCode: 6 });
    const loud = await curl('http://webpod/');
    expect(loud.stderr).toBe(METER_HEAD + '\r' + ZERO_LINE + 'curl: (6) Could not resolve host: webpod\n');
    expect(await curl('-sS', 'http://a{b}/')).toEqual({ stdout: '', stderr: 'curl: (3) URL rejected: Bad hostname\n', exitCode: 3 });
    expect(await curl('-sS', 'http://:80/')).toEqual({ stdout: '', stderr: 'curl: (3) URL rejected: No host part in the URL\n', exitCode: 3 });
    expect((await curl('-sS', 'http://172.18.0.3:99999/')).stderr).toBe('curl: (3) URL rejected: Port number was not a decimal number between 0 and 65535\n');
    expect((await curl('-sS', 'localhost')).stderr).toBe("curl: (7) Failed to connect to localhost port 80 after 1 ms: Couldn't connect to server\n");
    const viaResolve = await curl('-s', '--resolve', 'web.example:80:172.18.0.3', 'http://web.example/');
    expect(viaResolve.stdout).toContain('Host: web.example\r\n');
  });

  test('command-line errors: exit 2 with curl’s two lines', async () => {
    const { curl } = setup();
    expect(await curl('--foo', '172.18.0.3')).toEqual({ stdout: '', stderr: `curl: option --foo: is unknown\n${TRY}`, exitCode: 2 });
    expect(await curl('172.18.0.3', '-m')).toEqual({ stdout: '', stderr: `curl: option -m: requires parameter\n${TRY}`, exitCode: 2 });
    expect(await curl('--max-time', 'soon', '172.18.0.3')).toEqual({ stdout: '', stderr: `curl: option --max-time: expected a proper numerical parameter\n${TRY}`, exitCode: 2 });
    expect(await curl('-s')).toEqual({ stdout: '', stderr: `curl: no URL specified\n${TRY}`, exitCode: 2 });
    expect((await curl('-W', 'x')).stderr).toBe(`curl: option -W: is unknown\n${TRY}`);
  });

  test('Ctrl-C while waiting: exit 130, no output', async () => {
    const n = twoHosts();
    n.b.addInputFilter((p) => (p.protocol === IPPROTO_TCP ? 'drop' : 'accept'));
    const ac = new AbortController();
    const ctx = stubCtx(n.sim, { signal: ac.signal });
    const advance = ctx.advance;
    ctx.advance = async (ms) => {
      await advance(ms);
      if (n.sim.clock.now() > 5000) ac.abort();
    };
    const r = await runCurl(['172.18.0.3'], ctx, curlNet(n, n.a));
    expect(r).toEqual({ stdout: '', stderr: '', exitCode: 130 });
    expect(n.sim.clock.now()).toBeLessThan(6100);
  });
});

describe('curl pieces', () => {
  test('option bundles and values', () => {
    const p = parseCurlArgs(['-sSo', '/dev/null', '-w%{http_code}', '--connect-timeout', '2.5', '-H', 'A: b', 'http://x/']);
    if (!p.ok) throw new Error(p.stderr);
    expect(p.opts).toMatchObject({ silent: true, showError: true, outputs: ['/dev/null'], writeOut: '%{http_code}', connectTimeoutS: 2.5, headers: ['A: b'], urls: ['http://x/'] });
    const no = parseCurlArgs(['-s', '--no-silent', 'x']);
    expect(no.ok && no.opts.silent).toBe(false);
  });

  test('URL parsing', () => {
    const u = parseCurlUrl('172.18.255.200');
    expect(u).toEqual({ ok: true, url: { scheme: 'http', host: '172.18.255.200', port: 80, target: '/', ip: 0xac12ffc8, hostHeader: '172.18.255.200', effective: 'http://172.18.255.200/', resolved: false } });
    const v = parseCurlUrl('HTTP://172.18.255.200:8080?x=1#frag');
    expect(v.ok && [v.url.port, v.url.target, v.url.hostHeader]).toEqual([8080, '/?x=1', '172.18.255.200:8080']);
    expect(parseCurlUrl('ftp://1.2.3.4/')).toEqual({ ok: false, code: 1, error: 'Protocol "ftp" not supported' });
  });

  test('meter columns (max5data, time2str)', () => {
    expect(max5(0)).toBe('    0');
    expect(max5(99_999)).toBe('99999');
    expect(max5(113_500)).toBe(' 110k');
    expect(max5(20 * 1024 * 1024 + 512 * 1024)).toBe('20.5M');
    expect(time2str(0)).toBe('--:--:--');
    expect(time2str(2)).toBe(' 0:00:02');
    expect(time2str(3723)).toBe(' 1:02:03');
    expect(meterLine({ elapsedUs: 2000, dlNow: 227, dlTotal: 227 })).toBe('100   227  100   227    0     0   110k      0 --:--:-- --:--:-- --:--:--  110k');
  });
});

describe('curl in the lab shell', () => {
  test('docker exec mypc curl: runs in mypc’s namespace; the docker host has nothing on :80', async () => {
    const lab = await Lab.create({ seed: 5, scenario: 'kind' });
    const sh = new LabShell(lab);
    expect(await sh.run('docker exec mypc curl -sS 172.18.0.1')).toEqual({ stdout: '', stderr: "curl: (7) Failed to connect to 172.18.0.1 port 80 after 1 ms: Couldn't connect to server\n", exitCode: 7 });
    expect(await sh.run('docker exec mypc curl -s -o /dev/null -w "%{http_code}\\n" --connect-timeout 2 172.18.255.200')).toEqual({ stdout: '000\n', stderr: '', exitCode: 28 });
    expect(await sh.run('curl --foo')).toEqual({ stdout: '', stderr: `curl: option --foo: is unknown\n${TRY}`, exitCode: 2 });
  }, 60_000);

  test('a kind node curls a whoami pod by its IP (kindnet routes, the pod’s own namespace)', async () => {
    const lab = await Lab.create({ seed: 5, scenario: 'kind' });
    const sh = new LabShell(lab);
    expect((await sh.run('kubectl create deployment webpod --image=traefik/whoami --replicas=1')).exitCode).toBe(0);
    await sh.run('sleep 60');
    const podIp = (await sh.run("kubectl get pods -o jsonpath='{.items[0].status.podIP}'")).stdout.trim();
    expect(podIp).toMatch(/^10\.10\.\d+\.\d+$/);
    const r = await sh.run(`docker exec myk8s-control-plane curl -s ${podIp}`);
    expect(r.exitCode).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^Hostname: webpod-[a-z0-9]+-[a-z0-9]{5}$/);
    expect(lines.slice(1, 4)).toEqual(['IP: 127.0.0.1', 'IP: ::1', `IP: ${podIp}`]);
    expect(lines[4]).toMatch(/^IP: fe80::/);
    // the node reaches the pod from its eth0 address (no NAT on this path)
    expect(lines[5]).toMatch(/^RemoteAddr: 172\.18\.0\.\d+:\d+$/);
    expect(r.stdout.endsWith(`GET / HTTP/1.1\r\nHost: ${podIp}\r\nUser-Agent: curl/8.14.1\r\nAccept: */*\r\n\r\n`)).toBe(true);
  }, 60_000);
});
