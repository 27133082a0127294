/**
 * Ctrl-R: readline's incremental search back through a history (bash's, or vtysh's own).
 * Pure: the controller feeds it keys and draws {@link ReverseSearch.view}.
 */
import type { History } from './history';
import type { EditAction } from './keymap';
import type { Key } from './keys';
import { searchPrompt } from './prompt';

export interface SearchView {
  prompt: string;
  /** The line found so far ('' before anything matched). */
  text: string;
  /** Where the cursor sits: at the match in the line. */
  cursor: number;
}

/**
 * What a key did: `searching` (still searching), `cancel` (Ctrl-G: back to the line as it was),
 * `abandon` (Ctrl-C: the line is dropped, as at the prompt), `keep` (ESC: the line found is
 * put in the editor and nothing else happens), `accept` (any other key: the line found is put
 * in the editor, then the key does what it does there).
 */
export type SearchOutcome = 'searching' | 'cancel' | 'abandon' | 'keep' | 'accept';

export class ReverseSearch {
  private query = '';
  /** Index in the history of the line shown (the list's length before any match). */
  private index: number;
  private found: string | null = null;
  /** The query is in no line older than the one shown (readline says "failed"). */
  private failed = false;

  constructor(private readonly history: History) {
    this.index = history.entries().length;
  }

  /** The line found, to take into the editor when the search ends; null: none. */
  get line(): string | null {
    return this.found;
  }

  /** Typed text extends the query; the line shown stays while it still matches. */
  type(text: string): void {
    this.query += text;
    this.find(this.index + 1);
  }

  /** Ctrl-R again: the next older line with the query. */
  again(): void {
    this.find(this.index);
  }

  /** Backspace: shorten the query and search again from the newest line. */
  backspace(): void {
    this.query = this.query.slice(0, -1);
    this.find(this.history.entries().length);
  }

  /** Handle a key (`action`: what it is bound to); see {@link SearchOutcome}. */
  key(k: Key, action: EditAction | null): SearchOutcome {
    if ('text' in k) {
      this.type(k.text);
      return 'searching';
    }
    switch (action) {
      case 'reverse-search':
        this.again();
        return 'searching';
      case 'backspace':
        this.backspace();
        return 'searching';
      case 'abort':
        return 'cancel';
      case 'interrupt':
        return 'abandon';
      case 'escape':
        return 'keep';
      default:
        return 'accept';
    }
  }

  view(): SearchView {
    const text = this.found ?? '';
    return { prompt: searchPrompt(this.query, this.failed), text, cursor: Math.max(0, text.indexOf(this.query)) };
  }

  private find(before: number): void {
    const m = this.history.search(this.query, before);
    // no match keeps the last line found on show, as readline does
    this.failed = !m && this.query !== '';
    if (!m) return;
    this.index = m.index;
    this.found = m.line;
  }
}
