#!/usr/bin/env node
/**
 * The headless runner: `npm run lab -- [--seed N] [--workers N] [--scenario S] [--pcap FILE] [SCRIPT|-]`.
 * Same engine, same shell as the browser, in Node.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { USAGE, parseArgs } from './args';
import { capturePcap } from './pcap';
import { runTranscript } from './transcript';

async function main(): Promise<number> {
  const parsed = parseArgs(process.argv.slice(2));
  if (!parsed.ok) {
    process.stderr.write(parsed.error + '\n');
    return 2;
  }
  const args = parsed.args;
  if (args.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  let script: string;
  try {
    script = args.script && args.script !== '-' ? readFileSync(args.script, 'utf8') : readFileSync(0, 'utf8');
  } catch (e) {
    process.stderr.write(`lab: cannot read ${args.script ?? 'standard input'}: ${(e as Error).message}\n`);
    return 2;
  }
  const { text, lab } = await runTranscript(script, { seed: args.seed, workers: args.workers, scenario: args.scenario });
  process.stdout.write(text);
  if (args.pcap) writeFileSync(args.pcap, capturePcap(lab));
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`lab: ${(e as Error).stack ?? String(e)}\n`);
    process.exit(1);
  }
);
