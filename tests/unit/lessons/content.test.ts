import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { lessonBySlug, lessons, nextLesson, previousLesson } from '../../../src/lessons';
import { KIND_CREATE, L2ADV_APPLY, METALLB_APPLY, METALLB_WAIT, PODS_APPLY, POOL_APPLY, SERVICES_APPLY } from '../../../src/lessons/shared';
import type { GoalCheck, L10n, Lesson } from '../../../src/lessons/types';
import { L2_SETUP_SCRIPT } from '../../../src/lib/shell/scenarios';

const lessonsDir = fileURLToPath(new URL('../../../src/lessons/', import.meta.url));
const HANGUL = /[\uac00-\ud7a3]/;

/** Every L10n of a lesson, with where it sits. */
function texts(l: Lesson): { where: string; text: L10n; prose: boolean }[] {
  const out: { where: string; text: L10n; prose: boolean }[] = [
    { where: 'title', text: l.title, prose: false },
    { where: 'summary', text: l.summary, prose: true },
    { where: 'intro', text: l.intro, prose: true }
  ];
  for (const s of l.steps) {
    out.push({ where: `${s.id}.title`, text: s.title, prose: false });
    out.push({ where: `${s.id}.body`, text: s.body, prose: true });
    for (const g of s.goals) out.push({ where: `${s.id}.goal.${g.id}`, text: g.text, prose: false });
    s.hints.forEach((h, i) => out.push({ where: `${s.id}.hint.${i}`, text: h, prose: false }));
  }
  return out;
}

function allChecks(c: GoalCheck): GoalCheck[] {
  return c.type === 'not' ? [c, ...allChecks(c.check)] : [c];
}

describe('the lesson registry', () => {
  it('holds the eleven lessons in order, numbered 1..11, with NN- slugs and unique ids', () => {
    expect(lessons).toHaveLength(11);
    const slugs = lessons.map((l) => l.slug);
    expect(new Set(slugs).size).toBe(slugs.length);
    lessons.forEach((l, i) => {
      expect(l.number).toBe(i + 1);
      expect(l.slug).toMatch(/^\d\d-[a-z0-9]+(?:-[a-z0-9]+)*$/);
      expect(l.slug.slice(0, 2)).toBe(String(i + 1).padStart(2, '0'));
      expect(existsSync(`${lessonsDir}${l.slug}/index.ts`)).toBe(true);
      expect(lessonBySlug(l.slug)).toBe(l);
    });
    expect(slugs).toEqual([
      '01-why-loadbalancer',
      '02-the-lab',
      '03-installing-metallb',
      '04-pool-and-advertisement',
      '05-services-and-owners',
      '06-the-election',
      '07-arp-on-the-wire',
      '08-load-spreading',
      '09-failover',
      '10-reading-the-code',
      '11-bgp-mode'
    ]);
    expect(lessonBySlug('nope')).toBeUndefined();
    expect(nextLesson('01-why-loadbalancer')?.slug).toBe('02-the-lab');
    expect(nextLesson('10-reading-the-code')?.slug).toBe('11-bgp-mode');
    expect(nextLesson('11-bgp-mode')).toBeUndefined();
    expect(previousLesson('01-why-loadbalancer')).toBeUndefined();
    expect(previousLesson('02-the-lab')?.slug).toBe('01-why-loadbalancer');
  });

  it('starts each lesson from a known scenario and a fixed seed', () => {
    for (const l of lessons) {
      expect(['empty', 'kind', 'l2', 'bgp']).toContain(l.scenario);
      expect(Number.isInteger(l.seed)).toBe(true);
    }
    expect(lessons.find((l) => l.slug === '02-the-lab')?.scenario).toBe('empty');
    expect(lessons.find((l) => l.slug === '11-bgp-mode')?.scenario).toBe('bgp');
  });

  it('keeps the registry and the lesson data free of engine and shell imports', () => {
    // every file of every lesson folder (a long lesson is split into sibling modules)
    const lessonFiles = lessons.flatMap((l) => readdirSync(`${lessonsDir}${l.slug}`).filter((f) => f.endsWith('.ts')).map((f) => `${l.slug}/${f}`));
    const files = ['index.ts', 'types.ts', 'shared.ts', ...lessonFiles];
    for (const f of files) {
      const src = readFileSync(`${lessonsDir}${f}`, 'utf8');
      const imports = [...src.matchAll(/from\s+'([^']+)'/g)].map((m) => m[1]);
      const inFolder = f.includes('/');
      // The article's commands come from a strings-only module the l2 scenario also types.
      for (const i of imports) {
        if (inFolder && /^\.\/[a-z0-9-]+$/.test(i)) continue; // a sibling in the lesson's folder, itself checked here
        expect(i, `${f} imports ${i}`).toMatch(/^\.{1,2}\/(?:shared|types|\d\d-[a-z0-9-]+)$|^\.\/(?:types|\d\d-[a-z0-9-]+)$|^\.\.\/lib\/shell\/article$/);
      }
    }
    const article = readFileSync(`${lessonsDir}../lib/shell/article.ts`, 'utf8');
    expect(article).not.toMatch(/^\s*import\s/m);
  });
});

describe.each(lessons.map((l) => [l.slug, l] as const))('lesson %s', (_slug, l) => {
  it('has English and Korean for every text', () => {
    for (const { where, text, prose } of texts(l)) {
      expect(text.en.trim(), `${where}.en`).not.toBe('');
      expect(text.ko.trim(), `${where}.ko`).not.toBe('');
      expect(HANGUL.test(text.en), `${where}.en has Hangul`).toBe(false);
      if (prose) expect(HANGUL.test(text.ko), `${where}.ko has no Hangul`).toBe(true);
    }
  });

  it('has steps, each with goals, hints and a solution', () => {
    expect(l.steps.length).toBeGreaterThan(0);
    const stepIds = l.steps.map((s) => s.id);
    expect(new Set(stepIds).size).toBe(stepIds.length);
    for (const s of l.steps) {
      expect(s.id).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
      expect(s.goals.length, s.id).toBeGreaterThan(0);
      expect(s.hints.length, s.id).toBeGreaterThan(0);
      expect(s.solution.length, s.id).toBeGreaterThan(0);
      const goalIds = s.goals.map((g) => g.id);
      expect(new Set(goalIds).size, s.id).toBe(goalIds.length);
      if (s.command !== undefined) {
        expect(s.command.trim()).not.toBe('');
        // the button's command is one of the solution's lines
        expect(s.solution, `${s.id}.command`).toContain(s.command);
      }
    }
  });

  it('writes balanced fenced blocks and shows the solution commands in the body', () => {
    for (const s of l.steps) {
      for (const lang of ['en', 'ko'] as const) {
        const body = s.body[lang];
        expect((body.match(/^```/gm) ?? []).length % 2, `${s.id}.body.${lang}`).toBe(0);
        for (const cmd of s.solution) {
          if (/^sleep \d+$/.test(cmd)) continue; // time passing, for the headless replay
          expect(body.includes(cmd), `${s.id}.body.${lang} lacks: ${cmd.split('\n')[0]}`).toBe(true);
        }
      }
    }
  });

  it('uses goal checks that are well-formed data', () => {
    for (const s of l.steps) {
      for (const g of s.goals) {
        for (const c of allChecks(g.check)) {
          if (c.type === 'commandRan') expect(() => new RegExp(c.pattern, c.flags ?? '')).not.toThrow();
          if (c.type === 'podRunning') expect(c.name !== undefined || c.selector !== undefined).toBe(true);
          if ('minCount' in c && c.minCount !== undefined) expect(c.minCount).toBeGreaterThan(0);
        }
        expect(JSON.parse(JSON.stringify(g.check))).toEqual(g.check);
      }
    }
  });
});

describe('shared commands', () => {
  it('are the ones the l2 scenario types (the article\'s commands)', () => {
    expect([METALLB_APPLY, METALLB_WAIT, POOL_APPLY, L2ADV_APPLY, PODS_APPLY, SERVICES_APPLY]).toEqual(L2_SETUP_SCRIPT.slice(0, 6));
  });

  it('create the cluster the way the brief says', () => {
    expect(KIND_CREATE.split('\n')[0]).toBe('kind create cluster --name myk8s --config - <<EOF');
    expect(KIND_CREATE).toContain('podSubnet: 10.10.0.0/16');
    expect(KIND_CREATE).toContain('serviceSubnet: 10.200.1.0/24');
    expect(KIND_CREATE.endsWith('\nEOF')).toBe(true);
  });
});
