import { describe, expect, it } from 'vitest';
import { Lab } from '../../../src/lib/engine/lab';
import { LabShell } from '../../../src/lib/shell/shell';

describe('date on the virtual clock', () => {
  it('prints GNU date formats from lab time and moves with sleep', async () => {
    const shell = new LabShell(await Lab.create({ scenario: 'empty' }));
    // The lab's epoch is 2024-10-03 09:00:00 UTC (a Thursday); commands cost a few ms each.
    expect((await shell.run('date')).stdout).toBe('Thu Oct  3 09:00:00 UTC 2024\n');
    const a = Number((await shell.run('date +%s')).stdout);
    await shell.run('sleep 42');
    const b = Number((await shell.run('date +%s')).stdout);
    expect(b - a).toBe(42);
    expect((await shell.run('date +%F_%T')).stdout).toMatch(/^2024-10-03_09:00:4\d\n$/);
    expect(await shell.run('date -Q')).toMatchObject({ exitCode: 1 });
  });
});
