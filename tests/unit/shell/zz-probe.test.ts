import { it } from 'vitest';
import { buildLab } from '../../../src/lib/shell/scenarios';
import { LabShell } from '../../../src/lib/shell/shell';
it('probe', async () => {
  const lab = await buildLab({ scenario: 'bgp', seed: 7 });
  const sh = new LabShell(lab);
  for (const c of (process.env.CMDS ?? '').split('\n').filter(Boolean)) {
    const ac = new AbortController();
    const t0 = Date.now();
    setTimeout(() => ac.abort(), Number(process.env.ABORT_MS ?? 300));
    const r = await sh.run(c, ac.signal);
    console.log(`$ ${c} [${r.exitCode}] ${Date.now() - t0}ms\n${(r.stdout + r.stderr).slice(-300)}`);
  }
}, 600000);
