/**
 * Turn what xterm hands over (onData: typed keys, escape sequences, pasted text) into keys for
 * the line editor. Pure.
 */

/** A key: a control character or escape sequence, a run of text to insert, or a paste. */
export type Key = { key: string } | { text: string } | { enter: true; pasted: boolean };

export const PASTE_START = '\x1b[200~';
export const PASTE_END = '\x1b[201~';

/**
 * Split input into keys. Printable runs become one text key; `\r`, `\n` and `\r\n` are Enter.
 * Inside a bracketed paste (xterm wraps pastes when the terminal asked for it) control
 * characters are not commands: a tab is text, other controls are dropped, newlines are Enter.
 */
export function splitKeys(data: string, state: { inPaste: boolean } = { inPaste: false }): Key[] {
  const keys: Key[] = [];
  let text = '';
  const flush = () => {
    if (text) keys.push({ text });
    text = '';
  };
  for (let i = 0; i < data.length; ) {
    if (data.startsWith(PASTE_START, i)) {
      flush();
      state.inPaste = true;
      i += PASTE_START.length;
      continue;
    }
    if (data.startsWith(PASTE_END, i)) {
      flush();
      state.inPaste = false;
      i += PASTE_END.length;
      continue;
    }
    const ch = data[i];
    if (ch === '\r' || ch === '\n') {
      flush();
      keys.push({ enter: true, pasted: state.inPaste });
      i += ch === '\r' && data[i + 1] === '\n' ? 2 : 1;
      continue;
    }
    if (state.inPaste) {
      if (ch === '\t') text += ' ';
      else if (ch >= ' ' && ch !== '\x7f') text += ch;
      i++;
      continue;
    }
    if (ch === '\x1b') {
      flush();
      let j = i + 1;
      if (data[j] === '[') {
        j++;
        while (j < data.length && /[0-9;?]/.test(data[j])) j++;
        j++; // the final byte
      } else if (data[j] === 'O') j += 2;
      else if (j < data.length) j++; // Alt+key
      keys.push({ key: data.slice(i, Math.min(j, data.length)) });
      i = Math.min(j, data.length);
      continue;
    }
    if (ch < ' ' || ch === '\x7f') {
      flush();
      keys.push({ key: ch });
      i++;
      continue;
    }
    text += ch;
    i++;
  }
  flush();
  return keys;
}

/** Normalise text for xterm: LF → CRLF (xterm's convertEol is off, the editor moves the cursor). */
export function toTerminal(text: string): string {
  return text.replace(/\r?\n/g, '\r\n');
}
