/**
 * The lessons, in the article's order. Each lesson lives in its own folder (`NN-words/index.ts`)
 * as plain data; this registry imports nothing from the engine or the shell, so a page can list
 * lessons without loading the simulation.
 */
import { lesson as whyLoadBalancer } from './01-why-loadbalancer';
import { lesson as theLab } from './02-the-lab';
import { lesson as installingMetallb } from './03-installing-metallb';
import { lesson as poolAndAdvertisement } from './04-pool-and-advertisement';
import { lesson as servicesAndOwners } from './05-services-and-owners';
import { lesson as theElection } from './06-the-election';
import { lesson as arpOnTheWire } from './07-arp-on-the-wire';
import { lesson as loadSpreading } from './08-load-spreading';
import { lesson as failover } from './09-failover';
import { lesson as readingTheCode } from './10-reading-the-code';
import { lesson as bgpMode } from './11-bgp-mode';
import type { Lesson } from './types';

export type { Goal, GoalCheck, L10n, Lang, Lesson, LessonScenario, LessonSource, Step, StepFigure } from './types';

export const lessons: Lesson[] = [
  whyLoadBalancer,
  theLab,
  installingMetallb,
  poolAndAdvertisement,
  servicesAndOwners,
  theElection,
  arpOnTheWire,
  loadSpreading,
  failover,
  readingTheCode,
  bgpMode
];

const bySlug = new Map(lessons.map((l) => [l.slug, l]));

export function lessonBySlug(slug: string): Lesson | undefined {
  return bySlug.get(slug);
}

/** The lesson after this one, if any. */
export function nextLesson(slug: string): Lesson | undefined {
  const i = lessons.findIndex((l) => l.slug === slug);
  return i < 0 ? undefined : lessons[i + 1];
}

export function previousLesson(slug: string): Lesson | undefined {
  const i = lessons.findIndex((l) => l.slug === slug);
  return i <= 0 ? undefined : lessons[i - 1];
}
