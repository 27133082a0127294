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
 * A command of a script whose output may be streamed to the terminal as it is produced, and
 * which of its streams go straight to the terminal. Streaming anything else would show its
 * output out of order with the output just-bash hands back at the end (or show output that a
 * pipe, a redirection or a `$(...)` should have swallowed).
 */
export interface TerminalWriter {
  name: string;
  stream: StreamFlags;
  /** More of the script may print after it (a later statement, `&& …`, `|| …`). */
  followed: boolean;
}

type Statement = { pipelines: AstNode[]; background?: boolean };

/** Which streams of a simple command reach the terminal, after its redirections. */
function streamsOf(cmd: AstNode): StreamFlags {
  const stream: StreamFlags = { stdout: true, stderr: true };
  let stderrFollowsStdout = false;
  for (const r of (cmd.redirections as AstNode[]) ?? []) {
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
  return stream;
}

function isQuiet(st: Statement): boolean {
  const cmds = st.pipelines[0].commands as AstNode[];
  const only = cmds[0];
  if (st.pipelines.length !== 1 || cmds.length !== 1 || only.type !== 'SimpleCommand' || st.background) return false;
  const name = literalName(only);
  const hasSubst = JSON.stringify(only).includes('Substitution');
  return !hasSubst && !((only.redirections as unknown[]) ?? []).length && (only.name === null || (name !== null && QUIET_BUILTINS.has(name)));
}

/**
 * The commands of a script that write straight to the terminal, in the order they run.
 * Conservative. The first is the last command of the first pipeline of the first statement
 * that prints anything (only quiet builtins and plain assignments may come before it). Then,
 * while every command so far was one of the lab's own (`isLab`: they write to the terminal
 * themselves, so nothing is left in just-bash's collected output), each later `;`, `&&` or
 * `||` item that is a lone simple lab command streams too (`kubectl apply -f x; docker exec
 * mypc tcpdump …`). A command's name must occur in the script only as these items (a loop or a
 * `$(...)` running it too would be mistaken for it), nothing may run in the background, and a
 * redirection takes its stream away.
 */
export function terminalWriters(script: string, isLab: (name: string) => boolean = () => false): TerminalWriter[] {
  let ast: AstNode;
  try {
    ast = parse(script) as unknown as AstNode;
  } catch {
    return [];
  }
  const names = new Map<string, number>();
  walk(ast, (n) => {
    if (n.type !== 'SimpleCommand') return;
    const name = literalName(n);
    if (name !== null) names.set(name, (names.get(name) ?? 0) + 1);
  });
  const statements = (ast.statements as Statement[] | undefined) ?? [];
  const found: { name: string; stream: StreamFlags; at: [number, number] }[] = [];
  let open = true; // every command so far wrote to the terminal itself
  outer: for (const [i, st] of statements.entries()) {
    if (isQuiet(st)) continue;
    if (st.background) break;
    for (const [j, pipeline] of st.pipelines.entries()) {
      const cmds = pipeline.commands as AstNode[];
      const last = cmds[cmds.length - 1];
      if (found.length === 0) {
        if (j > 0 || last.type !== 'SimpleCommand') break outer;
        const name = literalName(last);
        if (name === null) break outer;
        found.push({ name, stream: streamsOf(last), at: [i, j] });
        // earlier commands of the pipeline print their stderr through just-bash
        open = cmds.length === 1 && isLab(name) && !JSON.stringify(last).includes('Substitution');
      } else {
        if (!open || cmds.length !== 1 || last.type !== 'SimpleCommand' || JSON.stringify(last).includes('Substitution')) break outer;
        const name = literalName(last);
        if (name === null || !isLab(name)) break outer;
        found.push({ name, stream: streamsOf(last), at: [i, j] });
      }
    }
  }
  // keep the prefix whose names occur nowhere else in the script
  const entries: typeof found = [];
  for (const e of found) {
    if (found.filter((x) => x.name === e.name).length !== names.get(e.name)) break;
    entries.push(e);
  }
  const isLast = ([i, j]: [number, number]) => i === statements.length - 1 && j === statements[i].pipelines.length - 1;
  // one that writes to neither stream ends the list (and leaves nothing to stream when first)
  const silent = entries.findIndex((e) => !(e.stream.stdout || e.stream.stderr));
  return entries.slice(0, silent < 0 ? entries.length : silent).map((e) => ({ name: e.name, stream: e.stream, followed: !isLast(e.at) }));
}

/** The first of terminalWriters: the command that may stream when nothing before it prints. */
export function terminalWriter(script: string): TerminalWriter | null {
  return terminalWriters(script)[0] ?? null;
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
