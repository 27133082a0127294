import { describe, expect, it } from 'vitest';
import { lessonBySlug, lessons } from '../../../src/lessons';
import { KIND_FILTERS, startKind } from '../../../src/lib/ui/viz/inspector/model';

describe('a step figure’s packet filter', () => {
  it('is set only on packet figures, and is one of the list’s own choices', () => {
    for (const l of lessons)
      for (const s of l.steps)
        if (s.packetFilter !== undefined) {
          expect(s.figure, `${l.slug}/${s.id}`).toBe('packets');
          expect(KIND_FILTERS, `${l.slug}/${s.id}`).toContain(s.packetFilter);
          expect(startKind(s.packetFilter)).toBe(s.packetFilter);
        }
  });

  it('opens lesson 7’s scan on ARP and its gratuitous-ARP step on GARP', () => {
    const steps = lessonBySlug('07-arp-on-the-wire')!.steps;
    const packetSteps = steps.filter((s) => s.figure === 'packets').map((s) => [s.id, s.packetFilter]);
    expect(packetSteps).toEqual([
      ['scan', 'arp'],
      ['gratuitous', 'garp']
    ]);
  });
});
