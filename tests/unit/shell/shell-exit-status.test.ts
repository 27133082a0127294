import { beforeAll, describe, expect, it } from 'vitest';
import { Lab } from '../../../src/lib/engine/lab';
import { LabShell } from '../../../src/lib/shell/shell';

// Expected values are what an interactive bash prints: `$?` survives from one prompt to the next.
describe('LabShell $? between lines', () => {
  let sh: LabShell;
  beforeAll(async () => {
    sh = new LabShell(await Lab.create({ scenario: 'empty' }));
  });

  it('keeps the exit status of the previous line', async () => {
    await sh.run('false');
    expect((await sh.run('echo $?')).stdout).toBe('1\n');
    // echo itself succeeded, so the next line sees 0
    expect((await sh.run('echo $?')).stdout).toBe('0\n');
  });

  it('keeps a failing lab command status and a coreutils one', async () => {
    expect((await sh.run('docker network rm nosuch')).exitCode).toBe(1);
    expect((await sh.run('echo $?')).stdout).toBe('1\n');
    expect((await sh.run('ls /nonexistent')).exitCode).toBe(2);
    expect((await sh.run('echo $?')).stdout).toBe('2\n');
    await sh.run('(exit 42)');
    expect((await sh.run('echo "status $?"')).stdout).toBe('status 42\n');
  });

  it('still works within one line and keeps PIPESTATUS', async () => {
    expect((await sh.run('false; echo $?; true; echo $?')).stdout).toBe('1\n0\n');
    expect((await sh.run('false | true; echo ${PIPESTATUS[@]}')).stdout).toBe('1 0\n');
  });

  it('gives 130 after an interrupted line', async () => {
    const ctrl = new AbortController();
    ctrl.abort();
    await sh.run('sleep 5', ctrl.signal);
    expect((await sh.run('echo $?')).stdout).toBe('130\n');
  });
});
