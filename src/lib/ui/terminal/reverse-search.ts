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
 * put in the editor, the cursor at the match, and nothing else happens), `accept` (any other
 * key: the same, then the key does what it does there: Ctrl-K kills from the match on).
 */
export type SearchOutcome = 'searching' | 'cancel' | 'abandon' | 'keep' | 'accept';

export class ReverseSearch {
  private query = '';
  /** Index in the history of the line shown (the list's length before any match). */
  private index: number;
  private found: string | null = null;
  /** Where the query starts in the line shown. */
  private at = 0;
  /** The query is in no line older than the one shown (readline says "failed"). */
  private failed = false;

  constructor(private readonly history: History) {
    this.index = history.entries().length;
  }

  /** The line found and where the match starts, to take into the editor when the search ends; null: none. */
  get match(): { line: string; cursor: number } | null {
    return this.found === null ? null : { line: this.found, cursor: this.at };
  }

  /** Typed text extends the query; the match shown stays while the longer query still matches there. */
  type(text: string): void {
    this.query += text;
    this.find(this.at);
  }

  /** Ctrl-R again: the next match back, earlier in the same line first, then in older lines. */
  again(): void {
    this.find(this.at - 1);
  }

  /** Backspace: shorten the query and search again from the newest line. */
  backspace(): void {
    this.query = this.query.slice(0, -1);
    this.index = this.history.entries().length;
    this.find(-1);
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
    return { prompt: searchPrompt(this.query, this.failed), text: this.found ?? '', cursor: this.at };
  }

  /**
   * The newest match starting at or before `from` in the line shown (none when `from` < 0),
   * else the last one in the newest older line that has it. Readline searches each line from
   * its end, so a query found twice in a line puts the cursor on the later one first. No match
   * keeps the line shown, as readline does, and says "failed".
   */
  private find(from: number): void {
    this.failed = false;
    if (!this.query) return;
    const here = this.found !== null && from >= 0 ? this.found.lastIndexOf(this.query, from) : -1;
    if (here >= 0) {
      this.at = here;
      return;
    }
    const m = this.history.search(this.query, this.index);
    if (!m) {
      this.failed = true;
      return;
    }
    this.index = m.index;
    this.found = m.line;
    this.at = m.line.lastIndexOf(this.query);
  }
}
