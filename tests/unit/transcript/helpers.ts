import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runTranscript } from '../../../src/cli/transcript';
import type { ScenarioOptions } from '../../../src/lib/shell/scenarios';

export function fixture(name: string): string {
  return readFileSync(fileURLToPath(new URL(`../../fixtures/${name}`, import.meta.url)), 'utf8');
}

export interface Block {
  command: string;
  output: string;
  exitCode: number;
}

/** Run a script through the runner and cut the transcript into (command, output) blocks. */
export async function blocks(script: string, opts: ScenarioOptions): Promise<{ text: string; blocks: Block[] }> {
  const { text, exitCodes } = await runTranscript(script, opts);
  const out: Block[] = [];
  const lines = text.split('\n');
  let cur: { command: string[]; output: string[]; inHeredoc: string | null } | null = null;
  const flush = () => {
    if (!cur) return;
    const lines = cur.output[cur.output.length - 1] === '' ? cur.output.slice(0, -1) : cur.output;
    out.push({ command: cur.command.join('\n'), output: lines.length ? lines.join('\n') + '\n' : '', exitCode: exitCodes[out.length] ?? -1 });
  };
  for (const l of lines) {
    if (l.startsWith('$ ') && !(cur && cur.inHeredoc)) {
      flush();
      const m = /<<-?\s*'?"?([A-Za-z_]+)/.exec(l);
      cur = { command: [l.slice(2)], output: [], inHeredoc: m ? m[1] : null };
      continue;
    }
    if (!cur) continue;
    if (cur.inHeredoc) {
      cur.command.push(l);
      if (l === cur.inHeredoc) cur.inHeredoc = null;
      continue;
    }
    cur.output.push(l);
  }
  flush();
  return { text, blocks: out };
}
