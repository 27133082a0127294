/** A vtysh session in the command log: export/import and rewind bring back the same lab and the same open vtysh. */
import { describe, expect, it } from 'vitest';
import { EOF_LINE } from '../../../src/lib/shell/interactive';
import { LabSession } from '../../../src/lib/ui/lab-session';
import { fingerprint } from './session-helpers';

async function runConfig(a: LabSession): Promise<void> {
  await a.run('docker exec -it router vtysh');
  await a.run('conf t');
  await a.run('router bgp 64512');
  await a.run('neighbor 172.18.0.9 remote-as 64513');
  await a.run('end');
}

describe('LabSession with vtysh', () => {
  it('export/import replays the vtysh lines into a re-opened vtysh', async () => {
    const a = await LabSession.create({ scenario: 'bgp', seed: 2, clock: false });
    await runConfig(a);
    await a.run('conf t');
    const state = a.exportState();
    expect(state.log.map((e) => e.line)).toEqual(['docker exec -it router vtysh', 'conf t', 'router bgp 64512', 'neighbor 172.18.0.9 remote-as 64513', 'end', 'conf t']);
    const b = new LabSession({ clock: false });
    await b.importState(JSON.parse(JSON.stringify(state)));
    expect(fingerprint(b.lab)).toBe(fingerprint(a.lab));
    expect(b.shell.interactivePrompt()).toBe('router(config)# ');
    // the configuration the replay typed is there, in the same node
    await b.run('end');
    expect((await b.run('show running-config')).stdout).toContain(' neighbor 172.18.0.9 remote-as 64513\n');
    await b.run(EOF_LINE);
    expect(b.shell.interactivePrompt()).toBeNull();
    expect((await b.run('echo bash')).stdout).toBe('bash\n');
    expect(b.log().map((e) => e.line).slice(-3)).toEqual(['show running-config', EOF_LINE, 'echo bash']);
    a.dispose();
    b.dispose();
  });

  it('a rewind to before the exit lands inside vtysh', async () => {
    const a = await LabSession.create({ scenario: 'bgp', seed: 2, clock: false });
    await runConfig(a);
    const beforeExit = a.now();
    await a.jump(1000);
    await a.run('exit');
    expect(a.shell.interactivePrompt()).toBeNull();
    await a.rewindTo(beforeExit + 1);
    expect(a.shell.interactivePrompt()).toBe('router# ');
    expect(a.log().map((e) => e.line)).toEqual(['docker exec -it router vtysh', 'conf t', 'router bgp 64512', 'neighbor 172.18.0.9 remote-as 64513', 'end']);
    a.dispose();
  });
});
