import { evaluateStep, evaluateLesson } from '../../../src/lessons/goals';
import { trackLesson } from '../../../src/lessons/journal';
import type { Lesson } from '../../../src/lessons/types';
import type { Lab } from '../../../src/lib/engine/lab';
import { buildLab } from '../../../src/lib/shell/scenarios';
import { LabShell } from '../../../src/lib/shell/shell';

export interface StepReplay {
  step: string;
  /** Goals of this step missing just before its solution was typed. */
  missingBefore: string[];
  /** Goals of this step missing after its solution was typed. */
  missing: string[];
  failed: { command: string; exitCode: number; stderr: string }[];
}

export interface LessonReplay {
  lab: Lab;
  /** Goals missing before any command was typed. */
  missingAtStart: string[];
  steps: StepReplay[];
  transcript: string;
}

/** Build the lesson's lab, then type every step's solution and check that step's goals. */
export async function replayLesson(lesson: Lesson, opts: { track?: boolean } = {}): Promise<LessonReplay> {
  const lab = await buildLab({ scenario: lesson.scenario, seed: lesson.seed });
  if (opts.track !== false) trackLesson(lab);
  const start = await evaluateLesson(lesson, lab);
  const missingAtStart = start.steps.flatMap((s) => s.goals.filter((g) => !g.done).map((g) => `${s.id}/${g.id}`));
  const shell = new LabShell(lab);
  const steps: StepReplay[] = [];
  let transcript = '';
  for (const step of lesson.steps) {
    const failed: StepReplay['failed'] = [];
    const before = await evaluateStep(lesson, step.id, lab);
    for (const cmd of step.solution) {
      const r = await shell.run(cmd);
      transcript += `$ ${cmd}\n${r.stdout}${r.stderr}`;
      if (r.exitCode !== 0) failed.push({ command: cmd.split('\n')[0], exitCode: r.exitCode, stderr: r.stderr.slice(0, 300) });
    }
    const res = await evaluateStep(lesson, step.id, lab);
    steps.push({ step: step.id, missingBefore: (before?.goals ?? []).filter((g) => !g.done).map((g) => g.id), missing: (res?.goals ?? []).filter((g) => !g.done).map((g) => g.id), failed });
  }
  return { lab, missingAtStart, steps, transcript };
}
