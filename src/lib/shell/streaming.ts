/**
 * What the terminal needs from the shell to show output as it is produced and to let Ctrl-C
 * land: which command of a line writes straight to the terminal, and a cheap turn of the event
 * loop.
 */
import { parseScript as parse } from './parse';

export type Stream = 'stdout' | 'stderr';
export type StreamFlags = Record<Stream, boolean>;

/** Builtins that print nothing when they succeed: they may precede a streamed command. */
const QUIET_BUILTINS = new Set(['set', 'export', 'cd', 'shopt', 'unset', 'umask', 'alias', ':', 'true']);

type AstNode = { type?: string; [key: string]: unknown };

function literalName(cmd: AstNode): string | null {
  const parts = (cmd.name as AstNode | null)?.parts as AstNode[] | undefined;
  return parts?.length === 1 && parts[0].type === 'Literal' ? String(parts[0].value) : null;
}

function walk(node: unknown, visit: (n: AstNode) => void): void {
  if (Array.isArray(node)) for (const x of node) walk(x, visit);
  else if (node && typeof node === 'object') {
    visit(node as AstNode);
    for (const v of Object.values(node)) if (v && typeof v === 'object') walk(v, visit);
  }
}

/**
 * The one command of a script whose output may be streamed to the terminal as it is produced,
 * and which of its streams go straight to the terminal. Streaming anything else would show its
 * output out of order with the output just-bash hands back at the end (or show output that a
 * pipe, a redirection or a `$(...)` should have swallowed). Conservative: the command must be
 * the last one of the first pipeline of the first statement that prints anything (only quiet
 * builtins and plain assignments may come before it), it must appear only once in the script,
 * it must not run in the background, and a redirection takes its stream away.
 */
export interface TerminalWriter {
  name: string;
  stream: StreamFlags;
  /** More of the script may print after it (a later statement, `&& …`, `|| …`). */
  followed: boolean;
}

export function terminalWriter(script: string): TerminalWriter | null {
  let ast: AstNode;
  try {
    ast = parse(script) as unknown as AstNode;
  } catch {
    return null;
  }
  const names = new Map<string, number>();
  walk(ast, (n) => {
    if (n.type !== 'SimpleCommand') return;
    const name = literalName(n);
    if (name !== null) names.set(name, (names.get(name) ?? 0) + 1);
  });
  const statements = (ast.statements as AstNode[] | undefined) ?? [];
  for (const [i, st] of statements.entries()) {
    const pipelines = st.pipelines as AstNode[];
    const first = pipelines[0];
    const cmds = first.commands as AstNode[];
    const last = cmds[cmds.length - 1];
    if (pipelines.length === 1 && cmds.length === 1 && last.type === 'SimpleCommand' && !st.background) {
      const name = literalName(last);
      const hasSubst = JSON.stringify(last).includes('Substitution');
      const quiet = !hasSubst && !((last.redirections as unknown[]) ?? []).length && (last.name === null || (name !== null && QUIET_BUILTINS.has(name)));
      if (quiet) continue;
    }
    if (st.background || last.type !== 'SimpleCommand') return null;
    const name = literalName(last);
    if (name === null || names.get(name) !== 1) return null;
    const stream: StreamFlags = { stdout: true, stderr: true };
    let stderrFollowsStdout = false;
    for (const r of (last.redirections as AstNode[]) ?? []) {
      const op = String(r.operator);
      if (op.startsWith('<')) continue;
      const target = r.target as AstNode;
      const tparts = (target?.parts as AstNode[] | undefined) ?? [];
      const targetText = tparts.length === 1 && tparts[0].type === 'Literal' ? String(tparts[0].value) : '';
      if (op === '&>' || op === '&>>') {
        stream.stdout = stream.stderr = false;
        continue;
      }
      const fd = typeof r.fd === 'number' ? r.fd : 1;
      if (op === '>&' && fd === 2 && targetText === '1') stderrFollowsStdout = true;
      else if (fd === 1) stream.stdout = false;
      else if (fd === 2) {
        stream.stderr = false;
        stderrFollowsStdout = false;
      }
    }
    if (stderrFollowsStdout) stream.stderr = stream.stdout;
    return stream.stdout || stream.stderr ? { name, stream, followed: i < statements.length - 1 || pipelines.length > 1 } : null;
  }
  return null;
}

/** One turn of the event loop through a MessageChannel (setTimeout(0) costs 4 ms in browsers). */
let channel: MessageChannel | null = null;
const waiting: (() => void)[] = [];
export function yieldToEventLoop(): Promise<void> {
  if (typeof MessageChannel === 'undefined') return new Promise((r) => setTimeout(r, 0));
  if (!channel) {
    channel = new MessageChannel();
    channel.port1.onmessage = () => waiting.shift()?.();
    // Node: a port with a listener would keep the process alive.
    (channel.port1 as unknown as { unref?: () => void }).unref?.();
  }
  const ch = channel;
  return new Promise<void>((resolve) => {
    waiting.push(resolve);
    ch.port2.postMessage(0);
  });
}
