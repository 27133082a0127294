/**
 * Which device tcpdump and arp-scan use on the Docker host when no -i is given, and tcpdump -D's
 * list there. libpcap sorts pcap_findalldevs by a figure of merit: a device that is not running
 * (no carrier) sorts after the loopback, and the first device is the default. So docker0, up
 * but without a port, comes after lo as `[Up, Disconnected]` and never becomes the default:
 * the kind bridge (index 3, after lo and docker0) does.
 */
import { describe, expect, it } from 'vitest';
import { labShell, lines } from './helpers';

describe('capture devices on the Docker host', () => {
  it('tcpdump -D: running devices in index order, any, lo, then docker0 disconnected', async () => {
    const { sh } = await labShell();
    const id = (await sh.run("docker network inspect kind --format '{{.Id}}'")).stdout.trim();
    const br = `br-${id.slice(0, 12)}`;
    const out = lines((await sh.run('tcpdump -D')).stdout);
    expect(out[0]).toBe(`1.${br} [Up, Running, Connected]`);
    const veths = out.filter((l) => /^\d+\.veth[0-9a-f]{7} \[Up, Running, Connected\]$/.test(l));
    expect(veths.length).toBeGreaterThan(0);
    const tail = out.slice(1 + veths.length);
    const n = 2 + veths.length;
    expect(tail).toEqual([
      `${n}.any (Pseudo-device that captures on all interfaces) [Up, Running]`,
      `${n + 1}.lo [Up, Running, Loopback]`,
      `${n + 2}.docker0 [Up, Disconnected]`,
      `${n + 3}.nflog (Linux netfilter log (NFLOG) interface) [none]`,
      `${n + 4}.nfqueue (Linux netfilter queue (NFQUEUE) interface) [none]`
    ]);
    // -i by number follows the same list
    const byNumber = await sh.run(`tcpdump -i ${n + 2} -c 1 -n`);
    expect(byNumber.stderr).toContain('listening on docker0,');
  });

  it('with no -i, tcpdump and arp-scan use the kind bridge, not docker0', async () => {
    const { sh } = await labShell();
    const id = (await sh.run("docker network inspect kind --format '{{.Id}}'")).stdout.trim();
    const br = `br-${id.slice(0, 12)}`;
    expect((await sh.run('tcpdump -c 1 -n')).stderr).toContain(`listening on ${br}, link-type EN10MB (Ethernet), snapshot length 262144 bytes`);
    expect((await sh.run('arp-scan -l')).stdout).toMatch(new RegExp(`^Interface: ${br}, type: EN10MB, MAC: [0-9a-f:]{17}, IPv4: 172\\.18\\.0\\.1\\n`));
  });
});
