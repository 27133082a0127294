import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../../src/cli/args';

const root = new URL('../../../', import.meta.url).pathname;
const tsx = join(root, 'node_modules/.bin/tsx');

describe('npm run lab', () => {
  it('parses the runner flags', () => {
    const r = parseArgs(['--seed', '7', '--workers=2', '--scenario', 'empty', '--pcap', 'x.pcap', 'script.sh']);
    expect(r).toEqual({ ok: true, args: { seed: 7, workers: 2, scenario: 'empty', pcap: 'x.pcap', script: 'script.sh', help: false } });
    expect(parseArgs(['--scenario', 'moon'])).toMatchObject({ ok: false });
    expect(parseArgs(['--seed', 'x'])).toMatchObject({ ok: false });
    expect(parseArgs(['--bogus'])).toMatchObject({ ok: false });
  });

  it('builds --workers N workers and writes a pcap that starts with the libpcap header', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lab-'));
    const script = join(dir, 's.sh');
    const pcap = join(dir, 'out.pcap');
    writeFileSync(script, 'kubectl get nodes --no-headers | wc -l\ndocker exec mypc ping -c 1 172.18.0.1 > /dev/null; echo done\n');
    const out = execFileSync(tsx, [join(root, 'src/cli/lab.ts'), '--seed', '3', '--workers', '5', '--pcap', pcap, script], { encoding: 'utf8', cwd: root });
    expect(out.split('\n').slice(0, 2)).toEqual(['$ kubectl get nodes --no-headers | wc -l', '6']);
    const bytes = readFileSync(pcap);
    // d4 c3 b2 a1, version 2.4, snaplen 262144, linktype 1 (Ethernet).
    expect(bytes.subarray(0, 24).toString('hex')).toBe('d4c3b2a1' + '0200' + '0400' + '00000000' + '00000000' + '00000400' + '01000000');
    expect(bytes.length).toBeGreaterThan(24);
  });

  it('refuses unknown options with status 2', () => {
    const r = spawnSync(tsx, [join(root, 'src/cli/lab.ts'), '--nope'], { encoding: 'utf8', cwd: root, input: '' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('lab: unknown option --nope');
  });
});
