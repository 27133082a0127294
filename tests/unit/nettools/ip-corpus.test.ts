/**
 * REGRESSION CORPUS for `ip`: it pins what the lab's `ip` prints today (stdout, stderr, exit code)
 * for a broad set of command lines — every object and verb, abbreviations, global options, errors,
 * `ip route get` with from/iif/ipproto/sport/dport on the BGP router — on the host and inside
 * mypc, client, router and the kind nodes, in the bgp and l2 scenarios.
 *
 * The transcripts under ip-corpus/ were recorded before ip.ts was split into ip/*.ts, then
 * re-recorded after the selector/flush/gateway fixes (ipfix branch) with every changed line
 * reviewed; they are not a specification (ip.test.ts, ip-route-select.test.ts and
 * ip-addr-filter.test.ts are). A change that is meant to alter `ip` output updates them with
 * `IP_CORPUS_WRITE=1 npx vitest run tests/unit/nettools/ip-corpus.test.ts`, and the diff is reviewed.
 *
 * Format: `$ command`, then `exit N`, then stdout lines as `1> …|` and stderr lines as `2> …|`
 * (the `|` shows where iproute2's trailing spaces end).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Lab } from '../../../src/lib/engine/lab';
import { buildLab } from '../../../src/lib/shell/scenarios';
import { LabShell } from '../../../src/lib/shell/shell';
import { bgpLabWithService } from '../client/harness';
import { BGP_CORPUS, L2_CORPUS, type CorpusStep } from './ip-corpus';

const SEED = 7;

function stream(tag: string, text: string): string {
  if (!text) return '';
  const body = text.endsWith('\n') ? text.slice(0, -1) : text;
  const tail = text.endsWith('\n') ? '' : `${tag} (no newline at end)\n`;
  return body.split('\n').map((l) => `${tag} ${l}|\n`).join('') + tail;
}

async function transcript(lab: Lab, steps: readonly CorpusStep[]): Promise<string> {
  const shell = new LabShell(lab);
  let text = '';
  for (const { cmd, setup } of steps) {
    const r = await shell.run(cmd);
    if (setup) {
      if (r.exitCode !== 0) throw new Error(`corpus setup "${cmd}" failed: ${r.stderr}`);
      continue;
    }
    text += `$ ${cmd}\nexit ${r.exitCode}\n${stream('1>', r.stdout)}${stream('2>', r.stderr)}`;
  }
  return text;
}

function pinned(name: string, actual: string): string {
  const file = new URL(`./ip-corpus/${name}.txt`, import.meta.url);
  if (process.env.IP_CORPUS_WRITE === '1') writeFileSync(file, actual);
  return readFileSync(file, 'utf8');
}

describe('ip regression corpus', () => {
  it('bgp scenario with MetalLB peering: host, mypc, client, router, kind nodes', async () => {
    const { lab } = await bgpLabWithService(SEED);
    const actual = await transcript(lab, BGP_CORPUS);
    expect(actual).toBe(pinned('bgp', actual));
  }, 180_000);

  it('l2 scenario: host, mypc, kind nodes', async () => {
    const lab = await buildLab({ scenario: 'l2', seed: SEED });
    const actual = await transcript(lab, L2_CORPUS);
    expect(actual).toBe(pinned('l2', actual));
  }, 180_000);
});
