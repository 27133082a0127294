import { type LabCommand, errOut, out } from '../types';

/**
 * GNU coreutils uniq, for the article's `sort | uniq -c | sort -nr`: counts are printed
 * right-aligned in 7 columns and a space (`     51 Hostname: webpod1`), as GNU does.
 */
export const uniqCommand: LabCommand = {
  name: 'uniq',
  async run(args, ctx) {
    let count = false;
    let repeated = false;
    let unique = false;
    let ignoreCase = false;
    const files: string[] = [];
    for (const a of args) {
      if (a === '-c' || a === '--count') count = true;
      else if (a === '-d' || a === '--repeated') repeated = true;
      else if (a === '-u' || a === '--unique') unique = true;
      else if (a === '-i' || a === '--ignore-case') ignoreCase = true;
      else if (/^-[cdui]+$/.test(a)) {
        count ||= a.includes('c');
        repeated ||= a.includes('d');
        unique ||= a.includes('u');
        ignoreCase ||= a.includes('i');
      } else if (a.startsWith('-') && a !== '-') return errOut(`uniq: invalid option -- '${a.replace(/^-+/, '')[0]}'\nTry 'uniq --help' for more information.\n`);
      else files.push(a);
    }
    if (files.length > 1) return errOut(`uniq: extra operand '${files[1]}'\nTry 'uniq --help' for more information.\n`);
    const text = ctx.stdin;
    const lines = text.split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    const groups: { line: string; n: number }[] = [];
    for (const l of lines) {
      const last = groups[groups.length - 1];
      if (last && (ignoreCase ? last.line.toLowerCase() === l.toLowerCase() : last.line === l)) last.n++;
      else groups.push({ line: l, n: 1 });
    }
    let s = '';
    for (const g of groups) {
      if (repeated && g.n < 2) continue;
      if (unique && g.n > 1) continue;
      s += (count ? `${String(g.n).padStart(7)} ` : '') + g.line + '\n';
    }
    return out(s);
  }
};
