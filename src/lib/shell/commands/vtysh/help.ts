/**
 * vtysh's `?` (describe) and Tab (complete) for the commands the lab knows: the words that
 * may come next on a partly typed line, with FRR's help strings, and `<cr>` when the line is
 * already a whole command.
 */
import { DO_COMMANDS, nodeCommands } from './cli';
import { helpText } from './help-text';
import { fit, isValue } from './matcher';
import type { CliNode, Def } from './state';

export interface HelpItem {
  word: string;
  help: string;
}

export type Describe = { kind: 'list'; items: HelpItem[] } | { kind: 'ambiguous' } | { kind: 'none' };

/** A token's alternatives: `<a|b>` → a, b; `[x]` → x. */
const alternatives = (tok: string): string[] => {
  const bare = tok.startsWith('[') ? tok.slice(1, -1) : tok;
  return bare.startsWith('<') ? bare.slice(1, -1).split('|') : [bare];
};

/** Could a partly typed word still become a value of this kind? */
function couldBe(partial: string, tok: string): boolean {
  if (tok === 'A.B.C.D') return /^[\d.]*$/.test(partial);
  if (tok === 'A.B.C.D/M') return /^[\d./]*$/.test(partial);
  if (tok === 'WORD' || tok === 'LINE') return true;
  return /^\d*$/.test(partial); // ASN, (a-b)
}

/** How FRR 10 writes the placeholder; a neighbour is an address or a name (WORD). */
function shown(tok: string, prev: string | undefined): string[] {
  if (tok === 'ASN') return ['ASNUM'];
  if (tok === 'WORD' && (prev === 'neighbor' || prev === 'neighbors')) return ['A.B.C.D', 'WORD'];
  return [tok];
}

/** Split a line into the finished words and the word being typed ('' after a space). */
function splitLine(line: string): { done: string[]; partial: string } {
  const words = line.split(/\s+/).filter((w) => w !== '');
  if (line === '' || /\s$/.test(line)) return { done: words, partial: '' };
  return { done: words.slice(0, -1), partial: words[words.length - 1] };
}

/**
 * What `?` lists after `line` in `node`, as lib/command.c completions_to_vec() orders it: one
 * entry per word (the first definition's help wins), sorted by the word in byte order, with
 * `<cr>` moved to the front.
 */
export function describe(node: CliNode, line: string): Describe {
  // `do …` in a configuration node runs an exec (show) command: describe it there
  if (node !== 'enable' && splitLine(line).done[0] === 'do') return describeIn(DO_COMMANDS, line.replace(/^\s*do\s+/, ''));
  // FRR matches `do` before the command tree (cmd_try_do_shortcut): `?` never lists it
  return describeIn(nodeCommands(node).filter((d) => !d.syntax.startsWith('do ')), line);
}

function describeIn(defs: readonly Def[], line: string): Describe {
  const { done, partial } = splitLine(line);
  let alive = defs.map((d) => d.syntax.split(' '));
  for (let i = 0; i < done.length; i++) {
    const scored = alive
      .map((toks) => ({ toks, f: toks.slice(0, i).some((t) => t === 'LINE') ? 2 : toks[i] === undefined ? 0 : fit(done[i], toks[i].replace(/^\[(.*)\]$/, '$1')) }))
      .filter((s) => s.f > 0);
    if (!scored.length) return { kind: 'none' };
    // an exact word beats a partial one; two different keywords a word abbreviates: ambiguous
    const best = Math.max(...scored.map((s) => s.f));
    const kept = scored.filter((s) => s.f === best);
    if (best === 1 && new Set(kept.map((s) => alternatives(s.toks[i]).find((a) => fit(done[i], a) === 1))).size > 1) return { kind: 'ambiguous' };
    alive = kept.map((s) => s.toks);
  }
  const items = new Map<string, HelpItem>();
  const add = (word: string, help: string) => {
    if (!items.has(word)) items.set(word, { word, help });
  };
  const n = done.length;
  for (const toks of alive) {
    const inLine = toks.slice(0, n).some((t) => alternatives(t)[0] === 'LINE');
    const tok = inLine ? 'LINE' : toks[n];
    const required = toks.filter((t) => !t.startsWith('[')).length;
    if (partial === '' && (inLine || n >= required)) add('<cr>', '');
    if (tok === undefined) continue;
    const prev = inLine ? toks.find((_t, k) => toks[k + 1] === 'LINE') : toks[n - 1];
    for (const alt of alternatives(tok)) {
      const ok = partial === '' || (isValue(alt) ? couldBe(partial, alt) : alt.startsWith(partial));
      if (ok) for (const w of shown(alt, prev)) add(w, helpText(prev, w));
    }
  }
  if (!items.size) return { kind: 'none' };
  const byWord = (a: HelpItem, b: HelpItem) => (a.word < b.word ? -1 : a.word > b.word ? 1 : 0);
  const list = [...items.values()].sort((a, b) => Number(b.word === '<cr>') - Number(a.word === '<cr>') || byWord(a, b));
  return { kind: 'list', items: list };
}

/** The listing as vtysh prints it: words padded to the longest, two spaces, the help. */
export function formatDescribe(d: Describe): string {
  if (d.kind === 'ambiguous') return '% Ambiguous command.\n';
  if (d.kind === 'none') return '% There is no matched command.\n';
  const width = Math.max(...d.items.map((i) => i.word.length));
  return d.items.map((i) => `  ${i.word.padEnd(width)}  ${i.help}`.trimEnd() + '\n').join('');
}

/**
 * Tab after `line`: a keyword the typed prefix names alone is completed with a space; several
 * are completed to their common prefix, and listed when that adds nothing. Values are never
 * completed (FRR completes keywords only).
 */
export function completeLine(node: CliNode, line: string): { line: string; candidates: string[] } {
  const d = describe(node, line);
  if (d.kind !== 'list') return { line, candidates: [] };
  const { partial } = splitLine(line);
  const words = [...new Set(d.items.map((i) => i.word).filter((w) => w !== '<cr>' && !isValue(w) && w !== 'ASNUM'))];
  const base = line.slice(0, line.length - partial.length);
  if (words.length === 1) return { line: base + words[0] + ' ', candidates: [] };
  if (!words.length) return { line, candidates: [] };
  let common = words[0];
  for (const w of words) while (!w.startsWith(common)) common = common.slice(0, -1);
  if (common.length > partial.length) return { line: base + common, candidates: [] };
  return { line, candidates: words };
}
