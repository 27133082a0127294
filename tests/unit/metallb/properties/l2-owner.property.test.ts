import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { announcersOf } from '../../../../src/lib/engine/metallb/speaker/registry';
import { buildLab } from '../../../../src/lib/shell/scenarios';
import { LabShell } from '../../../../src/lib/shell/shell';

/**
 * Whatever happens to the workers (hard kills, graceful stops, restarts, freezes), once
 * memberlist has settled each VIP has at most one announcer, and when it has one it is the node
 * the SHA-256 rule picks among the nodes that are up (computed here with node:crypto).
 */
const WORKERS = ['myk8s-worker', 'myk8s-worker2', 'myk8s-worker3'];
const VIPS = ['172.18.255.200', '172.18.255.201', '172.18.255.202'];

function hashWinner(ip: string, nodes: string[]): string | undefined {
  const h = (n: string) => createHash('sha256').update(`${n}#${ip}`).digest('hex');
  return [...nodes].sort((a, b) => (h(a) < h(b) ? -1 : 1))[0];
}

const action = fc.record({
  verb: fc.constantFrom('stop --signal 9', 'stop', 'start', 'pause', 'unpause'),
  node: fc.constantFrom(...WORKERS),
  wait: fc.integer({ min: 1, max: 30 })
});

describe('layer-2 ownership under failures', () => {
  it('has at most one announcer per VIP once memberlist agrees, and it is the hash winner', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 1, maxLength: 4 }), fc.integer({ min: 1, max: 1000 }), async (actions, seed) => {
        const lab = await buildLab({ scenario: 'l2', seed });
        const shell = new LabShell(lab);
        for (const a of actions) {
          await shell.run(`docker ${a.verb} ${a.node}`);
          await shell.run(`sleep ${a.wait}`);
        }
        // Let memberlist converge (dead after ≤ 24 s, rejoin within the 60 s ticker).
        await shell.run('sleep 90');
        const cluster = lab.cluster()!;
        const up = WORKERS.filter((n) => lab.docker.find(n)?.state === 'running');
        for (const ip of VIPS) {
          // A frozen or stopped node cannot answer ARP, whatever its frozen speaker still holds.
          const owners = announcersOf(cluster, ip).filter((n) => up.includes(n));
          expect(owners.length).toBeLessThanOrEqual(1);
          if (owners.length === 1) expect(owners[0]).toBe(hashWinner(ip, up));
        }
      }),
      { numRuns: 8, seed: 20241003 }
    );
  }, 180_000);
});
