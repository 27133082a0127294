/**
 * FRR's command matching (lib/command_match.c), for the commands the lab knows: every word may
 * be abbreviated to a unique prefix, an exact keyword beats a partial one, and a line matches
 * a command, matches several (ambiguous), stops short (incomplete) or matches none.
 */

/** A token of a command definition: a keyword, or a value placeholder. */
export type Token = string;

export interface CommandDef<C> {
  /** Space-separated tokens; `[x]` is optional (at the end only), `A.B.C.D`, `ASN`, `(a-b)`, `LINE`, `WORD`, `<a|b>`. */
  syntax: string;
  run: (args: string[], ctx: C) => CmdOutcome;
}

/** What a command returns: its output and FRR's return code class. */
export interface CmdOutcome {
  out: string;
  /** success; warning (a `%` message, vtysh carries on); failed (a config error: vtysh exits 1). */
  status: 'success' | 'warning' | 'failed';
}

export type MatchResult<C> =
  | { kind: 'match'; def: CommandDef<C>; args: string[] }
  | { kind: 'ambiguous' }
  | { kind: 'incomplete' }
  | { kind: 'none' };

const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;

/** How well a word fits a token: 2 exact keyword or value, 1 partial keyword, 0 no. */
export function fit(word: string, tok: string): number {
  if (tok === 'A.B.C.D') return IPV4.test(word) ? 2 : 0;
  if (tok === 'A.B.C.D/M') return /^\d+\.\d+\.\d+\.\d+\/\d+$/.test(word) ? 2 : 0;
  if (tok === 'ASN') return /^\d+$/.test(word) && Number(word) >= 1 && Number(word) <= 4294967295 ? 2 : 0;
  if (tok === 'WORD' || tok === 'LINE') return word.length ? 2 : 0;
  const range = /^\((\d+)-(\d+)\)$/.exec(tok);
  if (range) return /^\d+$/.test(word) && Number(word) >= Number(range[1]) && Number(word) <= Number(range[2]) ? 2 : 0;
  if (tok.startsWith('<') && tok.endsWith('>')) return Math.max(0, ...tok.slice(1, -1).split('|').map((alt) => fit(word, alt)));
  if (word === tok) return 2;
  return tok.startsWith(word) ? 1 : 0;
}

export function isValue(tok: string): boolean {
  return /^(A\.B\.C\.D|A\.B\.C\.D\/M|ASN|WORD|LINE|\(\d+-\d+\))$/.test(tok) || tok.startsWith('<');
}

/** The argument a word stands for: a value as typed, a keyword (even abbreviated) in full. */
function expand(word: string, tok: string): string {
  if (tok.startsWith('<')) {
    const alts = tok.slice(1, -1).split('|');
    const exact = alts.find((a) => fit(word, a) === 2);
    const alt = exact ?? alts.find((a) => fit(word, a) === 1);
    return alt && !isValue(alt) ? alt : word;
  }
  return isValue(tok) ? word : tok;
}

export function matchCommand<C>(words: string[], defs: readonly CommandDef<C>[]): MatchResult<C> {
  type Hit = { def: CommandDef<C>; args: string[]; score: number[] };
  const full: Hit[] = [];
  let incomplete = false;
  for (const def of defs) {
    const toks = def.syntax.split(' ');
    const required = toks.filter((t) => !t.startsWith('[')).length;
    const args: string[] = [];
    const score: number[] = [];
    let ok = true;
    let i = 0;
    for (; i < words.length; i++) {
      const tok = toks[i];
      if (tok === undefined) {
        ok = false;
        break;
      }
      const bare = tok.startsWith('[') ? tok.slice(1, -1) : tok;
      if (bare === 'LINE') {
        args.push(words.slice(i).join(' '));
        score.push(2);
        i = words.length;
        break;
      }
      const f = fit(words[i], bare);
      if (!f) {
        ok = false;
        break;
      }
      score.push(f);
      // keywords are passed in full, values as typed
      args.push(expand(words[i], bare));
    }
    if (!ok) continue;
    if (i < required) {
      incomplete = true;
      continue;
    }
    full.push({ def, args, score });
  }
  if (!full.length) return incomplete ? { kind: 'incomplete' } : { kind: 'none' };
  if (full.length === 1) return { kind: 'match', def: full[0].def, args: full[0].args };
  // an exact word beats a partial one, position by position
  const better = (a: number[], b: number[]) => {
    for (let k = 0; k < Math.max(a.length, b.length); k++) if ((a[k] ?? 0) !== (b[k] ?? 0)) return (a[k] ?? 0) - (b[k] ?? 0);
    return 0;
  };
  full.sort((a, b) => better(b.score, a.score));
  if (better(full[0].score, full[1].score) === 0 && full[0].def.run !== full[1].def.run) return { kind: 'ambiguous' };
  return { kind: 'match', def: full[0].def, args: full[0].args };
}
