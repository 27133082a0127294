import { SCENARIOS, type Scenario } from '../lib/shell/scenarios';

export interface RunnerArgs {
  seed: number;
  workers: number;
  scenario: Scenario;
  pcap: string | null;
  script: string | null; // path, '-' for stdin, null = stdin
  help: boolean;
}

export const USAGE = `Usage: npm run lab -- [--seed N] [--workers N] [--scenario empty|kind|l2|bgp] [--pcap FILE] [SCRIPT|-]

Runs SCRIPT (or standard input) through the lab's shell against a fresh lab and prints,
for each command, a line "$ <command>" followed by its output.

  --seed N        seed of the lab's random choices (default 1): same seed, same transcript
  --workers N     worker nodes of the article's cluster (default 3)
  --scenario S    empty: a Docker host with no cluster; kind: the article's cluster and mypc (default);
                  l2: where the article's step 5 ends (MetalLB, pool, L2Advertisement, webpods, svc1-3);
                  bgp: the cluster plus an FRR container "router" (AS 64512) peering with every node (AS 64513)
  --pcap FILE     write every frame seen on the kind bridge to FILE (libpcap format)
`;

export function parseArgs(argv: string[]): { ok: true; args: RunnerArgs } | { ok: false; error: string } {
  const a: RunnerArgs = { seed: 1, workers: 3, scenario: 'kind', pcap: null, script: null, help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, null];
    const value = (): string | null => (inline !== null ? inline : i + 1 < argv.length ? argv[++i] : null);
    switch (flag) {
      case '-h':
      case '--help':
        a.help = true;
        break;
      case '--seed': {
        const v = value();
        if (v === null || !/^\d+$/.test(v)) return { ok: false, error: `lab: --seed needs a whole number, got ${v ?? 'nothing'}` };
        a.seed = Number(v);
        break;
      }
      case '--workers': {
        const v = value();
        if (v === null || !/^\d+$/.test(v) || Number(v) > 250) return { ok: false, error: `lab: --workers needs a whole number from 0 to 250, got ${v ?? 'nothing'}` };
        a.workers = Number(v);
        break;
      }
      case '--scenario': {
        const v = value();
        if (!v || !SCENARIOS.includes(v as Scenario)) return { ok: false, error: `lab: unknown scenario "${v ?? ''}" (choose one of: ${SCENARIOS.join(', ')})` };
        a.scenario = v as Scenario;
        break;
      }
      case '--pcap': {
        const v = value();
        if (!v) return { ok: false, error: 'lab: --pcap needs a file name' };
        a.pcap = v;
        break;
      }
      default:
        if (arg.startsWith('-') && arg !== '-') return { ok: false, error: `lab: unknown option ${arg}\n\n${USAGE}` };
        if (a.script !== null) return { ok: false, error: `lab: only one script, got ${a.script} and ${arg}` };
        a.script = arg;
    }
  }
  return { ok: true, args: a };
}
