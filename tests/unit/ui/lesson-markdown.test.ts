import { describe, expect, it } from 'vitest';
import { lessons } from '../../../src/lessons';
import { type Block, type Inline, codeChunks, inlineText, parseInline, parseMarkdown, plainText, safeHref, splitRow } from '../../../src/lib/ui/lesson/markdown';

const text = (t: string): Inline => ({ type: 'text', text: t });

describe('inline Markdown', () => {
  it('parses code, bold, italic and links', () => {
    expect(parseInline('run `kubectl get svc` now')).toEqual([text('run '), { type: 'code', text: 'kubectl get svc' }, text(' now')]);
    expect(parseInline('**leader** and *owner* and _this_')).toEqual([
      { type: 'strong', children: [text('leader')] },
      text(' and '),
      { type: 'em', children: [text('owner')] },
      text(' and '),
      { type: 'em', children: [text('this')] }
    ]);
    expect(parseInline('see [the docs](https://metallb.io/) ok')).toEqual([
      text('see '),
      { type: 'link', href: 'https://metallb.io/', external: true, children: [text('the docs')] },
      text(' ok')
    ]);
    expect(parseInline('[step 2](#step-pods)')).toEqual([{ type: 'link', href: '#step-pods', external: false, children: [text('step 2')] }]);
  });

  it('nests emphasis and code', () => {
    expect(parseInline('**`nodeName`** skips')).toEqual([{ type: 'strong', children: [{ type: 'code', text: 'nodeName' }] }, text(' skips')]);
    expect(parseInline('***both***')).toEqual([{ type: 'strong', children: [{ type: 'em', children: [text('both')] }] }]);
    expect(parseInline('*a **b** c*')).toEqual([{ type: 'em', children: [text('a '), { type: 'strong', children: [text('b')] }, text(' c')] }]);
  });

  it('leaves lone or spaced delimiters, snake_case and code contents alone', () => {
    expect(parseInline('2 * 3 * 4')).toEqual([text('2 * 3 * 4')]);
    expect(parseInline('snake_case_name and a_b')).toEqual([text('snake_case_name and a_b')]);
    expect(parseInline('`**not bold**` and `a*b*c`')).toEqual([
      { type: 'code', text: '**not bold**' },
      text(' and '),
      { type: 'code', text: 'a*b*c' }
    ]);
    expect(parseInline('an ` unclosed tick')).toEqual([text('an ` unclosed tick')]);
    expect(parseInline('``a ` b``')).toEqual([{ type: 'code', text: 'a ` b' }]);
  });

  it('keeps HTML as text (never markup)', () => {
    const nodes = parseInline('<script>alert(1)</script> <img src=x onerror=alert(1)> `<b>`');
    expect(nodes.every((n) => n.type === 'text' || n.type === 'code')).toBe(true);
    expect(inlineText(nodes)).toBe('<script>alert(1)</script> <img src=x onerror=alert(1)> <b>');
  });

  it('drops unsafe links but keeps their text', () => {
    expect(parseInline('[click](javascript:alert(1))')).toEqual([text('click'), text(')')]);
    expect(parseInline('[x](JaVaScRiPt:alert`1`)').some((n) => n.type === 'link')).toBe(false);
    expect(parseInline('[x](data:text/html,hi)')).toEqual([text('x')]);
  });

  it('handles escapes, soft and hard breaks', () => {
    expect(parseInline('\\*not em\\* and \\`tick')).toEqual([text('*not em* and `tick')]);
    expect(parseInline('one\ntwo')).toEqual([text('one two')]);
    expect(parseInline('one  \ntwo')).toEqual([text('one'), { type: 'br' }, text('two')]);
  });

  it('splits long code where a line may break', () => {
    expect(codeChunks('kubectl')).toEqual(['kubectl']);
    expect(codeChunks('src/lib/engine/metallb/speaker/main.ts')).toEqual(['src/', 'lib/', 'engine/', 'metallb/', 'speaker/', 'main.', 'ts']);
    expect(codeChunks('SpeakerController.SetBalancer').join('')).toBe('SpeakerController.SetBalancer');
    expect(codeChunks('a_very_long_name_here/')).toEqual(['a_', 'very_', 'long_', 'name_', 'here/']);
  });

  it('gives plain text for titles', () => {
    expect(plainText("Deploy the article's `webpod1/2` and **svc1–3**")).toBe("Deploy the article's webpod1/2 and svc1–3");
  });
});

describe('safeHref', () => {
  it('allows http(s), mailto and relative links', () => {
    for (const u of ['https://metallb.io/', 'http://x.test/a?b#c', 'mailto:a@b.c', '#step-1', '../lessons/01/', './a', '/abs', '?q=1', 'page'])
      expect(safeHref(u), u).toBe(u);
  });
  it('refuses other schemes, protocol-relative links and whitespace', () => {
    for (const u of ['javascript:alert(1)', ' javascript:x', 'JAVASCRIPT:x', 'data:text/html,x', 'vbscript:x', '//evil.test/', '\\\\evil', 'java\nscript:x', 'a b', ''])
      expect(safeHref(u), JSON.stringify(u)).toBeNull();
  });
});

describe('block Markdown', () => {
  it('parses paragraphs, headings, fenced code and rules', () => {
    const blocks = parseMarkdown('# Title\n\nFirst line\nsecond line.\n\n```bash\nkubectl get nodes\n  indented\n```\n\n---\n\nEnd.');
    expect(blocks).toEqual<Block[]>([
      { type: 'heading', level: 1, children: [text('Title')] },
      { type: 'paragraph', children: [text('First line second line.')] },
      { type: 'code', lang: 'bash', code: 'kubectl get nodes\n  indented' },
      { type: 'hr' },
      { type: 'paragraph', children: [text('End.')] }
    ]);
  });

  it('keeps a code block verbatim, blank lines and Markdown-looking lines included', () => {
    const code = 'cat <<EOF | kubectl apply -f -\n---\n# comment\n- item\n\n**x**\nEOF';
    expect(parseMarkdown('````text\n' + code + '\n````')).toEqual([{ type: 'code', lang: 'text', code }]);
    // an unclosed fence runs to the end
    expect(parseMarkdown('```\nopen')).toEqual([{ type: 'code', lang: '', code: 'open' }]);
  });

  it('parses tight and loose, bullet, numbered and nested lists', () => {
    const [tight] = parseMarkdown('- **Failover.** one\n  continued\n- two\n  - nested');
    expect(tight).toMatchObject({ type: 'list', ordered: false, tight: true });
    if (tight.type !== 'list') throw new Error('not a list');
    expect(tight.items).toHaveLength(2);
    expect(tight.items[0]).toEqual([{ type: 'paragraph', children: [{ type: 'strong', children: [text('Failover.')] }, text(' one continued')] }]);
    expect(tight.items[1][1]).toMatchObject({ type: 'list', items: [[{ type: 'paragraph', children: [text('nested')] }]] });

    const [ordered] = parseMarkdown('3. three\n\n4. four');
    expect(ordered).toMatchObject({ type: 'list', ordered: true, start: 3, tight: false });

    const blocks = parseMarkdown('Intro:\n- a\n- b\n\nAfter.');
    expect(blocks.map((b) => b.type)).toEqual(['paragraph', 'list', 'paragraph']);
  });

  it('keeps a fenced block inside a list item', () => {
    const [list] = parseMarkdown('1. Run:\n\n   ```bash\n   kubectl get svc\n   ```\n2. Done');
    if (list.type !== 'list') throw new Error('not a list');
    expect(list.items[0]).toEqual([
      { type: 'paragraph', children: [text('Run:')] },
      { type: 'code', lang: 'bash', code: 'kubectl get svc' }
    ]);
    expect(list.items).toHaveLength(2);
  });

  it('parses pipe tables with code cells containing pipes', () => {
    const [table] = parseMarkdown('| upstream | ours |\n|---|:---:|\n| `a|b` | `x.ts` |\n| c | d |');
    expect(table).toEqual({
      type: 'table',
      align: [null, 'center'],
      head: [[text('upstream')], [text('ours')]],
      rows: [
        [[{ type: 'code', text: 'a|b' }], [{ type: 'code', text: 'x.ts' }]],
        [[text('c')], [text('d')]]
      ]
    });
    expect(splitRow('| a \\| b | c |')).toEqual(['a | b', 'c']);
  });

  it('parses block quotes', () => {
    expect(parseMarkdown('> quoted\n> more')).toEqual([{ type: 'blockquote', children: [{ type: 'paragraph', children: [text('quoted more')] }] }]);
  });

  it('renders every lesson text without losing a code block', () => {
    for (const l of lessons)
      for (const lang of ['en', 'ko'] as const) {
        const sources = [l.intro[lang], ...l.steps.map((s) => s.body[lang])];
        for (const src of sources) {
          const blocks = parseMarkdown(src);
          const fences = (src.match(/^ {0,3}```/gm) ?? []).length;
          const codes: Block[] = [];
          const walk = (bs: Block[]) => {
            for (const b of bs) {
              if (b.type === 'code') codes.push(b);
              if (b.type === 'list') b.items.forEach(walk);
              if (b.type === 'blockquote') walk(b.children);
            }
          };
          walk(blocks);
          expect(codes.length * 2, `${l.slug} ${lang}`).toBe(fences);
        }
      }
  });
});
