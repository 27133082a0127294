/**
 * The HTML a blogger pastes to embed one lesson step: an <iframe> of `/embed/<slug>/` and,
 * optionally, a tiny script that sizes the frame from the `metallb-lab:resize` messages the
 * embed page posts (see src/routes/[[lang=lang]]/embed/[slug]/+page@.svelte).
 */

export type EmbedTheme = 'auto' | 'light' | 'dark';

export interface EmbedOptions {
  stepId: string;
  lang: string;
  theme: EmbedTheme;
  /** The lab loads only when the reader presses "Start the lab". */
  clickToStart: boolean;
}

/** `pageUrl` is the absolute URL of the lesson's embed page (origin + base path + route). */
export function embedUrl(pageUrl: string, o: EmbedOptions): string {
  const q = new URLSearchParams({ step: o.stepId, lang: o.lang });
  if (o.theme !== 'auto') q.set('theme', o.theme);
  if (o.clickToStart) q.set('start', 'click');
  const u = new URL(pageUrl);
  u.search = q.toString();
  u.hash = '';
  return u.href;
}

/** Escapes text for a double-quoted HTML attribute. */
export function escapeAttr(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The resize listener: only messages from a frame of `origin`, only to that frame. */
export function resizeScript(origin: string): string {
  return [
    '<script>',
    "addEventListener('message', function (e) {",
    '  var d = e.data;',
    `  if (e.origin !== ${JSON.stringify(origin)} || !d || d.type !== 'metallb-lab:resize' || typeof d.height !== 'number') return;`,
    "  document.querySelectorAll('iframe').forEach(function (f) {",
    "    if (f.contentWindow === e.source) f.style.height = Math.ceil(d.height) + 'px';",
    '  });',
    '});',
    '</script>'
  ].join('\n');
}

export function embedSnippet(src: string, title: string, withScript: boolean): string {
  const frame = `<iframe src="${escapeAttr(src)}" title="${escapeAttr(title)}" width="100%" height="560" style="border:0" loading="lazy"></iframe>`;
  return withScript ? `${frame}\n${resizeScript(new URL(src).origin)}` : frame;
}
