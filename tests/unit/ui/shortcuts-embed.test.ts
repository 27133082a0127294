import { describe, expect, it } from 'vitest';
import { isTypingTarget, matchKey, SHORTCUTS, shortcutsFor } from '../../../src/lib/ui/shortcuts/keys';
import { embedSnippet, embedUrl, escapeAttr, resizeScript } from '../../../src/lib/ui/lesson/embed-snippet';
import { en } from '../../../src/lib/i18n/en';
import { ko } from '../../../src/lib/i18n/ko';

const key = (k: string, mods: Partial<{ ctrlKey: boolean; altKey: boolean; metaKey: boolean; isComposing: boolean }> = {}) => ({
  key: k,
  ctrlKey: false,
  altKey: false,
  metaKey: false,
  ...mods
});

describe('shortcut keys', () => {
  it('maps single keys to their actions', () => {
    const expected: Record<string, string> = { '?': 'help', t: 'terminal', j: 'nextStep', k: 'prevStep', n: 'nextLesson', p: 'prevLesson', '.': 'pause', ']': 'step', '+': 'jump10', r: 'reset' };
    for (const [k, action] of Object.entries(expected)) expect(matchKey(key(k), '')).toEqual({ kind: 'action', action });
  });

  it('g starts a sequence: g h is home, g p the playground', () => {
    expect(matchKey(key('g'), '')).toEqual({ kind: 'pending', prefix: 'g' });
    expect(matchKey(key('h'), 'g')).toEqual({ kind: 'action', action: 'home' });
    expect(matchKey(key('p'), 'g')).toEqual({ kind: 'action', action: 'playground' });
    // h alone is nothing; after g an unrelated key counts on its own
    expect(matchKey(key('h'), '')).toEqual({ kind: 'none' });
    expect(matchKey(key('j'), 'g')).toEqual({ kind: 'action', action: 'nextStep' });
  });

  it('Ctrl, Alt, Meta and IME composition leave keys alone; Shift does not', () => {
    for (const mod of ['ctrlKey', 'altKey', 'metaKey', 'isComposing'] as const) expect(matchKey(key('j', { [mod]: true }), '')).toEqual({ kind: 'none' });
    expect(matchKey({ ...key('?'), shiftKey: true } as ReturnType<typeof key>, '')).toEqual({ kind: 'action', action: 'help' });
    expect(matchKey(key('J'), '')).toEqual({ kind: 'none' });
    expect(matchKey(key('x'), '')).toEqual({ kind: 'none' });
  });

  it('typing targets: fields, editable elements and the terminal', () => {
    const el = (tagName: string, inside: string[] = [], isContentEditable = false) => ({
      tagName,
      isContentEditable,
      closest: (sel: string) => (inside.some((c) => sel.split(',').map((s) => s.trim()).includes(c)) ? {} : null)
    });
    expect(isTypingTarget(el('INPUT'))).toBe(true);
    expect(isTypingTarget(el('TEXTAREA'))).toBe(true);
    expect(isTypingTarget(el('SELECT'))).toBe(true);
    expect(isTypingTarget(el('DIV', [], true))).toBe(true);
    expect(isTypingTarget(el('DIV', ['.xterm']))).toBe(true);
    expect(isTypingTarget(el('BUTTON'))).toBe(false);
    expect(isTypingTarget(el('A'))).toBe(false);
    expect(isTypingTarget(el('BODY'))).toBe(false);
    expect(isTypingTarget(null)).toBe(false);
  });

  it('an embed offers only the keys that stay inside it', () => {
    expect(shortcutsFor(false)).toHaveLength(12);
    expect(shortcutsFor(true).map((s) => s.action)).toEqual(['help', 'terminal', 'pause', 'step', 'jump10', 'reset']);
  });

  it('every action has its words in both languages', () => {
    for (const s of SHORTCUTS) {
      expect(en.shortcuts[s.action]).toBeTruthy();
      expect(ko.shortcuts[s.action]).toBeTruthy();
      expect(ko.shortcuts[s.action]).not.toBe(en.shortcuts[s.action]);
    }
  });
});

describe('embed snippet', () => {
  const page = 'https://lab.example/metallb-lab/embed/05-services-and-owners/';

  it('builds the embed URL from the step, language and options', () => {
    expect(embedUrl(page, { stepId: 'owners', lang: 'ko', theme: 'auto', clickToStart: false })).toBe(
      'https://lab.example/metallb-lab/embed/05-services-and-owners/?step=owners&lang=ko'
    );
    expect(embedUrl(page, { stepId: 'services', lang: 'en', theme: 'dark', clickToStart: true })).toBe(
      'https://lab.example/metallb-lab/embed/05-services-and-owners/?step=services&lang=en&theme=dark&start=click'
    );
  });

  it('escapes attribute text', () => {
    expect(escapeAttr('a "b" & <c>')).toBe('a &quot;b&quot; &amp; &lt;c&gt;');
  });

  it('the iframe alone, or with the resize script for the lab’s origin', () => {
    const src = 'https://lab.example/metallb-lab/embed/x/?step=a&lang=en';
    expect(embedSnippet(src, 'Step "a" · MetalLB Lab', false)).toBe(
      '<iframe src="https://lab.example/metallb-lab/embed/x/?step=a&amp;lang=en" title="Step &quot;a&quot; · MetalLB Lab" width="100%" height="560" style="border:0" loading="lazy"></iframe>'
    );
    const withScript = embedSnippet(src, 'T', true);
    expect(withScript.split('\n')[0]).toContain('<iframe ');
    expect(withScript).toContain('e.origin !== "https://lab.example"');
    expect(withScript).toContain(resizeScript('https://lab.example'));
    expect(withScript.endsWith('</script>')).toBe(true);
  });

  it('the script resizes only the frame that sent the message', () => {
    const body = resizeScript('https://lab.example').replace(/^<script>\n/, '').replace(/\n<\/script>$/, '');
    const frames = [{ contentWindow: 'w1', style: { height: '' } }, { contentWindow: 'w2', style: { height: '' } }];
    let handler: (e: unknown) => void = () => {};
    const run = new Function('addEventListener', 'document', body);
    run((_: string, h: (e: unknown) => void) => (handler = h), { querySelectorAll: () => frames });
    handler({ origin: 'https://lab.example', source: 'w2', data: { type: 'metallb-lab:resize', height: 612.2 } });
    expect(frames.map((f) => f.style.height)).toEqual(['', '613px']);
    handler({ origin: 'https://evil.example', source: 'w1', data: { type: 'metallb-lab:resize', height: 10 } });
    handler({ origin: 'https://lab.example', source: 'w1', data: { type: 'other', height: 10 } });
    expect(frames[0].style.height).toBe('');
  });
});
