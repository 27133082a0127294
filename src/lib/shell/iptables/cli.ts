/**
 * `iptables` and `iptables-save` (1.8.9, nf_tables backend) over one namespace's netfilter
 * state: listing (-S, -L with -n/-v/-x/--line-numbers), rule and chain changes (-A -I -D -R -C -F
 * -Z -N -X -E -P) with iptables' own error messages and exit codes, and iptables-save dumps.
 */
import { listRow, listTable, ruleKey, ruleLine, saveTable } from '../../engine/kubeproxy/format';
import { type TableName, isTableName, orderedChains } from '../../engine/kubeproxy/model';
import type { Netfilter, TableOpError } from '../../engine/kubeproxy/netfilter';
import type { CommandResult } from '../types';
import { type Parsed, VERSION, isKnownTarget, parseIptables } from './parse';

export interface IptablesTarget {
  nf: Netfilter;
  /** Called before a change: from then on the rules act on the namespace's packets. */
  activate(): void;
  /** Wall-clock date of "now" (iptables-save's header). */
  date(): Date;
}

const OP_ERRORS: Record<TableOpError, string> = {
  'no-chain': 'No chain/target/match by that name.',
  'bad-rule': 'Bad rule (does a matching rule exist in that chain?).',
  'index-delete': 'Index of deletion too big.',
  'index-insert': 'Index of insertion too big.',
  'index-replace': 'Index of replacement too big.',
  'chain-exists': 'Chain already exists.',
  'chain-in-use': 'Too many links.',
  'chain-not-empty': 'Directory not empty.',
  'builtin-chain': 'Invalid argument.',
  'bad-builtin': 'Bad built-in chain name.',
  'bad-policy': 'Bad policy name.'
};

function ok(stdout = ''): CommandResult {
  return { stdout, stderr: '', exitCode: 0 };
}

function opError(prog: string, e: TableOpError): CommandResult {
  return { stdout: '', stderr: `${prog}: ${OP_ERRORS[e]}\n`, exitCode: 1 };
}

function paramProblem(prog: string, message: string): CommandResult {
  return { stdout: '', stderr: `${prog} ${VERSION}: ${message}\nTry \`${prog} -h' or '${prog} --help' for more information.\n`, exitCode: 2 };
}

function noTable(prog: string, table: string): CommandResult {
  return { stdout: '', stderr: `${prog} ${VERSION}: table '${table}' does not exist\nPerhaps iptables or your kernel needs to be upgraded.\n`, exitCode: 3 };
}

export function iptablesHelp(prog: string): string {
  return `${prog} v1.8.9

Usage: ${prog} -[ACD] chain rule-specification [options]
	${prog} -I chain [rulenum] rule-specification [options]
	${prog} -R chain rulenum rule-specification [options]
	${prog} -D chain rulenum [options]
	${prog} -[LS] [chain [rulenum]] [options]
	${prog} -[FZ] [chain] [options]
	${prog} -[NX] chain
	${prog} -E old-chain-name new-chain-name
	${prog} -P chain target [options]
	${prog} -h (print this help information)

Commands:
Either long or short options are allowed.
  --append  -A chain		Append to chain
  --check   -C chain		Check for the existence of a rule
  --delete  -D chain		Delete matching rule from chain
  --delete  -D chain rulenum
				Delete rule rulenum (1 = first) from chain
  --insert  -I chain [rulenum]
				Insert in chain as rulenum (default 1=first)
  --replace -R chain rulenum
				Replace rule rulenum (1 = first) in chain
  --list    -L [chain [rulenum]]
				List the rules in a chain or all chains
  --list-rules -S [chain [rulenum]]
				Print the rules in a chain or all chains
  --flush   -F [chain]		Delete all rules in  chain or all chains
  --zero    -Z [chain [rulenum]]
				Zero counters in chain or all chains
  --new     -N chain		Create a new user-defined chain
  --delete-chain
	    -X [chain]		Delete a user-defined chain
  --policy  -P chain target
				Change policy on chain to target
  --rename-chain
	    -E old-chain new-chain
				Change chain name, (moving any references)

Options:
    --ipv4	-4		Nothing (line is ignored by ip6tables-restore)
    --ipv6	-6		Error (line is ignored by iptables-restore)
[!] --protocol	-p proto	protocol: by number or name, eg. \`tcp'
[!] --source	-s address[/mask][...]
				source specification
[!] --destination -d address[/mask][...]
				destination specification
[!] --in-interface -i input name[+]
				network interface name ([+] for wildcard)
 --jump	-j target
				target for rule (may load target extension)
  --goto      -g chain
			       jump to chain with no return
  --match	-m match
				extended match (may load extension)
  --numeric	-n		numeric output of addresses and ports
[!] --out-interface -o output name[+]
				network interface name ([+] for wildcard)
  --table	-t table	table to manipulate (default: \`filter')
  --verbose	-v		verbose mode
  --wait	-w [seconds]	maximum wait to acquire xtables lock before give up
  --line-numbers		print line numbers when listing
  --exact	-x		expand numbers (display exact values)
[!] --fragment	-f		match second or further fragments only
  --modprobe=<command>		try to insert modules using this command
  --set-counters -c PKTS BYTES	set the counter during insert/append
[!] --version	-V		print package version.
`;
}

/** `-S` lines with `-v`: counters after the chain name (`-c PKTS BYTES`). */
function withCounters(nf: Netfilter, table: TableName, lines: string[]): string[] {
  const t = nf.table(table);
  return lines.map((l) => {
    const p = /^-P (\S+) (\S+)$/.exec(l);
    if (p) {
      const c = t.chains.get(p[1]!)!;
      return `${l} -c ${c.policyCounters.pkts} ${c.policyCounters.bytes}`;
    }
    return l;
  });
}

function listRulesCmd(nf: Netfilter, table: TableName, p: Parsed, chain: string | undefined, num: number | undefined, prog: string): CommandResult {
  const t = nf.table(table);
  const chains = chain === undefined ? orderedChains(t) : [t.chains.get(chain)];
  if (chains.some((c) => !c)) return opError(prog, 'no-chain');
  const out: string[] = [];
  const a = (name: string, i: number) => {
    const r = t.chains.get(name)!.rules[i]!;
    const line = ruleLine(name, r);
    return p.verbose ? `-A ${name} -c ${r.counters.pkts} ${r.counters.bytes}${line.slice(3 + name.length)}` : line;
  };
  if (chain !== undefined && num !== undefined) {
    const c = chains[0]!;
    if (num > c.rules.length) return opError(prog, 'index-delete');
    return ok(`${a(c.name, num - 1)}\n`);
  }
  for (const c of chains) if (c?.builtin) out.push(`-P ${c.name} ${c.policy}`);
  for (const c of chains) if (c && !c.builtin) out.push(`-N ${c.name}`);
  for (const c of chains) if (c) c.rules.forEach((_, i) => out.push(a(c.name, i)));
  const lines = p.verbose ? withCounters(nf, table, out) : out;
  return ok(lines.map((l) => `${l}\n`).join(''));
}

function listCmd(nf: Netfilter, table: TableName, p: Parsed, chain: string | undefined, num: number | undefined, prog: string): CommandResult {
  const t = nf.table(table);
  const o = { numeric: p.numeric, verbose: p.verbose, exact: p.exact, lineNumbers: p.lineNumbers };
  if (chain !== undefined && num !== undefined) {
    const c = t.chains.get(chain);
    if (!c) return opError(prog, 'no-chain');
    const r = c.rules[num - 1];
    if (!r) return opError(prog, 'index-delete');
    return ok(`${listRow(r, num, o)}\n`);
  }
  const lines = listTable(t, chain, o);
  if (!lines) return opError(prog, 'no-chain');
  return ok(lines.map((l) => `${l}\n`).join(''));
}

/** Run `iptables ARGS` against a namespace's tables. */
export function runIptables(args: readonly string[], target: IptablesTarget, prog = 'iptables'): CommandResult {
  const parsed = parseIptables(args);
  if (!parsed.ok) return paramProblem(prog, parsed.error.message);
  const p = parsed.value;
  if (p.cmd.op === 'h') return ok(iptablesHelp(prog));
  if (p.cmd.op === 'V') return ok(`${prog} ${VERSION}\n`);
  if (!isTableName(p.table)) return noTable(prog, p.table);
  const table = p.table;
  const nf = target.nf;
  const cmd = p.cmd;
  switch (cmd.op) {
    case 'S':
      nf.touch(table);
      return listRulesCmd(nf, table, p, cmd.chain, cmd.num, prog);
    case 'L':
      nf.touch(table);
      return listCmd(nf, table, p, cmd.chain, cmd.num, prog);
    default:
      break;
  }
  // a -j that is neither a target we know nor a chain of this table
  if (p.jumpName !== undefined && !isKnownTarget(p.jumpName) && !nf.table(table).chains.has(p.jumpName)) return opError(prog, 'no-chain');
  target.activate();
  let res;
  switch (cmd.op) {
    case 'A':
      res = nf.append(table, cmd.chain, p.rule);
      break;
    case 'I':
      res = nf.insert(table, cmd.chain, p.rule, cmd.num);
      break;
    case 'R':
      res = nf.replace(table, cmd.chain, p.rule, cmd.num);
      break;
    case 'D':
      res = cmd.num !== undefined ? nf.deleteRuleNum(table, cmd.chain, cmd.num) : nf.deleteRule(table, cmd.chain, p.rule);
      break;
    case 'C':
      res = nf.check(table, cmd.chain, p.rule);
      break;
    case 'F':
      res = nf.flush(table, cmd.chain);
      break;
    case 'Z':
      res = nf.zero(table, cmd.chain);
      break;
    case 'N':
      res = nf.newChain(table, cmd.chain);
      break;
    case 'X':
      res = nf.deleteChain(table, cmd.chain);
      break;
    case 'E':
      res = nf.renameChain(table, cmd.chain, cmd.to);
      break;
    case 'P':
      res = nf.policy(table, cmd.chain, cmd.policy);
      break;
  }
  if (!res.ok) return opError(prog, res.error);
  return ok();
}

/** `iptables-save [-t TABLE] [-c]`. */
export function runIptablesSave(args: readonly string[], target: IptablesTarget, prog = 'iptables-save'): CommandResult {
  let table: string | undefined;
  let counters = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-t' || a === '--table') {
      table = args[++i];
      if (table === undefined) return paramProblem(prog, `option "${a}" requires an argument`);
    } else if (a.startsWith('--table=')) table = a.slice(8);
    else if (/^-t./.test(a)) table = a.slice(2);
    else if (a === '-c' || a === '--counters') counters = true;
    else if (a === '-V' || a === '--version') return ok(`${prog} ${VERSION}\n`);
    else if (a === '-h' || a === '--help')
      return ok(`Usage: ${prog} [-b] [-c] [-d] [-t table] [-M command] [-f file] [-V]\n`);
    else if (a === '-M' || a === '--modprobe' || a === '-f' || a === '--file') i++;
    else return paramProblem(prog, `unknown option "${a}"`);
  }
  const nf = target.nf;
  if (table !== undefined && !isTableName(table)) return { stdout: '', stderr: `${prog} ${VERSION}: Table '${table}' does not exist\n`, exitCode: 1 };
  const names: TableName[] = table !== undefined && isTableName(table) ? [table] : nf.existing();
  const date = target.date();
  const out: string[] = [];
  for (const n of names) out.push(...saveTable(nf.table(n), date, { counters }));
  return ok(out.map((l) => `${l}\n`).join(''));
}

/** Rule identity as `-D` compares it (exported for tests). */
export { ruleKey };
