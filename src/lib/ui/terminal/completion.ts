/**
 * Tab completion, as bash-completion does it for the lab's tools: command names, then per tool
 * its subcommands, flags and the names of live objects (kubectl resources and objects, docker
 * containers and networks, kind clusters). Pure: the lab's state comes in through
 * {@link CompletionSource}, so the rules are tested without a lab.
 */

export interface FlagInfo {
  /** Long name without dashes: "namespace". */
  name: string;
  /** One letter: "n". */
  short?: string;
  /** Takes a value (`-n NS`), so the next word is not a positional argument. */
  value: boolean;
}

export interface VerbInfo {
  name: string;
  aliases?: string[];
  flags: FlagInfo[];
  subcommands?: VerbInfo[];
}

export interface CompletionSource {
  /** Every command name the shell runs (ours and the builtins). */
  commands(): string[];
  kubectl: {
    verbs(): VerbInfo[];
    globalFlags(): FlagInfo[];
    /** Resource type names as `kubectl api-resources` lists them (plurals). */
    resourceTypes(): string[];
    /** Names of objects of a type (any name kubectl accepts for it); namespace null = all. */
    objects(type: string, namespace: string | null): string[];
  } | null;
  docker: {
    containers(): string[];
    networks(): string[];
  } | null;
  kind: {
    clusters(): string[];
  } | null;
}

export interface Completion {
  /** The word being completed: text[start, end) of the line. */
  start: number;
  end: number;
  /** The word typed so far (quotes removed). */
  word: string;
  /** Sorted, unique candidates that start with `word`. */
  candidates: string[];
}

// ---------------------------------------------------------------- words

interface Word {
  text: string;
  start: number;
}

/**
 * Split the text before the cursor into the words of the command being typed: what comes after
 * the last `|`, `;`, `&`, `(`, `$(`, backquote or newline, with reserved words (`do`, `then` …)
 * and leading `NAME=value` assignments dropped. The last word is the one under the cursor
 * (empty after a space).
 */
export function commandWords(text: string): { words: Word[]; current: Word } {
  let words: Word[] = [];
  let cur: Word | null = null;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === quote) quote = null;
      else if (ch === '\\' && quote === '"' && i + 1 < text.length) cur!.text += text[++i];
      else cur!.text += ch;
      continue;
    }
    if (ch === '\\' && i + 1 < text.length) {
      cur ??= { text: '', start: i };
      cur.text += text[++i];
      continue;
    }
    if (ch === "'" || ch === '"') {
      cur ??= { text: '', start: i };
      quote = ch;
      continue;
    }
    if (/\s/.test(ch) && ch !== '\n') {
      if (cur) words.push(cur);
      cur = null;
      continue;
    }
    if ('|;&()`\n'.includes(ch) || (ch === '$' && text[i + 1] === '(')) {
      // a new command starts after an operator
      words = [];
      cur = null;
      if (ch === '$') i++;
      continue;
    }
    cur ??= { text: '', start: i };
    cur.text += ch;
  }
  const current = cur ?? { text: '', start: text.length };
  // reserved words and assignments before the command name
  let k = 0;
  while (k < words.length && (RESERVED.has(words[k].text) || /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[k].text))) k++;
  return { words: words.slice(k), current };
}

const RESERVED = new Set(['if', 'then', 'else', 'elif', 'do', 'while', 'until', 'time', '!', '{', 'sudo', 'exec', 'command', 'watch']);

function pick(options: Iterable<string>, word: string): string[] {
  return [...new Set([...options].filter((o) => o.startsWith(word)))].sort();
}

function longFlags(flags: FlagInfo[]): string[] {
  return flags.map((f) => `--${f.name}`);
}

/** Words that are not flags or flag values (flags given as `--flag=value` take no extra word). */
function positionals(args: string[], flags: FlagInfo[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') {
      out.push(...args.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      const name = a.slice(2);
      const f = flags.find((x) => x.name === name);
      if (f?.value && !a.includes('=')) i++;
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      // -n NS, -nNS, -it
      const f = flags.find((x) => x.short === a[1]);
      if (f?.value && a.length === 2) i++;
      continue;
    }
    out.push(a);
  }
  return out;
}

/** The value of a flag given anywhere in the words: `-n x`, `--namespace x`, `--namespace=x`. */
function flagValue(args: string[], long: string, short?: string): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === `--${long}` || (short && a === `-${short}`)) return args[i + 1];
    if (a.startsWith(`--${long}=`)) return a.slice(long.length + 3);
    if (short && a.startsWith(`-${short}`) && a.length > 2 && !a.startsWith('--')) return a.slice(2);
  }
  return undefined;
}

// ---------------------------------------------------------------- per tool

const OUTPUT_FORMATS = ['json', 'yaml', 'wide', 'name', 'jsonpath=', 'jsonpath-as-json=', 'custom-columns=', 'go-template='];

/** Verbs whose first argument is a resource type (then object names). */
const TYPE_VERBS = new Set(['get', 'describe', 'delete', 'edit', 'label', 'annotate', 'patch', 'scale', 'wait', 'explain', 'expose', 'autoscale', 'set']);
/** Verbs that name a pod directly. */
const POD_VERBS = new Set(['logs', 'exec', 'attach', 'port-forward', 'cp']);
/** Verbs that name a node directly. */
const NODE_VERBS = new Set(['cordon', 'uncordon', 'drain', 'taint']);

function kubectl(src: NonNullable<CompletionSource['kubectl']>, args: string[], word: string): string[] {
  const verbs = src.verbs();
  const global = src.globalFlags();
  const prev = args[args.length - 1];
  const namespace = flagValue(args, 'namespace', 'n');
  const allNs = args.includes('-A') || args.includes('--all-namespaces');
  const ns = allNs ? null : namespace ?? 'default';

  if (prev === '-n' || prev === '--namespace') return pick(src.objects('namespaces', null), word);
  if (word.startsWith('--namespace=')) return pick(src.objects('namespaces', null).map((n) => `--namespace=${n}`), word);
  if (prev === '-o' || prev === '--output') return pick(OUTPUT_FORMATS, word);
  if (word.startsWith('--output=')) return pick(OUTPUT_FORMATS.map((f) => `--output=${f}`), word);

  const firstPos = positionals(args, global)[0];
  const verb = verbs.find((v) => v.name === firstPos || v.aliases?.includes(firstPos ?? ''));
  let flags = [...global, ...(verb?.flags ?? [])];
  let pos = positionals(args, flags);
  let sub: VerbInfo | undefined;
  if (verb?.subcommands?.length && pos.length >= 2) {
    sub = verb.subcommands.find((s) => s.name === pos[1] || s.aliases?.includes(pos[1]));
    if (sub) {
      flags = [...flags, ...sub.flags];
      pos = positionals(args, flags);
    }
  }

  if (word.startsWith('-')) return pick(longFlags(flags), word);
  if (!pos.length) return pick(verbs.flatMap((v) => [v.name]), word);
  if (!verb) return [];
  if (verb.subcommands?.length && pos.length === 1) return pick(verb.subcommands.map((s) => s.name), word);

  const name = verb.name;
  // `rollout status TYPE NAME`: the subcommand shifts the arguments by one
  const rest = sub ? pos.slice(2) : pos.slice(1);
  if (POD_VERBS.has(name)) return rest.length === 0 ? pick(src.objects('pods', ns), word) : [];
  if (NODE_VERBS.has(name)) return pick(src.objects('nodes', null), word);
  if (!(TYPE_VERBS.has(name) || (sub && ['rollout'].includes(name)))) return [];

  if (rest.length === 0) {
    const slash = word.indexOf('/');
    if (slash > 0) {
      // TYPE/NAME
      const type = word.slice(0, slash);
      return pick(src.objects(type, ns).map((o) => `${type}/${o}`), word);
    }
    return pick(src.resourceTypes(), word);
  }
  const type = rest[0];
  if (type.includes('/') || type.includes(',')) return [];
  return pick(src.objects(type, ns), word);
}

const DOCKER_COMMANDS = ['ps', 'stop', 'start', 'restart', 'kill', 'pause', 'unpause', 'rm', 'run', 'exec', 'inspect', 'pull', 'images', 'logs', 'port', 'version', 'info', 'container', 'network', 'image', 'system'];
const DOCKER_GROUPS: Record<string, string[]> = {
  container: ['ls', 'ps', 'stop', 'start', 'restart', 'kill', 'pause', 'unpause', 'rm', 'run', 'exec', 'inspect', 'logs', 'port'],
  network: ['ls', 'create', 'inspect', 'connect', 'disconnect', 'rm'],
  image: ['ls', 'pull'],
  system: ['info']
};
const DOCKER_FLAGS: Record<string, string[]> = {
  ps: ['--all', '--filter', '--format', '--last', '--latest', '--no-trunc', '--quiet', '--size'],
  ls: ['--all', '--filter', '--format', '--no-trunc', '--quiet'],
  exec: ['--detach', '--env', '--interactive', '--privileged', '--tty', '--user', '--workdir'],
  run: ['--cap-add', '--detach', '--env', '--hostname', '--interactive', '--ip', '--name', '--network', '--privileged', '--publish', '--rm', '--tty'],
  stop: ['--signal', '--time'],
  restart: ['--signal', '--time'],
  kill: ['--signal'],
  rm: ['--force', '--volumes'],
  inspect: ['--format', '--size', '--type'],
  logs: ['--follow', '--since', '--tail', '--timestamps'],
  images: ['--all', '--format', '--quiet'],
  version: ['--format'],
  info: ['--format'],
  connect: ['--alias', '--ip'],
  create: ['--driver', '--gateway', '--internal', '--ip-range', '--label', '--opt', '--subnet'],
  disconnect: ['--force']
};
const CONTAINER_COMMANDS = new Set(['stop', 'start', 'restart', 'kill', 'pause', 'unpause', 'rm', 'remove', 'exec', 'inspect', 'logs', 'port']);
const DOCKER_VALUE_FLAGS = new Set(['-e', '--env', '-u', '--user', '-w', '--workdir', '--format', '-f', '--filter', '--name', '--network', '--ip', '-p', '--publish', '-t', '--time', '-s', '--signal', '--tail', '--since', '--hostname', '--type', '--alias', '--cap-add', '--subnet', '--gateway', '--driver', '--ip-range', '--label', '--opt']);
/** Capabilities learners add in the lab (`--cap-add NET_ADMIN` lets netshoot change its routes). */
const CAPABILITIES = ['ALL', 'NET_ADMIN', 'NET_RAW', 'SYS_ADMIN', 'SYS_PTRACE'];

function docker(src: NonNullable<CompletionSource['docker']>, args: string[], word: string): string[] {
  const pos: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i].startsWith('-')) {
      if (DOCKER_VALUE_FLAGS.has(args[i])) i++;
      continue;
    }
    pos.push(args[i]);
  }
  const prev = args[args.length - 1];
  if (prev === '--network') return pick(src.networks(), word);
  if (prev === '--cap-add') return pick(CAPABILITIES, word);
  if (!pos.length) return word.startsWith('-') ? pick(['--debug', '--host', '--log-level', '--version'], word) : pick(DOCKER_COMMANDS, word);
  let sub = pos[0];
  let rest = pos.slice(1);
  if (DOCKER_GROUPS[sub]) {
    if (!rest.length) return word.startsWith('-') ? [] : pick(DOCKER_GROUPS[sub], word);
    if (sub === 'network') {
      const nsub = rest[0];
      if (word.startsWith('-')) return pick(nsub === 'rm' ? ['--force'] : (DOCKER_FLAGS[nsub] ?? []), word);
      if (nsub === 'inspect' || nsub === 'rm') return pick(src.networks(), word);
      if (nsub === 'connect' || nsub === 'disconnect') return rest.length === 1 ? pick(src.networks(), word) : rest.length === 2 ? pick(src.containers(), word) : [];
      return [];
    }
    sub = rest[0];
    rest = rest.slice(1);
  }
  if (word.startsWith('-')) return pick(DOCKER_FLAGS[sub] ?? [], word);
  if (CONTAINER_COMMANDS.has(sub)) {
    // `docker exec C CMD…`: only the first argument is a container
    if (sub === 'exec' && rest.length >= 1) return [];
    return pick(src.containers(), word);
  }
  if (sub === 'inspect') return pick([...src.containers(), ...src.networks()], word);
  return [];
}

function kind(src: NonNullable<CompletionSource['kind']>, args: string[], word: string): string[] {
  const prev = args[args.length - 1];
  if (prev === '--name' || prev === '-n') return pick(src.clusters(), word);
  if (word.startsWith('-')) return pick(['--name', '--config', '--image', '--wait', '--retain', '--kubeconfig', '--quiet', '--verbosity', '--all'], word);
  const pos = args.filter((a, i) => !a.startsWith('-') && !['--name', '-n', '--config', '--image', '--wait', '--kubeconfig'].includes(args[i - 1] ?? ''));
  if (!pos.length) return pick(['create', 'delete', 'get', 'version', 'export', 'load', 'build', 'completion'], word);
  if (pos.length === 1) {
    const subs: Record<string, string[]> = { create: ['cluster'], delete: ['cluster', 'clusters'], get: ['clusters', 'nodes', 'kubeconfig'], export: ['kubeconfig', 'logs'] };
    return pick(subs[pos[0]] ?? [], word);
  }
  return [];
}

/** Completions for the word before the cursor (the cursor is an index into `line`). */
export function complete(line: string, cursor: number, src: CompletionSource): Completion {
  const before = line.slice(0, cursor);
  const { words, current } = commandWords(before);
  const word = current.text;
  const result = (candidates: string[]): Completion => ({ start: current.start, end: cursor, word, candidates });
  if (!words.length) return result(pick(src.commands(), word));
  const cmd = words[0].text;
  const args = words.slice(1).map((w) => w.text);
  if ((cmd === 'kubectl' || cmd === 'k') && src.kubectl) return result(kubectl(src.kubectl, args, word));
  if (cmd === 'docker' && src.docker) return result(docker(src.docker, args, word));
  if (cmd === 'kind' && src.kind) return result(kind(src.kind, args, word));
  return result([]);
}

/** The longest prefix every candidate shares. */
export function commonPrefix(list: string[]): string {
  if (!list.length) return '';
  let p = list[0];
  for (const s of list) while (!s.startsWith(p)) p = p.slice(0, -1);
  return p;
}

/**
 * What Tab inserts: the only candidate and a space (none after a `/` or `=`, where more
 * follows), or the candidates' common prefix; null when Tab cannot add anything (a second Tab
 * then lists the candidates).
 */
export function tabInsertion(c: Completion): string | null {
  if (!c.candidates.length) return null;
  if (c.candidates.length === 1) {
    const only = c.candidates[0];
    return /[/=]$/.test(only) ? only : `${only} `;
  }
  const p = commonPrefix(c.candidates);
  return p.length > c.word.length ? p : null;
}

/** Candidates laid out in columns, as bash lists them on a double Tab. */
export function formatCandidates(list: string[], cols: number): string {
  if (!list.length) return '';
  const width = Math.max(...list.map((s) => s.length)) + 2;
  const per = Math.max(1, Math.floor(cols / width));
  const rows = Math.ceil(list.length / per);
  const lines: string[] = [];
  for (let r = 0; r < rows; r++) {
    let l = '';
    for (let c = 0; c < per; c++) {
      const s = list[c * rows + r];
      if (s !== undefined) l += s.padEnd(width);
    }
    lines.push(l.trimEnd());
  }
  return lines.join('\n') + '\n';
}
