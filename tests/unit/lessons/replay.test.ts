import { describe, expect, it } from 'vitest';
import { lessons } from '../../../src/lessons';
import { evaluateLesson, latchProgress, missingGoals } from '../../../src/lessons/goals';
import type { Lesson } from '../../../src/lessons/types';
import { replayLesson } from './replay-helpers';

/**
 * Solution commands that are meant to fail: the learner tries something the cluster refuses.
 * Anything else exiting non-zero is a broken lesson.
 */
const EXPECTED_FAILURES: Record<string, { step: string; command: RegExp }[]> = {
  // the webhook refuses an overlapping pool
  '04-pool-and-advertisement': [{ step: 'webhook', command: /^cat <<EOF \| kubectl apply -f -$/ }]
};

function expectedFailure(l: Lesson, step: string, command: string): boolean {
  return (EXPECTED_FAILURES[l.slug] ?? []).some((f) => f.step === step && f.command.test(command));
}

describe.each(lessons.map((l) => [l.slug, l] as const))('replay of %s', (_slug, l) => {
  it(`reaches every goal by typing the solutions (scenario ${l.scenario}, seed ${l.seed})`, async () => {
    const r = await replayLesson(l);

    // Nothing is done for the learner: before the first command, goals are missing.
    expect(r.missingAtStart.length).toBeGreaterThan(0);

    for (const s of r.steps) {
      // Each step asks for something new: at least one of its goals is missing before its solution runs.
      expect(s.missingBefore.length, `${s.step}: every goal was already reached before the step`).toBeGreaterThan(0);
      // Its solution reaches all of them.
      expect(s.missing, `${s.step}: goals still missing after the solution`).toEqual([]);
      const unexpected = s.failed.filter((f) => !expectedFailure(l, s.step, f.command));
      expect(unexpected, `${s.step}: solution commands failed`).toEqual([]);
    }

    // The live checklist: with the reached goals latched, nothing is missing at the end.
    let reached = new Set<string>();
    for (const s of r.steps) for (const g of l.steps.find((x) => x.id === s.step)!.goals) if (!s.missing.includes(g.id)) reached.add(`${s.step}/${g.id}`);
    reached = latchProgress(reached, await evaluateLesson(l, r.lab));
    expect(await missingGoals(l, r.lab, reached)).toEqual([]);
  });
});

describe('replay without trackLesson (the journal is rebuilt from the trace)', () => {
  for (const slug of ['08-load-spreading', '09-failover']) {
    it(slug, async () => {
      const l = lessons.find((x) => x.slug === slug)!;
      const r = await replayLesson(l, { track: false });
      for (const s of r.steps) expect(s.missing, s.step).toEqual([]);
    });
  }
});
