/**
 * The site's keyboard shortcuts as data, and the two decisions about a key press that need no
 * DOM: does it come from somewhere the learner types (then it is text, not a shortcut), and
 * which shortcut it means (`g` starts a two-key sequence: `g h`, `g p`).
 */

export type ShortcutAction =
  | 'help'
  | 'terminal'
  | 'nextStep'
  | 'prevStep'
  | 'nextLesson'
  | 'prevLesson'
  | 'pause'
  | 'step'
  | 'jump10'
  | 'reset'
  | 'home'
  | 'playground';

export interface Shortcut {
  /** The keys pressed one after another, as `KeyboardEvent.key` reports them. */
  keys: string[];
  action: ShortcutAction;
  /** Also offered inside an embedded step (an <iframe> has no site to move around in). */
  embed: boolean;
}

export const SHORTCUTS: readonly Shortcut[] = [
  { keys: ['?'], action: 'help', embed: true },
  { keys: ['t'], action: 'terminal', embed: true },
  { keys: ['j'], action: 'nextStep', embed: false },
  { keys: ['k'], action: 'prevStep', embed: false },
  { keys: ['n'], action: 'nextLesson', embed: false },
  { keys: ['p'], action: 'prevLesson', embed: false },
  { keys: ['.'], action: 'pause', embed: true },
  { keys: [']'], action: 'step', embed: true },
  { keys: ['+'], action: 'jump10', embed: true },
  { keys: ['r'], action: 'reset', embed: true },
  { keys: ['g', 'h'], action: 'home', embed: false },
  { keys: ['g', 'p'], action: 'playground', embed: false }
];

/** How long the second key of a sequence may wait after the first (ms). */
export const SEQUENCE_MS = 1500;

/** The bits of an element the typing test reads (a DOM Element has them all). */
export interface TargetLike {
  tagName?: string;
  isContentEditable?: boolean;
  closest?(selector: string): unknown;
}

/**
 * The key press comes from a place that takes text: an input, a textarea (xterm's helper
 * textarea included), a select, an editable element, or anything inside the terminal.
 */
export function isTypingTarget(el: TargetLike | null | undefined): boolean {
  if (!el) return false;
  const tag = (el.tagName ?? '').toLowerCase();
  if (tag === 'input' || tag === 'textarea' || tag === 'select') return true;
  if (el.isContentEditable) return true;
  return !!el.closest?.('.xterm, .lab-terminal, [contenteditable]:not([contenteditable="false"])');
}

/** The key-press facts the matcher needs (a KeyboardEvent has them all). */
export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  altKey: boolean;
  metaKey: boolean;
  isComposing?: boolean;
}

export type Match = { kind: 'action'; action: ShortcutAction } | { kind: 'pending'; prefix: string } | { kind: 'none' };

/**
 * Which shortcut a key press means, given the first key of a pending sequence (or ''). Shift
 * may be held (`?` and `+` need it on most layouts); Ctrl, Alt and Meta may not, so browser and
 * system shortcuts are left alone.
 */
export function matchKey(ev: KeyLike, pending: string, list: readonly Shortcut[] = SHORTCUTS): Match {
  if (ev.ctrlKey || ev.altKey || ev.metaKey || ev.isComposing) return { kind: 'none' };
  const key = ev.key;
  if (pending) {
    const seq = list.find((s) => s.keys.length === 2 && s.keys[0] === pending && s.keys[1] === key);
    if (seq) return { kind: 'action', action: seq.action };
    // not a sequence: the key counts on its own
  }
  const single = list.find((s) => s.keys.length === 1 && s.keys[0] === key);
  if (single) return { kind: 'action', action: single.action };
  if (list.some((s) => s.keys.length === 2 && s.keys[0] === key)) return { kind: 'pending', prefix: key };
  return { kind: 'none' };
}

/** The shortcuts a page offers: all of them, or in an embed the ones that stay inside it. */
export function shortcutsFor(embed: boolean): Shortcut[] {
  return SHORTCUTS.filter((s) => !embed || s.embed);
}
