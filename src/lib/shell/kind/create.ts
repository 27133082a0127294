/**
 * `kind create cluster [--name N] [--config FILE|-] [--image IMG] [--wait D]`: reads and checks
 * the config, asks the kind provider to build the cluster, then prints kind's progress lines on
 * stderr as virtual time reaches each step (streamed when the terminal listens).
 */
import { type KindConfig, parseKindConfig } from '../../engine/k8s/kind/config';
import { type CommandResult, type ShellContext } from '../types';
import { flagString, parseFlags } from '../docker/args';
import { shellQuote } from '../docker/exec';
import { clusterName, kindError } from './root';

const CREATE_FLAGS = [
  { long: 'name', short: 'n', type: 'string' as const },
  { long: 'config', type: 'string' as const },
  { long: 'image', type: 'string' as const },
  { long: 'wait', type: 'string' as const },
  { long: 'retain', type: 'bool' as const },
  { long: 'kubeconfig', type: 'string' as const },
  { long: 'verbosity', short: 'v', type: 'int' as const },
  { long: 'quiet', short: 'q', type: 'bool' as const }
];

/** Go's time.ParseDuration for the simple forms --wait takes ("60s", "5m", "1m30s", "0"). */
function parseDuration(s: string): number | null {
  if (s === '0') return 0;
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h)/g;
  let total = 0;
  let used = 0;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    total += Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] as 'ms' | 's' | 'm' | 'h'];
    used += m[0].length;
  }
  return used === s.length && used > 0 ? total : null;
}

/** Go's Duration.String() for whole seconds: "5m0s", "30s", "1h0m0s". */
function goDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (h) return `${h}h${m}m${sec}s`;
  if (m) return `${m}m${sec}s`;
  return `${sec}s`;
}

/** The config text: stdin for `-`, else the file, read through the shell's filesystem. */
async function readConfig(ctx: ShellContext, path: string): Promise<{ ok: true; text: string } | { ok: false; error: string }> {
  if (path === '-') return { ok: true, text: ctx.stdin };
  const r = await ctx.exec(`cat -- ${shellQuote(path)}`);
  if (r.exitCode !== 0) return { ok: false, error: `failed to create cluster: error reading file: open ${path}: no such file or directory` };
  return { ok: true, text: r.stdout };
}

export async function kindCreateCluster(ctx: ShellContext, argv: string[]): Promise<CommandResult> {
  const p = parseFlags(argv, CREATE_FLAGS);
  if (!p.ok) return kindError(p.error);
  if (p.value.help) return { stdout: 'Creates a local Kubernetes cluster using Docker container \'nodes\'\n\nUsage:\n  kind create cluster [flags]\n', stderr: '', exitCode: 0 };
  if (p.value.args.length) return kindError(`unknown command "${p.value.args[0]}" for "kind create cluster"`);
  const quiet = p.value.flags.get('quiet') === true;
  const waitArg = flagString(p.value, 'wait');
  const waitMs = waitArg === undefined ? 0 : parseDuration(waitArg);
  if (waitMs === null) return kindError(`invalid argument "${waitArg}" for "--wait" flag: time: invalid duration "${waitArg}"`);

  let config: KindConfig;
  const path = flagString(p.value, 'config');
  if (path !== undefined) {
    const text = await readConfig(ctx, path);
    if (!text.ok) return kindError(text.error);
    const parsed = parseKindConfig(text.text);
    if (!parsed.ok) return { stdout: '', stderr: parsed.error + '\n', exitCode: 1 };
    config = parsed.config;
  } else {
    const parsed = parseKindConfig('');
    if (!parsed.ok) return { stdout: '', stderr: parsed.error + '\n', exitCode: 1 };
    config = parsed.config;
  }
  const image = flagString(p.value, 'image');
  if (image) config = { ...config, nodes: config.nodes.map((n) => ({ ...n, image })) };
  // --name wins over the config's name; then $KIND_CLUSTER_NAME, then "kind".
  const name = flagString(p.value, 'name') || config.name || clusterName(ctx, undefined);

  const res = ctx.lab.kind.create(name, config);
  if (!res.ok) return { stdout: '', stderr: res.error + '\n', exitCode: 1 };

  const lines = [...res.steps];
  if (waitMs > 0) {
    // kind waits for the control-plane node to be Ready and says how long it took.
    const at = lines.findIndex((l) => l.line.startsWith('Set kubectl context'));
    const t = lines[at].atMs;
    const readyAfter = Math.min(waitMs, 16_000);
    lines.splice(at, 0, { atMs: t, line: ` ✓ Waiting ≤ ${goDuration(waitMs)} for control-plane = Ready ⏳ ` }, { atMs: t + readyAfter, line: ` • Ready after ${goDuration(readyAfter)} 💚` });
    for (let i = at + 2; i < lines.length; i++) lines[i] = { ...lines[i], atMs: t + readyAfter };
  }
  let stderr = '';
  let elapsed = 0;
  for (const step of lines) {
    if (step.atMs > elapsed) {
      await ctx.advance(step.atMs - elapsed);
      elapsed = step.atMs;
    }
    if (quiet) continue;
    const chunk = step.line + '\n';
    if (ctx.write) ctx.write(chunk, 'stderr');
    else stderr += chunk;
  }
  return { stdout: '', stderr, exitCode: 0 };
}

