/**
 * Command history, as bash keeps it in ~/.bash_history: newest last, consecutive duplicates
 * dropped, capped. Kept in localStorage (per origin) so it survives a reload; a store that
 * throws (storage blocked in a sandboxed iframe) just means history is not kept.
 */

export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export const HISTORY_KEY = 'metallb-lab:history';
export const HISTORY_CAP = 500;

export class History {
  private list: string[] = [];
  private readonly store: KeyValueStore | null;
  private readonly key: string;
  private readonly cap: number;
  /** Navigation: index into the list (list.length = the line being typed). */
  private index = 0;
  private draft = '';

  constructor(store: KeyValueStore | null, key = HISTORY_KEY, cap = HISTORY_CAP) {
    this.store = store;
    this.key = key;
    this.cap = cap;
    this.list = this.load();
    this.index = this.list.length;
  }

  private load(): string[] {
    if (!this.store) return [];
    try {
      const raw = this.store.getItem(this.key);
      const v: unknown = raw ? JSON.parse(raw) : [];
      return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string').slice(-this.cap) : [];
    } catch {
      return [];
    }
  }

  entries(): readonly string[] {
    return this.list;
  }

  /** Record a command that was run (not blank; not the same as the one before). */
  add(line: string): void {
    if (!line.trim()) return;
    // Another tab may have added lines meanwhile: start from what is stored.
    const stored = this.load();
    const list = stored.length ? stored : [...this.list];
    if (list[list.length - 1] !== line) list.push(line);
    this.list = list.slice(-this.cap);
    try {
      this.store?.setItem(this.key, JSON.stringify(this.list));
    } catch {
      /* quota or blocked storage: keep it in memory only */
    }
    this.resetNavigation();
  }

  /** Forget where ↑/↓ had got to (a new prompt). */
  resetNavigation(): void {
    this.index = this.list.length;
    this.draft = '';
  }

  /** ↑: the previous entry, or null at the oldest. `current` is kept to come back to with ↓. */
  previous(current: string): string | null {
    if (this.index === 0) return null;
    if (this.index === this.list.length) this.draft = current;
    this.index--;
    return this.list[this.index];
  }

  /** ↓: the next entry, the line being typed after the newest, or null when already there. */
  next(): string | null {
    if (this.index >= this.list.length) return null;
    this.index++;
    return this.index === this.list.length ? this.draft : this.list[this.index];
  }

  /**
   * Ctrl-R: the newest entry before `before` (an index; list length to start) containing
   * `query`, with its index, or null.
   */
  search(query: string, before = this.list.length): { index: number; line: string } | null {
    if (!query) return null;
    for (let i = Math.min(before, this.list.length) - 1; i >= 0; i--) if (this.list[i].includes(query)) return { index: i, line: this.list[i] };
    return null;
  }
}
