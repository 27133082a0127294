import { describe, expect, it } from 'vitest';
import { labShell } from './helpers';

// iproute2's do_iprule: list/show/lst print the rules; save, restore, add, delete and flush need
// CAP_NET_ADMIN; any other word is refused with its message and exit(-1), i.e. 255.
describe('ip rule', () => {
  it('refuses an unknown command', async () => {
    const { sh } = await labShell();
    expect(await sh.run('docker exec myk8s-worker ip rule bogus')).toEqual({ stdout: '', stderr: 'Command "bogus" is unknown, try "ip rule help".\n', exitCode: 255 });
    expect((await sh.run('docker exec myk8s-worker ip rule neigh')).stderr).toBe('Command "neigh" is unknown, try "ip rule help".\n');
  });

  it('lists with list, show or an abbreviation', async () => {
    const { sh } = await labShell();
    const rules = '0:\tfrom all lookup local\n32766:\tfrom all lookup main\n32767:\tfrom all lookup default\n';
    for (const verb of ['', 'list', 'show', 'sh', 'lst']) expect((await sh.run(`docker exec myk8s-worker ip rule ${verb}`).then((r) => r.stdout))).toBe(rules);
  });
});
