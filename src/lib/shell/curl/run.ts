/**
 * The `curl` command: parse the command line, run each URL's transfer in the network namespace
 * the command runs in (the container of `docker exec`, else the learner's machine), let virtual
 * time pass until the transfer ends, and print what curl prints when its output is not a
 * terminal: the body (or headers) on stdout; the progress meter, -v lines and the error on
 * stderr.
 */
import { CURLE, type CurlOutcome, type CurlTraceLine, bodyText, curlRequestLines, curlTransfer } from '../../engine/apps/http-client';
import { utf8 } from '../../engine/apps/http';
import type { TcpSim } from '../../engine/apps/tcp';
import type { NetHost } from '../../engine/net/host';
import type { Scheduler } from '../../engine/sim/scheduler';
import { shellQuote } from '../docker/exec';
import type { CommandResult, ShellContext } from '../types';
import { CURL_HELP, CURL_VERSION_TEXT, type CurlOptions, parseCurlArgs } from './args';
import { meterChunks } from './meter';
import { type CurlUrl, parseCurlUrl, resolveTable } from './url';
import { writeOut } from './writeout';

/** Where curl runs: its namespace and the simulation driving it (tests pass their own). */
export interface CurlNet {
  netns: NetHost | undefined;
  sim: TcpSim & { scheduler: Scheduler };
}

/** The longest step of virtual time taken at once while waiting (Ctrl-C is checked in between). */
const MAX_STEP_MS = 1000;
/** A transfer that makes no progress for this long would hang forever: give up as if Ctrl-C'd. */
const HANG_LIMIT_MS = 3_600_000;

function netFor(ctx: ShellContext): CurlNet {
  const netns = ctx.container ? ctx.lab.docker.netnsOf(ctx.container) : ctx.lab.docker.hostNet;
  return { netns, sim: ctx.lab.sim };
}

/** Let virtual time pass, event by event, until done() or Ctrl-C; false when interrupted. */
async function waitFor(ctx: ShellContext, sched: Scheduler, done: () => boolean): Promise<boolean> {
  const limit = sched.now() + HANG_LIMIT_MS;
  let spins = 0;
  while (!done()) {
    if (ctx.signal?.aborted) return false;
    const now = sched.now();
    if (now >= limit || ++spins > 5_000_000) return false;
    const next = sched.nextAt();
    const step = next === null ? MAX_STEP_MS : Math.min(MAX_STEP_MS, Math.max(0, next - now));
    await ctx.advance(step);
  }
  return !ctx.signal?.aborted;
}

interface Timed {
  t: number;
  order: number;
  text: string;
}

function traceText(l: CurlTraceLine): string {
  if (l.kind === '*') return `* ${l.text}\n`;
  return `${l.kind} ${l.text}`;
}

/** stderr of one transfer: meter and -v lines in the order curl writes them. */
function transferStderr(o: CurlOutcome, opts: CurlOptions, meter: boolean): string {
  const items: Timed[] = [];
  if (meter) {
    const chunks = meterChunks(o.startedAt, o.endedAt, o.firstByteAt, o.body.length, o.response ? contentLength(o) : null);
    chunks.forEach((c, i) => items.push({ t: c.t, order: i === 0 ? 0 : i === chunks.length - 1 ? 2 : 1, text: c.text }));
  }
  if (opts.verbose) for (const l of o.trace) items.push({ t: l.t, order: l.closing ? 3 : 1, text: traceText(l) });
  return items
    .map((x, i) => ({ ...x, i }))
    .sort((a, b) => a.t - b.t || a.order - b.order || a.i - b.i)
    .map((x) => x.text)
    .join('');
}

function contentLength(o: CurlOutcome): number | null {
  const h = o.response?.headers.find(([k]) => k.toLowerCase() === 'content-length');
  return h && /^\d+$/.test(h[1]) ? Number(h[1]) : null;
}

async function requestBody(opts: CurlOptions, ctx: ShellContext): Promise<{ body: string; warnings: string }> {
  const parts: string[] = [];
  let warnings = '';
  for (const d of opts.data) {
    if (!d.raw && d.value.startsWith('@')) {
      const file = d.value.slice(1);
      const r = await ctx.exec(`cat ${shellQuote(file)}`);
      if (r.exitCode !== 0) warnings += `Warning: Couldn't read data from file "${file}", this makes an empty POST.\n`;
      parts.push(r.exitCode === 0 ? r.stdout.replace(/[\r\n]/g, '') : '');
    } else parts.push(d.value);
  }
  return { body: parts.join('&'), warnings };
}

export async function runCurl(args: string[], ctx: ShellContext, net: CurlNet = netFor(ctx)): Promise<CommandResult> {
  const parsed = parseCurlArgs(args);
  if (!parsed.ok) return { stdout: '', stderr: parsed.stderr, exitCode: parsed.exitCode };
  const opts = parsed.opts;
  if (opts.help) return { stdout: CURL_HELP, stderr: '', exitCode: 0 };
  if (opts.version) return { stdout: CURL_VERSION_TEXT, stderr: '', exitCode: 0 };

  const quiet = opts.silent;
  const showErrors = !opts.silent || opts.showError;
  const meter = !opts.silent && !opts.noProgressMeter;
  let stdout = '';
  let stderr = '';
  let exitCode = 0;

  const hasData = opts.data.length > 0;
  if (hasData && opts.head) {
    return { stdout: '', stderr: 'Warning: You can only select one HTTP request method! You asked for both POST \nWarning: (-d, --data) and HEAD (-I, --head).\n', exitCode: 2 };
  }
  const method = opts.method ?? (opts.head ? 'HEAD' : hasData ? 'POST' : 'GET');
  if (!quiet && opts.method === 'HEAD' && !opts.head) {
    stderr += 'Warning: Setting custom HTTP method to HEAD with -X/--request may not work the way you \nWarning: want. Consider using -I/--head instead.\n';
  }
  if (!quiet && opts.method === 'POST' && hasData) stderr += 'Note: Unnecessary use of -X or --request, POST is already inferred.\n';
  const { body, warnings } = hasData ? await requestBody(opts, ctx) : { body: '', warnings: '' };
  if (!quiet) stderr += warnings;
  const bodyBytes = utf8(body);
  const resolve = resolveTable(opts.resolve);
  const maxTimeMs = opts.maxTimeS ? opts.maxTimeS * 1000 : null;
  const connectTimeoutMs = opts.connectTimeoutS ? opts.connectTimeoutS * 1000 : null;
  let remoteNamesLeft = opts.remoteNames;

  for (let k = 0; k < opts.urls.length; k++) {
    const urlText = opts.urls[k];
    let outFile: string | null = k < opts.outputs.length ? opts.outputs[k] : null;
    const wantRemoteName = outFile === null && remoteNamesLeft > 0;
    if (wantRemoteName) remoteNamesLeft--;
    const u = parseCurlUrl(urlText, resolve);
    let outcome: CurlOutcome | null = null;
    let url: CurlUrl | null = null;
    let code: number;
    let error = '';

    if (!u.ok) {
      code = u.code;
      error = u.error;
      // a name that does not resolve fails after the meter's first line, without a newline
      if (meter && code === CURLE.COULDNT_RESOLVE_HOST) stderr += meterChunks(0, 0, null, 0, null)[0].text;
      if (opts.verbose && code === CURLE.COULDNT_RESOLVE_HOST) stderr += `* ${error}\n* closing connection #0\n`;
    } else {
      url = u.url;
      if (wantRemoteName) {
        const name = url.target.split('?')[0].split('/').pop() ?? '';
        if (name === '') {
          if (showErrors) stderr += 'curl: Remote file name has no length!\n';
          exitCode = CURLE.WRITE_ERROR;
          continue;
        }
        outFile = name;
      }
      const extra = hasData ? [`Content-Length: ${bodyBytes.length}`, 'Content-Type: application/x-www-form-urlencoded'] : [];
      if (opts.compressed) extra.unshift('Accept-Encoding: deflate, gzip, br, zstd');
      const requestLines = curlRequestLines({ method, target: url.target, host: url.hostHeader, headers: opts.headers, userAgent: opts.userAgent, http10: opts.http10, extra });
      if (!net.netns) {
        code = CURLE.COULDNT_CONNECT;
        error = `Failed to connect to ${url.host} port ${url.port} after 0 ms: Couldn't connect to server`;
      } else {
        let result: CurlOutcome | null = null;
        const h = curlTransfer(
          net.netns,
          net.sim,
          { ip: url.ip, port: url.port, hostname: url.host, requestLines, body: bodyBytes.length ? bodyBytes : undefined, noBody: method === 'HEAD', connectTimeoutMs, maxTimeMs },
          (o) => (result = o)
        );
        const ok = await waitFor(ctx, net.sim.scheduler, () => result !== null);
        if (!ok) {
          h.abort();
          return { stdout: '', stderr: '', exitCode: 130 };
        }
        outcome = result as CurlOutcome | null;
        if (!outcome) return { stdout: '', stderr: '', exitCode: 130 };
        code = outcome.code;
        error = outcome.error;
        const status = outcome.response?.status ?? 0;
        if (code === 0 && opts.fail && status >= 400) {
          code = CURLE.HTTP_RETURNED_ERROR;
          error = `The requested URL returned error: ${status}`;
        }
        stderr += transferStderr(outcome, opts, meter);
        if (code === CURLE.HTTP_RETURNED_ERROR && opts.verbose) stderr += `* ${error}\n`;
        if (code === 0) {
          const text = opts.head ? outcome.rawHead : (opts.include ? outcome.rawHead : '') + bodyText(outcome);
          if (outFile === null) stdout += text;
          else if (outFile !== '/dev/null') {
            const w = await ctx.exec(`cat > ${shellQuote(outFile)}`, { stdin: text });
            if (w.exitCode !== 0) {
              if (!quiet) stderr += `Warning: Failed to open the file ${outFile}: No such file or directory\n`;
              code = CURLE.WRITE_ERROR;
              error = 'Failure writing output to destination';
            }
          }
        }
      }
    }
    if (code !== 0 && showErrors) stderr += `curl: (${code}) ${error}\n`;
    if (opts.writeOut !== null) {
      const w = writeOut(opts.writeOut, { outcome, url, urlText, exitCode: code, errorMessage: error, method, outputFile: outFile });
      stdout += w.stdout;
      stderr += w.stderr;
    }
    exitCode = code;
  }
  return { stdout, stderr, exitCode };
}
