import { describe, expect, it } from 'vitest';
import { buildLab } from '../../../src/lib/shell/scenarios';
import { LabShell } from '../../../src/lib/shell/shell';

/**
 * Lesson 7 re-creates svc3 and captures its gratuitous ARPs on one line. tcpdump prints its
 * "listening on" lines to stderr before any packet, and its counts after the last: a terminal
 * shows them in that order, after kubectl's line, even though both commands share the line.
 */
describe('two lab commands on one line stream in the order they write', () => {
  it('kubectl apply; docker exec mypc tcpdump -c 6: kubectl, tcpdump header, packets, counts', async () => {
    const lab = await buildLab({ scenario: 'l2', seed: 5 });
    const chunks: { text: string; stream: string }[] = [];
    const sh = new LabShell(lab, { onWrite: (text, stream) => chunks.push({ text, stream }) });
    await sh.run('kubectl get svc svc3 -o yaml > svc3.yaml');
    await sh.run('kubectl delete svc svc3');
    chunks.length = 0;
    const r = await sh.run('kubectl apply -f svc3.yaml; docker exec mypc tcpdump -i eth0 -nn arp -c 6', new AbortController().signal);
    expect(r.stdout + r.stderr).toBe('');
    const text = chunks.map((c) => c.text).join('');
    const lines = text.split('\n');
    expect(lines[0]).toBe('service/svc3 created');
    expect(lines[1]).toBe('tcpdump: verbose output suppressed, use -v[v]... for full protocol decode');
    expect(lines[2]).toBe('listening on eth0, link-type EN10MB (Ethernet), snapshot length 262144 bytes');
    const packets = lines.slice(3, 9);
    for (const p of packets) expect(p).toMatch(/^\d\d:\d\d:\d\d\.\d{6} ARP, /);
    expect(lines.slice(9)).toEqual(['6 packets captured', '6 packets received by filter', '0 packets dropped by kernel', '']);
    // and each went to its own stream
    expect(chunks.filter((c) => c.stream === 'stderr').map((c) => c.text).join('')).toContain('listening on eth0');
  });
});
