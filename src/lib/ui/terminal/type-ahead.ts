/**
 * Keys typed ahead: what xterm sends while a command runs (or the lab is still being built)
 * waits here, in order, until a prompt takes it, as a tty's input buffer does. Ctrl-C is not
 * queued when no prompt can take it: it interrupts at once and throws the type-ahead away.
 */
import { type Key, splitKeys } from './keys';

/** A key, or text put at the prompt from outside (a lesson's "type this" button). */
export type QueuedKey = Key | { set: string };

export class TypeAhead {
  private queue: QueuedKey[] = [];
  /** Inside a bracketed paste, which may come in several pieces. */
  private readonly paste = { inPaste: false };

  /** Queue what xterm sent; with no prompt `atPrompt`, a Ctrl-C empties the queue and calls `interrupt`. */
  add(data: string, atPrompt: boolean, interrupt: () => void): void {
    for (const k of splitKeys(data, this.paste)) {
      if ('key' in k && k.key === '\x03' && !atPrompt) {
        this.queue = [];
        interrupt();
      } else this.queue.push(k);
    }
  }

  push(...keys: QueuedKey[]): void {
    this.queue.push(...keys);
  }

  clear(): void {
    this.queue = [];
  }

  /** Hand keys to `handle`, oldest first, while `ready()`; true when any asked for a redraw. */
  drain(ready: () => boolean, handle: (k: QueuedKey) => boolean): boolean {
    let dirty = false;
    while (this.queue.length && ready()) if (handle(this.queue.shift()!)) dirty = true;
    return dirty;
  }
}
