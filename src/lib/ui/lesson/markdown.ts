/**
 * A small Markdown parser for lesson text: paragraphs, headings, bullet and numbered lists (nested),
 * block quotes, pipe tables, thematic breaks, fenced code blocks, and inline code, bold, italic and
 * links. It returns a tree, never HTML: Markdown.svelte renders the tree with text nodes, so any
 * HTML in the source shows as text and nothing from the lesson reaches the DOM as markup.
 *
 * It follows CommonMark where the lessons need it and keeps it simple elsewhere (no reference
 * links, no raw HTML, no setext headings, no indented code blocks).
 */
export { type Inline, codeChunks, inlineText, isExternal, parseInline, plainText, safeHref } from './markdown/inline';
export { type Align, type Block, parseMarkdown, splitRow } from './markdown/blocks';
